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

/**
 * Reminder DMs the fake carried out: release id → the DM channel of each, once per message sent. (A
 * call the fake refused is not a message sent; its retry is.)
 */
function remindersSent(): Map<string, string[]> {
  const sent = new Map<string, string[]>();
  for (const call of r.fake.succeeded('chat.postMessage')) {
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

/**
 * Why these releases' reminders are not as expected, for the failure message: per release, the
 * reminders sent and the timer events in its trail (an extra event: a timer had its effect twice; as
 * many events as timers but an extra message: one message was delivered twice), its timer jobs and
 * undelivered messages, and what either process logged about it or about delivery at warn and above.
 */
async function explain(ids: string[]): Promise<string> {
  const sent = remindersSent();
  const client = new MongoClient(r.uri);
  try {
    const db = client.db(r.dbName);
    const out: string[] = [];
    for (const id of ids) {
      const trail = await r.store.events(id);
      const timerEvents = trail.filter((e) => e.what === 'timer:remind');
      const count = sent.get(id)?.length ?? 0;
      const verdict =
        timerEvents.length > TIMERS
          ? 'a timer had its effect twice (an extra audit event)'
          : count > timerEvents.length
            ? 'a reminder message was delivered twice (its timer is audited once)'
            : count < TIMERS
              ? 'reminders missing'
              : 'as expected';
      out.push(
        `${id}: ${count} reminder(s) sent, ${timerEvents.length} timer event(s) [${timerEvents
          .map((e) => `#${e.seq} ${e.at}`)
          .join(', ')}] — ${verdict}`,
      );
      const jobs = await db.collection('agendaJobs').find({ 'data.releaseId': id }).toArray();
      for (const j of jobs)
        out.push(
          `  job ${j.data?.timerId} next ${j.nextRunAt?.toISOString?.() ?? j.nextRunAt} locked ${j.lockedAt ?? '-'} fails ${j.failCount ?? 0} ${j.failReason ?? ''}`,
        );
      const undelivered = await db.collection('outbox').find({ releaseId: id }).toArray();
      for (const o of undelivered)
        out.push(`  outbox ${o._id} attempts ${o.attempts} notBefore ${o.notBefore} ${o.lastError ?? ''}`);
    }
    r.bots.forEach((bot, n) => {
      const lines = bot.process
        .stdout()
        .split('\n')
        .filter((line) => /"level":(40|50|60)/.test(line))
        .filter(
          (line) =>
            ids.some((id) => line.includes(`${id}#`) || line.includes(`"${id}"`)) ||
            /deliver|claim/.test(line),
        );
      out.push(
        `replica ${n + 1}: ${lines.length} warning(s) about these releases or delivery`,
        ...lines.slice(0, 40),
      );
    });
    return out.join('\n');
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

    const short = () => {
      const sent = remindersSent();
      return [...expected.keys()].filter((id) => (sent.get(id)?.length ?? 0) < TIMERS);
    };
    // A stall fails with what is left of the releases still short (jobs, messages, warnings).
    const orExplain = async (err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${await explain(short())}`);
    };
    await untilNoneLeft(() => {
      const sent = remindersSent();
      const missing = short();
      return {
        left: missing.reduce((n, id) => n + TIMERS - Math.min(TIMERS, sent.get(id)?.length ?? 0), 0),
        what: () =>
          `reminders missing: ${missing.map((id) => `${id}: ${sent.get(id)?.length ?? 0}`).join(', ')}`,
      };
    }).catch(orExplain);
    // Once no job is left and the outbox is empty, nothing more can be sent: the counts are final.
    await untilNoneLeft(async () => {
      const left = await unsettled();
      return { left: left.jobs + left.outbox, what: () => `${left.jobs} jobs, ${left.outbox} messages left` };
    }).catch(orExplain);
    const sent = remindersSent();
    const wrong: string[] = [];
    for (const [id, dm] of expected) {
      const trail = (await r.store.events(id)).map((e) => e.what);
      const once =
        JSON.stringify(sent.get(id)) === JSON.stringify(Array(TIMERS).fill(dm)) &&
        JSON.stringify(trail) === JSON.stringify(['create', ...Array(TIMERS).fill('timer:remind')]);
      if (!once) wrong.push(id);
    }
    // Every reminder once, to its reviewer, audited once; otherwise which went wrong and why.
    expect(wrong.length ? await explain(wrong) : '').toBe('');
    expect(sent.size).toBe(RELEASES);
    expect([...sent.values()].flat()).toHaveLength(REMINDERS);
  });
});
