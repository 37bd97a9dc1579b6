import type {
  AuditEvent,
  Effect,
  MessageRef,
  PersonId,
  Release,
  ReleaseStatus,
  TimerState,
} from '../domain/types.js';
import type { FlowSpec } from '../flow/schema.js';

/** A message effect decided by a transition, stored with it and delivered afterwards. */
export interface OutboxEntry {
  /** Stable: `${releaseId}#${version}#${index}`; delivery is keyed by it so nothing is sent twice. */
  key: string;
  releaseId: string;
  effect: Effect;
  /** The release version whose transition produced it. */
  version: number;
  createdAt: string;
  attempts: number;
  /** ISO time before which no new attempt is made (backoff). */
  notBefore: string;
}

/** The outcome of writing a transition. */
export type CommitResult =
  | { ok: true }
  /** Someone else wrote first: reload, judge again. */
  | { ok: false; reason: 'conflict' }
  /** This request was already applied (a retried delivery). */
  | { ok: false; reason: 'duplicate' };

export interface Transition {
  release: Release;
  /** The version the release had when it was loaded; the write succeeds only if it still has it. */
  expectedVersion: number;
  events: AuditEvent[];
  outbox: OutboxEntry[];
  /** Key of the request (platform delivery id) that caused it; absent for timers. */
  idempotencyKey?: string;
}

export interface ReleaseQuery {
  status?: ReleaseStatus[];
  system?: string;
  requester?: PersonId;
  flowId?: string;
  /** Releases whose window overlaps [from, to). */
  windowFrom?: string;
  windowTo?: string;
  limit?: number;
}

/** Where a page of a search ends: the next page holds releases older than this one. */
export interface ReleaseCursor {
  createdAt: string;
  number: number;
}

/** Searches count their matches up to this many (ReleasePage.total). */
export const SEARCH_COUNT_CAP = 1000;

/** A search of the release board: every filter optional, newest first, a page at a time. */
export interface ReleaseSearch {
  /** A release id ("REL-12", "12") or a piece of its title or system (case-insensitive). */
  text?: string;
  status?: ReleaseStatus[];
  system?: string;
  flowId?: string;
  requester?: PersonId;
  /** Someone who approved or rejected at one of its gates. */
  decider?: PersonId;
  /** Which date `from` and `to` bound: when it was created (default) or when it launched. */
  dateField?: 'created' | 'launched';
  /** ISO; the range is [from, to). */
  from?: string;
  to?: string;
  /** Only releases of these teams or requested by this person; absent: every release (admins). */
  visibleTo?: { teams: readonly string[]; person: PersonId };
  limit: number;
  /** The `next` of the previous page. */
  after?: ReleaseCursor;
}

export interface ReleasePage {
  releases: Release[];
  /**
   * How many releases match in all (every page), counted up to SEARCH_COUNT_CAP: beyond it `total` is the
   * cap and `totalCapped` is set ("1,000+"), so a broad search costs what a narrow one does.
   */
  total: number;
  totalCapped?: boolean;
  /** Where the next page starts; absent on the last page. */
  next?: ReleaseCursor;
}

/** A sign-in link of the release board, as stored: only the SHA-256 of its secret (`hash`). */
export interface SignInLink {
  hash: string;
  person: PersonId;
  createdAt: string;
  expiresAt: string;
}

/** What a sign-in link is worth now: the person it signs in, or why not. */
export type SignInCheck =
  | { ok: true; person: PersonId }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

/** A signed-in browser of the release board, as stored: only the SHA-256 of its cookie (`hash`). */
export interface BoardSession {
  hash: string;
  person: PersonId;
  createdAt: string;
  expiresAt: string;
}

/**
 * What the release board keeps besides releases: sign-in links and sessions. Secrets are stored
 * hashed; whoever reads the database cannot sign in with what is there.
 */
export interface BoardAuthStore {
  /** Stores a new sign-in link; also forgets links and sessions that ended more than a day before `createdAt`. */
  saveSignInLink(link: SignInLink): Promise<void>;
  /** What the link would do now, without using it (the page that asks "sign in?"). */
  checkSignInLink(hash: string, now: string): Promise<SignInCheck>;
  /** Uses the link: of several attempts (two tabs, a retry), exactly one gets `ok`; the rest read `used`. */
  redeemSignInLink(hash: string, now: string): Promise<SignInCheck>;
  saveSession(session: BoardSession): Promise<void>;
  /** The session with this hash if it has not expired (or been ended) by `now`. */
  findSession(hash: string, now: string): Promise<BoardSession | null>;
  endSession(hash: string): Promise<void>;
}

/**
 * The store port: what the core needs from persistence. The embedded (SQLite) and MongoDB stores
 * implement it and pass the same contract suite (`test/store/contract.ts`).
 */
export interface ReleaseStore extends BoardAuthStore {
  readonly name: string;
  /** Creates tables/indexes. Idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Is the store reachable now (for /readyz). */
  ping(): Promise<boolean>;

