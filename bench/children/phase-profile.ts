/**
 * A CPU profile of one phase of the bench (BENCH_PROFILE=decisions): the bench asks each child to
 * start the profiler when the phase begins and to write it when it ends, so the profile holds that
 * phase alone (--cpu-prof would also hold start-up and the other phases). Over IPC:
 *   ← { profile: 'start' }                → { profiling: true }
 *   ← { profile: 'stop', file }           → { profiled: file }   written as a .cpuprofile
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const session = new Session();
session.connect();

process.on('message', async (m: { profile?: 'start' | 'stop'; file?: string }) => {
  if (m.profile === 'start') {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    process.send?.({ profiling: true });
  }
  if (m.profile === 'stop' && m.file) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(m.file, JSON.stringify(profile));
    process.send?.({ profiled: m.file });
  }
});
