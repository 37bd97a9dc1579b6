import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'golive-flows-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run flows:check [args]` as a process: its exit code and what it printed. */
async function flowsCheck(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/flows-check.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, GOLIVE_CONFIG: '' },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const normal = readFileSync(join(ROOT, 'flows/normal.yaml'), 'utf8');
const lineOf = (text: string, piece: string) => text.slice(0, text.indexOf(piece)).split('\n').length;

describe('npm run flows:check', { timeout: 60_000 }, () => {
  it('passes the shipped flows', async () => {
    const checked = await flowsCheck('flows');
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('every flow in flows is one golive runs');
  });

  it('prints each problem of every broken file with its file and line, and exits 1', async () => {
    // A gate timer that would approve by itself: load accepted it, the engine refused it when it fired.
    const autoApprove = normal
      .replace(
        '      - { id: escalate, kind: escalate, after: { workingHours: 8 }, notify: [director] }\n  - id: launch',
        '      - { id: auto, kind: timeout, after: { workingHours: 8 }, action: approve }\n  - id: launch',
      )
      .replace('actors: [tester]\n    notify: [tester]', 'actors: [testr]\n    notify: [tester]');
    writeFileSync(join(dir, 'auto-approve.yaml'), autoApprove);
    writeFileSync(join(dir, 'broken.yaml'), 'id: [unclosed\n');
    writeFileSync(join(dir, 'normal.yaml'), normal);
    const checked = await flowsCheck(dir);
    expect(checked.code).toBe(1);
    const lines = checked.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${dir}/auto-approve.yaml:${lineOf(autoApprove, 'actors: [testr]')}: stage smoke_test, field actors: unknown role "testr" (use requester, a role of a form field, or a role of the config)`,
      `${dir}/auto-approve.yaml:${lineOf(autoApprove, 'action: approve')}: stage sign_off, field timers[1].action: no action "approve" in this stage (a timer takes an action of its stage; it cannot decide a gate)`,
      expect.stringMatching(new RegExp(`^${dir}/broken.yaml: not valid YAML`)),
      `flows:check: 3 problem(s) in 2 file(s) of ${dir}`,
    ]);
  });
});
