import { cpus, loadavg, totalmem } from 'node:os';

/** Where figures came from; the load average says whether the machine was idle. */
export function machine() {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
