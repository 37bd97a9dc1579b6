import { type JobId, type JobParameters, toJobId } from 'agenda';
import type { SqliteDb } from '../../store/sqlite/open.js';
import { jsonMember } from './job-filter.js';

/**
 * How an Agenda job is stored in SQLite. The fields Agenda filters and locks on are columns (times as
 * epoch ms so comparisons are numeric); every other attribute lives in the `attrs` JSON object, which
 * `json_patch` updates in place (a null member removes the attribute).
 */
export const JOBS_TABLE = 'agenda_jobs';

/**
 * golive's timer jobs carry their release id in `data`; the scheduler looks a release's jobs up by it
 * after every decision (sync, unique save). Without this index each lookup read every job's JSON.
 */
const RELEASE_ID_INDEX = `CREATE INDEX IF NOT EXISTS ${JOBS_TABLE}_release ON ${JOBS_TABLE} (${jsonMember('data', ['releaseId'])});`;

export function migrateJobs(db: SqliteDb): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${JOBS_TABLE} (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      type TEXT NOT NULL,
      priority INTEGER NOT NULL,
      next_run_at INTEGER,
      locked_at INTEGER,
      disabled INTEGER NOT NULL DEFAULT 0,
      data TEXT NOT NULL,
      attrs TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${JOBS_TABLE}_next ON ${JOBS_TABLE} (name, next_run_at, priority);
    CREATE INDEX IF NOT EXISTS ${JOBS_TABLE}_locked ON ${JOBS_TABLE} (name, locked_at);
    ${RELEASE_ID_INDEX}
  `);
}

export interface JobRow {
  id: string;
  name: string;
  type: string;
  priority: number;
  next_run_at: number | null;
  locked_at: number | null;
  disabled: number;
  data: string;
  attrs: string;
}

/** Attributes kept in `attrs`, with the ones that are dates revived on read. */
const ATTR_DATES = [
  'lastRunAt',
  'lastFinishedAt',
  'failedAt',
  'startDate',
  'endDate',
  'debounceStartedAt',
] as const;
const ATTR_KEYS = [
  ...ATTR_DATES,
  'failCount',
  'failReason',
  'repeatTimezone',
  'repeatInterval',
  'repeatAt',
  'progress',
  'lastModifiedBy',
  'fork',
  'skipDays',
] as const;
type AttrKey = (typeof ATTR_KEYS)[number];

/** Fields only the job processor writes (Agenda's Job.PROCESSOR_MANAGED_FIELDS); `save()` leaves them alone. */
export const PROCESSOR_ATTRS = [
  'lastRunAt',
  'lastFinishedAt',
  'failedAt',
  'failCount',
  'failReason',
  'progress',
];

const ms = (d: Date | null | undefined): number | null => (d ? new Date(d).getTime() : null);

/**
 * The `attrs` object of a job: present keys only, or every key with null for absent ones when it is
 * used as a merge patch (`forPatch`), so that clearing an attribute really clears it.
 */
export function attrsOf(job: Partial<JobParameters>, keys: readonly string[] = ATTR_KEYS, forPatch = false) {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = job[key as AttrKey];
    if (value === undefined || value === null) {
      if (forPatch) out[key] = null;
      continue;
    }
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** Column values of a new row. */
export function rowOf(id: string, job: JobParameters, lastModifiedBy: string | undefined): JobRow {
  return {
    id,
    name: job.name,
    type: job.type,
    priority: job.priority ?? 0,
    next_run_at: ms(job.nextRunAt),
    locked_at: ms(job.lockedAt),
    disabled: job.disabled ? 1 : 0,
    data: JSON.stringify(job.data ?? null),
    attrs: JSON.stringify({ ...attrsOf(job), ...(lastModifiedBy ? { lastModifiedBy } : {}) }),
  };
}

export function jobOf(row: JobRow): JobParameters & { _id: JobId } {
  const attrs = JSON.parse(row.attrs) as Record<string, unknown>;
  for (const key of ATTR_DATES)
    if (typeof attrs[key] === 'string') attrs[key] = new Date(attrs[key] as string);
  return {
    ...(attrs as Partial<JobParameters>),
    _id: toJobId(row.id),
    name: row.name,
    type: row.type as JobParameters['type'],
    priority: row.priority,
    nextRunAt: row.next_run_at === null ? null : new Date(row.next_run_at),
    lockedAt: row.locked_at === null ? undefined : new Date(row.locked_at),
    disabled: row.disabled === 1 ? true : undefined,
    data: JSON.parse(row.data) as unknown,
  };
}

export { ms as toMs };
