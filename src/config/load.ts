import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { configSchema, type GoliveConfig } from './schema.js';

/** A configuration mistake; the message names the file, the field and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the config file (YAML or JSON). An absent path gives the defaults. */
export function loadConfig(path: string | undefined): GoliveConfig {
  if (!path) return configSchema.parse({});
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read GOLIVE_CONFIG=${path}: ${(err as Error).message.split('\n')[0]}`);
  }
  return parseConfig(raw, path);
}

export function parseConfig(raw: unknown, source = 'config'): GoliveConfig {
  const parsed = configSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (i) => `  - field ${i.path.join('.') || '(top level)'}: ${i.message}`,
  );
  throw new ConfigError(`${source} is invalid:\n${lines.join('\n')}`);
}
