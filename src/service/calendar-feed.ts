import { timingSafeEqual } from 'node:crypto';
import { canSee } from '../board/visibility.js';
import {
  allFreezes,
  freezeConflicts,
  HOLDS_WINDOW,
  overlapConflicts,
  overlaps,
  plannedWindow,
  type ScopedFreeze,
} from '../calendar/conflicts.js';
import { type FeedWindow, icalFeed } from '../calendar/ical.js';
import type { GoliveConfig, Team } from '../config/schema.js';
import { releaseLabel, releaseState } from '../conversation/present/calendar.js';
import type { Directory } from '../domain/directory.js';
import type { Release } from '../domain/types.js';
import type { FlowSpec } from '../flow/schema.js';
import { say } from '../i18n/say.js';
import { localize } from '../i18n/text.js';
import type { ReleaseStore } from '../store/port.js';
import { tokenHash } from './pipeline.js';

const DAY_MS = 86_400_000;
/** What a feed holds: windows from a quarter ago to a year ahead (a subscribed calendar keeps older ones). */
const PAST_DAYS = 92;
const AHEAD_DAYS = 366;
/** Releases a feed reads at most. */
const FEED_MAX = 2_000;

export interface CalendarFeedOptions {
  config: GoliveConfig;
  store: Pick<ReleaseStore, 'list'>;
  directory: Directory;
  flowOf(release: Pick<Release, 'flowId' | 'flowVersion'>): Promise<FlowSpec>;
  now: () => Date;
  /** The release board's base URL: events link there, and its host names their UIDs. */
  boardUrl: string;
}

/** Whose releases a feed shows: one team's, or every release (the config's own token). */
export type FeedScope = { team: Team } | { team?: undefined };

const sameHash = (token: string, hex: string) =>
  timingSafeEqual(Buffer.from(tokenHash(token), 'hex'), Buffer.from(hex, 'hex'));

/**
 * The iCal feed per team (`/calendar.ics?token=…`): a read-only token from the config (kept as its
 * SHA-256) opens that team's planned windows and every freeze window, in the team's language.
 */
export function createCalendarFeed(o: CalendarFeedOptions) {
  const { config } = o;
  const board = o.boardUrl.replace(/\/+$/, '');
  const host = new URL(board).host || 'golive';
  const l = config.locale;

  /** The scope a token opens; undefined for a missing or unknown token. */
  function scopeOf(token: string | undefined): FeedScope | undefined {
    if (!token) return undefined;
    const team = config.teams.find((t) => t.calendarTokenSha256 && sameHash(token, t.calendarTokenSha256));
    if (team) return { team };
    return config.calendarTokenSha256 && sameHash(token, config.calendarTokenSha256) ? {} : undefined;
  }

  const freezeName = (f: ScopedFreeze) => {
    const reason = localize(f.reason, l);
    const system = f.system && config.systems.find((s) => s.id === f.system);
    return f.system
      ? say('cal_system_freeze', l, { reason, system: system ? localize(system.name, l) : f.system })
      : reason;
  };

  async function render(scope: FeedScope): Promise<string> {
    const now = o.now();
    const from = new Date(now.getTime() - PAST_DAYS * DAY_MS);
    const to = new Date(now.getTime() + AHEAD_DAYS * DAY_MS);
    const listed = await o.store.list({
      windowFrom: from.toISOString(),
      windowTo: to.toISOString(),
      limit: FEED_MAX,
    });
    // A team's feed shows what the board shows its members: the team's releases (no one's own ties).
    const viewer = { person: '', admin: !scope.team, teams: scope.team ? [scope.team.id] : [] };
    const held = listed.filter((r) => HOLDS_WINDOW.has(r.status));
    const shown = held.filter((r) => canSee(config, viewer, r));
    const windows: FeedWindow[] = [];
    for (const r of shown) {
      const window = plannedWindow(r.window);
      if (!window) continue;
      const flow = await o.flowOf(r);
      const url = `${board}/board/releases/${r.id}`;
      const clash = overlapConflicts(r, window, held).flatMap((c) =>
        c.kind === 'overlap' ? [c.release] : [],
      );
      const frozen = freezeConflicts(config, r.system, window, now).flatMap((c) =>
        c.kind === 'freeze' ? [freezeName(c)] : [],
      );
      const sep = l === 'zh-CN' ? '、' : ', ';
      windows.push({
        release: r,
        window,
        summary: say('feed_summary', l, { label: releaseLabel(r, config, l), title: r.title }),
        description: [
          say('feed_status', l, { status: releaseState(r, flow, l) }),
          say('feed_flow', l, { flow: localize(flow.title, l) }),
          say('feed_requester', l, { name: o.directory.displayName(r.requester) }),
          ...(clash.length ? [say('feed_overlap', l, { ids: clash.join(sep) })] : []),
          ...(frozen.length ? [say('feed_frozen', l, { reason: frozen.join(sep) })] : []),
          url,
        ].join('\n'),
        url,
      });
    }
    const range = { start: from, end: to };
    const freezes = allFreezes(config)
      .filter((f) => overlaps(range, { start: new Date(f.start), end: new Date(f.end) }))
      .map((f) => ({ freeze: f, summary: say('feed_freeze', l, { reason: freezeName(f) }) }));
    return icalFeed({
      name: scope.team
        ? say('feed_name', l, { team: localize(scope.team.name, l) })
        : say('feed_name_all', l),
      host,
      windows,
      freezes,
      now,
    });
  }

  return { scopeOf, render };
}

export type CalendarFeed = ReturnType<typeof createCalendarFeed>;
