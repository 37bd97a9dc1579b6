import { randomUUID } from 'node:crypto';
import type { JobParameters, JobRepositoryOptions } from 'agenda';
import type { SqliteDb } from '../../store/sqlite/open.js';
import { uniqueFilter } from './job-filter.js';
import { attrsOf, JOBS_TABLE, type JobRow, jobOf, rowOf, toMs } from './job-rows.js';
import { prepared } from './statement-cache.js';

/**
 * Attributes user code owns; `save()` rewrites them and leaves the processor's bookkeeping (lockedAt,
 * lastRunAt, failCount, …) alone, since Agenda saves user changes while a job may be running.
 */
const USER_ATTRS = [
  'startDate',
  'endDate',
  'debounceStartedAt',
  'repeatTimezone',
  'repeatInterval',
  'repeatAt',
  'fork',
  'skipDays',
];

/**
 * Agenda's `saveJob`: update by id; `type: 'single'` jobs (from `every()`) are one per name; `unique()`
 * jobs are one per unique key, with `insertOnly` leaving an existing job untouched and `debounce`
 * moving its run time; anything else is inserted. Each save is one BEGIN IMMEDIATE transaction, so two
 * processes saving the same unique job cannot both insert it.
 */
export function jobSaver(db: SqliteDb) {
  const insert = db.prepare<JobRow, JobRow>(`
    INSERT INTO ${JOBS_TABLE} (id, name, type, priority, next_run_at, locked_at, disabled, data, attrs)
    VALUES (@id, @name, @type, @priority, @next_run_at, @locked_at, @disabled, @data, @attrs) RETURNING *`);
  const update = db.prepare<Record<string, unknown>, JobRow>(`
    UPDATE ${JOBS_TABLE} SET type = @type, priority = @priority, next_run_at = @next_run_at,
      disabled = @disabled, data = @data, attrs = json_patch(attrs, @patch)
    WHERE id = @id AND name = @name RETURNING *`);
  const findSingle = db.prepare<[string], JobRow>(
    `SELECT * FROM ${JOBS_TABLE} WHERE name = ? AND type = 'single' LIMIT 1`,
  );

  const updateRow = (id: string, job: JobParameters, by: string | undefined, nextRunAt: number | null) =>
    update.get({
      id,
      name: job.name,
      type: job.type,
      priority: job.priority ?? 0,
      next_run_at: nextRunAt,
      disabled: job.disabled ? 1 : 0,
      data: JSON.stringify(job.data ?? null),
      patch: JSON.stringify({ ...attrsOf(job, USER_ATTRS, true), lastModifiedBy: by ?? null }),
    });

  const save = db.transaction((job: JobParameters, by: string | undefined): JobParameters => {
    const now = Date.now();
    if (job._id) {
      const row = updateRow(job._id, job, by, toMs(job.nextRunAt));
      // Removed meanwhile (e.g. cancelled while running): nothing to save, as Agenda expects.
      return row ? jobOf(row) : job;
    }
    if (job.type === 'single') {
      const existing = findSingle.get(job.name);
      if (existing) {
        // A past run time must not replace the schedule already stored (every() is called on each start).
        const next = toMs(job.nextRunAt);
        const keep = next === null || next <= now ? existing.next_run_at : next;
        return jobOf(updateRow(existing.id, job, by, keep) as JobRow);
      }
      return jobOf(insert.get(rowOf(randomUUID(), job, by)) as JobRow);
    }
    if (job.unique) {
      const filter = uniqueFilter(job.unique);
      const existing = prepared<unknown[], JobRow>(
        db,
        `SELECT * FROM ${JOBS_TABLE} WHERE name = ? AND ${filter.sql} LIMIT 1`,
      ).get(job.name, ...filter.params);
      const debounce = job.uniqueOpts?.debounce;
      if (existing && job.uniqueOpts?.insertOnly && !debounce) return jobOf(existing);
      const planned = debounce ? debounced(job, existing ? jobOf(existing) : undefined, now) : job;
      if (existing) return jobOf(updateRow(existing.id, planned, by, toMs(planned.nextRunAt)) as JobRow);
      return jobOf(insert.get(rowOf(randomUUID(), planned, by)) as JobRow);
    }
    return jobOf(insert.get(rowOf(randomUUID(), job, by)) as JobRow);
  });

  return (job: JobParameters, options?: JobRepositoryOptions): JobParameters =>
    save.immediate(job, options?.lastModifiedBy);
}

/**
 * Debounce: trailing (default) pushes the run `delay` past the latest save, unless `maxWait` since the
 * first save has passed; leading keeps the first run time and only refreshes the data.
 */
function debounced(job: JobParameters, existing: JobParameters | undefined, now: number): JobParameters {
  const d = job.uniqueOpts?.debounce;
  if (!d) return job;
  const leading = d.strategy === 'leading';
  if (!existing) {
    if (leading) return { ...job, debounceStartedAt: new Date(now) };
    return { ...job, nextRunAt: new Date(now + d.delay), debounceStartedAt: new Date(now) };
  }
  const started = existing.debounceStartedAt ?? new Date(now);
  if (leading) return { ...job, nextRunAt: existing.nextRunAt, debounceStartedAt: started };
  if (d.maxWait !== undefined && now - started.getTime() >= d.maxWait)
    return { ...job, nextRunAt: new Date(now), debounceStartedAt: undefined };
  return { ...job, nextRunAt: new Date(now + d.delay), debounceStartedAt: started };
}
