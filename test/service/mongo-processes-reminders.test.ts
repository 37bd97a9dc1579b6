import { MongoClient } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import { createRelease, inLanes, requester, reviewer, useTwoReplicas } from './support/replicas.js';

// Two bot processes — `npm start` in Slack HTTP mode, two replicas behind a load balancer — on one
// MongoDB database. Releases are created through both processes' signed endpoints; each release's
// first stage has ten reminders for its reviewer, falling due 3.6 to 6.8 seconds after it is entered,
// each its own Agenda job. What was sent is read from the fake Slack Web API both processes call.
vi.setConfig({ testTimeout: 420_000 });
const RELEASES = 20;
const TIMERS = 10; // remind1…remind10 of fixtures/flows/remind_drill.yaml
const REMINDERS = RELEASES * TIMERS;
// Creations in flight at once: FerretDB writes one at a time, so more only lengthens each request
// (a modal submit must be answered within Slack's 3 seconds).
const LANES = 4;
const r = useTwoReplicas('proc_remind');

/** Reminder DMs the fake received: release id → the DM channel of each, once per message sent. */
function remindersSent(): Map<string, string[]> {
  const sent = new Map<string, string[]>();
  for (const call of r.fake.callsTo('chat.postMessage')) {
    const id = /Reminder: (REL-\d+) /.exec(String(call.args.text ?? ''))?.[1];
    if (id) sent.set(id, [...(sent.get(id) ?? []), String(call.args.channel)]);
  }
  return sent;
}

/** Nothing is left that could still send: no timer job waiting and no message undelivered. */
async function settled(): Promise<boolean> {
  const client = new MongoClient(r.uri);
  try {
    const jobs = await client.db(r.dbName).collection('agendaJobs').countDocuments();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    return jobs === 0 && (await r.store.pendingOutbox(later, 1)).length === 0;
  } finally {
    await client.close();
  }
}

describe('two golive processes on one MongoDB', () => {
  it(`send each of ${REMINDERS} reminders falling due within seconds exactly once`, async () => {
    const expected = new Map<string, string>();
    await inLanes(LANES, RELEASES, async (lane, _round, n) => {
      const who = reviewer(n % 20);
      const id = await createRelease(r.drivers[n % 2]!, requester(lane), 'remind_drill', {
        title: `Drill ${n}`,
        reviewer: who,
      });
      expected.set(id, `D_${who}`);
    });
    expect(expected.size).toBe(RELEASES);

    await vi.waitFor(
      () => {
        const sent = remindersSent();
        const short = [...expected.keys()].filter((id) => (sent.get(id)?.length ?? 0) < TIMERS);
        expect(short.map((id) => `${id}: ${sent.get(id)?.length ?? 0}`)).toEqual([]);
      },
      { timeout: 240_000, interval: 500 },
    );
    // Once no job is left and the outbox is empty, nothing more can be sent: the counts are final.
    await vi.waitFor(async () => expect(await settled()).toBe(true), { timeout: 60_000, interval: 500 });
    const sent = remindersSent();
    expect(sent.size).toBe(RELEASES);
    expect([...sent.values()].flat()).toHaveLength(REMINDERS);
    for (const [id, dm] of expected) {
      expect(sent.get(id), id).toEqual(Array(TIMERS).fill(dm));
      const trail = (await r.store.events(id)).map((e) => e.what);
      expect(trail, id).toEqual(['create', ...Array(TIMERS).fill('timer:remind')]);
    }
  });
});
