import {
  allFreezes,
  HOLDS_WINDOW,
  overlaps as overlap,
  plannedWindow,
  type ScopedFreeze,
} from '../calendar/conflicts.js';
import { dayKind, type HolidayCalendar, holidayOn } from '../calendar/holidays.js';
import type { GoliveConfig } from '../config/schema.js';
import type { Release } from '../domain/types.js';
import type { Text } from '../i18n/text.js';
import type { ReleaseStore } from '../store/port.js';
import { canSee, type Viewer } from './visibility.js';
import { calendarDays, dayKey } from './weeks.js';

/** A release's planned window as the calendar places it. */
export interface PlannedWindow {
  release: Release;
  start: Date;
  end: Date;
  /** Other releases of the same system whose windows overlap this one. */
  overlaps: string[];
  /** Freeze windows this one falls in (their index in the config). */
  frozen: number[];
}

export interface CalendarDay {
  /** YYYY-MM-DD in the team's zone. */
  key: string;
  start: Date;
  inMonth: boolean;
  windows: PlannedWindow[];
  /** Freeze windows covering part of the day. */
  freezes: number[];
  /** A public holiday (its name) or a make-up working day (调休), from the team's holiday calendar. */
  holiday?: { kind: 'holiday'; name: Text } | { kind: 'workday' };
}

export interface CalendarView {
  view: 'week' | 'month';
  start: Date;
  end: Date;
  days: CalendarDay[];
  /** Every window placed, with its conflicts. */
  windows: PlannedWindow[];
  /** Windows in conflict: overlapping another of the same system, or inside a freeze. */
  conflicts: PlannedWindow[];
}

/**
 * A week or a month of planned launch windows and freeze windows, with conflicts marked: two releases of
 * one system whose windows overlap, or a window inside a freeze (an emergency's bypass is still shown).
 * `releases` are those whose windows may touch the view (the store's window query).
 */
export function calendarView(
  releases: readonly Release[],
  /** Global freezes and systems' own (`allFreezes`): a system's holds only for its releases. */
  freezes: readonly ScopedFreeze[],
  anchor: Date,
  timeZone: string,
  view: 'week' | 'month',
  /** The team's holiday calendar (config `holidays`): its days off and make-up working days are marked. */
  holidays?: HolidayCalendar,
): CalendarView {
  const { days, start, end } = calendarDays(anchor, timeZone, view);
  const range = { start, end };
  const placed: PlannedWindow[] = [];
  for (const release of releases) {
    const w = plannedWindow(release.window);
    if (!w || !HOLDS_WINDOW.has(release.status) || !overlap(w, range)) continue;
    placed.push({ release, ...w, overlaps: [], frozen: [] });
  }
  for (const a of placed) {
    for (const b of placed)
      if (a !== b && a.release.system === b.release.system && a.release.system && overlap(a, b))
        a.overlaps.push(b.release.id);
    freezes.forEach((f, i) => {
      if (
        (!f.system || f.system === a.release.system) &&
        overlap(a, { start: new Date(f.start), end: new Date(f.end) })
      )
        a.frozen.push(i);
    });
  }
  const month = view === 'month' ? dayKey(anchor, timeZone).slice(0, 7) : undefined;
  const calendar = days.map((day, i): CalendarDay => {
    const next = days[i + 1] ?? end;
    const span = { start: day, end: next };
    const key = dayKey(day, timeZone);
    const kind = dayKind(holidays, key);
    const name = holidayOn(holidays, key);
    return {
      key,
      start: day,
      inMonth: month === undefined || key.startsWith(month),
      windows: placed.filter((w) => overlap(w, span)).sort((a, b) => a.start.getTime() - b.start.getTime()),
      freezes: freezes.flatMap((f, j) =>
        overlap(span, { start: new Date(f.start), end: new Date(f.end) }) ? [j] : [],
      ),
      ...(kind === 'holiday' && name
        ? { holiday: { kind, name } }
        : kind === 'workday'
          ? { holiday: { kind } }
          : {}),
    };
  });
  return {
    view,
    start,
    end,
    days: calendar,
    windows: placed,
    conflicts: placed.filter((w) => w.overlaps.length || w.frozen.length),
  };
}

/** How many windows a calendar view reads at most. */
const CALENDAR_MAX = 2_000;

/**
 * The calendar as a viewer may see it: the releases whose windows touch the week or month (the store's
 * window query), those the viewer may open, every freeze window and the team's holidays. The board's
 * calendar page and `/release calendar` both read it here.
 */
export async function readCalendar(
  store: Pick<ReleaseStore, 'list'>,
  config: GoliveConfig,
  viewer: Viewer,
  anchor: Date,
  view: 'week' | 'month',
): Promise<CalendarView> {
  const freezes = allFreezes(config);
  const probe = calendarDays(anchor, config.timezone, view);
  const releases = await store.list({
    windowFrom: probe.start.toISOString(),
    windowTo: probe.end.toISOString(),
    limit: CALENDAR_MAX,
  });
  const seen = releases.filter((r) => canSee(config, viewer, r));
  return calendarView(seen, freezes, anchor, config.timezone, view, config.holidays);
}
