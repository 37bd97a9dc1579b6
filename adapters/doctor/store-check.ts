import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ferretDbProbe } from '../../src/store/mongo/ferretdb.js';
import { runsTransactions } from '../../src/store/mongo/replica-set.js';
import { sqliteFile } from '../store-file.js';
import { type CheckResult, type DoctorContext, fail, messageOf, ok } from './types.js';

/** The host part of a MongoDB URI, without credentials (they never reach the report). */
function hostOf(uri: string): string {
  const afterScheme = uri.replace(/^mongodb(\+srv)?:\/\//, '');
  return afterScheme.replace(/^[^@/]*@/, '').split(/[/?]/)[0] ?? '?';
}

/**
 * The store golive would use answers and takes a write: MongoDB (a writable primary of a replica set;
 * a document written and removed again), or the embedded SQLite file under DATA_DIR (the folder writable, the
 * file opened for writing — a running golive's WAL lets both in).
 */
export async function checkStore(ctx: DoctorContext): Promise<CheckResult> {
  const name = ctx.say('store');
  const { env } = ctx;
  if (env.MONGODB_URI) {
    const host = hostOf(env.MONGODB_URI);
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(env.MONGODB_URI, {
      serverSelectionTimeoutMS: 5_000,
      connectTimeoutMS: 5_000,
    });
    try {
      const db = client.db(env.MONGODB_DB);
      const hello = await db.command({ hello: 1 });
      if (hello.isWritablePrimary === false)
        return fail(
          name,
          ctx.say('storeMongoBad', { host, error: ctx.say('storeMongoNotPrimary') }),
          ctx.say('storeMongoFix', { db: env.MONGODB_DB }),
        );
      // golive itself refuses to start on a standalone MongoDB (src/store/mongo/replica-set.ts).
      if (!runsTransactions(hello) && !(await ferretDbProbe(db, env.MONGODB_SERVER)()))
        return fail(
          name,
          ctx.say('storeMongoBad', { host, error: ctx.say('storeMongoStandalone') }),
          ctx.say('storeMongoStandaloneFix'),
        );
      const probes = db.collection<{ _id: string; at: Date }>('doctor_probes');
      const _id = randomUUID();
      await probes.insertOne({ _id, at: new Date() });
      await probes.deleteOne({ _id });
      return ok(name, ctx.say('storeMongoOk', { host, db: env.MONGODB_DB }));
    } catch (err) {
      return fail(
        name,
        ctx.say('storeMongoBad', { host, error: messageOf(err) }),
        ctx.say('storeMongoFix', { db: env.MONGODB_DB }),
      );
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  const file = sqliteFile(env);
  try {
    mkdirSync(env.DATA_DIR, { recursive: true });
    const probe = join(env.DATA_DIR, `.doctor-${randomUUID()}`);
    writeFileSync(probe, 'golive doctor');
    rmSync(probe);
    const db = new Database(file, { timeout: 5_000 });
    try {
      db.exec('BEGIN IMMEDIATE; ROLLBACK;');
    } finally {
      db.close();
    }
    return ok(name, ctx.say('storeSqliteOk', { file }));
  } catch (err) {
    return fail(
      name,
      ctx.say('storeSqliteBad', { dir: env.DATA_DIR, error: messageOf(err) }),
      ctx.say('storeSqliteFix'),
    );
  }
}
