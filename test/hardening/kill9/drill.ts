import type { ButtonIntent } from '../../../src/conversation/model.js';
import type { BotProcess } from './bot-process.js';
import { ALICE, BOB, type Clicker, DAVE, ERIN } from './clients.js';
import { Random } from './random.js';

/** Stage entries of the drill flow: checks is entered first (1), then sign-off (2), then waiting (3). */
const CHECKS = 1;
const SIGN_OFF = 2;
const WAITING = 3;

export type Ending = 'launch' | 'reject' | 'wait';
interface Step {
  user: string;
  intent: ButtonIntent;
}

/** The clicks that take one release to its ending, in order. */
export function script(releaseId: string, ending: Ending): Step[] {
  const at = (stageEntry: number, command: ButtonIntent['command']) => ({ releaseId, stageEntry, command });
  const steps: Step[] = [
    ...['build', 'config', 'notes'].map((item) => ({
      user: ALICE,
      intent: at(CHECKS, { type: 'tick', item }),
    })),
    { user: ALICE, intent: at(CHECKS, { type: 'act', action: 'ready' }) },
  ];
  if (ending === 'reject') {
    steps.push({ user: BOB, intent: at(SIGN_OFF, { type: 'approve' }) });
    steps.push({ user: DAVE, intent: at(SIGN_OFF, { type: 'reject' }) });
    return steps;
  }
  steps.push({ user: DAVE, intent: at(SIGN_OFF, { type: 'approve' }) });
  steps.push({ user: BOB, intent: at(SIGN_OFF, { type: 'approve' }) });
  if (ending === 'launch')
    steps.push({ user: ALICE, intent: at(WAITING, { type: 'act', action: 'launched' }) });
  return steps;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Several people work through the releases' scripts at once, two releases per person at a time so
 * they often act on the same release together (conflicting clicks). A step counts as done once a click for it was
 * answered 200; a failed click is clicked again (a new request). Now and then someone double-clicks,
 * clicks a card that is out of date, or clicks a button that is not theirs.
 */
export async function runClients(opts: {
  clicker: Clicker;
  scripts: Map<string, Step[]>;
  clients: number;
  seed: number;
  /** Counts the steps acknowledged so far (what the killer paces itself by). */
  progress: Progress;
}): Promise<void> {
  const cursor = new Map<string, number>([...opts.scripts.keys()].map((id) => [id, 0]));
  const open = () =>
    [...cursor].filter(([id, at]) => at < (opts.scripts.get(id)?.length ?? 0)).map(([id]) => id);
  const client = async (index: number) => {
    const rnd = new Random(opts.seed + index + 1);
    for (;;) {
      const hot = open().slice(0, 2 * opts.clients);
      if (!hot.length) return;
      const id = rnd.pick(hot);
      const at = cursor.get(id) ?? 0;
      const step = opts.scripts.get(id)?.[at];
      if (!step) continue;
      const extra = extraClick(rnd, id, at, opts.scripts.get(id) ?? []);
      const [ok] = await Promise.all([
        step.intent.command.type === 'reject'
          ? opts.clicker.reject(step.user, step.intent, rnd)
          : opts.clicker.click(step.user, step.intent).then((c) => c.ok),
        extra ? opts.clicker.click(extra.user, extra.intent) : undefined,
      ]);
      if (ok && (cursor.get(id) ?? 0) <= at) {
        cursor.set(id, at + 1);
        opts.progress.steps++;
      }
      // A person whose click failed tries again a moment later.
      else await pause(rnd.int(50, 200));
    }
  };
  // KILL9_DEBUG=1 prints where the scripts stand every few seconds (a drill that does not finish).
  const progress = process.env.KILL9_DEBUG
    ? setInterval(() => {
        console.log(
          'kill9 open:',
          open()
            .slice(0, 8)
            .map((id) => `${id}@${cursor.get(id)}`)
            .join(' '),
        );
        const recent = opts.clicker.sent.slice(-40).map((s) => `${s.status}`);
        console.log(
          'kill9 recent statuses:',
          recent.join(','),
          'answers:',
          opts.clicker.lastAnswers.slice(-10).join(' | '),
        );
      }, 5000)
    : undefined;
  await Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i)));
  clearInterval(progress);
}

/** Sometimes a second click goes along: a double click, an old card, or a stranger's try. */
function extraClick(rnd: Random, id: string, at: number, steps: Step[]): Step | undefined {
  const step = steps[at];
  if (!step || step.intent.command.type === 'reject') return undefined;
  const roll = rnd.next();
  if (roll < 0.12) return step;
  if (roll < 0.17 && at > 0) return steps[rnd.int(0, at - 1)];
  if (roll < 0.2)
    return { user: ERIN, intent: { releaseId: id, stageEntry: SIGN_OFF, command: { type: 'approve' } } };
  return undefined;
}

/** How far the clients are: scripted steps acknowledged so far, out of `total`. */
export interface Progress {
  steps: number;
  readonly total: number;
}

/**
 * Where the kills fall, as counts of acknowledged steps: `kills` distinct points spread at random over
 * 5–90% of the drill, at least a few steps apart so golive serves something between two kills.
 */
export function killPoints(rnd: Random, total: number, kills: number): number[] {
  const from = Math.ceil(total * 0.05);
  const to = Math.floor(total * 0.9);
  const span = Math.floor((to - from) / kills);
  if (span < 3) throw new Error(`a drill of ${total} steps is too short for ${kills} kills`);
  // One point in each of `kills` equal slices: random, yet never bunched into the same moment.
  return Array.from({ length: kills }, (_, i) => from + i * span + rnd.int(1, span - 1));
}

/**
 * Kills the bot at random points of the drill, counted in acknowledged steps rather than in time, so a
 * slow machine gets as many kills as a fast one; then starts it again. Mostly it is killed once serving,
 * sometimes again while still starting up.
 */
export async function runKiller(opts: {
  bot: BotProcess;
  seed: number;
  maxKills: number;
  progress: Progress;
  done: () => boolean;
}): Promise<void> {
  const rnd = new Random(opts.seed ^ 0x5eed);
  for (const point of killPoints(rnd, opts.progress.total, opts.maxKills)) {
    while (opts.progress.steps < point && !opts.done()) await pause(5);
    if (opts.done() || opts.bot.kills >= opts.maxKills) break;
    // A moment later than the step itself, so the kill lands among other people's clicks in flight.
    await pause(rnd.int(0, 40));
    await opts.bot.kill();
    if (rnd.chance(0.2) && opts.bot.kills < opts.maxKills) {
      // Killed again while starting: recovery itself is interrupted.
      opts.bot.spawn();
      await pause(rnd.int(100, 1200));
      await opts.bot.kill();
    }
    await opts.bot.start();
  }
}
