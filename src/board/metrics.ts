import type { PresentContext } from '../conversation/present/context.js';
import type { AuditEvent, Release } from '../domain/types.js';
import { localize } from '../i18n/text.js';
import { releaseFacts } from './release-facts.js';

/** How releases are grouped: by team or by system. */
export type MetricsGrouping = 'team' | 'system';

/** One week of one group's delivery figures. Durations in ms; absent when nothing was measured. */
export interface WeekFigures {
  /** Releases launched that week. */
  launched: number;
  /** Created → launched, of releases launched that week. */
  leadTimeMedianMs?: number;
  leadTimeP90Ms?: number;
  /**
   * Changes put into production that week: releases launched, and deployments a pipeline reported as
   * failed or rolled back before any launch (each such attempt is a change that failed).
   */
  changes: number;
  /**
   * Of those changes, how many failed: a launch followed by a production problem or a rolled-back
   * deployment, and every failed deployment before the launch.
   */
  failedChanges: number;
  /** Problem reported → put right, of problems reported that week. */
  restoreMedianMs?: number;
  /** How long gate stages waited for their decision, of gates decided that week, by stage title. */
  approvalWaitMedianMs: Record<string, number>;
}

export interface MetricsReport {
  weeks: { start: Date; end: Date }[];
  groups: string[];
  /** Figures per group, one entry per week. */
  byGroup: Map<string, WeekFigures[]>;
  /** All groups together, one entry per week. */
  total: WeekFigures[];
}

/** A release with its trail and the presenter context of its pinned flow. */
export interface MeasuredRelease {
  release: Release;
  events: readonly AuditEvent[];
  present: PresentContext;
}

/** The value at quantile q (0–1) of sorted numbers, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (!sorted.length) return undefined;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

interface Samples {
  launched: number;
  changes: number;
  lead: number[];
  failed: number;
  restore: number[];
  waits: Map<string, number[]>;
}
const emptySamples = (): Samples => ({
  launched: 0,
  changes: 0,
  lead: [],
  failed: 0,
  restore: [],
  waits: new Map(),
});

function figures(s: Samples): WeekFigures {
  const lead = [...s.lead].sort((a, b) => a - b);
  const restore = [...s.restore].sort((a, b) => a - b);
  const waits: Record<string, number> = {};
  for (const [stage, list] of s.waits) {
    const m = quantile(
      [...list].sort((a, b) => a - b),
      0.5,
    );
    if (m !== undefined) waits[stage] = m;
  }
  const leadMedian = quantile(lead, 0.5);
  const leadP90 = quantile(lead, 0.9);
  const restoreMedian = quantile(restore, 0.5);
  return {
    launched: s.launched,
    changes: s.changes,
    ...(leadMedian !== undefined ? { leadTimeMedianMs: leadMedian } : {}),
    ...(leadP90 !== undefined ? { leadTimeP90Ms: leadP90 } : {}),
    failedChanges: s.failed,
    ...(restoreMedian !== undefined ? { restoreMedianMs: restoreMedian } : {}),
    approvalWaitMedianMs: waits,
  };
}

/**
 * Weekly delivery figures per team or system (DORA's four, in the flows' words): launches, lead time
 * (created → launched), change failure (a launch followed by a production problem or a rollback, or a
 * deployment a pipeline reported as failed), time to restore
 * (problem → put right) and how long each gate waited. What counts as a launch, a problem and a gate is
 * read from each release's flow (an action marked `launch`, a looping action after it, a stage with a gate).
 */
export function weeklyMetrics(
  measured: readonly MeasuredRelease[],
  weeks: { start: Date; end: Date }[],
  groupOf: (r: Release) => string,
): MetricsReport {
  const weekOf = (iso: string) => {
    const ms = Date.parse(iso);
    return weeks.findIndex((w) => ms >= w.start.getTime() && ms < w.end.getTime());
  };
  const byGroup = new Map<string, Samples[]>();
  const total = weeks.map(emptySamples);
  const samplesOf = (group: string) => {
    let list = byGroup.get(group);
    if (!list) {
      list = weeks.map(emptySamples);
      byGroup.set(group, list);
    }
    return list;
  };
  for (const { release, events, present } of measured) {
    const facts = releaseFacts(release, events, present);
    const mine = samplesOf(groupOf(release));
    const both = (week: number, add: (s: Samples) => void) => {
      if (week < 0) return;
      add(mine[week] as Samples);
      add(total[week] as Samples);
    };
    if (facts.launch) {
      const launch = facts.launch;
      const failed = events.some(
        (e) => facts.isProblem(e) || (e.seq > launch.seq && facts.isFailedDeployment(e)),
      );
      both(weekOf(launch.at), (s) => {
        s.launched += 1;
        s.changes += 1;
        s.lead.push(Date.parse(launch.at) - Date.parse(release.createdAt));
        if (failed) s.failed += 1;
      });
    }
    for (const e of events)
      if (facts.isFailedDeployment(e) && facts.beforeLaunch(e))
        both(weekOf(e.at), (s) => {
          s.changes += 1;
          s.failed += 1;
        });
    for (const e of events) {
      if (facts.isProblem(e)) {
        const restored = facts.restoredAt(e);
        if (restored) both(weekOf(e.at), (s) => s.restore.push(Date.parse(restored) - Date.parse(e.at)));
      }
      // A gate stage left by a decision: its wait is from when the release entered it.
      const gate = facts.stage(e.stageBefore)?.gate;
      if (!gate || e.stageAfter === e.stageBefore || (e.what !== 'approve' && e.what !== 'reject')) continue;
      const entered = [...events]
        .reverse()
        .find((x) => x.seq < e.seq && x.stageAfter === e.stageBefore && x.stageBefore !== e.stageBefore);
      if (!entered) continue;
      const stage = facts.stage(e.stageBefore);
      const title = stage ? localize(stage.title, present.locale) : String(e.stageBefore);
      both(weekOf(e.at), (s) => {
        const list = s.waits.get(title) ?? [];
        list.push(Date.parse(e.at) - Date.parse(entered.at));
        s.waits.set(title, list);
      });
    }
  }
  return {
    weeks,
    groups: [...byGroup.keys()].sort(),
    byGroup: new Map([...byGroup].map(([g, list]) => [g, list.map(figures)])),
    total: total.map(figures),
  };
}
