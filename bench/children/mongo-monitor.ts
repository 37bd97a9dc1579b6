/**
 * BENCH_MONGO_MONITOR=1: records every command golive's MongoDB clients send (name, collection,
 * duration, when), so bench/click-commands.ts can say what one click costs and where. The URI must
 * carry `monitorCommands=true`; this only subscribes to the events of every client that connects.
 */
import { MongoClient } from 'mongodb';

export interface CommandRecord {
  at: number;
  name: string;
  collection: string;
  ms: number;
  ok: boolean;
}

const records: CommandRecord[] = [];
/** While the sizes are read: those commands are not golive's. */
let measuring = false;
const clients: MongoClient[] = [];
const connect = MongoClient.prototype.connect;
MongoClient.prototype.connect = function (this: MongoClient) {
  if (!clients.includes(this)) {
    clients.push(this);
    const started = new Map<number, { at: number; name: string; collection: string }>();
    this.on('commandStarted', (e) => {
      const target = (e.command as Record<string, unknown>)[e.commandName];
      started.set(e.requestId, {
        at: Date.now(),
        name: e.commandName,
        collection: typeof target === 'string' ? target : '',
      });
    });
    const done = (ok: boolean) => (e: { requestId: number; duration: number }) => {
      const s = started.get(e.requestId);
      started.delete(e.requestId);
      if (s && !measuring) records.push({ ...s, ms: e.duration, ok });
    };
    this.on('commandSucceeded', done(true));
    this.on('commandFailed', done(false));
  }
  return connect.call(this);
} as typeof connect;

/** The commands recorded since the last call (and forgets them). */
export function takeCommands(): CommandRecord[] {
  return records.splice(0, records.length);
}

/** Document count and average size of each collection of golive's database. */
export async function collectionSizes(
  dbName: string,
): Promise<Record<string, { count: number; avgBytes: number }>> {
  const client = clients[0];
  if (!client) return {};
  const db = client.db(dbName);
  const out: Record<string, { count: number; avgBytes: number }> = {};
  measuring = true;
  try {
    for (const { name } of await db.listCollections().toArray()) {
      const s = await db.command({ collStats: name });
      out[name] = { count: Number(s.count), avgBytes: Math.round(Number(s.avgObjSize ?? 0)) };
    }
  } finally {
    measuring = false;
  }
  return out;
}
