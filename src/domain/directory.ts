import type { Person, PlatformId } from '../config/schema.js';
import type { Locale } from '../i18n/text.js';
import type { PersonId, Release } from './types.js';

/**
 * The people golive knows: those of the config, reachable by their platform ids. Someone the
 * config does not list is `platform:userId` — they can use the bot but hold no configured role.
 */
export interface Directory {
  get(id: PersonId): Person | undefined;
  /** Maps a platform user id to a person id (config id, or `platform:userId`). */
  fromPlatform(platform: PlatformId, userId: string): PersonId;
  /** The person's user id on a platform, if they have one there. */
  platformId(person: PersonId, platform: PlatformId): string | undefined;
  /** People holding a configured role. */
  withRole(role: string): PersonId[];
  hasRole(person: PersonId, role: string): boolean;
  displayName(person: PersonId): string;
  localeOf(person: PersonId, fallback: Locale): Locale;
}

export function createDirectory(people: readonly Person[]): Directory {
  const byId = new Map(people.map((p) => [p.id, p]));
  const byPlatform = new Map<string, string>();
  for (const p of people) {
    if (p.slack) byPlatform.set(`slack:${p.slack}`, p.id);
    if (p.feishu) byPlatform.set(`feishu:${p.feishu}`, p.id);
    byPlatform.set(`local:${p.id}`, p.id);
  }
  const split = (id: PersonId) => {
    const i = id.indexOf(':');
    return i < 0 ? null : { platform: id.slice(0, i), userId: id.slice(i + 1) };
  };
  return {
    get: (id) => byId.get(id),
    fromPlatform: (platform, userId) => byPlatform.get(`${platform}:${userId}`) ?? `${platform}:${userId}`,
    platformId(person, platform) {
      const p = byId.get(person);
      if (p) return platform === 'local' ? p.id : (p[platform] ?? undefined);
      const s = split(person);
      return s && s.platform === platform ? s.userId : undefined;
    },
    withRole: (role) => people.filter((p) => p.roles.includes(role)).map((p) => p.id),
    hasRole: (person, role) => byId.get(person)?.roles.includes(role) ?? false,
    displayName: (person) => byId.get(person)?.name ?? split(person)?.userId ?? person,
    localeOf: (person, fallback) => byId.get(person)?.locale ?? fallback,
  };
}

/**
 * Who fills a role on this release: the requester; people the form named for the role;
 * otherwise everyone the config gives that role.
 */
export function peopleInRole(role: string, release: Release, directory: Directory): PersonId[] {
  if (role === 'requester') return [release.requester];
  const named = release.people[role];
  if (named?.length) return [...named];
  return directory.withRole(role);
}

export function peopleInRoles(roles: readonly string[], release: Release, directory: Directory): PersonId[] {
  return [...new Set(roles.flatMap((r) => peopleInRole(r, release, directory)))];
}
