import type { BoardSession, SignInCheck, SignInLink } from '../port.js';
import type { SqliteDb } from './open.js';
import { toMs } from './release-rows.js';

/** Links and sessions that ended this long ago are forgotten: a reused link still reads "used" for a day. */
const KEEP_ENDED_MS = 24 * 3_600_000;

type LinkRow = { person: string; expires_at: number; used_at: number | null };
type SessionRow = { hash: string; person: string; created_at: number; expires_at: number };

const ms = (iso: string): number => toMs(iso) ?? 0;

/** Sign-in links and sessions of the release board on SQLite. */
export function boardAuth(db: SqliteDb) {
  const insertLink = db.prepare(
    'INSERT INTO sign_in_links (hash, person, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const forgetLinks = db.prepare('DELETE FROM sign_in_links WHERE expires_at < ?');
  const forgetSessions = db.prepare('DELETE FROM board_sessions WHERE expires_at < ?');
  const linkStmt = db.prepare<[string], LinkRow>(
    'SELECT person, expires_at, used_at FROM sign_in_links WHERE hash = ?',
  );
  // One statement decides: of two redeemers, only one changes the row.
  const useLink = db.prepare(
    'UPDATE sign_in_links SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?',
  );
  const insertSession = db.prepare(
    'INSERT INTO board_sessions (hash, person, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const sessionStmt = db.prepare<[string, number], SessionRow>(
    'SELECT hash, person, created_at, expires_at FROM board_sessions WHERE hash = ? AND expires_at > ?',
  );
  const deleteSession = db.prepare('DELETE FROM board_sessions WHERE hash = ?');

  const check = (hash: string, nowMs: number): SignInCheck => {
    const row = linkStmt.get(hash);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.used_at !== null) return { ok: false, reason: 'used' };
    if (row.expires_at <= nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, person: row.person };
  };

  return {
    saveLink(link: SignInLink): void {
      const created = ms(link.createdAt);
      db.transaction(() => {
        forgetLinks.run(created - KEEP_ENDED_MS);
        forgetSessions.run(created - KEEP_ENDED_MS);
        insertLink.run(link.hash, link.person, created, ms(link.expiresAt));
      }).immediate();
    },
    checkLink: (hash: string, now: string): SignInCheck => check(hash, ms(now)),
    redeemLink(hash: string, now: string): SignInCheck {
      const nowMs = ms(now);
      if (useLink.run(nowMs, hash, nowMs).changes === 1) {
        const row = linkStmt.get(hash);
        if (row) return { ok: true, person: row.person };
      }
      const seen = check(hash, nowMs);
      // Redeemed by another attempt between the update and this read: used.
      return seen.ok ? { ok: false, reason: 'used' } : seen;
    },
    saveSession(s: BoardSession): void {
      insertSession.run(s.hash, s.person, ms(s.createdAt), ms(s.expiresAt));
    },
    findSession(hash: string, now: string): BoardSession | null {
      const row = sessionStmt.get(hash, ms(now));
      return row
        ? {
            hash: row.hash,
            person: row.person,
            createdAt: new Date(row.created_at).toISOString(),
            expiresAt: new Date(row.expires_at).toISOString(),
          }
        : null;
    },
    endSession(hash: string): void {
      deleteSession.run(hash);
    },
  };
}
