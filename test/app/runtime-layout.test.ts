import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { listeningPort, ROOT, startGoliveProcess } from '../local/support/golive-process.js';
import { SIGNING_SECRET } from '../slack/harness.js';
import { dockerStages, envOf } from './support/dockerfile.js';

// No Docker engine runs on these machines. This rebuilds the Dockerfile's runtime stage in a temp
// folder — the build stage's outputs (tsc into dist/, `npm prune --omit=dev` of node_modules), then
// the runtime stage's COPY, RUN mkdir/chown, ENV, USER and CMD as written — and starts it as the
// image's unprivileged user: what `docker run` would do, as far as it can be done without Docker.
const app = mkdtempSync(join(tmpdir(), 'golive-image-'));
const build = mkdtempSync(join(tmpdir(), 'golive-image-build-'));
// Removing a copy of node_modules takes more than the default 30 s on a loaded machine.
afterAll(() => {
  rmSync(app, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
}, 180_000);

const stages = dockerStages(join(ROOT, 'Dockerfile'));
const runtime = stages.at(-1) ?? [];

/** The build stage's /app after its RUN steps: compiled sources and production-only node_modules. */
function buildStageOutputs(): void {
  cpSync(join(ROOT, 'package.json'), join(build, 'package.json'));
  cpSync(join(ROOT, 'package-lock.json'), join(build, 'package-lock.json'));
  // Hard links: a copy of node_modules in a moment, which npm prune then thins as in the build stage.
  execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(build, 'node_modules')]);
  execFileSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund', '--offline'], {
    cwd: build,
    stdio: 'pipe',
  });
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(build, 'dist'),
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
}

describe('the Docker image, rebuilt outside Docker', { timeout: 300_000 }, () => {
  it('uses a supported Node LTS in both stages and runs as an unprivileged user', () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage[0]?.args).toMatch(/^node:(22|24)-/);
    expect(runtime.find((i) => i.op === 'USER')?.args).toBe('1000:1000');
  });

  it('starts with its CMD as uid 1000, writes only its data folder, and carries no dev tools', async () => {
    buildStageOutputs();
    let cmd: string[] = [];
    let env: Record<string, string> = {};
    let user: { uid: number; gid: number } | undefined;
    chmodSync(app, 0o755);
    for (const { op, args } of runtime) {
      if (op === 'FROM' || op === 'WORKDIR' || op === 'EXPOSE' || op === 'HEALTHCHECK') continue;
      // The image's /app is the temp folder here.
      if (op === 'ENV')
        env = {
          ...env,
          ...Object.fromEntries(
            Object.entries(envOf(args)).map(([k, v]) => [k, v.replace(/^\/app(?=\/|$)/, app)]),
          ),
        };
      else if (op === 'COPY') {
        const from = /^--from=build\s+\/app\/(\S+)\s+\.\/(\S+)$/.exec(args);
        const context = /^(\S+)\s+\.\/(\S+)$/.exec(args);
        if (from)
          cpSync(join(build, from[1]!), join(app, from[2]!), { recursive: true, verbatimSymlinks: true });
        else if (context) cpSync(join(ROOT, context[1]!), join(app, context[2]!), { recursive: true });
        else throw new Error(`COPY of a shape this test does not know: ${args}`);
      } else if (op === 'RUN') {
        const m = /^mkdir -p \/app\/(\S+) && chown (\d+):(\d+) \/app\/\1$/.exec(args);
        if (!m) throw new Error(`RUN of a shape this test does not know: ${args}`);
        mkdirSync(join(app, m[1]!), { recursive: true });
        if (process.getuid?.() === 0) chownSync(join(app, m[1]!), Number(m[2]), Number(m[3]));
      } else if (op === 'USER') {
        const [uid, gid] = args.split(':').map(Number);
        user = { uid: uid ?? 1000, gid: gid ?? uid ?? 1000 };
      } else if (op === 'CMD') cmd = JSON.parse(args) as string[];
      else throw new Error(`runtime instruction this test does not know: ${op}`);
    }
    expect(cmd).toEqual(['node', 'dist/adapters/main.js']);

    // No dev dependency made it in: the image runs compiled JavaScript only.
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vitest', '@biomejs/biome'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(readdirSync(join(app, 'node_modules'))).toContain('better-sqlite3');

    const fake = new FakeSlackApi();
    await fake.start();
    // As root, run as the image's user; a test run that is not root already is an unprivileged user.
    const asUser = process.getuid?.() === 0 ? user : undefined;
    const p = startGoliveProcess({
      cwd: app,
      entry: cmd.slice(1),
      env: {
        ...env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: 'xoxb-image',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
      },
      ...(asUser ? { user: asUser } : {}),
    });
    try {
      const port = await listeningPort(p, 60_000);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      // DATA_DIR of the image is where the embedded store lives, written by the unprivileged user.
      expect(env.DATA_DIR).toBe(join(app, 'data'));
      const file = join(app, 'data/golive.sqlite');
      expect(existsSync(file)).toBe(true);
      if (asUser) expect(statSync(file).uid).toBe(asUser.uid);
      // Everything else is read-only to it.
      if (asUser) {
        const tryWrite = (path: string) =>
          execFileSync(
            process.execPath,
            ['-e', `require('fs').writeFileSync(${JSON.stringify(path)}, 'x')`],
            {
              uid: asUser.uid,
              gid: asUser.gid,
              stdio: 'pipe',
            },
          );
        expect(() => tryWrite(join(app, 'dist/adapters/main.js'))).toThrow(/EACCES/);
        expect(() => tryWrite(join(app, 'config/example.yaml'))).toThrow(/EACCES/);
      }
      // The doctor runs from the image too.
      const help = execFileSync(process.execPath, ['dist/adapters/doctor/main.js', '--help'], {
        cwd: app,
      }).toString();
      expect(help).toContain('npm run doctor');
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
      await fake.stop();
    }
  });
});
