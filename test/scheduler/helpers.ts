import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TimerState } from '../../src/domain/types.js';
import { createLogger, type Logger } from '../../src/log.js';

/** A temp folder for SQLite files, removed by `cleanup`. */
export function tempFiles(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return {
    next: (name = 'golive') => join(dir, `${name}-${++n}.db`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A logger whose JSON lines are kept in `lines` for assertions. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (msg: string) => void lines.push(JSON.parse(msg) as Record<string, unknown>) },
  });
  return { logger, lines };
}

/** A reminder timer of the sign-off stage, due at `dueAt`. */
export const timer = (id: string, dueAt: Date): TimerState => ({
  id,
  kind: 'remind',
  specId: 'remind',
  stage: 'sign_off',
  stageEntry: 1,
  dueAt: dueAt.toISOString(),
});
