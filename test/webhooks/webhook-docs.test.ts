import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mountApi } from '../api/support.js';
import { newRelease, slackScenarios } from '../slack/scenario.js';
import { CI_SECRET, type Hooks, startHooks } from './support.js';

const run = promisify(execFile);
const scenarios = slackScenarios();
const DOC = readFileSync(resolve(import.meta.dirname, '../../docs/pipeline.md'), 'utf8');

/** The first fenced block of `lang` after the heading `title`, and the one after it. */
function blocks(title: string, lang: string): string[] {
  const at = DOC.indexOf(`### ${title}`);
  if (at < 0) throw new Error(`docs/pipeline.md has no "${title}"`);
  return [...DOC.slice(at).matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\\n\`\`\``, 'g'))].map(
    (m) => m[1] ?? '',
  );
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
let hooks: Hooks | undefined;
afterEach(async () => {
  await hooks?.close();
  hooks = undefined;
});

async function shell(script: string, cwd: string, env: Record<string, string>) {
  try {
    const out = await run('bash', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, out: out.stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    // Its complaint goes to stderr, next to whatever the shell's start-up files print there.
    return {
      code: e.code ?? 1,
      out: e.stderr?.includes('not from golive') ? 'not from golive' : (e.stdout ?? ''),
    };
  }
}

describe('docs/pipeline.md: verifying a webhook', () => {
  it('accepts a real delivery with the documented Node and shell checks, and refuses it changed or re-timed', async () => {
    const h = await startHooks();
    hooks = h;
    const s = await scenarios.start(h.config, mountApi, undefined, { webhooks: h.poster() });
    h.use(s.t);
    // The documented checks read the real clock: so does this bot.
    s.t.clock.set(new Date().toISOString());
    await newRelease(s.slack, 'normal', {
      title: 'Card vault',
      system: 'pay',
      tester: ['U_BOB'],
      director: 'U_DAVE',
    });
    await s.t.core.flush();
    const got = h.ci.accepted[0];
    if (!got) throw new Error('no delivery');

    const dir = mkdtempSync(join(tmpdir(), 'golive-hook-'));
    dirs.push(dir);
    const [node] = blocks('Verify the signature', 'js');
    const [sh] = blocks('Verify the signature', 'sh');
    if (!node || !sh) throw new Error('docs/pipeline.md lacks the Node or the shell check');
    writeFileSync(join(dir, 'verify.mjs'), node);
    writeFileSync(
      join(dir, 'check.mjs'),
      `import { readFileSync } from 'node:fs';
import { fromGolive } from './verify.mjs';
const headers = { 'x-golive-timestamp': process.env.TS, 'x-golive-signature': process.env.SIG };
console.log(fromGolive(readFileSync('body.json'), headers, process.env.GOLIVE_WEBHOOK_SECRET) ? 'from golive' : 'not from golive');
`,
    );
    const check = async (body: string, ts: number) => {
      writeFileSync(join(dir, 'body.json'), body);
      const env = { TS: String(ts), SIG: got.signature, GOLIVE_WEBHOOK_SECRET: CI_SECRET };
      const bySh = await shell(sh, dir, env);
      const byNode = await run(process.execPath, ['check.mjs'], { cwd: dir, env: { ...env } });
      return { sh: bySh.out.trim(), shCode: bySh.code, node: byNode.stdout.trim() };
    };

    expect(await check(got.raw, got.timestampS)).toEqual({
      sh: 'from golive',
      shCode: 0,
      node: 'from golive',
    });
    expect(await check(got.raw.replace('Card vault', 'Card vauLt'), got.timestampS)).toEqual({
      sh: 'not from golive',
      shCode: 1,
      node: 'not from golive',
    });
    expect(await check(got.raw, got.timestampS - 1)).toMatchObject({ shCode: 1, node: 'not from golive' });
  });
});
