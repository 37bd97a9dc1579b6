import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('errors nobody caught', () => {
  it('a rejection is logged, counted and survived; an exception is logged and ends the process with 1', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/app/support/guarded-process.ts'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const lines = run.stdout.split('\n').filter(Boolean);
    const logged = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const rejection = logged.find((l) => String(l.msg).includes('rejection nobody handled'));
    expect(rejection).toMatchObject({ level: 50, err: { message: 'a rejection nobody handled' } });
    // Still running after it: the metrics were read and printed afterwards.
    expect(lines).toContain('golive_unexpected_errors_total{source="unhandled_rejection",app="golive"} 1');
    const exception = logged.find((l) => String(l.msg).includes('exception nobody caught'));
    expect(exception).toMatchObject({ level: 60, err: { message: 'an exception nobody caught' } });
    expect(run.status).toBe(1);
  }, 90_000);
});
