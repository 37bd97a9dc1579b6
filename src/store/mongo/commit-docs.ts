import type { AuditEvent } from '../../domain/types.js';
import type { CommitResult, OutboxEntry, Transition } from '../port.js';
import { derivedFields, type EventDoc, type OutboxDoc, RECENT_KEYS, type ReleaseDoc, toMs } from './docs.js';

export const OK: CommitResult = { ok: true };
export const DUPLICATE: CommitResult = { ok: false, reason: 'duplicate' };
export const CONFLICT: CommitResult = { ok: false, reason: 'conflict' };

/**
 * How the store writes a release on one server: in a transaction on MongoDB (commit-in-transaction.ts),
 * with tickets on FerretDB (ferretdb/commit-with-tickets.ts). `saw` is told the release versions the
 * writer found (releaseLanes).
 */
export interface CommitWriter {
  create(t: Omit<Transition, 'expectedVersion'>): Promise<CommitResult>;
  commit(t: Transition, saw: (version: number) => void): Promise<CommitResult>;
}

/**
 * The documents one commit writes besides its release document, on either server: its audit events and
 * outbox entries, tagged with the release version the commit gives (`commitVersion`). Readers count
 * them once the release has that version (seen-versions.ts), so the readers are the same whether the
 * commit ran in a transaction (MongoDB) or wrote them before its release write (FerretDB).
 */
export interface CommitDocs {
  events: EventDoc[];
  outbox: OutboxDoc[];
}

export function commitDocs(
  t: { events: AuditEvent[]; outbox: OutboxEntry[] },
  commitVersion: number,
): CommitDocs {
  const stagedAtMs = Date.now();
  return {
    events: t.events.map((event) => ({
      _id: `${event.releaseId}#${event.seq}`,
      releaseId: event.releaseId,
      seq: event.seq,
      commitVersion,
      event,
    })),
    outbox: t.outbox.map((o, position) => ({
      _id: o.key,
      releaseId: o.releaseId,
      effect: o.effect,
      version: o.version,
      commitVersion,
      createdAt: o.createdAt,
      attempts: o.attempts,
      notBefore: o.notBefore,
      notBeforeMs: toMs(o.notBefore),
      stagedAtMs,
      position,
      delivered: false,
    })),
  };
}

/** The request keys with `key` added (newest last, at most RECENT_KEYS), each with its time. */
export function withKey(
  current: Pick<ReleaseDoc, 'idemKeys' | 'idemKeyTimes'>,
  key: string | undefined,
  atMs: number,
): Pick<ReleaseDoc, 'idemKeys' | 'idemKeyTimes'> {
  const times = current.idemKeys.map((_, i) => current.idemKeyTimes?.[i] ?? atMs);
  if (key === undefined) return { idemKeys: current.idemKeys, idemKeyTimes: times };
  return {
    idemKeys: [...current.idemKeys, key].slice(-RECENT_KEYS),
    idemKeyTimes: [...times, atMs].slice(-RECENT_KEYS),
  };
}

/** The release document a create writes. */
export function newReleaseDoc(t: Omit<Transition, 'expectedVersion'>, keyTime: number): ReleaseDoc {
  return {
    _id: t.release.id,
    release: t.release,
    ...withKey({ idemKeys: [] }, t.idempotencyKey, keyTime),
    ...derivedFields(t.release),
  };
}
