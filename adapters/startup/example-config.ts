import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The folder with package.json: one up from `adapters/startup/` (tsx), two up from `dist/adapters/startup/` (built). */
function projectRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) return dir;
  return from;
}

/** The commented example config: a fresh clone's `npm start` uses it so people and roles exist. */
export const EXAMPLE_CONFIG = join(projectRoot(import.meta.dirname), 'config/example.yaml');

/** Whether `path` is the example config, whose people have placeholder ids (U0000ALICE, ou_000…alice). */
export function isExampleConfig(path: string | undefined): boolean {
  return path !== undefined && resolve(path) === EXAMPLE_CONFIG;
}
