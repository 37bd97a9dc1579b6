import type { AgendaBackend, JobRepository } from 'agenda';
import type { Db } from 'mongodb';
import { isDuplicateKey } from '../store/mongo/duplicate-key.js';
import { ferretDbProbe, type MongoServerChoice, retryWhileFerretDbBusy } from '../store/mongo/ferretdb.js';

/**
 * The one place Agenda on MongoDB is adjusted for FerretDB v1, the server the MongoDB suites run on.
 * On MongoDB the backend is used exactly as shipped: once connected to a MongoDB server, every call
 * below goes straight through. On FerretDB:
 *
 * - A command refused with SQLITE_BUSY (FerretDB's SQLite is locked by another writer) is sent again
 *   (`retryWhileFerretDbBusy`). MongoDB queues concurrent writes instead of refusing them.
 * - A unique timer-job save that lost a concurrent upsert to the `one_job_per_timer` index (E11000) is
 *   sent once more, and then finds the job the winner saved. MongoDB retries such an upsert itself.
 *
 * - One look for the next due job per job name at a time in this process (`getNextJobToRun`). Agenda
 *   starts a queue fill for every job name each poll, and a fill locks due jobs one after another; a
 *   fill still running when the next poll starts a second one is normal. On MongoDB each lock is a
 *   single-winner `findOneAndUpdate` served by an index in a millisecond, so overlapping fills just
 *   share the due jobs. On FerretDB each one scans the collection and both overlapping fills read the
 *   same first job before either writes: they lock it again and again, and fills pile up poll after poll
 *   until none finishes. So while a look for a name is under way, another answers "nothing due" (the
 *   running fill goes on until it has locked every due job); the next poll looks again.
 *
 * Not adjusted, on purpose: FerretDB's `findOneAndUpdate` reads and then writes back, so two replicas
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
  const repository = wrapRepository(backend.repository, () => ferret);
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === 'repository') return repository;
      if (prop === 'connect')
        return async () => {
          ferret = await retryWhileFerretDbBusy(isFerretDb);
          await (ferret ? retryWhileFerretDbBusy(() => target.connect()) : target.connect());
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function wrapRepository(repo: JobRepository, ferret: () => boolean): JobRepository {
  const looking = new Set<string>();
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
            return await retryWhileFerretDbBusy(() => method(...args));
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
