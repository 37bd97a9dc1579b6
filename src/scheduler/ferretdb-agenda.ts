import type { MongoJobRepository } from '@agendajs/mongo-backend';
import type { AgendaBackend, JobRepository } from 'agenda';
import type { Collection, Db, Document } from 'mongodb';
import { isDuplicateKey } from '../store/mongo/duplicate-key.js';
import { ferretDbProbe, type MongoServerChoice, retryWhileFerretDbBusy } from '../store/mongo/ferretdb.js';
import { updatesById } from './ferretdb-by-id.js';
import { dueJobsByScan } from './ferretdb-due-jobs.js';

/**
 * The one place Agenda on MongoDB is adjusted for FerretDB v1, the server the MongoDB suites run on.
 * On MongoDB the backend is used exactly as shipped: once connected to a MongoDB server, every call
 * below goes straight through. On FerretDB:
 *
 * - A command refused with SQLITE_BUSY (FerretDB's SQLite is locked by another writer) is sent again
 *   (`retryWhileFerretDbBusy`). MongoDB queues concurrent writes instead of refusing them.
 * - A unique timer-job save that lost a concurrent upsert to the `one_job_per_release_timer` index (E11000) is
 *   sent once more, and then finds the job the winner saved. MongoDB retries such an upsert itself.
 *
 * - The next due job is found from one scan of the due jobs per poll, and locked by its `_id`
 *   (`ferretdb-due-jobs.ts`). On MongoDB each lock is a single-winner `findOneAndUpdate` served by
 *   Agenda's index in a millisecond; FerretDB scans the whole collection for it (220 ms at 3,000 jobs),
 *   so one scan per job left reminders minutes late.
 * - One look for the next due job per job name at a time in this process. Agenda starts a queue fill
 *   for every job name each poll; a fill still running when the next poll starts a second one is
 *   normal, and on MongoDB the two just share the due jobs. Here both would walk one list: while a look
 *   for a name is under way, another answers "nothing due" (the running fill goes on until it has
 *   locked every due job); the next poll looks again.
 *
 * - Agenda's conditional updates of one job are sent by its `_id` alone (`ferretdb-by-id.ts`):
 *   FerretDB reads the whole collection for any other filter.
 *
 * Not adjusted, on purpose: FerretDB's conditional update reads and then writes back, so two replicas
 * sometimes both lock one due job and both run it (MongoDB makes that lock single-winner). The timer
 * handler has its effect once anyway — the commit is conditional on the release's version and the
 * timer id carries its round — and the MongoDB suites prove that on FerretDB.
 */
export function onFerretDb(
  backend: AgendaBackend,
  db: Db,
  server: MongoServerChoice = 'detect',
): AgendaBackend {
  const isFerretDb = ferretDbProbe(db, server);
  let ferret = false;
  // The backend as shipped keeps its job collection in this public field, set when it connects.
  const shipped = backend.repository as MongoJobRepository;
  const repository = wrapRepository(
    shipped,
    () => shipped.collection as unknown as Collection<Document>,
    () => ferret,
  );
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === 'repository') return repository;
      if (prop === 'connect')
        return async () => {
          ferret = await retryWhileFerretDbBusy(isFerretDb);
          if (!ferret) return target.connect();
          await retryWhileFerretDbBusy(() => target.connect());
          shipped.collection = updatesById(shipped.collection as unknown as Collection<Document>) as never;
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function wrapRepository(
  repo: JobRepository,
  jobs: () => Collection<Document>,
  ferret: () => boolean,
): JobRepository {
  const looking = new Set<string>();
  const nextDueJob = dueJobsByScan(jobs, repo);
  return new Proxy(repo, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const method = value.bind(target) as (...args: unknown[]) => Promise<unknown>;
      if (prop === 'getNextJobToRun')
        return async (...args: unknown[]) => {
          if (!ferret()) return method(...args);
          const name = String(args[0]);
          if (looking.has(name)) return undefined;
          looking.add(name);
          try {
            return await retryWhileFerretDbBusy(() => nextDueJob(...(args as Parameters<typeof nextDueJob>)));
          } finally {
            looking.delete(name);
          }
        };
      if (prop === 'saveJob')
        return (...args: unknown[]) => {
          if (!ferret()) return method(...args);
          return retryWhileFerretDbBusy(async () => {
            try {
              return await method(...args);
            } catch (err) {
              const job = args[0] as { unique?: unknown } | undefined;
              if (!isDuplicateKey(err) || !job?.unique) throw err;
              return method(...args);
            }
          });
        };
      return (...args: unknown[]) =>
        ferret() ? retryWhileFerretDbBusy(() => method(...args)) : method(...args);
    },
  });
}
