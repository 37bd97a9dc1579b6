import { connect, createServer, type Server, type Socket } from 'node:net';
import { BSON, type Document } from 'mongodb';

/**
 * A MongoDB wire-protocol proxy in front of FerretDB, for tests only: it lets the store's transaction
 * path (src/store/mongo/commit-in-transaction.ts) run against FerretDB v1, which has no transactions
 * (it refuses `autocommit`). It plays a one-member replica set that is not FerretDB:
 *
 * - `hello` (and `isMaster`) answers carry `setName` (unless `replicaSet: false`, a standalone server),
 *   and `buildInfo` answers lose `ferretdbVersion`, so the store takes it for MongoDB by itself.
 * - Statements of a transaction (`autocommit: false`) reach FerretDB without the fields it refuses
 *   (`autocommit`, `startTransaction`, and `readConcern`, which the driver puts on a transaction's first
 *   statement: FerretDB refuses it on a write, whatever the level) nor `txnNumber` (accepted, and
 *   ignored); `commitTransaction` and `abortTransaction` are answered here, `ok: 1`.
 * - Transactions are SERIAL: one transaction holds the lock from its first statement until its commit
 *   or abort, and every other command waits for it (a command outside any transaction takes the lock
 *   for its own duration). So no reader ever sees a transaction half applied, as on MongoDB.
 * - It cannot roll an abort back. It counts the aborts that came after a statement that changed
 *   something (`abortsAfterWrites`); a test that runs through it must find none, or what it checked
 *   is not what MongoDB would have done.
 *
 * What it cannot show: isolation and rollback under real concurrency (write conflicts, retries of a
 * TransientTransactionError, a commit with an unknown result). Only a real replica set shows those.
 *
 * Wire format (MongoDB's "OP_MSG" spec): a 16-byte header (messageLength, requestID, responseTo,
 * opCode), then for OP_MSG (2013) flagBits, sections (kind 0: one BSON body; kind 1: a size, a name and
 * a sequence of documents) and a CRC-32C checksum if flagBits bit 0 is set. A rewritten message drops
 * its checksum (and that bit); anything but OP_MSG passes through untouched.
 */
export interface TransactionShim {
  /** A URI for the driver: a direct connection to the shim, as to the primary of a one-member set. */
  readonly uri: string;
  readonly stats: {
    /** Transactions committed (their first statement reached FerretDB). */
    committed: number;
    aborted: number;
    /** Aborts after a statement that changed something, which this shim could not undo. */
    abortsAfterWrites: number;
    /** Statements run inside transactions. */
    statements: number;
  };
  close(): Promise<void>;
}

const OP_MSG = 2013;
const CHECKSUM_PRESENT = 1;
/** Commands that touch no data: they never wait for a transaction (the driver's heartbeats among them). */
const FREE = new Set([
  'hello',
  'ismaster',
  'ping',
  'buildinfo',
  'endsessions',
  'killcursors',
  'getparameter',
  'saslstart',
  'saslcontinue',
]);
/** What a replica set member's hello says and a standalone's does not (for a shim in front of MongoDB). */
const REPLICA_SET_FIELDS = [
  'setName',
  'setVersion',
  'hosts',
  'primary',
  'me',
  'electionId',
  'secondary',
  'msg',
];
const STANDALONE_REFUSAL = {
  ok: 0,
  errmsg: 'Transaction numbers are only allowed on a replica set member or mongos',
  code: 20,
  codeName: 'IllegalOperation',
};
const UNPROMOTED = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true };
const WRITES = new Set(['insert', 'update', 'delete', 'findandmodify']);
/** Fields FerretDB v1.24 refuses in a command (checked on an insert), and `txnNumber`, which it ignores. */
const TRANSACTION_FIELDS = ['autocommit', 'startTransaction', 'txnNumber', 'readConcern'];

interface Message {
  requestID: number;
  responseTo: number;
  opCode: number;
  raw: Buffer;
}

interface OpMsg {
  flagBits: number;
  body: Document;
  /** Kind 1 sections, kept as they came. */
  sequences: Buffer[];
}

