import { MongoBackend } from '@agendajs/mongo-backend';
import type { AgendaBackend } from 'agenda';
import type { Db } from 'mongodb';
import type { MongoServerChoice } from '../store/mongo/ferretdb.js';
import { onFerretDb } from './ferretdb-agenda.js';

/** Agenda's collection, its documented default: what Agendash and `agendaJobs` readers expect. */
export const AGENDA_JOBS = 'agendaJobs';

export interface MongoAgendaBackendOptions {
  /** The store's database (`createMongoStore(...).db`): jobs live beside the releases they serve. */
  db: Db;
  /** MONGODB_SERVER, as given to the store (src/store/mongo/ferretdb.ts); default `detect`. */
  server?: MongoServerChoice;
}

/**
 * Agenda on MongoDB: `@agendajs/mongo-backend` as shipped, on the store's connection. Its collection
 * (`agendaJobs`), its index (`findAndLockNextJobIndex` on name, nextRunAt, priority, lockedAt,
 * disabled), its find-and-lock (one `findOneAndUpdate` per due job, which MongoDB makes single-winner)
 * and Agenda's retries. One index is added: timer jobs are saved `unique … insertOnly` (an upsert on
 * kind, release, timer and due time), and MongoDB makes concurrent upserts single-winner only when the
 * filter's fields are uniquely indexed (then it retries the loser's upsert as an update itself). That
 * index leads with the release, so a sync's look-up of one release's jobs uses it too.
 *
 * On FerretDB (tests only) a few adjustments apply; they are all in ferretdb-agenda.ts.
 */
export function createMongoAgendaBackend(opts: MongoAgendaBackendOptions): AgendaBackend {
  const backend = new MongoBackend({ mongo: opts.db, collection: AGENDA_JOBS });
  const connect = backend.connect.bind(backend);
  backend.connect = async () => {
    await connect();
    const jobs = opts.db.collection(AGENDA_JOBS);
    // Release first: it also serves sync's look-up of a release's jobs. (The earlier index of that name
    // led with the job name, which that look-up cannot use.)
    await jobs.dropIndex('one_job_per_timer').catch(() => undefined);
    await jobs.createIndex(
      { 'data.releaseId': 1, 'data.timerId': 1, 'data.dueAt': 1, name: 1 },
      { name: 'one_job_per_release_timer', unique: true },
    );
  };
  return onFerretDb(backend, opts.db, opts.server);
}
