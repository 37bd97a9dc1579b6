import type { Collection, Db, Filter } from 'mongodb';
import type { BoardSession, SignInCheck, SignInLink } from '../port.js';
import { toMs } from './docs.js';
import { isDuplicateKey } from './duplicate-key.js';

/** Links and sessions that ended this long ago are forgotten: a reused link still reads "used" for a day. */
const KEEP_ENDED_MS = 24 * 3_600_000;

interface LinkDoc {
  _id: string; // the link's hash
  person: string;
  createdAtMs: number;
  expiresAtMs: number;
}
/** That a link was used: inserted once, by `_id`, so of two redeemers exactly one succeeds. */
interface UseDoc {
  _id: string; // the link's hash
  atMs: number;
  expiresAtMs: number;
}
interface SessionDoc {
  _id: string; // the session's hash
  person: string;
  createdAtMs: number;
  expiresAtMs: number;
}

export function boardAuthCollections(db: Db) {
  return {
    links: db.collection<LinkDoc>('sign_in_links'),
    uses: db.collection<UseDoc>('sign_in_uses'),
    sessions: db.collection<SessionDoc>('board_sessions'),
  };
}

/**
 * Sign-in links and sessions of the release board on MongoDB. Using a link is a unique insert of its hash
 * (single-winner on MongoDB and FerretDB alike), not a conditional update of the link.
 */
export function boardAuth(db: Db) {
  const { links, uses, sessions } = boardAuthCollections(db);
  const check = async (hash: string, nowMs: number): Promise<SignInCheck> => {
    const link = await links.findOne({ _id: hash });
    if (!link) return { ok: false, reason: 'unknown' };
    if (await uses.findOne({ _id: hash }, { projection: { _id: 1 } })) return { ok: false, reason: 'used' };
    if (link.expiresAtMs <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, person: link.person };
  };
  const forget = <T extends { _id: string; expiresAtMs: number }>(
    collection: Collection<T>,
    before: number,
  ) => collection.deleteMany({ expiresAtMs: { $lt: before } } as Filter<T>);

  return {
    async ensureIndexes(): Promise<void> {
      for (const c of [links, uses, sessions]) await c.createIndex({ expiresAtMs: 1 }, { name: 'expiry' });
    },
    async saveLink(link: SignInLink): Promise<void> {
      const createdAtMs = toMs(link.createdAt);
      await links.insertOne({
        _id: link.hash,
        person: link.person,
        createdAtMs,
        expiresAtMs: toMs(link.expiresAt),
      });
      const before = createdAtMs - KEEP_ENDED_MS;
      await Promise.all([forget(links, before), forget(uses, before), forget(sessions, before)]);
    },
    checkLink: (hash: string, now: string) => check(hash, toMs(now)),
    async redeemLink(hash: string, now: string): Promise<SignInCheck> {
      const nowMs = toMs(now);
      const seen = await check(hash, nowMs);
      if (!seen.ok) return seen;
      const link = await links.findOne({ _id: hash });
      try {
        await uses.insertOne({ _id: hash, atMs: nowMs, expiresAtMs: link?.expiresAtMs ?? nowMs });
        return seen;
      } catch (err) {
        if (isDuplicateKey(err)) return { ok: false, reason: 'used' };
        throw err;
      }
    },
    async saveSession(s: BoardSession): Promise<void> {
      await sessions.insertOne({
        _id: s.hash,
        person: s.person,
        createdAtMs: toMs(s.createdAt),
        expiresAtMs: toMs(s.expiresAt),
      });
    },
    async findSession(hash: string, now: string): Promise<BoardSession | null> {
      const doc = await sessions.findOne({ _id: hash });
      if (!doc || doc.expiresAtMs <= toMs(now)) return null;
      return {
        hash,
        person: doc.person,
        createdAt: new Date(doc.createdAtMs).toISOString(),
        expiresAt: new Date(doc.expiresAtMs).toISOString(),
      };
    },
    async endSession(hash: string): Promise<void> {
      await sessions.deleteOne({ _id: hash });
    },
  };
}
