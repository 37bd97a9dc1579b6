import type { AgendaBackend } from 'agenda';
import { openSqlite, type SqliteDb } from '../store/sqlite/open.js';
import { SqliteJobRepository } from './agenda-sqlite/job-repository.js';

export type SqliteAgendaBackendOptions =
  /** Opens its own connection to the file (WAL: it may be the store's file) and closes it on disconnect. */
  | { file: string }
  /** Shares a connection the caller owns (e.g. the store's); disconnect leaves it open. */
  | { db: SqliteDb };

/**
 * Agenda v6 backend for the embedded mode: jobs live in their own table of the SQLite file, so the
 * scheduled reminders and timeouts survive a restart together with the releases they belong to. It has
 * no notification channel; Agenda polls every `processEvery`, which is plenty for minute-scale timers.
 */
export class SqliteAgendaBackend implements AgendaBackend {
  readonly name = 'SQLite';
  readonly repository: SqliteJobRepository;
  readonly notificationChannel = undefined;
  readonly ownsConnection: boolean;
  private db: SqliteDb | undefined;

  constructor(private readonly opts: SqliteAgendaBackendOptions) {
    this.ownsConnection = 'file' in opts;
    this.repository = new SqliteJobRepository(() => {
      if (!this.db?.open) throw new Error('agenda sqlite backend is not connected');
      return this.db;
    });
  }

  async connect(): Promise<void> {
    if (!this.db?.open) this.db = 'file' in this.opts ? openSqlite(this.opts.file) : this.opts.db;
    await this.repository.connect();
  }

  async disconnect(): Promise<void> {
    if (this.ownsConnection && this.db?.open) this.db.close();
  }
}
