import type { AuditEvent } from '../../domain/types.js';
import { type ReleasePage, type ReleaseSearch, SEARCH_COUNT_CAP } from '../port.js';
import { searchText } from '../search-text.js';
import type { SqliteDb } from './open.js';
import { parseRelease, toMs } from './release-rows.js';

type Row = { doc: string; created_at: number; number: number };

/** LIKE's wildcards in what a person typed are literal characters there. */
const likePattern = (piece: string) => `%${piece.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The release board's reads on SQLite. Filters are columns with indexes (schema.ts): newest first walks
 * `releases_newest_walk` (or the index of the filter that narrows most) and stops after a page; the page
 * after is asked for by keyset (created_at, number), so a deep page costs what the first does.
 */
export function boardQueries(db: SqliteDb) {
  const matchCount = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM release_search WHERE release_search MATCH ? LIMIT ${SEARCH_COUNT_CAP + 1})`,
  );
  const eventsStmt = db.prepare<[string], { doc: string }>(
    'SELECT doc FROM events WHERE release_id = ? ORDER BY seq',
  );

  /**
   * `ordered`: for the page itself, the visibility test is kept off the indexes (`+`), so SQLite walks
   * releases newest first and stops after a page, instead of collecting every release of the teams
   * through two indexes and sorting them all. The count uses those indexes.
   */
  function where(q: ReleaseSearch, ordered = false): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      clauses.push(sql);
      params.push(...values);
    };
    if (q.status) {
      add(q.status.length ? `r.status IN (${q.status.map(() => '?').join(', ')})` : '0', ...q.status);
    }
    if (q.system !== undefined) add('r.system = ?', q.system);
    if (q.flowId !== undefined) add('r.flow_id = ?', q.flowId);
    if (q.requester !== undefined) add('r.requester = ?', q.requester);
    // Checked per release walked (the walk's index carries the id): a list of everyone one person decided
    // would be built in full first, thousands of rows for a busy approver.
    if (q.decider !== undefined)
      add('EXISTS (SELECT 1 FROM deciders d WHERE d.person = ? AND d.release_id = r.id)', q.decider);
    const column = q.dateField === 'launched' ? 'r.launched_at' : 'r.created_at';
    if (q.from !== undefined) add(`${column} >= ?`, toMs(q.from));
    if (q.to !== undefined) add(`${column} < ?`, toMs(q.to));
    const text = searchText(q.text);
    if (text) {
      // Three characters or more: the trigram index (a quoted phrase is a substring there); fewer: every title.
      const phrase = `"${text.piece.replace(/"/g, '""')}"`;
      // (Without an id, byWords answers these.) A piece many titles hold: walk releases newest first and
      // stop after a page (`+`: not by number); a rare one: fetch its few releases by number.
      const common = ordered && (matchCount.get(phrase)?.n ?? 0) > SEARCH_COUNT_CAP;
      const found =
        [...text.piece].length >= 3
          ? {
              sql: `${common ? '+' : ''}r.number IN (SELECT rowid FROM release_search WHERE release_search MATCH ?)`,
              params: [phrase],
            }
          : {
              sql: `(r.title LIKE ? ESCAPE '\\' OR r.system LIKE ? ESCAPE '\\')`,
              params: [likePattern(text.piece), likePattern(text.piece)],
            };
      if ('id' in text) add(`(r.id = ? OR ${found.sql})`, text.id, ...found.params);
      else add(found.sql, ...found.params);
    }
    if (q.visibleTo) {
      const teams = q.visibleTo.teams;
      const plus = ordered ? '+' : '';
      const inTeams = teams.length ? `${plus}r.team IN (${teams.map(() => '?').join(', ')}) OR ` : '';
      add(`(${inTeams}${plus}r.requester = ?)`, ...teams, q.visibleTo.person);
    }
    return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  /**
   * A search for a piece of three characters or more (and not an id): the trigram index yields matching
   * release numbers newest first (numbers are handed out as releases are created), each checked against the
   * filters through `releases_by_number`, stopping after a page — so a piece thousands of titles hold costs
   * a page, and a rare one its few matches. The count walks the same way and stops at the cap.
   */
  function byWords(q: ReleaseSearch, phrase: string): ReleasePage {
    const rest = where({ ...q, text: undefined }, true);
    const filters = rest.sql.replace(/^WHERE /, 'AND ');
    // CROSS JOIN keeps the text index as the outer loop, whatever the planner would guess.
    const from = `FROM release_search s CROSS JOIN releases r ON r.number = s.rowid
      WHERE release_search MATCH ? ${filters}`;
    const rows = db
      .prepare<unknown[], Row>(
        `SELECT r.doc, r.created_at, r.number ${from} ${q.after ? 'AND s.rowid < ?' : ''}
         ORDER BY s.rowid DESC LIMIT ?`,
      )
      .all(phrase, ...rest.params, ...(q.after ? [q.after.number] : []), q.limit + 1);
    const counted =
      !q.after && rows.length <= q.limit
        ? rows.length
        : (db
            .prepare<unknown[], { n: number }>(
              `SELECT COUNT(*) AS n FROM (SELECT 1 ${from} LIMIT ${SEARCH_COUNT_CAP + 1})`,
            )
            .get(phrase, ...rest.params)?.n ?? 0);
    return page(q, rows, counted);
  }

  function page(q: ReleaseSearch, rows: Row[], counted: number): ReleasePage {
    const releases = rows.slice(0, q.limit).map((row) => parseRelease(row.doc));
    const last = releases.at(-1);
    return {
      releases,
      total: Math.min(counted, SEARCH_COUNT_CAP),
      ...(counted > SEARCH_COUNT_CAP ? { totalCapped: true } : {}),
      ...(rows.length > q.limit && last ? { next: { createdAt: last.createdAt, number: last.number } } : {}),
    };
  }

  return {
    search(q: ReleaseSearch): ReleasePage {
      const text = searchText(q.text);
      if (text && !('id' in text) && [...text.piece].length >= 3)
        return byWords(q, `"${text.piece.replace(/"/g, '""')}"`);
      const { sql, params } = where(q);
      const walk = where(q, true);
      const after = q.after
        ? {
            sql: `${walk.sql ? `${walk.sql} AND` : 'WHERE'} (r.created_at < ? OR (r.created_at = ? AND r.number < ?))`,
            params: [toMs(q.after.createdAt), toMs(q.after.createdAt), q.after.number],
          }
        : { sql: walk.sql, params: [] };
      const rows = db
        .prepare<unknown[], Row>(
          `SELECT r.doc, r.created_at, r.number FROM releases r ${after.sql}
           ORDER BY r.created_at DESC, r.number DESC LIMIT ?`,
        )
        .all(...walk.params, ...after.params, q.limit + 1);
      // A first page that is not full is all there is; otherwise count the matches, up to the cap.
      const counted =
        !q.after && rows.length <= q.limit
          ? rows.length
          : (db
              .prepare<unknown[], { n: number }>(
                `SELECT COUNT(*) AS n FROM (SELECT 1 FROM releases r ${sql} LIMIT ${SEARCH_COUNT_CAP + 1})`,
              )
              .get(...params)?.n ?? 0);
      return page(q, rows, counted);
    },
    eventsOf(ids: readonly string[]): Map<string, AuditEvent[]> {
      const out = new Map<string, AuditEvent[]>();
      for (const id of ids) {
        const events = eventsStmt.all(id).map((row) => JSON.parse(row.doc) as AuditEvent);
        if (events.length) out.set(id, events);
      }
      return out;
    },
  };
}
