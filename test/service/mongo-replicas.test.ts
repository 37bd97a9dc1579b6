import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Button } from '../../src/conversation/model.js';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { createTestCore, findButton, replyText, type TestCore } from '../support/core.js';
import { testDatabases } from '../support/mongo.js';

// Two bot processes (two cores, each with its own MongoDB connection) on one database. Timers have
// their own test (test/scheduler/mongo-agenda.test.ts); this one sends conflicting decisions.
vi.setConfig({ testTimeout: 600_000 });
const dbs = testDatabases('replicas');
const RUNS = 100;

let cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores) await c.stop();
  cores = [];
});

const is = (type: string) => (b: Button) => b.intent.command.type === type;

async function newEmergency(via: TestCore, n: number): Promise<string> {
  const first = await via.core.command(via.as('alice'), 'new');
  if (first.kind !== 'form') throw new Error('no form');
  const chose = await via.core.submit(via.as('alice'), first.form.context, { flow: 'emergency' });
  if (!chose.ok || chose.reply.kind !== 'form') throw new Error('no second form');
  const made = await via.core.submit(via.as('alice'), chose.reply.form.context, {
    title: `Hotfix ${n}`,
    system: 'pay',
    reason_category: 'severe_bug',
    justification: 'Payments time out.',
    tester: ['bob'],
    director: 'dave',
  });
  const text = made.ok ? replyText(made.reply) : JSON.stringify(made.errors);
  const id = /REL-\d+/.exec(text)?.[0];
  if (!id) throw new Error(`not created: ${text}`);
  await via.core.flush();
  return id;
}

describe('two bot processes on one MongoDB', () => {
  it(`decides ${RUNS} pairs of simultaneous approve/reject clicks on one gate once each, consistently`, async () => {
    const dbName = dbs.fresh();
    const a = await createTestCore({ store: createMongoStore({ uri: dbs.uri, dbName }) });
    const b = await createTestCore({ store: createMongoStore({ uri: dbs.uri, dbName }) });
    cores = [a, b];
    const outcomes = { approved: 0, rejected: 0 };
    for (let n = 1; n <= RUNS; n += 1) {
      const id = await newEmergency(n % 2 ? a : b, n);
      // Either process may deliver erin's card (whichever claims the outbox entry first).
      const cardOf = (type: string) =>
        findButton(
          [...a.surface.dmsTo('erin'), ...b.surface.dmsTo('erin')].filter((m) => m.header.includes(id)),
          is(type),
        );
      await vi.waitFor(
        async () => {
          await Promise.all([a.core.flush(), b.core.flush()]);
          expect(cardOf('approve') && cardOf('reject')).toBeTruthy();
        },
        { timeout: 60_000, interval: 50 },
      );
      const approve = cardOf('approve')!;
      const reject = cardOf('reject')!;
      // The reject needs a reason: open its form first, then send both decisions at the same moment.
      const rejectForm = await b.core.press(b.as('erin'), reject.intent);
      if (rejectForm.kind !== 'form') throw new Error(`${id}: reject asked for no reason`);
      const [approved, rejected] = await Promise.all([
        a.core.press(a.as('erin'), approve.intent),
        b.core.submit(b.as('erin'), rejectForm.form.context, { reason: 'not now' }),
      ]);

      const release = await a.store.load(id);
      const trail = (await b.store.events(id)).map((e) => e.what);
      const decided = trail.filter((w) => w === 'approve' || w === 'reject');
      // Exactly one decision counts, the release is where that decision sends it, and every write
      // (the decision, and the refusal of the late click, which is audited too) is in the trail once.
      expect(decided, `${id}: ${trail.join(', ')}`).toHaveLength(1);
      expect(release?.version).toBe(trail.length);
      expect(release?.eventCount).toBe(trail.length);
      if (decided[0] === 'approve') {
        outcomes.approved += 1;
        expect(release?.stage).toBe('testing');
        expect(replyText(approved)).not.toMatch(/try again/);
      } else {
        outcomes.rejected += 1;
        expect(release?.status).toBe('rejected');
        expect(rejected.ok && replyText(rejected.reply)).not.toMatch(/try again/);
      }
    }
    expect(outcomes.approved + outcomes.rejected).toBe(RUNS);
  });
});
