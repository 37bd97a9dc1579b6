import type { JobsQueryOptions, RemoveJobsOptions } from 'agenda';

/** A WHERE clause with its positional parameters. */
export interface Filter {
  sql: string;
  params: unknown[];
}

type Scalar = string | number | bigint | null;

/**
 * Filters on the job's `data` by partial match, the way Agenda's MongoDB backend reads them: a plain
 * object matches member by member (nested objects by their paths); anything else must equal `data`.
 */
export function dataFilter(data: unknown, column = 'data'): Filter {
  if (!isPlainObject(data)) return { sql: `${column} = json(?)`, params: [JSON.stringify(data)] };
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [path, value] of flatten(data)) {
    const equal = jsonEquals(jsonMember(column, path), value);
    clauses.push(equal.sql);
    params.push(...equal.params);
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

/**
 * The filter of `removeJobs` / `disableJobs` / `enableJobs`: id(s), name(s) or excluded names, data.
 * Null when no criterion is given: a call without criteria must never touch every job.
 */
export function jobsFilter(o: RemoveJobsOptions & Pick<JobsQueryOptions, 'search'>): Filter | null {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (f: Filter) => {
    clauses.push(`(${f.sql})`);
    params.push(...f.params);
  };
  if (o.id !== undefined) add({ sql: 'id = ?', params: [String(o.id)] });
  else if (o.ids?.length) add(inList('id', o.ids.map(String)));
  if (typeof o.name === 'string' && o.name) add({ sql: 'name = ?', params: [o.name] });
  else if (o.names?.length) add(inList('name', o.names));
  else if (o.notNames?.length) {
    const names = inList('name', o.notNames);
    add({ sql: `NOT (${names.sql})`, params: names.params });
  }
  if (o.search) add({ sql: "name LIKE ? ESCAPE '\\'", params: [`%${o.search.replace(/[\\%_]/g, '\\$&')}%`] });
  if (o.data !== undefined) add(dataFilter(o.data));
  return clauses.length ? { sql: clauses.join(' AND '), params } : null;
}

/**
 * The lookup of `unique()` jobs. Agenda passes field paths such as `{ 'data.releaseId': 'REL-1' }`;
 * plain values of `name`, `type`, `data` and `data.*` are supported. Query operators are refused loudly
 * rather than silently matching nothing, which would insert duplicates.
 */
export function uniqueFilter(unique: Record<string, unknown>): Filter {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(unique)) {
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$')))
      throw new Error(`unique() on the SQLite backend does not support query operators (key ${key})`);
    let f: Filter;
    if (key === 'name' || key === 'type') f = jsonEquals(key, value);
    else if (key === 'data') f = dataFilter(value);
    else if (key.startsWith('data.')) f = jsonEquals(jsonMember('data', key.slice(5).split('.')), value);
    else throw new Error(`unique() on the SQLite backend supports name, type and data.* keys, not ${key}`);
    clauses.push(`(${f.sql})`);
    params.push(...f.params);
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

function inList(column: string, values: readonly string[]): Filter {
  return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

/** Compares a SQL expression (a column or json_extract result) with a JS value as SQLite sees JSON. */
function jsonEquals(expr: string, value: unknown): Filter {
  if (value === null || value === undefined) return { sql: `${expr} IS NULL`, params: [] };
  if (typeof value === 'object') return { sql: `${expr} = json(?)`, params: [JSON.stringify(value)] };
  return { sql: `${expr} = ?`, params: [toScalar(value)] };
}

/**
 * `json_extract(column, '<path>')` with the path written into the SQL rather than bound: SQLite uses
 * an index on an expression only when the query spells the same expression, and the release id of a
 * timer job is indexed that way (RELEASE_ID_INDEX in job-rows.ts).
 */
export function jsonMember(column: string, path: readonly string[]): string {
  return `json_extract(${column}, '${jsonPath(path).replaceAll("'", "''")}')`;
}

/** json_extract yields 1/0 for JSON booleans; better-sqlite3 cannot bind booleans at all. */
function toScalar(value: unknown): Scalar {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value;
  throw new Error(`cannot filter jobs on a value of type ${typeof value}`);
}

/** A JSON path with every member quoted, so keys with dots or spaces stay one member. */
function jsonPath(path: readonly string[]): string {
  // SQLite's path syntax has no escape for a quote inside a quoted member.
  const bad = path.find((p) => p.includes('"'));
  if (bad !== undefined) throw new Error(`cannot filter jobs on data key ${JSON.stringify(bad)}`);
  return `$${path.map((p) => `."${p}"`).join('')}`;
}

function flatten(obj: Record<string, unknown>, prefix: string[] = []): [string[], unknown][] {
  return Object.entries(obj).flatMap(([k, v]): [string[], unknown][] =>
    isPlainObject(v) ? flatten(v, [...prefix, k]) : [[[...prefix, k], v]],
  );
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
