import { afterEach, describe, expect, it } from 'vitest';
import { submitValue } from '../../adapters/feishu/card-value.js';
import { p2pChatOf } from '../fakes/feishu-api.js';
import { FeishuScenario, openIdOf, TEAM_CHAT } from '../feishu/support/scenario.js';
import { cardActionEvent, messageEvent, newEventId } from '../support/feishu-events.js';
import { actIs, createNormalRelease, inParallel, quiet, storeState } from './fuzz-support.js';
import { mutate, prng } from './mutate.js';

/** Per platform; FUZZ_COUNT raises it for a long local run. FUZZ_SEED reproduces a failure. */
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const TEXTS = ['list', 'status REL-1', 'help', 'new', 'status REL-99', '', 'approve everything'];
/** The bot calls response_url back: a mutant may drop it, never point it anywhere else. */
const _PROTECT = new Set(['response_url', 'response_urls']);

describe('fuzz: mutated Feishu events and card callbacks, encrypted and signed', () => {
  let s: FeishuScenario | undefined;
  afterEach(() => s?.stop());

  it(`${COUNT} im.message.receive_v1 and card.action.trigger payloads: no 5xx, no state change, still serving`, async () => {
    s = await FeishuScenario.start();
    const { h } = s;
    await createNormalRelease(s.t, openIdOf, TEAM_CHAT);
    await s.settle();
    await s.press('alice', actIs('submit_for_test'), {});
    const smoke = s.dmButton('bob', actIs('smoke_pass'));
    const before = await storeState(s.t.store);
    const rng = prng(SEED + 1);
    const base = { appId: h.appId, token: 'test-verification-token' };
    const mallory = openIdOf('mallory');

    const bases = [
      () =>
        messageEvent({
          ...base,
          eventId: newEventId(),
          openId: mallory,
          chatId: rng() < 0.5 ? TEAM_CHAT : p2pChatOf(mallory),
          chatType: 'group',
          mention: true,
          text: `/release ${TEXTS[Math.floor(rng() * TEXTS.length)]}`,
        }),
      () =>
        cardActionEvent({
          ...base,
          eventId: newEventId(),
          openId: mallory,
          value: smoke.button.value,
          messageId: smoke.message.id,
          chatId: smoke.message.chatId,
        }),
      () =>
        cardActionEvent({
          ...base,
          eventId: newEventId(),
          openId: mallory,
          value: submitValue({ kind: 'new_release', flowId: 'normal' }, TEAM_CHAT),
          messageId: smoke.message.id,
          chatId: p2pChatOf(mallory),
          formValue: { system: 'shop', zentao: 'https://zentao.example/1' },
        }),
    ];
    const statuses = await inParallel(COUNT, 16, async () => {
      const mutant = mutate(bases[Math.floor(rng() * bases.length)]!(), rng);
      return (await h.post(mutant)).status;
    });
    await s.settle();
    await quiet(() => h.api.apiCalls().length);
    await s.settle();

    expect(
      statuses.filter((x) => x >= 500),
      `seed ${SEED + 1}`,
    ).toEqual([]);
    expect(statuses.filter((x) => x === 200).length).toBeGreaterThan(COUNT / 2);
    expect(await storeState(s.t.store)).toEqual(before);

    const served = await s.click('bob', smoke.message, smoke.button);
    expect(served.answer.toast?.type).toBe('success');
    expect((await s.t.store.load('REL-1'))?.stage).toBe('testing');
  }, 120_000);
});
