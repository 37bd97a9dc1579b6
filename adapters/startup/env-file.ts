import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** What was read from a `.env` file: where, and which variables it set (names only, never values). */
export interface EnvFileRead {
  path: string;
  /** Variables the file set. */
  applied: string[];
  /** Variables the file also names but the environment already had: the environment wins. */
  overridden: string[];
}

/**
 * Loads `.env` from the working directory into `env`, as the guides tell a newcomer to write it
 * (`cp .env.example .env`). Variables already in the environment win, as with Node's own
 * `--env-file` and dotenv, so a process manager or `docker run -e` can override the file.
 *
 * Node's `util.parseEnv` (Node ≥ 20.12) parses it, so `npm start` (tsx), the compiled
 * `node dist/adapters/main.js` and `npm run doctor` read the file the same way, without a start
 * flag that only newer Node versions know (`--env-file-if-exists` needs 20.19/22.9) and without a dependency.
 * Returns undefined when there is no such file.
 */
export function loadEnvFile(
  env: NodeJS.ProcessEnv = process.env,
  path = resolve(process.cwd(), '.env'),
): EnvFileRead | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  const applied: string[] = [];
  const overridden: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] !== undefined) overridden.push(name);
    else {
      env[name] = value;
      applied.push(name);
    }
  }
  return { path, applied, overridden };
}

/** Which env file a start looked for, and what it read there (undefined: no file, or turned off). */
export interface EnvFileUse {
  /** The file looked for; undefined when `GOLIVE_ENV_FILE=off`. */
  path?: string;
  read?: EnvFileRead;
}

/**
 * The env file of this start: `GOLIVE_ENV_FILE` (a path, or `off`), by default `.env` in the working
 * directory, loaded into `env`. Tests set `off` so a developer's own `.env` never reaches them.
 */
export function envFileOf(env: NodeJS.ProcessEnv = process.env): EnvFileUse {
  const named = env.GOLIVE_ENV_FILE?.trim();
  if (named === 'off') return {};
  const path = resolve(process.cwd(), named || '.env');
  if (named && !existsSync(path))
    throw new Error(
      `GOLIVE_ENV_FILE=${named}: no such file (${path}); unset it to read .env, or set it to off`,
    );
  const read = loadEnvFile(env, path);
  return read ? { path, read } : { path };
}
