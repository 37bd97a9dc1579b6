import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './support/golive-process.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-start-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start', { timeout: 120_000 }, () => {
  it('with nothing configured opens local mode with the example team', async () => {
    const run = await runScript('/as erin\n/release new emergency\n/cancel\n/quit\n', {
      dataDir: join(dir, 'fresh'),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.transcript).toContain('golive local mode');
    // erin comes from config/example.yaml: known by name, and an executive there.
    expect(run.transcript).toContain('You are now Erin.');
    expect(run.transcript).not.toContain('not in the config');
  });

  it('stops on a broken config with the message that says what to fix, and no stack', async () => {
    const config = join(dir, 'broken.yaml');
    writeFileSync(config, 'timezone: Mars/Olympus\npeople:\n  - id: Alice\n    name: Alice\n');
    const run = await runScript('', { dataDir: join(dir, 'broken'), config });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('golive 无法启动 / could not start:');
    expect(run.stderr).toContain('unknown time zone "Mars/Olympus"');
    expect(run.stderr).toContain('field people.0.id');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.transcript).toBe('');
  });
});
