import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Locale } from '../../src/i18n/text.js';
import { envFileOf } from '../startup/env-file.js';
import { EXAMPLE_CONFIG } from '../startup/example-config.js';
import { formatReport, runDoctor } from './run.js';
import { sayIn } from './texts.js';

const USAGE = `npm run doctor [-- --lang zh-CN|en]

Checks a golive set-up as it is configured here (.env, the environment, GOLIVE_CONFIG): tokens and
permissions, Socket Mode / the long connection, the announce channels, every configured person,
working hours, and the store. One line per check, with the fix; exits 1 if any check failed.`;

/** The reader's language: --lang, else the terminal's (LANG / LC_ALL starting with zh), else English. */
function localeOf(flag: string | undefined, env: NodeJS.ProcessEnv): Locale {
  if (flag === 'zh-CN' || flag === 'zh') return 'zh-CN';
  if (flag === 'en') return 'en';
  if (flag) throw new Error(`--lang must be zh-CN or en, not "${flag}"`);
  return /^zh/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'zh-CN' : 'en';
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const locale = localeOf(values.lang, process.env);
  const say = sayIn(locale);
  // The same file and the same defaults as `npm start`.
  const envFile = envFileOf(process.env);
  if (envFile.path)
    process.stdout.write(
      `${envFile.read ? say('envFile', { path: envFile.path }) : say('noEnvFile', { path: envFile.path })}\n\n`,
    );
  const configPath =
    process.env.GOLIVE_CONFIG?.trim() || (existsSync(EXAMPLE_CONFIG) ? EXAMPLE_CONFIG : undefined);
  const report = await runDoctor(process.env, { locale, configPath });
  process.stdout.write(formatReport(report, locale));
  return report.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`golive doctor: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
