import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, type GoliveProcess, runScript, startGoliveProcess } from './support/golive-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'golive-restart-'));
const opts = { dataDir, config: join(FIXTURES, 'team.yaml'), flowsDir: join(FIXTURES, 'flows') };
// The drill flow's reminder falls due this long after its stage is entered (0.002 hours).
const REMINDER_MS = 7_200;
const REMINDER = 'Reminder: REL-1 "Restart drill" is waiting for you';

let first: GoliveProcess | undefined;
afterAll(() => {
  first?.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local mode killed in the middle of a release', () => {
  it('comes back where it was, and a reminder that fell due while it was down fires once', async () => {
    first = startGoliveProcess(opts);
    first.type('/release new reminder_drill\nRestart drill\n1');
    // Entering the waiting stage starts the reminder's clock and sends bob his card.
    await first.waitFor('[1] Tested');
    const enteredAt = Date.now();
    // Each typed line is answered after the previous line's messages were delivered, so once /help
    // answers, nothing is mid-delivery. (A message caught mid-delivery by the kill stays claimed by
    // the dead process for the outbox's claim lease and holds back that release's later messages;
    // test/app/kill-delivery.test.ts is about that.)
    const mark = first.stdout().length;
    first.type('/help');
    await first.waitFor('/quit', mark);
    expect(first.stdout()).not.toContain(REMINDER);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    // The reminder must fall due while nothing runs: wait out its delay before starting again.
    await new Promise((r) => setTimeout(r, Math.max(0, enteredAt + REMINDER_MS + 500 - Date.now())));

    const second = await runScript(
      '/as bob\n/wait 30000 Reminder:\n/release status REL-1\n/wait 1500\n/release list\n',
      { ...opts, env: { LOG_LEVEL: process.env.RESTART_LOG_LEVEL ?? 'warn' } },
    );
    expect(second.code).toBe(0);
    // A delivery tried before the terminal attached is retried (a warning), never an error.
    expect(second.stderr).not.toMatch(/"level":(50|60)/);
    expect(second.transcript.split(REMINDER), second.transcript + second.stderr).toHaveLength(2);
    expect(second.transcript).toContain('Stage: Waiting for the tester · In progress');

    // A third start: the reminder was spent, and the release can be finished from where it stood.
    const third = await runScript('/as bob\n/wait 1500\n/release list\n1\n/release status REL-1\n', opts);
    expect(third.code).toBe(0);
    expect(third.transcript).not.toContain('Reminder:');
    expect(third.transcript).toContain('✔ Recorded: Tested (REL-1).');
    expect(third.transcript).toContain('Stage: Done');
  }, 180_000);
});
