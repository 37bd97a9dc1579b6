import { describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../src/audit/chain.js';
import { REFUSALS, TEXTS } from '../../src/i18n/catalog.js';
import type { SeenButton } from '../slack/slack-screen.js';
import {
  createRelease,
  finalAnswer,
  inLanes,
  NOT_SAVED_YET,
  personOf,
  requester,
  reviewer,
  useTwoReplicas,
  WAIT,
} from './support/replicas.js';

// Two bot processes — `npm start` in Slack HTTP mode, two replicas behind a load balancer — on one
// MongoDB database. In each round one reviewer's approve of a one-of gate goes to one process and the
// other reviewer's reject to the other, at the same moment, as signed block_actions and
// view_submission requests. The drill flow (fixtures/flows/gate_drill.yaml) has five such gates and a
// reject repeats its gate, so one release serves several rounds. What each person was told is read
// from the fake Slack Web API, what was decided from the database.
vi.setConfig({ testTimeout: 600_000 });
const ROUNDS = 100;
// Rounds in flight at once, each lane with its own requester and two reviewers of its own.
const LANES = 4;
const r = useTwoReplicas('proc_decide');

// Refusals a late decision may meet, depending on how far the winner got when it was judged.
const CLEAR = [
  REFUSALS.already_decided.en,
  REFUSALS.stale_version.en,
  REFUSALS.release_closed.en.replace(/ \(\{status\}\)\.$/, ''),
  TEXTS.busy.en,
];

/** Where an approve of gate `reviewN` leads (fixtures/flows/gate_drill.yaml): the next gate, after the fifth shipping. */
const nextGate = (stage: string) => {
  const n = Number(stage.replace('review', ''));
  return n < 5 ? `review${n + 1}` : 'ship';
};

describe('two golive processes on one MongoDB', () => {
  it(`decide ${ROUNDS} approve/reject pairs sent through both at once, each once and consistently`, async () => {
    const losers = new Map<string, number>();
    const won = { approve: 0, reject: 0 };
    const current = new Map<number, string>();
    await inLanes(LANES, ROUNDS, async (lane, round) => {
      // Who approves, and which process takes which decision, alternate between rounds.
      const pair = [reviewer(2 * lane), reviewer(2 * lane + 1)] as const;
      const [approver, rejecter] = round % 2 ? pair : ([pair[1], pair[0]] as const);
      const [viaA, viaB] = round % 2 ? [r.drivers[0]!, r.drivers[1]!] : [r.drivers[1]!, r.drivers[0]!];
      let id = current.get(lane);
      if (!id) {
        id = await createRelease(r.drivers[(lane + round) % 2]!, requester(lane), 'gate_drill', {
          title: `Gates ${lane}.${round}`,
          reviewers: [...pair],
        });
        current.set(lane, id);
      }
      const start = (await r.store.load(id))!;
      const trailBefore = start.eventCount;
      // The cards of this entry of the gate (a repeated gate sends new ones).
      const mine = (type: string) => (b: SeenButton) =>
        b.intent.releaseId === id &&
        b.intent.stageEntry === start.stageEntry &&
        b.intent.command.type === type;
      let approve: SeenButton | undefined;
      let reject: SeenButton | undefined;
      await vi.waitFor(() => {
        approve = viaA.screen.button(approver, mine('approve'));
        reject = viaB.screen.button(rejecter, mine('reject'));
        expect(approve && reject, `${id}@${start.stage}: both reviewers' cards`).toBeTruthy();
      }, WAIT);
      // The reject asks for a reason in a modal first; then both decisions go at the same moment.
      const form = await viaB.click(rejecter, reject!);
      if (!form.modal) throw new Error(`${id}: reject opened no modal: ${form.answer}`);
      const before = {
        approve: viaA.screen.privateAnswers(approver).length,
        reject: viaB.screen.privateAnswers(rejecter).length,
      };
      const [, submitted] = await Promise.all([
        viaA.deliver(approver, viaA.clickPayload(approver, approve!)),
        viaB.submit(rejecter, form.modal, { reason: 'not now' }),
      ]);
      if (submitted.res.body && !submitted.res.body.includes(NOT_SAVED_YET))
        throw new Error(`${id}: reject form refused: ${submitted.res.body}`);
      const answers = {
        approve: await finalAnswer(viaA, approver, before.approve),
        reject: await finalAnswer(viaB, rejecter, before.reject),
      };

      const release = (await r.store.load(id))!;
      const events = await r.store.events(id);
      const decided = events.slice(trailBefore).filter((e) => e.what === 'approve' || e.what === 'reject');
      const context = `${id}@${start.stage}: ${JSON.stringify(answers)} ${events.map((e) => e.what).join(',')}`;
      // One decision counts, once; it is the one the bot told its maker it recorded, and it is theirs.
      expect(decided, context).toHaveLength(1);
      const winner = decided[0]!.what as 'approve' | 'reject';
      const loser = winner === 'approve' ? 'reject' : 'approve';
      expect(answers[winner], context).toContain(`Recorded: ${TEXTS[winner].en} (${id})`);
      expect(decided[0]!.actor.person, context).toBe(personOf(winner === 'approve' ? approver : rejecter));
      // The other was told plainly that it did not count.
      expect(answers[loser], context).not.toContain('Recorded');
      const why = CLEAR.find((c) => answers[loser].includes(c));
      expect(why, context).toBeDefined();
      losers.set(why!, (losers.get(why!) ?? 0) + 1);
      won[winner] += 1;
      // The release is where the decision leads — the next stage, or this gate entered anew — and its
      // audit trail is whole.
      expect(release.status, context).toBe('active');
      if (winner === 'approve') expect(release.stage, context).toBe(nextGate(start.stage));
      else expect(release, context).toMatchObject({ stage: start.stage, stageEntry: start.stageEntry + 1 });
      const expected = { lastHash: release.lastEventHash, count: release.eventCount };
      expect(verifyChain(events, expected), context).toEqual({ ok: true, count: events.length });
      if (release.stage === 'ship') current.delete(lane);
    });
    expect(won.approve + won.reject).toBe(ROUNDS);
    console.log(`decided: ${JSON.stringify(won)}; late decisions told: ${JSON.stringify([...losers])}`);
  });
});