export async function transactionShim(
  upstreamUri: string,
  opts: { replicaSet?: boolean } = {},
): Promise<TransactionShim> {
  const upstream = new URL(upstreamUri);
  const replicaSet = opts.replicaSet ?? true;
  const stats = { committed: 0, aborted: 0, abortsAfterWrites: 0, statements: 0 };
  const lock = serialLock();
  let nextRequestId = 1;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    sockets.add(client);
    const ferret = connect(Number(upstream.port), upstream.hostname);
    sockets.add(ferret);
    // What the client is waiting for an answer to (the driver sends one request per connection at a time).
    const waiting = new Map<number, { name: string; txn?: string }>();
    let work = Promise.resolve();

    frames(client, (m) => {
      // One message after another, as they came: a statement may wait for the lock.
      work = work
        .then(() => fromClient(m))
        .catch(() => {
          client.destroy();
        });
    });
    frames(ferret, (m) => {
      try {
        client.write(fromServer(m));
      } catch {
        client.destroy();
      }
    });
    const closeBoth = () => {
      client.destroy();
      ferret.destroy();
      sockets.delete(client);
      sockets.delete(ferret);
      // A client gone in the middle of a transaction: as MongoDB would, it ends (aborted).
      lock.dropConnection(client, stats);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    ferret.on('close', closeBoth).on('error', closeBoth);

    async function fromClient(m: Message): Promise<void> {
      if (m.opCode !== OP_MSG) {
        ferret.write(m.raw);
        return;
      }
      const msg = parseOpMsg(m.raw);
      const name = Object.keys(msg.body)[0] ?? '';
      const lower = name.toLowerCase();
      const txn = msg.body.autocommit === false ? transactionKey(msg.body) : undefined;
      if (lower === 'committransaction' || lower === 'aborttransaction') {
        lock.end(txn, lower === 'committransaction', stats);
        client.write(reply(m.requestID, { ok: 1 }));
        return;
      }
      if (txn && !replicaSet) {
        // What a standalone mongod answers.
        client.write(reply(m.requestID, STANDALONE_REFUSAL));
        return;
      }
      if (txn) {
        await lock.enter(txn, client);
        stats.statements += 1;
        for (const field of TRANSACTION_FIELDS) delete msg.body[field];
        waiting.set(m.requestID, { name: lower, txn });
        ferret.write(serialiseOpMsg(m, msg));
        return;
      }
      if (FREE.has(lower)) {
        waiting.set(m.requestID, { name: lower });
        ferret.write(m.raw);
        return;
      }
      // A command outside any transaction holds the lock while it runs.
      await lock.enter(`single:${m.requestID}:${Math.random()}`, client);
      waiting.set(m.requestID, { name: lower, txn: 'single' });
      ferret.write(m.raw);
    }

    function fromServer(m: Message): Buffer {
      const asked = waiting.get(m.responseTo);
      waiting.delete(m.responseTo);
      if (m.opCode !== OP_MSG || !asked) return m.raw;
      const msg = parseOpMsg(m.raw);
      if (asked.txn === 'single') lock.leaveSingle();
      else if (asked.txn && WRITES.has(asked.name) && changedSomething(msg.body)) lock.wrote(asked.txn);
      if (asked.name === 'hello' || asked.name === 'ismaster') {
        const me = `127.0.0.1:${port()}`;
        if (replicaSet)
          Object.assign(msg.body, { setName: 'shim', setVersion: 1, hosts: [me], primary: me, me });
        else for (const field of REPLICA_SET_FIELDS) delete msg.body[field];
        return serialiseOpMsg(m, msg);
      }
      if (asked.name === 'buildinfo' && 'ferretdbVersion' in msg.body) {
        delete msg.body.ferretdbVersion;
        return serialiseOpMsg(m, msg);
      }
      return m.raw;
    }
  });

  function reply(responseTo: number, body: Document): Buffer {
    const doc = BSON.serialize(body);
    const header = Buffer.alloc(20);
    header.writeInt32LE(21 + doc.length, 0);
    header.writeInt32LE(nextRequestId++, 4);
    header.writeInt32LE(responseTo, 8);
    header.writeInt32LE(OP_MSG, 12);
    header.writeUInt32LE(0, 16);
    return Buffer.concat([header, Buffer.from([0]), doc]);
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = () => {
    const a = server.address();
    return typeof a === 'object' && a ? a.port : 0;
  };
  return {
    uri: `mongodb://127.0.0.1:${port()}/?directConnection=true`,
    stats,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/**
 * The lock that makes transactions serial. Held by one transaction (from its first statement to its
 * commit or abort) or by one command outside any; everyone else waits, first come first served.
 */
function serialLock() {
  let holder: { key: string; wrote: boolean; connection: Socket } | undefined;
  const queue: { key: string; connection: Socket; go: () => void }[] = [];
  const next = () => {
    if (holder) return;
    const first = queue.shift();
    if (!first) return;
    holder = { key: first.key, wrote: false, connection: first.connection };
    first.go();
  };
  const finish = (stats: TransactionShim['stats'], committed: boolean) => {
    if (!holder) return;
    if (committed) stats.committed += 1;
    else {
      stats.aborted += 1;
      if (holder.wrote) stats.abortsAfterWrites += 1;
    }
    holder = undefined;
    next();
  };
  return {
    enter(key: string, connection: Socket): Promise<void> {
      if (holder?.key === key) {
        holder.connection = connection;
        return Promise.resolve();
      }
      return new Promise((go) => {
        queue.push({ key, connection, go });
        next();
      });
    },
    wrote(key: string) {
      if (holder?.key === key) holder.wrote = true;
    },
    leaveSingle() {
      if (holder?.key.startsWith('single:')) {
        holder = undefined;
        next();
      }
    },
    /** A transaction's commit or abort; one that never ran a statement holds nothing. */
    end(key: string | undefined, committed: boolean, stats: TransactionShim['stats']) {
      if (key !== undefined && holder?.key === key) finish(stats, committed);
    },
    dropConnection(connection: Socket, stats: TransactionShim['stats']) {
      for (let i = queue.length - 1; i >= 0; i -= 1)
        if (queue[i]!.connection === connection) queue.splice(i, 1);
      if (holder?.connection !== connection) return;
      if (holder.key.startsWith('single:')) {
        holder = undefined;
        next();
      } else finish(stats, false);
    },
  };
}

/** One session's transaction: its session id and transaction number. */
function transactionKey(body: Document): string {
  const id = body.lsid?.id;
  const session = id && typeof id.toString === 'function' ? id.toString('hex') : JSON.stringify(body.lsid);
  return `${session}:${String(body.txnNumber)}`;
}

/** Whether a write's answer says it changed a document (an update that matched nothing did not). */
function changedSomething(body: Document): boolean {
  const count = (v: unknown) => Number(v ?? 0);
  if (body.nModified !== undefined) return count(body.nModified) > 0 || (body.upserted?.length ?? 0) > 0;
  if (body.lastErrorObject) return count(body.lastErrorObject.n) > 0;
  return count(body.n) > 0;
}

/** Calls `each` with every whole message read from `socket`. */
function frames(socket: Socket, each: (m: Message) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4) {
      const length = pending.readInt32LE(0);
      if (pending.length < length) break;
      const raw = pending.subarray(0, length);
      pending = pending.subarray(length);
      each({
        requestID: raw.readInt32LE(4),
        responseTo: raw.readInt32LE(8),
        opCode: raw.readInt32LE(12),
        raw,
      });
    }
  });
}

