import {
  type Conflict,
  freezeConflicts,
  overlapConflicts,
  plannedWindow,
  searchRange,
} from '../calendar/conflicts.js';
import type { CommandEnvelope, FieldValue, Release } from '../domain/types.js';
import { isLaunchApplication } from '../engine/launch-checks.js';
import type { FlowSpec } from '../flow/schema.js';
import type { CoreDeps } from './deps.js';

/** How many overlapping releases are looked at; more than any card lists. */
const OVERLAP_LIMIT = 50;

/** Releases of the system whose planned windows overlap `window` (the store answers by window and system). */
async function overlapping(
  deps: Pick<CoreDeps, 'store'>,
  self: { id?: string; system: string },
  window: ReturnType<typeof plannedWindow>,
): Promise<Conflict[]> {
  if (!window || !self.system) return [];
  const others = await deps.store.list({
    status: ['active', 'done'],
    system: self.system,
    ...searchRange(window),
    limit: OVERLAP_LIMIT,
  });
  return overlapConflicts(self, window, others);
}

/** The conflicts of a new release's form values: overlapping releases and freezes its window touches. */
export async function creationConflicts(
  deps: Pick<CoreDeps, 'store' | 'config'>,
  values: Record<string, FieldValue>,
  now: Date,
): Promise<Conflict[]> {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const system = str('system') ?? '';
  const window = plannedWindow({
    ...(str('window_start') ? { start: str('window_start') } : {}),
    ...(str('window_end') ? { end: str('window_end') } : {}),
  });
  // Without a window a release conflicts with nothing yet: freezes are checked when it applies for launch.
  if (!window) return [];
  return [
    ...(await overlapping(deps, { system }, window)),
    ...freezeConflicts(deps.config, system, window, now),
  ];
}

/**
 * The overlapping releases the engine needs to judge a command: only the launch application asks
 * the store (every other command passes without a query).
 */
export async function overlapsForCommand(
  deps: Pick<CoreDeps, 'store'>,
  release: Release,
  flow: FlowSpec,
  envelope: CommandEnvelope,
): Promise<Conflict[] | undefined> {
  const c = envelope.command;
  if (c.type !== 'act') return undefined;
  const action = flow.stages.find((s) => s.id === release.stage)?.actions.find((a) => a.id === c.action);
  if (!action || !isLaunchApplication(flow, action)) return undefined;
  return overlapping(deps, release, plannedWindow(release.window));
}

/** The ids of other releases of its system whose windows overlap this release's now (the pipeline gate). */
export async function overlappingNow(deps: Pick<CoreDeps, 'store'>, release: Release): Promise<string[]> {
  const found = await overlapping(deps, release, plannedWindow(release.window));
  return found.flatMap((c) => (c.kind === 'overlap' ? [c.release] : []));
}
