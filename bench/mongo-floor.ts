/**
 * The server's floor for the commands a click makes (`MONGODB_URI=… npx tsx bench/mongo-floor.ts`; not
 * part of `npm run bench`): bare `_id` findOne / updateOne / insertOne / deleteOne against one collection
 * of N documents (the bench's sizes and larger), one at a time and 10 at a time, with nothing of golive's
 * around them. On FerretDB v1 (SQLite) every command but an insert reads the whole collection, and writes
 * take turns on one SQLite writer; what a click costs beyond these is ours.
 */
import { MongoClient } from 'mongodb';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is not set');
const SIZES = (process.env.FLOOR_SIZES ?? '50,500,5000').split(',').map(Number);
const OPS = Number(process.env.FLOOR_OPS ?? 100);
const BYTES = Number(process.env.FLOOR_DOC_BYTES ?? 4000);
const client = new MongoClient(uri);
const db = client.db(`floor${process.pid}`);
const pad = 'x'.repeat(BYTES);
const round = (x: number) => Math.round(x * 100) / 100;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

async function timed(ops: number, parallel: number, op: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < ops) {
        const i = next++;
        const t = performance.now();
        await op(i);
        times.push(performance.now() - t);
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  return `p50 ${round(quantile(times, 0.5))} ms  p99 ${round(quantile(times, 0.99))} ms  ${Math.round(ops / s)}/s`;
}

for (const n of SIZES) {
  const coll = db.collection<{ _id: string; v: number; pad: string }>(`c${n}`);
  for (let i = 0; i < n; i += 1000)
    await coll.insertMany(
      Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ _id: `doc-${i + j}`, v: 0, pad })),
    );
  const some = (i: number) => `doc-${(i * 7919) % n}`;
  let fresh = 0;
  for (const parallel of [1, 10]) {
    const rows: [string, (i: number) => Promise<unknown>][] = [
      ['findOne {_id}', (i) => coll.findOne({ _id: some(i) })],
      ['updateOne {_id} $set', (i) => coll.updateOne({ _id: some(i) }, { $set: { v: i } })],
      // How the store writes a release on FerretDB (src/store/mongo/ferretdb/deadline.ts): findAndModify with a deadline.
      [
        'findOneAndUpdate maxTimeMS',
        (i) => coll.findOneAndUpdate({ _id: some(i) }, { $set: { v: i } }, { maxTimeMS: 5_000 }),
      ],
      ['insertOne', () => coll.insertOne({ _id: `new-${fresh++}`, v: 0, pad })],
      ['deleteOne {_id} (missing)', (i) => coll.deleteOne({ _id: `none-${i}` })],
    ];
    for (const [name, op] of rows)
      console.log(
        `${String(n).padStart(6)} docs × ${BYTES} B  ${parallel} at a time  ${name.padEnd(26)} ${await timed(OPS, parallel, op)}`,
      );
  }
}
await db.dropDatabase();
await client.close();
