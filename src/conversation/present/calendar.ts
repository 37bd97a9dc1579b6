import type { CalendarDay, CalendarView, PlannedWindow } from '../../board/calendar.js';
import { dayKey } from '../../board/weeks.js';
import type { ScopedFreeze } from '../../calendar/conflicts.js';
import type { GoliveConfig } from '../../config/schema.js';
import type { Directory } from '../../domain/directory.js';
import type { Release } from '../../domain/types.js';
import type { FlowSpec } from '../../flow/schema.js';
import { say } from '../../i18n/say.js';
import { type Locale, localize } from '../../i18n/text.js';
import { formatClock, formatMonth, formatShortDay, formatSpan, formatWeekday } from '../../time/format.js';
import type { Message, MessageField } from '../model.js';

/** What the calendar message shows besides the view itself. */
export interface CalendarMessageInput {
  cal: CalendarView;
  /** The freeze windows the view's `frozen` and `freezes` indexes point into. */
  freezes: readonly ScopedFreeze[];
  config: GoliveConfig;
  directory: Directory;
  /** The flow each release pinned, by release id. */
  flows: ReadonlyMap<string, FlowSpec>;
  locale: Locale;
  now: Date;
  /** A release's page (on the release board). */
  releaseUrl: (id: string) => string;
}

/** Windows listed per day at most: Slack refuses a field over 2,000 characters. */
const WINDOWS_PER_DAY = 10;
/** Release links at most: they share one block of 3,000 characters on Slack. */
const MAX_LINKS = 20;

/**
 * `/release calendar`: the planned windows of a week or a month, day by day in the team's zone (release,
 * system, version, flow, stage or status, requester; ⚠ on a conflict), then the freeze windows, the
 * holidays and make-up working days, and the conflicts of the period. Shown to the asker only.
 */
export function calendarMessage(input: CalendarMessageInput): Message {
  const { cal, config, locale: l, now } = input;
  const tz = config.timezone;
  const sep = l === 'zh-CN' ? '、' : ', ';
  const days = cal.days.filter((d) => d.inMonth);
  const first = days[0]?.start ?? cal.start;
  const last = days.at(-1)?.start ?? cal.start;
  const header =
    cal.view === 'week'
      ? say('cal_header_week', l, {
          from: formatShortDay(first, tz, l, now),
          to: formatShortDay(last, tz, l, now),
        })
      : say('cal_header_month', l, {
          month: formatMonth(days[0]?.key.slice(0, 4) ?? '', Number(days[0]?.key.slice(5, 7)), l),
        });
  // A month view holds the weeks around the month: only the month's days are listed.
  const lastDay = days.at(-1);
  const end = (lastDay && cal.days[cal.days.indexOf(lastDay) + 1]?.start) ?? cal.end;
  const windows = cal.windows
    .filter((w) => w.start < end && w.end > first)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const systemName = (id: string) => {
    const s = config.systems.find((x) => x.id === id);
    return s ? localize(s.name, l) : id;
  };
  const freezeName = (i: number) => {
    const f = input.freezes[i];
    if (!f) return '';
    const reason = localize(f.reason, l);
    return f.system ? say('cal_system_freeze', l, { reason, system: systemName(f.system) }) : reason;
  };
  const line = (w: PlannedWindow) => {
    const r = w.release;
    const flow = input.flows.get(r.id);
    const status = releaseState(r, flow, l);
    const what = releaseLabel(r, config, l);
    const conflict = w.overlaps.length || w.frozen.length ? '⚠️ ' : '';
    // Under its day, a window within that day needs only its hours.
    const span =
      dayKey(w.start, tz) === dayKey(new Date(w.end.getTime() - 1), tz)
        ? `${formatClock(w.start.toISOString(), tz)}${l === 'zh-CN' ? ' 至 ' : '–'}${formatClock(w.end.toISOString(), tz)}`
        : formatSpan(w.start.toISOString(), w.end.toISOString(), tz, l, now);
    return `${conflict}${span} ${what} · ${
      flow ? localize(flow.title, l) : r.flowId
    } · ${status} · ${input.directory.displayName(r.requester)}`;
  };

  const fields: MessageField[] = [];
  // Each window under the day it starts on (or the period's first day, when it began before).
  const byDay = new Map<string, PlannedWindow[]>();
  for (const w of windows) {
    const day = days.filter((d) => d.start <= w.start).at(-1) ?? days[0];
    if (day) byDay.set(day.key, [...(byDay.get(day.key) ?? []), w]);
  }
  for (const day of days) {
    const listed = byDay.get(day.key);
    if (!listed) continue;
    const mark = day.holiday
      ? ` · ${day.holiday.kind === 'holiday' ? say('cal_holiday', l, { name: localize(day.holiday.name, l) }) : say('cal_workday', l)}`
      : '';
    const lines = listed.slice(0, WINDOWS_PER_DAY).map(line);
    if (listed.length > WINDOWS_PER_DAY)
      lines.push(say('cal_more_on_day', l, { n: listed.length - WINDOWS_PER_DAY }));
    fields.push({ label: `${formatWeekday(day.start, tz, l, now)}${mark}`, value: lines.join('\n') });
  }

  const freezes = input.freezes
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => Date.parse(f.start) < end.getTime() && Date.parse(f.end) > first.getTime());
  if (freezes.length)
    fields.push({
      label: say('cal_label_freezes', l),
      value: freezes
        .map(({ f, i }) => `❄️ ${formatSpan(f.start, f.end, tz, l, now)} ${freezeName(i)}`)
        .join('\n'),
    });

  const holidays = holidayLines(days, tz, l, now);
  if (holidays.length) fields.push({ label: say('cal_label_holidays', l), value: holidays.join('\n') });

  const conflicts = windows.filter((w) => w.overlaps.length || w.frozen.length);
  if (conflicts.length)
    fields.push({
      label: say('label_conflicts', l),
      value: conflicts
        .flatMap((w) => [
          ...(w.overlaps.length
            ? [say('cal_conflict_overlap', l, { id: w.release.id, ids: w.overlaps.join(sep) })]
            : []),
          ...(w.frozen.length
            ? [
                say('cal_conflict_freeze', l, {
                  id: w.release.id,
                  reason: w.frozen.map(freezeName).join(sep),
                }),
              ]
            : []),
        ])
        .map((x) => `⚠️ ${x}`)
        .join('\n'),
    });

  const body = windows.length
    ? conflicts.length
      ? say('cal_summary', l, { count: windows.length, conflicts: conflicts.length })
      : say('cal_summary_clear', l, { count: windows.length })
    : say('cal_empty', l);
  return {
    summary: `${header} · ${body}`,
    header,
    tone: conflicts.length ? 'warning' : 'info',
    body,
    fields,
    links: [...new Set(windows.map((w) => w.release.id))]
      .slice(0, MAX_LINKS)
      .map((id) => ({ label: id, url: input.releaseUrl(id) })),
    context: [say('cal_time_zone', l, { zone: tz }), say('cal_other_periods', l)],
    buttons: [],
  };
}

