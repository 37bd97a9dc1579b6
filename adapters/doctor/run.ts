import { readEnv } from '../../src/config/env.js';
import type { Locale } from '../../src/i18n/text.js';
import { feishuEnv } from '../feishu/config.js';
import { slackEnv } from '../slack/env.js';
import { checkConfig, checkHolidays, checkSchedule } from './config-checks.js';
import { checkFeishu } from './feishu-checks.js';
import { checkSlack } from './slack-checks.js';
import { checkStore } from './store-check.js';
import { sayIn } from './texts.js';
import { type CheckResult, type DoctorContext, fail, messageOf } from './types.js';
import { checkWebhooks } from './webhook-checks.js';

export interface DoctorReport {
  results: CheckResult[];
  failed: number;
  warned: number;
}

/**
 * Every check of a real set-up, in the order a newcomer meets the problems: the config, working
 * hours, the store, then each configured platform. Reads the environment as golive would (`env`
 * after the env file is loaded) and never changes anything golive keeps.
 */
export async function runDoctor(
  rawEnv: NodeJS.ProcessEnv,
  opts: { locale: Locale; configPath?: string | undefined; now?: Date },
): Promise<DoctorReport> {
  const say = sayIn(opts.locale);
  const results: CheckResult[] = [];
  let env: DoctorContext['env'];
  try {
    env = readEnv(rawEnv);
  } catch (err) {
    results.push(
      fail(say('platforms'), say('platformEnvBad', { error: messageOf(err) }), say('platformEnvFix')),
    );
    return summarize(results);
  }
  const ctx: DoctorContext = {
    env,
    platformEnv: rawEnv,
    locale: opts.locale,
    say,
    ...(opts.configPath ? { configPath: opts.configPath } : {}),
  };
  const loaded = checkConfig(ctx);
  results.push(loaded.result);
  if (loaded.config) {
    ctx.config = loaded.config;
    results.push(checkSchedule(ctx, loaded.config, opts.now));
    const holidays = checkHolidays(ctx, loaded.config, opts.now);
    if (holidays) results.push(holidays);
    const webhooks = checkWebhooks(ctx, loaded.config);
    if (webhooks) results.push(webhooks);
  }
  results.push(await checkStore(ctx));
  let slack: ReturnType<typeof slackEnv>;
  let feishu: ReturnType<typeof feishuEnv>;
  try {
    slack = slackEnv(rawEnv);
    feishu = feishuEnv(rawEnv);
  } catch (err) {
    results.push(
      fail(say('platforms'), say('platformEnvBad', { error: messageOf(err) }), say('platformEnvFix')),
    );
    return summarize(results);
  }
  if (!slack && !feishu) results.push(fail(say('platforms'), say('noPlatform'), say('noPlatformFix')));
  if (slack) results.push(...(await checkSlack(ctx, slack)));
  if (feishu) results.push(...(await checkFeishu(ctx, feishu)));
  return summarize(results);
}

function summarize(results: CheckResult[]): DoctorReport {
  return {
    results,
    failed: results.filter((r) => r.status === 'fail').length,
    warned: results.filter((r) => r.status === 'warn').length,
  };
}

const MARK = { ok: '✔', fail: '✘', warn: '!' } as const;

/** Columns a terminal gives a text: CJK characters and full-width punctuation take two. */
function columns(text: string): number {
  let n = 0;
  for (const ch of text)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return n;
}

/** The report as printed: a line per check, the fix under anything not ok, and a count. */
export function formatReport(report: DoctorReport, locale: Locale): string {
  const say = sayIn(locale);
  const width = Math.max(...report.results.map((r) => columns(r.name)));
  const lines = report.results.flatMap((r) => {
    const head = `${MARK[r.status]} ${r.name}${' '.repeat(width - columns(r.name))}  ${r.text}`;
    return r.fix ? [head, `  ${' '.repeat(width)}  → ${say('fix')}${r.fix}`] : [head];
  });
  const total = report.results.length;
  lines.push(
    '',
    say('summary', {
      total,
      ok: total - report.failed - report.warned,
      failed: report.failed,
      warned: report.warned,
    }),
  );
  return `${lines.join('\n')}\n`;
}
