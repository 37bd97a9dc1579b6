import { resolve } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { CALENDAR_WARN_DAYS, daysLeft } from '../../src/calendar/holidays.js';
import { loadConfig } from '../../src/config/load.js';
import type { GoliveConfig } from '../../src/config/schema.js';
import { loadFlowsFromDir } from '../../src/flow/load.js';
import { formatDay } from '../../src/time/format.js';
import { isExampleConfig } from '../startup/example-config.js';
import { type CheckResult, type DoctorContext, fail, ok, warn } from './types.js';

const DAY_NAMES = {
  'zh-CN': ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** Loads the config and the flows as golive would; the config is handed on to the other checks. */
export function checkConfig(ctx: DoctorContext): { result: CheckResult; config?: GoliveConfig } {
  const name = ctx.say('config');
  const path = ctx.configPath;
  if (!path) return { result: warn(name, ctx.say('configNone'), ctx.say('configNoneFix')) };
  try {
    const config = loadConfig(path);
    const roles = [
      ...new Set([
        'director',
        'tester',
        'executive',
        'ops',
        'admin',
        ...config.people.flatMap((p) => p.roles),
      ]),
    ];
    const flows = loadFlowsFromDir(resolve(ctx.env.FLOWS_DIR ?? 'flows'), roles);
    const hasPlatform = Boolean(
      ctx.platformEnv.SLACK_BOT_TOKEN?.trim() || ctx.platformEnv.FEISHU_APP_ID?.trim(),
    );
    if (isExampleConfig(path) && hasPlatform)
      return { result: fail(name, ctx.say('configExample', { path }), ctx.say('configExampleFix')), config };
    return {
      result: ok(name, ctx.say('configOk', { path, people: config.people.length, flows: flows.length })),
      config,
    };
  } catch (err) {
    // The whole message: a config error lists every field that is wrong, one per line.
    const error = (err instanceof Error ? err.message : String(err)).replace(/\n\s*-?\s*/g, ' ');
    return { result: fail(name, ctx.say('configBad', { error }), ctx.say('configBadFix')) };
  }
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * Working hours and time zone as reminders will count them: a working day under an hour (a typo
 * such as 09:00–09:30, or 12-hour thinking like 09:00–06:00 refused by the schema) makes every
 * "remind after 4 working hours" take days; the line shows the team's current time to compare.
 */
export function checkSchedule(ctx: DoctorContext, config: GoliveConfig, now = new Date()): CheckResult {
  const name = ctx.say('schedule');
  const { start, end, days } = config.workingHours;
  const { locale } = ctx;
  const minutes = minutesOf(end) - minutesOf(start);
  if (minutes < 60)
    return fail(name, ctx.say('scheduleShort', { minutes, start, end }), ctx.say('scheduleShortFix'));
  if (new Set(days).size !== days.length)
    return fail(name, ctx.say('scheduleDays', { days: days.join(', ') }), ctx.say('scheduleDaysFix'));
  const there = new TZDate(now.getTime(), config.timezone);
  const hhmm = `${String(there.getHours()).padStart(2, '0')}:${String(there.getMinutes()).padStart(2, '0')}`;
  const weekday = there.getDay() === 0 ? 7 : there.getDay();
  const inside = days.includes(weekday) && hhmm >= start && hhmm < end;
  const sorted = [...days].sort((a, b) => a - b);
  const consecutive = sorted.every((d, i) => i === 0 || d === (sorted[i - 1] ?? 0) + 1);
  const dayNames =
    consecutive && sorted.length > 2
      ? `${DAY_NAMES[locale][sorted[0] ?? 1]}${locale === 'zh-CN' ? '至' : '–'}${DAY_NAMES[locale][sorted.at(-1) ?? 7]}`
      : sorted.map((d) => DAY_NAMES[locale][d]).join(locale === 'zh-CN' ? '、' : ', ');
  return ok(
    name,
    ctx.say('scheduleOk', {
      zone: config.timezone,
      days: dayNames,
      start,
      end,
      now: `${DAY_NAMES[locale][weekday]} ${hhmm}`,
      inside: ctx.say(inside ? 'insideHours' : 'outsideHours'),
    }),
  );
}

/**
 * The holiday calendar reminders count working days on, when the config has one: past its last day they
 * count weekdays only (a Spring Festival would be worked through), so its end is warned about 60 days ahead.
 */
export function checkHolidays(
  ctx: DoctorContext,
  config: GoliveConfig,
  now = new Date(),
): CheckResult | undefined {
  const calendar = config.holidays;
  if (!calendar) return undefined;
  const name = ctx.say('holidays');
  const left = daysLeft(calendar, now);
  // A calendar day, not an instant: read at noon UTC it is that day in words (2026年12月31日, 31 Dec 2026).
  const until = formatDay(`${calendar.until}T12:00:00Z`, 'UTC', ctx.locale);
  const params = { calendar: calendar.name[ctx.locale], until, days: Math.max(0, left) };
  if (left < CALENDAR_WARN_DAYS)
    return warn(name, ctx.say('holidaysEnding', params), ctx.say('holidaysEndingFix'));
  return ok(name, ctx.say('holidaysOk', params));
}
