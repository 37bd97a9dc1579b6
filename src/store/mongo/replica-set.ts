import type { Db, Document } from 'mongodb';
import { ConfigError } from '../../config/load.js';

/**
 * Refuses a standalone MongoDB server at start: the store commits a release, its audit events and its
 * messages in one transaction (commit-in-transaction.ts), and MongoDB runs transactions only on a
 * replica set member or through mongos. Without this, the first click would fail instead. Asked of
 * MongoDB only: FerretDB has no transactions and takes another way (ferretdb.ts). MONGODB_SERVER=mongodb
 * skips the question "is it FerretDB?", never this one.
 */
export async function requireTransactions(db: Db, uri: string): Promise<void> {
  if (runsTransactions(await db.admin().command({ hello: 1 }))) return;
  throw new ConfigError(
    `MongoDB at ${hostsOf(uri)} is a standalone server; golive commits a release and its audit events in one transaction, which needs a replica set — a one-member replica set is enough: start mongod with --replSet rs0, run rs.initiate() once in mongosh, and add ?replicaSet=rs0 to MONGODB_URI (docs/deploy.md, "Production shape")`,
  );
}

/** Whether a MongoDB server's `hello` answer is a replica set member's or mongos's: those run transactions. */
export function runsTransactions(hello: Document): boolean {
  return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
}

/** Where MONGODB_URI points, without credentials or options, for the message. */
function hostsOf(uri: string): string {
  return uri
    .replace(/^mongodb(\+srv)?:\/\//, '')
    .replace(/^[^@/]*@/, '')
    .replace(/[/?].*$/, '');
}
