import type { FreezeWindow, GoliveConfig } from '../config/schema.js';
import type { Release } from '../domain/types.js';
import type { Text } from '../i18n/text.js';

/**
 * Planned launch windows and what they collide with: another release of the same system whose window
 * overlaps, or a freeze window (global, or the system's own). One module for the engine (launch
 * application, sign-off, launch), the service (creation) and the release board's calendar.
 */

export interface Span {
  start: Date;
  end: Date;
}

/** A conflict as recorded on a release and shown on its cards. Times are ISO. */
export type Conflict =
  | { kind: 'overlap'; release: string; title: string; start: string; end: string }
  | { kind: 'freeze'; start: string; end: string; reason: Text; system?: string };

/** A freeze window with the system it belongs to (absent: global). */
export interface ScopedFreeze extends FreezeWindow {
  system?: string;
}

/** A window given as one instant takes an hour (a launch takes time). */
const INSTANT_MS = 3_600_000;

/** Releases that no longer happen do not hold a window. */
export const HOLDS_WINDOW: ReadonlySet<Release['status']> = new Set(['active', 'done']);

/** The planned window of a release (or of form values), if it has one. */
export function plannedWindow(w: { start?: string; end?: string } | undefined): Span | undefined {
  const start = w?.start ?? w?.end;
  const end = w?.end ?? w?.start;
  if (!start || !end) return undefined;
  const s = new Date(start);
  const e = new Date(end);
  if (Number.isNaN(s.getTime()) || Number.isNaN(e.getTime())) return undefined;
  return { start: s, end: e.getTime() > s.getTime() ? e : new Date(s.getTime() + INSTANT_MS) };
}

export const overlaps = (a: Span, b: Span): boolean =>
  a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();

const spanOf = (f: FreezeWindow): Span => ({ start: new Date(f.start), end: new Date(f.end) });

/** The freeze windows that hold for a system: the global ones and the system's own. */
export function freezesFor(config: GoliveConfig, system: string | undefined): ScopedFreeze[] {
  const own = system ? (config.systems.find((s) => s.id === system)?.freezeWindows ?? []) : [];
  return [...config.freezeWindows, ...own.map((f) => ({ ...f, system: system as string }))];
}

/** Every freeze window of the config, each system's marked with it (the calendar shows them all). */
export function allFreezes(config: GoliveConfig): ScopedFreeze[] {
  return [
    ...config.freezeWindows,
    ...config.systems.flatMap((s) => s.freezeWindows.map((f) => ({ ...f, system: s.id }))),
  ];
}

/** The freeze holding for the system at this instant, if any. */
export function activeFreeze(
  config: GoliveConfig,
  system: string | undefined,
  at: Date,
): ScopedFreeze | undefined {
  const t = at.getTime();
  return freezesFor(config, system).find((w) => Date.parse(w.start) <= t && t < Date.parse(w.end));
}

const freezeConflict = (f: ScopedFreeze): Conflict => ({
  kind: 'freeze',
  start: f.start,
  end: f.end,
  reason: f.reason,
  ...(f.system ? { system: f.system } : {}),
});

/**
 * Freeze windows a release's launch falls in: those its planned window touches, or — without a window —
 * the one holding now (the launch would be now).
 */
export function freezeConflicts(
  config: GoliveConfig,
  system: string | undefined,
  window: Span | undefined,
  now: Date,
): Conflict[] {
  if (!window) {
    const f = activeFreeze(config, system, now);
    return f ? [freezeConflict(f)] : [];
  }
  return freezesFor(config, system)
    .filter((f) => overlaps(window, spanOf(f)))
    .map(freezeConflict);
}

/** Other releases of the same system whose planned windows overlap this one. */
export function overlapConflicts(
  self: { id?: string; system: string },
  window: Span | undefined,
  others: readonly Release[],
): Conflict[] {
  if (!window || !self.system) return [];
  const out: Conflict[] = [];
  for (const r of others) {
    if (r.id === self.id || r.system !== self.system || !HOLDS_WINDOW.has(r.status)) continue;
    const w = plannedWindow(r.window);
    if (w && overlaps(window, w))
      out.push({
        kind: 'overlap',
        release: r.id,
        title: r.title,
        start: w.start.toISOString(),
        end: w.end.toISOString(),
      });
  }
  return out;
}

/** The store query range that finds every release whose window may overlap this one. */
export function searchRange(window: Span): { windowFrom: string; windowTo: string } {
  return {
    windowFrom: new Date(window.start.getTime() - INSTANT_MS).toISOString(),
    windowTo: window.end.toISOString(),
  };
}
