import { MongoClient } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import { untilNoneLeft } from '../support/until-none-left.js';
import { createRelease, inLanes, requester, reviewer, useTwoReplicas } from './support/replicas.js';

// Two bot processes — `npm start` in Slack HTTP mode, two replicas behind a load balancer — on one
// MongoDB database. Releases are created through both processes' signed endpoints; each release's
// first stage has ten reminders for its reviewer, falling due 3.6 to 6.8 seconds after it is entered,
// each its own Agenda job: 300 reminders due within the minute the creations take. What was sent is
// read from the fake Slack Web API both processes call. On FerretDB both replicas sometimes lock and
// run one job (its lock is not single-winner); each reminder must still be sent once and audited once.
// The waits last as long as reminders keep arriving: a loaded machine is slow, a stall still fails.
vi.setConfig({ testTimeout: 900_000 });
const RELEASES = 30;
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
    // The notification says what is asked: "Reminder: <action>: REL-n …".
    const id = /^Reminder: .*?\b(REL-\d+) /.exec(String(call.args.text ?? ''))?.[1];
    if (id) sent.set(id, [...(sent.get(id) ?? []), String(call.args.channel)]);
  }
  return sent;
}

/** What could still send: timer jobs waiting, messages undelivered. */
async function unsettled(): Promise<{ jobs: number; outbox: number }> {
  const client = new MongoClient(r.uri);
  try {
    const jobs = await client.db(r.dbName).collection('agendaJobs').countDocuments();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    return { jobs, outbox: (await r.store.pendingOutbox(later, 1000)).length };
  } finally {
    await client.close();
  }
}

describe('two golive processes on one MongoDB', () => {
  it(`send each of ${REMINDERS} reminders falling due within a minute exactly once, and audit each once`, async () => {
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

    await untilNoneLeft(() => {
      const sent = remindersSent();
      const short = [...expected.keys()].filter((id) => (sent.get(id)?.length ?? 0) < TIMERS);
      return {
        left: short.reduce((n, id) => n + TIMERS - Math.min(TIMERS, sent.get(id)?.length ?? 0), 0),
        what: () =>
          `reminders missing: ${short.map((id) => `${id}: ${sent.get(id)?.length ?? 0}`).join(', ')}`,
      };
    });
    // Once no job is left and the outbox is empty, nothing more can be sent: the counts are final.
    await untilNoneLeft(async () => {
      const left = await unsettled();
      return { left: left.jobs + left.outbox, what: () => `${left.jobs} jobs, ${left.outbox} messages left` };
    });
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