  /** Hands out the next release number (REL-n), never the same twice. */
  nextReleaseNumber(): Promise<number>;
  /** Writes a new release with its first events and outbox; duplicate if the key was seen. */
  create(t: Omit<Transition, 'expectedVersion'>): Promise<CommitResult>;
  /** Conditional write: state, events, outbox and idempotency key in one atomic step. */
  commit(t: Transition): Promise<CommitResult>;
  load(id: string): Promise<Release | null>;
  /** The release a request key was applied to, if it was. */
  findByIdempotencyKey(key: string): Promise<{ releaseId: string } | null>;
  /**
   * Forgets the request keys of transitions older than `before` (ISO); returns how many. A key's
   * time is that of its transition's newest event. Only a platform's retries need a key, and they
   * come within hours, so the core prunes in the background instead of keeping every key forever.
   */
  forgetRequestKeys(before: string): Promise<number>;

  /**
   * Open releases awaiting this person's action: the newest `limit` of them, and how many there are in
   * all (someone may await hundreds; a page is what can be shown, the total says how many more there are).
   */
  pendingFor(person: PersonId, limit: number): Promise<{ releases: Release[]; total: number }>;
  /**
   * Open releases this person requested, a page the same way: the newest `limit` and how many in all
   * (a requester with many open releases is told how many more there are, not shown a silent cut).
   */
  openBy(person: PersonId, limit: number): Promise<{ releases: Release[]; total: number }>;
  /** Releases by state / system / requester / window, newest first. */
  list(q: ReleaseQuery): Promise<Release[]>;
  /** The release board's search: a page of matching releases, newest first, and how many match. */
  searchReleases(q: ReleaseSearch): Promise<ReleasePage>;
  /** Timers due at or before `now` across all open releases (for recovery and the local scheduler check). */
  dueTimers(now: string): Promise<{ releaseId: string; timer: TimerState }[]>;
  /** Every timer of open releases (to re-create scheduler jobs after a crash). */
  allTimers(): Promise<{ releaseId: string; timer: TimerState }[]>;

  /** The audit trail of a release, oldest first. */
  events(releaseId: string): Promise<AuditEvent[]>;
  /** The audit trails of several releases at once (board metrics), each oldest first; absent ids are left out. */
  eventsOf(releaseIds: readonly string[]): Promise<Map<string, AuditEvent[]>>;
  /** One event of the trail by its sequence number (what a thread reply or closed card says happened). */
  event(releaseId: string, seq: number): Promise<AuditEvent | null>;

  /** Undelivered outbox entries whose `notBefore` has passed. */
  pendingOutbox(now: string, limit: number): Promise<OutboxEntry[]>;
  /**
   * Undelivered entries still waiting out a backoff (`notBefore` after `now`), in the order they were
   * decided: what holds later messages to the same destination back. Few — only failed sends.
   */
  heldOutbox(now: string, limit: number): Promise<OutboxEntry[]>;
  /**
   * Claims an entry for delivery (single-winner across processes); false if another process holds
   * or already finished it. A claim older than `staleMs` may be taken over.
   */
  claimOutbox(key: string, owner: string, now: string, staleMs: number): Promise<boolean>;
  /**
   * Claims several entries as `claimOutbox` does each (one write where the store can: a round's
   * messages of one release); returns the keys won, in the order given.
   */
  claimOutboxMany(keys: readonly string[], owner: string, now: string, staleMs: number): Promise<string[]>;
  /**
   * Renews a claim `owner` holds, as of `now` (a lease: a live sender renews it well within `staleMs`, so
   * only a dead sender's claim goes stale); false if it no longer holds it (taken over, or finished).
   */
  renewOutboxClaim(key: string, owner: string, now: string): Promise<boolean>;
  /** Marks an entry delivered; it is never handed out again. */
  markDelivered(key: string): Promise<void>;
  /**
   * Records a failed attempt and when to try again, releasing the claim. `counted: false` leaves the
   * attempts as they were: the message was not tried (its platform is not attached yet).
   */
  deferOutbox(key: string, notBefore: string, error: string, counted?: boolean): Promise<void>;
  /**
   * Puts an entry off until `notBefore` without counting an attempt: it waits behind an earlier message
   * to the same destination, which is not due before then. Never brings an entry forward.
   */
  postponeOutbox(key: string, notBefore: string): Promise<void>;

  /** Remembers a message the bot sent for a release (status card, action cards) so it can edit it. */
  saveMessageRef(releaseId: string, key: string, ref: MessageRef): Promise<void>;
  messageRefs(releaseId: string): Promise<Record<string, MessageRef>>;

  /** Keeps every flow version a release may pin; refuses a changed definition under an old version. */
  putFlow(flow: FlowSpec): Promise<'stored' | 'same' | 'changed'>;
  getFlow(id: string, version: number): Promise<FlowSpec | null>;
}