function parseOpMsg(raw: Buffer): OpMsg {
  const flagBits = raw.readUInt32LE(16);
  const end = raw.length - (flagBits & CHECKSUM_PRESENT ? 4 : 0);
  let body: Document | undefined;
  const sequences: Buffer[] = [];
  for (let at = 20; at < end; ) {
    const kind = raw[at]!;
    const size = raw.readInt32LE(at + 1);
    // Unpromoted, so every value is written back with its own BSON type (an int64 cursor id stays one).
    if (kind === 0) body = BSON.deserialize(raw.subarray(at + 1, at + 1 + size), UNPROMOTED);
    else if (kind === 1) sequences.push(raw.subarray(at, at + 1 + size));
    else throw new Error(`OP_MSG section kind ${kind} is not in the spec`);
    at += 1 + size;
  }
  if (!body) throw new Error('OP_MSG without a body section');
  return { flagBits, body, sequences };
}

/** The message again with its (changed) body, without a checksum. */
function serialiseOpMsg(m: Message, msg: OpMsg): Buffer {
  const body = BSON.serialize(msg.body);
  const header = Buffer.alloc(20);
  const length = 20 + 1 + body.length + msg.sequences.reduce((n, s) => n + s.length, 0);
  header.writeInt32LE(length, 0);
  header.writeInt32LE(m.requestID, 4);
  header.writeInt32LE(m.responseTo, 8);
  header.writeInt32LE(m.opCode, 12);
  header.writeUInt32LE(msg.flagBits & ~CHECKSUM_PRESENT, 16);
  return Buffer.concat([header, Buffer.from([0]), body, ...msg.sequences]);
}
