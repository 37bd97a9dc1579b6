/**
 * A process with golive's process-level error policy installed (adapters/startup/process-guards.ts),
 * for test/app/process-guards.test.ts: a rejection nobody handles, then the metrics, then an exception
 * nobody catches. Logs go to stdout as JSON lines.
 */
import { guardProcess } from '../../../adapters/startup/process-guards.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/observability/metrics.js';

const log = createLogger({ level: 'info' });
const metrics = createMetrics();
guardProcess(log, () => metrics);

void Promise.reject(new Error('a rejection nobody handled'));
setTimeout(async () => {
  const text = await metrics.registry.metrics();
  process.stdout.write(
    `${text
      .split('\n')
      .filter((l) => l.startsWith('golive_unexpected_errors_total'))
      .join('\n')}\n`,
  );
  setTimeout(() => {
    throw new Error('an exception nobody caught');
  }, 10);
}, 50);
// Keeps the process alive until the exception ends it (or the test's timeout).
setTimeout(() => undefined, 30_000);
