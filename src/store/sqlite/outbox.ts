import type { Effect } from '../../domain/types.js';
import type { OutboxEntry } from '../port.js';
import type { SqliteDb } from './open.js';
import { toMs } from './release-rows.js';

type OutboxRow = {
  key: string;
  release_id: string;
  version: number;
  effect: string;
  created_at: string;
  attempts: number;
  not_before: string;
};

/**
 * Delivery bookkeeping of the outbox. A claim is a conditional UPDATE, so of two processes claiming
 * the same entry exactly one sees a changed row. A claim whose holder died (older than `staleMs`) may be
 * taken over; a delivered entry is never handed out or claimed again.
 */
export function outboxStore(db: SqliteDb) {
  const pendingStmt = db.prepare<[number, number], OutboxRow>(`
    SELECT key, release_id, version, effect, created_at, attempts, not_before FROM outbox
    WHERE delivered_at IS NULL AND not_before_ms <= ? ORDER BY seq LIMIT ?`);
  const heldStmt = db.prepare<[number, number], OutboxRow>(`
    SELECT key, release_id, version, effect, created_at, attempts, not_before FROM outbox
    WHERE delivered_at IS NULL AND not_before_ms > ? ORDER BY seq LIMIT ?`);
  const claimStmt = db.prepare(`
    UPDATE outbox SET claimed_by = @owner, claimed_at = @now
    WHERE key = @key AND delivered_at IS NULL AND not_before_ms <= @now
      AND (claimed_by IS NULL OR claimed_at <= @staleBefore)`);
  const renewStmt = db.prepare(`
    UPDATE outbox SET claimed_at = @now WHERE key = @key AND claimed_by = @owner AND delivered_at IS NULL`);
  const deliveredStmt = db.prepare(
    'UPDATE outbox SET delivered_at = ?, claimed_by = NULL, claimed_at = NULL WHERE key = ?',
  );
  // A failed attempt releases the claim so the next attempt (after notBefore) can be claimed anew.
  const deferStmt = db.prepare(`
    UPDATE outbox SET attempts = attempts + @counted, not_before = @notBefore, not_before_ms = @notBeforeMs,
      last_error = @error, claimed_by = NULL, claimed_at = NULL
    WHERE key = @key AND delivered_at IS NULL`);

  const postponeStmt = db.prepare(`
    UPDATE outbox SET not_before = @notBefore, not_before_ms = @notBeforeMs
    WHERE key = @key AND delivered_at IS NULL AND not_before_ms < @notBeforeMs`);

  // Immediate: the claims are writes, and a deferred transaction upgrading to write can fail at once
  // (SQLITE_BUSY) under another process's write instead of waiting for it.
  const claimMany = db.transaction(
    (keys: readonly string[], owner: string, nowMs: number, staleBefore: number) =>
      keys.filter((key) => claimStmt.run({ key, owner, now: nowMs, staleBefore }).changes === 1),
  );

  return {
    pending(now: string, limit: number): OutboxEntry[] {
      return pendingStmt.all(toMs(now) ?? 0, limit).map(toEntry);
    },
    held(now: string, limit: number): OutboxEntry[] {
      return heldStmt.all(toMs(now) ?? 0, limit).map(toEntry);
    },
    claim(key: string, owner: string, now: string, staleMs: number): boolean {
      const nowMs = toMs(now) ?? 0;
      return claimStmt.run({ key, owner, now: nowMs, staleBefore: nowMs - staleMs }).changes === 1;
    },
    /** One transaction for all: one WAL write instead of one per entry. */
    claimMany(keys: readonly string[], owner: string, now: string, staleMs: number): string[] {
      if (!keys.length) return [];
      const nowMs = toMs(now) ?? 0;
      return claimMany.immediate(keys, owner, nowMs, nowMs - staleMs);
    },
    renew(key: string, owner: string, now: string): boolean {
      return renewStmt.run({ key, owner, now: toMs(now) ?? 0 }).changes === 1;
    },
    markDelivered(key: string): void {
      deliveredStmt.run(Date.now(), key);
    },
    postpone(key: string, notBefore: string): void {
      postponeStmt.run({ key, notBefore, notBeforeMs: toMs(notBefore) });
    },
    defer(key: string, notBefore: string, error: string, counted: boolean): void {
      // Bounded so a huge stack trace cannot bloat the file; the full error was logged by the deliverer.
      const row = { key, notBefore, notBeforeMs: toMs(notBefore), error: error.slice(0, 2000) };
      deferStmt.run({ ...row, counted: counted ? 1 : 0 });
    },
  };
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    key: row.key,
    releaseId: row.release_id,
    effect: JSON.parse(row.effect) as Effect,
    version: row.version,
    createdAt: row.created_at,
    attempts: row.attempts,
    notBefore: row.not_before,
  };
}
