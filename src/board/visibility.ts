import type { GoliveConfig } from '../config/schema.js';
import type { PersonId, Release } from '../domain/types.js';
import type { ReleaseSearch } from '../store/port.js';

/** Who is looking at the release board, and what they may see. */
export interface Viewer {
  person: PersonId;
  /** Holds the config's `admin` role: sees every release, and the scheduler's jobs. */
  admin: boolean;
  /** The teams they belong to. */
  teams: string[];
}

export function viewerOf(config: GoliveConfig, person: PersonId): Viewer {
  const me = config.people.find((p) => p.id === person);
  return {
    person,
    admin: me?.roles.includes('admin') ?? false,
    teams: config.teams.filter((t) => t.members.includes(person)).map((t) => t.id),
  };
}

/**
 * What a viewer's searches are limited to: nothing for admins, and for everyone when the config has no
 * teams (one team); else their teams' releases and their own.
 */
export function searchScope(config: GoliveConfig, viewer: Viewer): ReleaseSearch['visibleTo'] {
  if (viewer.admin || config.teams.length === 0) return undefined;
  return { teams: viewer.teams, person: viewer.person };
}

/**
 * Whether a viewer may open a release: what their searches find, and besides any release they take part
 * in (named on it, awaited by it, or having decided at one of its gates), as a card's link leads them there.
 */
export function canSee(config: GoliveConfig, viewer: Viewer, release: Release): boolean {
  const scope = searchScope(config, viewer);
  if (!scope) return true;
  const team = release.team ?? config.teams.find((t) => t.members.includes(release.requester))?.id;
  return (
    release.requester === viewer.person ||
    (team !== undefined && scope.teams.includes(team)) ||
    Object.values(release.people).some((people) => people.includes(viewer.person)) ||
    release.awaiting.includes(viewer.person) ||
    (release.deciders ?? []).includes(viewer.person)
  );
}
