import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import { cardsOf, FIXTURES, ROOT, runScript } from './golive-process.js';

// The scripted local sessions' runner (test/local/sessions*.test.ts): a script through `npm start`'s
// stdin, the transcript and its cards read back.
export const SESSIONS = resolve(ROOT, 'test/local/sessions');
export const TEAM = join(FIXTURES, 'team.yaml');
const temp: string[] = [];
export const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `golive-${name}-`));
  temp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

export async function session(name: string, config = TEAM, flowsDir?: string) {
  const script = readFileSync(join(SESSIONS, `${name}.txt`), 'utf8');
  const run = await runScript(script, {
    dataDir: tempDir(name),
    config,
    ...(flowsDir ? { flowsDir } : {}),
  });
  expect(run.stderr, 'nothing went wrong behind the scenes').toBe('');
  expect(run.code).toBe(0);
  return { ...run, cards: cardsOf(run.transcript) };
}

export const inChannel = (cards: { heading: string; text: string }[], channel: string, header: string) =>
  cards.filter((c) => c.heading.endsWith(`频道 #${channel}`) && c.text.includes(header));

/** The last status card a user asked for with /release status. */
export const lastStatus = (cards: { heading: string; text: string }[]) =>
  cards.filter((c) => c.heading.includes('only') || c.heading.includes('只有')).at(-1)?.text ?? '';
