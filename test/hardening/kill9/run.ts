import { expect } from 'vitest';
import type { ReleaseStore } from '../../../src/store/port.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { SlackSender } from '../../support/slack-signing.js';
import { untilNoneLeft } from '../../support/until-none-left.js';
import { BotProcess, freePort, SIGNING_SECRET } from './bot-process.js';
import { ALICE, BOB, Clicker, DAVE } from './clients.js';
import { type Ending, runClients, runKiller, script } from './drill.js';
import { verifyDrill } from './verify.js';

const CLIENTS = 6;

/** The seed: KILL9_SEED replays a failed run's choices; otherwise a new one each run, printed. */
export function drillSeed(): number {
  const given = Number(process.env.KILL9_SEED);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

/**
 * The kill -9 drill on one store: releases created over HTTP, then 300+ decisions clicked by several
 * people at once while golive is SIGKILLed and restarted, then one more release taken to its reminder
 * after the last restart, and finally the store read back and checked (verify.ts).
 */
export async function runKill9Drill(opts: {
  label: string;
  dataDir: string;
  env: Record<string, string>;
  openStore: () => Promise<ReleaseStore>;
  /** Releases driven during the drill (about 14 acknowledged decisions each, with the extra clicks). */
  releases: number;
  /** Kills, counting those that hit golive while it was starting. */
  maxKills: number;
}) {
  const RELEASES = opts.releases;
  const seed = drillSeed();
  console.log(`kill9 drill (${opts.label}): seed ${seed} — replay with KILL9_SEED=${seed}`);
  const fake = new FakeSlackApi();
  await fake.start();
  const bot = new BotProcess(await freePort(), opts.dataDir, { SLACK_API_URL: fake.apiUrl, ...opts.env });
  const clicker = new Clicker(new SlackSender(`${bot.url}/slack/events`, SIGNING_SECRET), fake);
  const started = Date.now();
  try {
    await bot.start();
    const endings = new Map<string, Ending>();
    const scripts = new Map<string, ReturnType<typeof script>>();
    for (let i = 1; i <= RELEASES; i++) {
      await clicker.create(ALICE, 'kill9_drill', `Drill ${i}`);
      const ending: Ending = i % 7 === 0 ? 'reject' : i % 5 === 0 ? 'wait' : 'launch';
      endings.set(`REL-${i}`, ending);
      scripts.set(`REL-${i}`, script(`REL-${i}`, ending));
    }
    let clientsDone = false;
    const total = [...scripts.values()].reduce((n, steps) => n + steps.length, 0);
    const progress = { steps: 0, total };
    const killer = runKiller({ bot, seed, maxKills: opts.maxKills, progress, done: () => clientsDone });
    await runClients({ clicker, scripts, clients: CLIENTS, seed, progress });
    clientsDone = true;
    await killer;
    const drillMs = Date.now() - started;

    // After the last restart: one more release is taken to its waiting stage, and is reminded.
    const last = `REL-${RELEASES + 1}`;
    await clicker.create(ALICE, 'kill9_drill', 'After the last restart');
    endings.set(last, 'wait');
    for (const step of script(last, 'wait')) {
      // Nothing is killed now, but a loaded machine may still answer "could not save in time, try again".
      let tries = 0;
      while (!(await clicker.click(step.user, step.intent)).ok) expect(++tries).toBeLessThan(5);
    }
    const store = await opts.openStore();
    // Every release left waiting has its reminder recorded (due 3.6 s after it was entered) ...
    await untilNoneLeft(async () => {
      const waiting = [...endings].filter(([, ending]) => ending === 'wait').map(([id]) => id);
      const unreminded: string[] = [];
      for (const id of waiting)
        if (!(await store.events(id)).some((e) => e.what === 'timer:remind')) unreminded.push(id);
      return { left: unreminded.length, what: () => `not reminded: ${unreminded.join(', ')}` };
    });
    // ... and every message is sent: none is stuck behind a claim of a killed process. A loaded machine
    // sends slowly; what fails the drill is messages that stop moving, not a slow pace.
    await untilNoneLeft(async () => {
      const left = await store.pendingOutbox(new Date(Date.now() + 3_600_000).toISOString(), 1000);
      return {
        left: left.length,
        what: () =>
          `${left.length} messages not sent: ${left
            .slice(0, 5)
            .map((e) => `${e.key} ${e.effect.type} attempts ${e.attempts} not before ${e.notBefore}`)
            .join('; ')}\n${bot.output().slice(-3000)}`,
      };
    });
    const reminded = fake
      .callsTo('chat.postMessage')
      // The reminder's notification says what is asked of whom: "Reminder: Submit for test: REL-n …".
      .filter(
        (c) =>
          c.args.channel === `D_${ALICE}` && new RegExp(`^Reminder: .*\\b${last} `).test(String(c.args.text)),
      );
    expect(reminded).toHaveLength(1);
    const log = await bot.stop();
    const verdict = await verifyDrill({ store, sent: clicker.sent, fake, endings });
    await store.close();
    // Each scripted step is acknowledged at least once (a step moves on only then), and so is each creation.
    const scripted =
      [...endings].reduce((n, [id, ending]) => n + script(id, ending).length, 0) + endings.size;
    const summary = {
      seed,
      scriptedDecisions: scripted,
      kills: bot.kills,
      starts: bot.starts,
      requests: clicker.sent.length,
      answered200: clicker.sent.filter((s) => s.status === 200).length,
      acknowledgedDecisions: verdict.acknowledged,
      auditEntriesFromRequests: verdict.recorded,
      refused: verdict.refused,
      startMs: bot.startMs,
      drillMs,
      totalMs: Date.now() - started,
    };
    console.log(`kill9 drill (${opts.label}): ${JSON.stringify(summary)}`);
    return { verdict, summary, log };
  } finally {
    await bot.kill();
    await fake.stop();
  }
}

export { ALICE, BOB, DAVE };
