import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runScript } from '../local/support/golive-process.js';

const dir = mkdtempSync(join(tmpdir(), 'golive-compiled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The Docker image runs `node dist/adapters/main.js` after `npm run build`; the rest of the suite runs
// the sources through tsx, so only this file would notice a build that compiles but cannot start
// (a file path resolved from the compiled module's folder, an import tsc leaves unresolvable).
describe('the production build', { timeout: 180_000 }, () => {
  it('compiles with npm run build and starts from dist/ with the example team', async () => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    const run = await runScript('/as erin\n/release new emergency\n/cancel\n/quit\n', {
      dataDir: join(dir, 'data'),
      entry: ['dist/adapters/main.js'],
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.transcript).toContain('golive local mode');
    // erin exists only in config/example.yaml, found from dist/adapters/ as from adapters/.
    expect(run.transcript).toContain('You are now Erin.');
  });
});
