import { afterEach, describe, expect, it } from 'vitest';
import { submitValue } from '../../adapters/feishu/card-value.js';
import { p2pChatOf } from '../fakes/feishu-api.js';
import { FeishuScenario, openIdOf, TEAM_CHAT } from '../feishu/support/scenario.js';
import { cardActionEvent, messageEvent, newEventId } from '../support/feishu-events.js';
import { actIs, createNormalRelease, inParallel, quiet, storeState } from './fuzz-support.js';
import { everyFieldReplaced, NOT_OBJECTS } from './shapes.js';

/** A fresh event id, unless the id itself is what the mutant is about: Feishu's re-push guard would eat the rest. */
function freshId<T>(mutant: { name: string; body: T }): T {
  const header = (mutant.body as { header?: unknown }).header;
  if (
    !mutant.name.startsWith('header.event_id') &&
    header &&
    typeof header === 'object' &&
    !Array.isArray(header)
  )
    (header as Record<string, unknown>).event_id = newEventId();
  return mutant.body;
}

/**
 * Correctly signed and encrypted Feishu requests of every wrong shape, sent to one running bot:
 * decrypted bodies that are not objects, and every field of a real message event and card callback
 * replaced by null, a number, a string, an array and a huge string. Malformed is a 400, never a 5xx
 * (the only 5xx golive sends Feishu is the documented 503 "push it again"); nothing changes; afterwards
 * the same bot serves the release on.
 */
describe('fuzz: Feishu events and callbacks of every wrong shape, encrypted and signed', () => {
  let s: FeishuScenario | undefined;
  afterEach(() => s?.stop());

  it('are refused or answered, never with a 5xx, and the release goes on afterwards', async () => {
    s = await FeishuScenario.start();
    const { h } = s;
    await createNormalRelease(s.t, openIdOf, TEAM_CHAT);
    await s.settle();
    await s.press('alice', actIs('submit_for_test'), {});
    const smoke = s.dmButton('bob', actIs('smoke_pass'));
    const before = await storeState(s.t.store);
    const base = { appId: h.appId, token: 'test-verification-token' };
    const mallory = openIdOf('mallory');

    for (const value of [...NOT_OBJECTS, { header: null }, { schema: '2.0', header: 42, event: 'x' }]) {
      expect((await h.post(value)).status, JSON.stringify(value)).toBe(400);
    }

    const message = messageEvent({
      ...base,
      openId: mallory,
      chatId: p2pChatOf(mallory),
      chatType: 'p2p',
      text: '/release status REL-1',
    });
    const click = cardActionEvent({
      ...base,
      openId: mallory,
      value: smoke.button.value,
      messageId: smoke.message.id,
      chatId: smoke.message.chatId,
    });
    const submit = cardActionEvent({
      ...base,
      openId: mallory,
      value: submitValue({ kind: 'new_release', flowId: 'normal' }, TEAM_CHAT),
      messageId: smoke.message.id,
      chatId: p2pChatOf(mallory),
      formValue: { system: 'shop', zentao: 'https://zentao.example/1' },
    });
    const mutants = [message, click, submit].flatMap((p) => everyFieldReplaced(p));
    const answers = await inParallel(mutants.length, 8, async (i) => ({
      name: mutants[i]!.name,
      status: (await h.post(freshId(mutants[i]!))).status,
    }));
    await s.settle();
    await quiet(() => h.api.apiCalls().length);
    await s.settle();

    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    expect(await storeState(s.t.store)).toEqual(before);

    const served = await s.click('bob', smoke.message, smoke.button);
    expect(served.answer.toast?.type).toBe('success');
    expect((await s.t.store.load('REL-1'))?.stage).toBe('testing');
  }, 180_000);
});
