import type { GoliveEnv } from '../../src/config/env.js';
import type { GoliveConfig } from '../../src/config/schema.js';
import type { Locale } from '../../src/i18n/text.js';
import type { Say } from './texts.js';

/** ok: as it should be; fail: golive will not work as set up; warn: works, but look at it. */
export type CheckStatus = 'ok' | 'fail' | 'warn';

/** One line of the doctor's report. */
export interface CheckResult {
  /** The check's name, in the reader's language. */
  name: string;
  status: CheckStatus;
  /** What was found. */
  text: string;
  /** What to do, for fail and warn. */
  fix?: string;
}

/** What every check may read: the environment as golive would read it, and the config if it loaded. */
export interface DoctorContext {
  env: GoliveEnv;
  /** The platform variables (SLACK_*, FEISHU_*), as golive reads them. */
  platformEnv: NodeJS.ProcessEnv;
  config?: GoliveConfig;
  configPath?: string;
  locale: Locale;
  say: Say;
}

export const ok = (name: string, text: string): CheckResult => ({ name, status: 'ok', text });
export const fail = (name: string, text: string, fix: string): CheckResult => ({
  name,
  status: 'fail',
  text,
  fix,
});
export const warn = (name: string, text: string, fix: string): CheckResult => ({
  name,
  status: 'warn',
  text,
  fix,
});

/** An error's message, in one line. */
export const messageOf = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