/** Where a release stands: its stage while active, else its outcome (已完成, 已取消 …). */
export function releaseState(r: Release, flow: FlowSpec | undefined, l: Locale): string {
  const stage = flow?.stages.find((s) => s.id === r.stage);
  return r.status === 'active' && stage ? localize(stage.title, l) : say(`status_${r.status}`, l);
}

/** "REL-3 支付 1.2.3": the release number, its system's name and the version it ships. */
export function releaseLabel(r: Release, config: GoliveConfig, l: Locale): string {
  const system = config.systems.find((x) => x.id === r.system);
  const version = r.fields.version ?? r.fields.repo_tag;
  return [r.id, system ? localize(system.name, l) : r.system, typeof version === 'string' ? version : '']
    .filter(Boolean)
    .join(' ');
}

/** Holidays and make-up working days, consecutive days of one holiday as one range. */
function holidayLines(days: readonly CalendarDay[], tz: string, l: Locale, now: Date): string[] {
  const out: string[] = [];
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    const h = d?.holiday;
    if (!d || !h) continue;
    if (h.kind === 'workday') {
      out.push(`🏢 ${formatWeekday(d.start, tz, l, now)} ${say('cal_workday', l)}`);
      continue;
    }
    let j = i;
    while (true) {
      const next = days[j + 1]?.holiday;
      if (next?.kind !== 'holiday' || next.name.en !== h.name.en) break;
      j++;
    }
    const to = days[j] ?? d;
    const span =
      j === i
        ? formatWeekday(d.start, tz, l, now)
        : `${formatShortDay(d.start, tz, l, now)}${l === 'zh-CN' ? ' 至 ' : ' – '}${formatShortDay(to.start, tz, l, now)}`;
    out.push(`🏖️ ${span} ${say('cal_holiday', l, { name: localize(h.name, l) })}`);
    i = j;
  }
  return out;
}
