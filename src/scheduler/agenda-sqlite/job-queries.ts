import {
  computeJobState,
  type JobsOverview,
  type JobsQueryOptions,
  type JobsResult,
  type JobWithState,
} from 'agenda';
import type { SqliteDb } from '../../store/sqlite/open.js';
import { jobsFilter } from './job-filter.js';
import { JOBS_TABLE, type JobRow, jobOf } from './job-rows.js';
import { prepared } from './statement-cache.js';

/**
 * The read side Agenda offers dashboards and callers (`agenda.queryJobs`, overview). A job's state is
 * derived from its timestamps, so a state filter applies after loading, as in the MongoDB backend.
 */
export function queryJobs(db: SqliteDb, o: JobsQueryOptions): JobsResult {
  const filter = jobsFilter(o) ?? { sql: '1', params: [] };
  const where = o.includeDisabled === false ? `(${filter.sql}) AND disabled = 0` : filter.sql;
  const sql = `SELECT * FROM ${JOBS_TABLE} WHERE ${where} ORDER BY ${orderBy(o.sort)}`;
  const rows = prepared<unknown[], JobRow>(db, sql).all(...filter.params);
  const now = new Date();
  let jobs: JobWithState[] = rows.map((r) => {
    const job = jobOf(r);
    return { ...job, state: computeJobState(job, now) };
  });
  if (o.state) jobs = jobs.filter((j) => (o.state === 'paused' ? j.disabled === true : j.state === o.state));
  const skip = o.skip ?? 0;
  const page = o.limit ? jobs.slice(skip, skip + o.limit) : jobs.slice(skip);
  return { jobs: page, total: jobs.length };
}

export function jobsOverview(db: SqliteDb): JobsOverview[] {
  const now = new Date();
  const byName = new Map<string, JobsOverview>();
  for (const row of db.prepare<[], JobRow>(`SELECT * FROM ${JOBS_TABLE} ORDER BY name`).all()) {
    const job = jobOf(row);
    const o = byName.get(job.name) ?? emptyOverview(job.name);
    byName.set(job.name, o);
    o.total += 1;
    o[computeJobState(job, now)] += 1;
    if (job.disabled) o.paused += 1;
  }
  return [...byName.values()];
}

const SORT_COLUMNS = {
  nextRunAt: 'next_run_at',
  priority: 'priority',
  name: 'name',
  data: 'data',
  lastRunAt: "json_extract(attrs, '$.lastRunAt')",
  lastFinishedAt: "json_extract(attrs, '$.lastFinishedAt')",
} as const;

/** Agenda's query sort; without one, newest run time first (its MongoDB default). */
function orderBy(sort: JobsQueryOptions['sort']): string {
  const parts = Object.entries(sort ?? {})
    .filter(([k, dir]) => k in SORT_COLUMNS && dir !== undefined)
    .map(([k, dir]) => `${SORT_COLUMNS[k as keyof typeof SORT_COLUMNS]} ${dir === 'asc' ? 'ASC' : 'DESC'}`);
  return parts.length ? `${parts.join(', ')}, id` : `next_run_at DESC, ${SORT_COLUMNS.lastRunAt} DESC, id`;
}

function emptyOverview(name: string): JobsOverview {
  const zero = { total: 0, running: 0, scheduled: 0, queued: 0, completed: 0, failed: 0, repeating: 0 };
  return { name, ...zero, paused: 0 };
}
