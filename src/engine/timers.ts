import type { Release, TimerState } from '../domain/types.js';
import type { StageSpec, TimerSpec } from '../flow/schema.js';
import { addCalendarHours, addWorkingHours } from '../time/working-hours.js';
import type { EngineContext } from './context.js';

const DAY_HOURS = 24;

/** When a timer of this spec falls due, counted from `from`; null if it reads a field the release lacks. */
export function dueTime(spec: TimerSpec, release: Release, from: Date, ctx: EngineContext): Date | null {
  const a = spec.after;
  if (a.atField) {
    const v = release.fields[a.atField];
    const at = typeof v === 'string' ? Date.parse(v) : Number.NaN;
    return Number.isNaN(at) ? null : new Date(at);
  }
  if (a.daysField) {
    const v = release.fields[a.daysField];
    const days = typeof v === 'number' && v > 0 ? v : a.days;
    return days ? addCalendarHours(from, days * DAY_HOURS) : null;
  }
  if (a.workingHours)
    return addWorkingHours(
      from,
      a.workingHours,
      ctx.config.workingHours,
      ctx.config.timezone,
      ctx.config.holidays,
    );
  if (a.hours) return addCalendarHours(from, a.hours);
  if (a.days) return addCalendarHours(from, a.days * DAY_HOURS);
  return null;
}

/** Timer ids name stage entry, spec and round, so a repeated reminder is a new job, never a duplicate. */
export function timerId(stageEntry: number, specId: string, round: number): string {
  return `${stageEntry}:${specId}:${round}`;
}

/** The timers a stage starts with when it is entered. */
export function timersForStage(stage: StageSpec, release: Release, ctx: EngineContext): TimerState[] {
  const timers: TimerState[] = [];
  for (const spec of stage.timers) {
    const due = dueTime(spec, release, ctx.now, ctx);
    if (!due) continue;
    timers.push({
      id: timerId(release.stageEntry, spec.id, 1),
      kind: spec.kind,
      specId: spec.id,
      stage: stage.id,
      stageEntry: release.stageEntry,
      dueAt: due.toISOString(),
    });
  }
  return timers;
}

/** The next round of a repeating timer, counted from when the last one fired. */
export function nextRound(
  fired: TimerState,
  spec: TimerSpec,
  release: Release,
  ctx: EngineContext,
): TimerState | null {
  if (!spec.repeat) return null;
  const due = dueTime(spec, release, ctx.now, ctx);
  if (!due) return null;
  const round = Number(fired.id.split(':')[2] ?? '1') + 1;
  return { ...fired, id: timerId(fired.stageEntry, spec.id, round), dueAt: due.toISOString() };
}
