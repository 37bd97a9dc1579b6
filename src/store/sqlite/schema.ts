import type { SqliteDb } from './open.js';

/**
 * Tables of the embedded store. A release is kept whole as JSON (the port's unit of storage is one
 * release document), with copies of the fields the queries filter on as indexed columns. Times used in
 * comparisons are stored as epoch milliseconds so mixed ISO offsets still compare correctly.
 * `IF NOT EXISTS` makes `init` idempotent and safe for several processes starting at once.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS releases (
  id TEXT PRIMARY KEY,
  number INTEGER NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  system TEXT NOT NULL,
  requester TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  title TEXT,
  team TEXT,
  launched_at INTEGER,
  window_start INTEGER,
  window_end INTEGER,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS releases_status ON releases (status, created_at);
CREATE INDEX IF NOT EXISTS releases_requester ON releases (requester, created_at);
CREATE INDEX IF NOT EXISTS releases_requester_status ON releases (requester, status, created_at);
CREATE INDEX IF NOT EXISTS releases_window ON releases (window_start, window_end);

CREATE TABLE IF NOT EXISTS events (
  release_id TEXT NOT NULL REFERENCES releases (id),
  seq INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (release_id, seq)
);

CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  release_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  effect TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  not_before TEXT NOT NULL,
  not_before_ms INTEGER NOT NULL,
  claimed_by TEXT,
  claimed_at INTEGER,
  delivered_at INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (delivered_at, not_before_ms);

CREATE TABLE IF NOT EXISTS idempotency_keys (
  key TEXT PRIMARY KEY,
  release_id TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_keys_at ON idempotency_keys (at);

CREATE TABLE IF NOT EXISTS awaiting (
  person TEXT NOT NULL,
  release_id TEXT NOT NULL,
  PRIMARY KEY (person, release_id)
);
CREATE INDEX IF NOT EXISTS awaiting_release ON awaiting (release_id);

CREATE TABLE IF NOT EXISTS timers (
  release_id TEXT NOT NULL,
  timer_id TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (release_id, timer_id)
);
CREATE INDEX IF NOT EXISTS timers_due ON timers (due_at);

CREATE TABLE IF NOT EXISTS message_refs (
  release_id TEXT NOT NULL,
  key TEXT NOT NULL,
  ref TEXT NOT NULL,
  PRIMARY KEY (release_id, key)
);

CREATE TABLE IF NOT EXISTS flows (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  hash TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (id, version)
);

CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT OR IGNORE INTO counters (name, value) VALUES ('release_number', 0);
`;

/**
 * What the release board reads (board-queries.ts): the title and team as columns, the launch time, who
 * decided at a gate, and sign-in links and sessions. A file from before gets the columns added and filled
 * from the documents and events it already holds.
 */
const BOARD_DDL = `
-- Newest first, carrying what the board's list and a short search test on each row (visibility, title,
-- system), so a walk reads index entries and fetches a release's document only when it is on the page.
CREATE INDEX IF NOT EXISTS releases_newest_walk ON releases (created_at, number, team, requester, title, system, id);
DROP INDEX IF EXISTS releases_newest;
-- A system's releases newest first, with the other filters' columns (the board's filters combine them).
CREATE INDEX IF NOT EXISTS releases_system_walk
  ON releases (system, created_at, number, status, launched_at, team, requester, flow_id, id);
DROP INDEX IF EXISTS releases_system;
-- A release by its number (what the text index yields), with the columns the board filters on, so a
-- search checks each match without reading its document.
CREATE INDEX IF NOT EXISTS releases_by_number
  ON releases (number, created_at, team, requester, status, system, flow_id, launched_at, id);
CREATE INDEX IF NOT EXISTS releases_team ON releases (team, created_at);
CREATE INDEX IF NOT EXISTS releases_launched ON releases (launched_at);

CREATE TABLE IF NOT EXISTS deciders (
  person TEXT NOT NULL,
  release_id TEXT NOT NULL,
  PRIMARY KEY (person, release_id)
);

-- The board's text search: trigrams of titles and systems, so a piece of three or more characters (Chinese
-- too) is found from the index instead of reading every title. Contentless, keyed by the release number:
-- a match yields numbers straight from the index, with no stored copy of the text to look up per match.
CREATE VIRTUAL TABLE IF NOT EXISTS release_search USING fts5(
  title, system, tokenize = 'trigram', content = '', contentless_delete = 1
);

CREATE TABLE IF NOT EXISTS sign_in_links (
  hash TEXT PRIMARY KEY,
  person TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX IF NOT EXISTS sign_in_links_expiry ON sign_in_links (expires_at);

CREATE TABLE IF NOT EXISTS board_sessions (
  hash TEXT PRIMARY KEY,
  person TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS board_sessions_expiry ON board_sessions (expires_at);
`;

const BOARD_COLUMNS = ['title TEXT', 'team TEXT', 'launched_at INTEGER'];

export function migrate(db: SqliteDb): void {
  db.exec(DDL);
  // Checked under the write lock: several processes may open one file at once.
  db.transaction(() => {
    const columns = db.pragma('table_info(releases)') as { name: string }[];
    const have = new Set(columns.map((c) => c.name));
    const missing = BOARD_COLUMNS.filter((c) => !have.has(c.split(' ')[0] ?? ''));
    for (const column of missing) db.exec(`ALTER TABLE releases ADD COLUMN ${column}`);
    const hadText =
      db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'release_search'").get() !== undefined;
    db.exec(BOARD_DDL);
    // The first text index (release_text) kept ids and copies of the text; release_search replaces it.
    db.exec('DROP TABLE IF EXISTS release_text');
    const fillText =
      'INSERT INTO release_search (rowid, title, system) SELECT number, title, system FROM releases';
    if (!hadText && !missing.length) db.exec(fillText);
    if (!missing.length) return;
    db.exec(`UPDATE releases SET title = json_extract(doc, '$.title'), team = json_extract(doc, '$.team'),
      launched_at = CAST(unixepoch(json_extract(doc, '$.launchedAt'), 'subsec') * 1000 AS INTEGER)`);
    db.exec('DELETE FROM release_search');
    db.exec(fillText);
    db.exec(`INSERT OR IGNORE INTO deciders (person, release_id)
      SELECT json_extract(doc, '$.actor.person'), release_id FROM events
      WHERE json_extract(doc, '$.what') IN ('approve', 'reject')`);
  }).immediate();
}
