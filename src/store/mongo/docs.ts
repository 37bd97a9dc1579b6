import type { AuditEvent, Effect, MessageRef, Release } from '../../domain/types.js';

/**
 * The documents the MongoDB store keeps. One release is one document: the release as the core sees it
 * and the recent request keys, plus top-level copies of the fields the queries filter
 * on (plain values or arrays of plain values, so every query is an indexable equality/range match and
 * needs no `$elemMatch`, which FerretDB v1 lacks).
 */
export interface ReleaseDoc {
  _id: string;
  release: Release;
  /** Request keys applied to this release, newest last, bounded (see RECENT_KEYS). Multikey index. */
  idemKeys: string[];
  /**
   * When each of `idemKeys` was applied (epoch ms, same order), for forgetting old keys. Absent in
   * documents written before keys had times; their keys get the time of the next commit.
   */
  idemKeyTimes?: number[];
  version: number;
  number: number;
  status: Release['status'];
  system: string;
  requester: string;
  flowId: string;
  createdAtMs: number;
  /** Window as epoch ms; a window given by one end only is that instant. Null without a window. */
  winStartMs: number | null;
  winEndMs: number | null;
  /** A single-instant window (start = end) overlaps [from, to) when it lies inside it. */
  winInstant: boolean;
  /** People the release awaits, only while it is open (a closed one awaits nobody). */
  awaitingOpen: string[];
  /** Due times (epoch ms) of its timers, only while it is open. */
  timerDueMs: number[];
  /** The requester's team when it was created (board-fields.ts), null without one. */
  team?: string | null;
  /** When it launched (epoch ms), null before. */
  launchedAtMs?: number | null;
  /** Who approved or rejected at its gates (multikey index). */
  deciders?: string[];
}

/** One audit event, written by the commit that makes it count (commit-docs.ts). */
export interface EventDoc {
  _id: string; // `${releaseId}#${seq}`
  releaseId: string;
  seq: number;
  commitVersion: number;
  event: AuditEvent;
}

/** One outbox entry, written by the commit that makes it count (commit-docs.ts). */
export interface OutboxDoc {
  _id: string; // the effect key
  releaseId: string;
  effect: Effect;
  version: number;
  /** The release version whose commit makes this entry real; until the release has it, it is not handed out. */
  commitVersion: number;
  createdAt: string;
  attempts: number;
  notBefore: string;
  notBeforeMs: number;
  /** Insertion order (ms, then position) so entries are handed out in the order they were decided. */
  stagedAtMs: number;
  position: number;
  delivered: boolean;
  lastError?: string;
  /** Who is sending it and since when (epoch ms); null or absent when no one is (outbox.ts). */
  claimedBy?: string | null;
  claimedAtMs?: number | null;
}

/** FerretDB only: a claim to write something; see ferretdb/tickets.ts. */
export interface TicketDoc {
  _id: string; // `${base}#${attempt}`
  base: string;
  attempt: number;
  owner: string;
  atMs: number;
  /**
   * What a commit's writer is about to write besides the release document (see ferretdb/staging.ts): recorded
   * with its ticket, before any of it, so whoever takes over from a dead writer removes it by `_id`.
   */
  staged?: StagedIds;
}

export interface StagedIds {
  events: string[];
  outbox: string[];
}

/**
 * The messages the bot may edit for one release (status card, action cards), one document per release
 * so that all of them are one `_id` read. Keys are escaped into field names (see refs-and-flows.ts).
 */
export interface MessageRefsDoc {
  _id: string; // the release id
  refs: Record<string, MessageRef>;
}

/** Which release a request key was applied to; see request-keys.ts. */
export interface RequestKeyDoc {
  _id: string; // the request key
  releaseId: string;
}

export interface FlowDoc {
  _id: string; // `${id}@${version}`
  hash: string;
  /** Kept as JSON text: flow texts are free-form and must come back exactly as written. */
  json: string;
}

export interface NumberDoc {
  _id: string; // `release#${n}`
  n: number;
}

/** How many request keys a release remembers; platform retries come within minutes, not 200 actions later. */
export const RECENT_KEYS = 200;

export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${JSON.stringify(iso)}`);
  return ms;
}

/** The query fields of a release document, derived from the release. */
export function derivedFields(r: Release) {
  const start = r.window?.start ?? r.window?.end;
  const end = r.window?.end ?? r.window?.start;
  const open = r.status === 'active';
  return {
    version: r.version,
    number: r.number,
    status: r.status,
    system: r.system,
    requester: r.requester,
    flowId: r.flowId,
    createdAtMs: toMs(r.createdAt),
    winStartMs: start === undefined ? null : toMs(start),
    winEndMs: end === undefined ? null : toMs(end),
    winInstant: start !== undefined && toMs(start) === toMs(end ?? start),
    awaitingOpen: open ? [...new Set(r.awaiting)] : [],
    timerDueMs: open ? r.timers.map((t) => toMs(t.dueAt)) : [],
    ...boardFields(r),
  };
}

/** The release board's query fields of a release document, derived from the release. */
export function boardFields(r: Release) {
  return {
    team: r.team ?? null,
    launchedAtMs: r.launchedAt === undefined ? null : toMs(r.launchedAt),
    deciders: r.deciders ?? [],
  };
}
