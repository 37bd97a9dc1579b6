import type { GoliveConfig } from '../config/schema.js';
import type { PresentContext } from '../conversation/present/context.js';
import type { Directory } from '../domain/directory.js';
import type { AuditEvent, PersonId, Release } from '../domain/types.js';
import type { FlowSpec } from '../flow/schema.js';
import type { Locale } from '../i18n/text.js';
import { newSecret, secretHash } from '../service/board-link.js';
import type { ReleasePage, ReleaseSearch, ReleaseStore, SignInCheck } from '../store/port.js';
import { type CalendarView, readCalendar } from './calendar.js';
import { type MeasuredRelease, type MetricsGrouping, type MetricsReport, weeklyMetrics } from './metrics.js';
import { type ChainCheck, checkChain } from './timeline.js';
import { canSee, searchScope, type Viewer, viewerOf } from './visibility.js';
import { lastWeeks } from './weeks.js';

export interface BoardReaderOptions {
  config: GoliveConfig;
  store: ReleaseStore;
  directory: Directory;
  flowOf(release: Pick<Release, 'flowId' | 'flowVersion'>): Promise<FlowSpec>;
  present(flow: FlowSpec, locale: Locale): PresentContext;
  now: () => Date;
  /** How long a board session lasts, in ms. */
  sessionMs: number;
}

export type ReleaseLookup =
  | { found: true; release: Release; events: AuditEvent[]; flow: FlowSpec; chain: ChainCheck }
  | { found: false; why: 'missing' | 'forbidden' };

/** A signed-in browser: the person, and the session's secret for its cookie. */
export interface NewSession {
  secret: string;
  person: PersonId;
  expiresAt: string;
}

/** How many releases the metrics read at most (the newest first), and how many trails at a time. */
const METRICS_MAX_RELEASES = 5_000;
const TRAILS_AT_ONCE = 200;

/**
 * What the release board reads, as the viewer may see it: searches scoped to their teams, a release with
 * its audit trail checked, calendar views, weekly metrics; and sign-in links and sessions. The board's
 * web pages (adapters/board) only translate requests to these calls and render what they return.
 */
export function createBoardReader(o: BoardReaderOptions) {
  const { config, store } = o;
  const viewer = (person: PersonId): Viewer => viewerOf(config, person);

  async function release(v: Viewer, id: string): Promise<ReleaseLookup> {
    const r = await store.load(id);
    if (!r) return { found: false, why: 'missing' };
    if (!canSee(config, v, r)) return { found: false, why: 'forbidden' };
    const [events, flow] = await Promise.all([store.events(id), o.flowOf(r)]);
    return { found: true, release: r, events, flow, chain: checkChain(r, events) };
  }

  /** Every release matching `q` up to `max`, newest first, page by page. */
  async function all(q: Omit<ReleaseSearch, 'limit' | 'after'>, max: number): Promise<Release[]> {
    const out: Release[] = [];
    let after: ReleaseSearch['after'];
    do {
      const page = await store.searchReleases({ ...q, limit: 500, ...(after ? { after } : {}) });
      out.push(...page.releases);
      after = page.next;
    } while (after && out.length < max);
    return out.slice(0, max);
  }

  async function metrics(
    v: Viewer,
    weeksBack: number,
    grouping: MetricsGrouping,
    filter: { team?: string; system?: string },
    locale: Locale,
  ): Promise<MetricsReport> {
    const weeks = lastWeeks(o.now(), config.timezone, weeksBack);
    const from = weeks[0]?.start.toISOString();
    const to = weeks.at(-1)?.end.toISOString();
    const scope = searchScope(config, v);
    const base = {
      ...(scope ? { visibleTo: scope } : {}),
      ...(filter.system ? { system: filter.system } : {}),
      from,
      to,
    };
    // Launched in the weeks (lead time, failures), and created in them (gates decided, not yet launched).
    const [launched, created] = await Promise.all([
      all({ ...base, dateField: 'launched' }, METRICS_MAX_RELEASES),
      all({ ...base, dateField: 'created' }, METRICS_MAX_RELEASES),
    ]);
    const byId = new Map([...launched, ...created].map((r) => [r.id, r]));
    const teamOf = (r: Release) =>
      r.team ?? config.teams.find((t) => t.members.includes(r.requester))?.id ?? '';
    const releases = [...byId.values()].filter((r) => !filter.team || teamOf(r) === filter.team);
    const measured: MeasuredRelease[] = [];
    for (let i = 0; i < releases.length; i += TRAILS_AT_ONCE) {
      const chunk = releases.slice(i, i + TRAILS_AT_ONCE);
      const trails = await store.eventsOf(chunk.map((r) => r.id));
      for (const r of chunk)
        measured.push({
          release: r,
          events: trails.get(r.id) ?? [],
          present: o.present(await o.flowOf(r), locale),
        });
    }
    return weeklyMetrics(measured, weeks, grouping === 'team' ? teamOf : (r) => r.system);
  }

  const calendar = (v: Viewer, anchor: Date, view: 'week' | 'month'): Promise<CalendarView> =>
    readCalendar(store, config, v, anchor, view);

  return {
    config,
    directory: o.directory,
    viewer,
    flowOf: o.flowOf,
    present: o.present,
    now: o.now,
    search(v: Viewer, q: Omit<ReleaseSearch, 'visibleTo'>): Promise<ReleasePage> {
      const scope = searchScope(config, v);
      return store.searchReleases({ ...q, ...(scope ? { visibleTo: scope } : {}) });
    },
    release,
    calendar,
    metrics,
    /** What a sign-in link would do, without using it. */
    checkLink: (secret: string): Promise<SignInCheck> =>
      store.checkSignInLink(secretHash(secret), o.now().toISOString()),
    /** Uses a sign-in link; on success a new session for its person. */
    async redeemLink(
      secret: string,
    ): Promise<{ ok: true; session: NewSession } | Exclude<SignInCheck, { ok: true }>> {
      const now = o.now();
      const used = await store.redeemSignInLink(secretHash(secret), now.toISOString());
      if (!used.ok) return used;
      const session: NewSession = {
        secret: newSecret(),
        person: used.person,
        expiresAt: new Date(now.getTime() + o.sessionMs).toISOString(),
      };
      await store.saveSession({
        hash: secretHash(session.secret),
        person: session.person,
        createdAt: now.toISOString(),
        expiresAt: session.expiresAt,
      });
      return { ok: true, session };
    },
    /** The viewer of a session cookie, or null when it is unknown, ended or expired. */
    async session(secret: string): Promise<{ viewer: Viewer; expiresAt: string } | null> {
      const s = await store.findSession(secretHash(secret), o.now().toISOString());
      return s ? { viewer: viewer(s.person), expiresAt: s.expiresAt } : null;
    },
    signOut: (secret: string) => store.endSession(secretHash(secret)),
  };
}

export type BoardReader = ReturnType<typeof createBoardReader>;
