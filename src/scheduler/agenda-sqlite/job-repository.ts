import type {
  JobId,
  JobParameters,
  JobRepository,
  JobRepositoryOptions,
  JobsOverview,
  JobsQueryOptions,
  JobsResult,
  RemoveJobsOptions,
} from 'agenda';
import type { SqliteDb } from '../../store/sqlite/open.js';
import { type Filter, jobsFilter } from './job-filter.js';
import { jobsOverview, queryJobs } from './job-queries.js';
import { JOBS_TABLE, type JobRow, jobOf, migrateJobs, toMs } from './job-rows.js';
import { jobSaver } from './job-save.js';
import { prepared } from './statement-cache.js';

const T = JOBS_TABLE;
const NO_JOB: Filter = { sql: '0', params: [] };

/**
 * Agenda's JobRepository on SQLite. Locking follows Agenda's contract: a job is handed to exactly one
 * processor by one atomic UPDATE … RETURNING (SQLite serialises writers across connections), either
 * because it is unlocked and due before the next scan, or because its lock is older than the lock
 * deadline (its processor died). Statements are prepared in `connect()`, after the table exists.
 */
export class SqliteJobRepository implements JobRepository {
  private s?: ReturnType<typeof prepare>;
  constructor(private readonly db: () => SqliteDb) {}

  async connect(): Promise<void> {
    migrateJobs(this.db());
    this.s = prepare(this.db());
  }

  private get st() {
    if (!this.s) throw new Error('agenda sqlite backend: connect() must be called before use');
    return this.s;
  }

  async getNextJobToRun(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now?: Date,
    options?: JobRepositoryOptions,
  ): Promise<JobParameters | undefined> {
    const row = this.st.lockNext.get({
      name: jobName,
      scan: nextScanAt.getTime(),
      deadline: lockDeadline.getTime(),
      now: (now ?? new Date()).getTime(),
      by: options?.lastModifiedBy ?? null,
    });
    return row ? jobOf(row) : undefined;
  }

  async lockJob(job: JobParameters, options?: JobRepositoryOptions): Promise<JobParameters | undefined> {
    if (!job._id) return undefined;
    const row = this.st.lockOne.get({
      id: job._id,
      name: job.name,
      next: toMs(job.nextRunAt),
      now: Date.now(),
      by: options?.lastModifiedBy ?? null,
    });
    return row ? jobOf(row) : undefined;
  }

  /** Frees a job that is waiting for its run time; a running one-off job (nextRunAt null) keeps its lock. */
  async unlockJob(job: JobParameters): Promise<void> {
    if (job._id) this.st.unlockWaiting.run(job._id);
  }

  /** Frees the jobs a stopping processor held, running or not, so another process can take them now. */
  async unlockJobs(jobIds: (JobId | string)[]): Promise<void> {
    if (!jobIds.length) return;
    this.db()
      .prepare(`UPDATE ${T} SET locked_at = NULL WHERE id IN (${jobIds.map(() => '?').join(', ')})`)
      .run(...jobIds.map(String));
  }

  async saveJob<DATA = unknown>(job: JobParameters<DATA>, options?: JobRepositoryOptions) {
    return this.st.save(job as JobParameters, options) as JobParameters<DATA>;
  }

  async saveJobState(job: JobParameters, options?: JobRepositoryOptions): Promise<void> {
    if (!job._id) throw new Error('cannot save the state of a job without an id');
    const patch = {
      lastRunAt: job.lastRunAt ? new Date(job.lastRunAt).toISOString() : null,
      lastFinishedAt: job.lastFinishedAt ? new Date(job.lastFinishedAt).toISOString() : null,
      failedAt: job.failedAt ? new Date(job.failedAt).toISOString() : null,
      failCount: job.failCount ?? null,
      failReason: job.failReason ?? null,
      progress: job.progress ?? null,
      lastModifiedBy: options?.lastModifiedBy ?? null,
    };
    const changed = this.st.saveState.run({
      id: job._id,
      name: job.name,
      locked: toMs(job.lockedAt),
      next: toMs(job.nextRunAt),
      patch: JSON.stringify(patch),
    }).changes;
    // Agenda catches this when a job was removed while it ran; anywhere else it is a real error.
    if (changed !== 1)
      throw new Error(`job ${job._id} (${job.name}) no longer exists; its state was not saved`);
  }

  async getJobById(id: string): Promise<JobParameters | null> {
    const row = this.st.byId.get(id);
    return row ? jobOf(row) : null;
  }

  async queryJobs(o: JobsQueryOptions = {}): Promise<JobsResult> {
    return queryJobs(this.db(), o);
  }

  async getJobsOverview(): Promise<JobsOverview[]> {
    return jobsOverview(this.db());
  }

  async getDistinctJobNames(): Promise<string[]> {
    return this.st.names.all().map((r) => r.name);
  }

  async getQueueSize(): Promise<number> {
    return this.st.queueSize.get(Date.now())?.n ?? 0;
  }

  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const f = jobsFilter(options) ?? NO_JOB;
    return prepared(this.db(), `DELETE FROM ${T} WHERE ${f.sql}`).run(...f.params).changes;
  }

  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, 1);
  }

  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, 0);
  }

  async purgeAllJobs(): Promise<number> {
    return this.db().prepare(`DELETE FROM ${T}`).run().changes;
  }

  private setDisabled(options: RemoveJobsOptions, disabled: 0 | 1): number {
    const f = jobsFilter(options) ?? NO_JOB;
    const sql = `UPDATE ${T} SET disabled = ? WHERE disabled != ? AND (${f.sql})`;
    return this.db()
      .prepare(sql)
      .run(disabled, disabled, ...f.params).changes;
  }
}

function prepare(db: SqliteDb) {
  // Unlocked and due before the next scan, or locked by a processor that has not touched it since the
  // deadline. Earliest first, then highest priority: Agenda's default order.
  const lockNext = db.prepare<Record<string, unknown>, JobRow>(`
    UPDATE ${T} SET locked_at = @now, attrs = json_patch(attrs, json_object('lastModifiedBy', @by))
    WHERE id = (
      SELECT id FROM ${T}
      WHERE name = @name AND disabled = 0
        AND ((locked_at IS NULL AND next_run_at <= @scan) OR locked_at <= @deadline)
      ORDER BY next_run_at ASC, priority DESC LIMIT 1)
    RETURNING *`);
  const lockOne = db.prepare<Record<string, unknown>, JobRow>(`
    UPDATE ${T} SET locked_at = @now, attrs = json_patch(attrs, json_object('lastModifiedBy', @by))
    WHERE id = @id AND name = @name AND locked_at IS NULL AND next_run_at IS @next AND disabled = 0
    RETURNING *`);
  return {
    lockNext,
    lockOne,
    unlockWaiting: db.prepare(`UPDATE ${T} SET locked_at = NULL WHERE id = ? AND next_run_at IS NOT NULL`),
    saveState: db.prepare(`
      UPDATE ${T} SET locked_at = @locked, next_run_at = @next, attrs = json_patch(attrs, @patch)
      WHERE id = @id AND name = @name`),
    byId: db.prepare<[string], JobRow>(`SELECT * FROM ${T} WHERE id = ?`),
    names: db.prepare<[], { name: string }>(`SELECT DISTINCT name FROM ${T} ORDER BY name`),
    queueSize: db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM ${T} WHERE next_run_at < ?`),
    save: jobSaver(db),
  };
}
