import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { submitOf, textOf } from '../support/feishu-card-read.js';
import { storeWithOutage } from '../support/store-outage.js';
import { act, FeishuScenario } from './support/scenario.js';

let s: FeishuScenario;
afterEach(() => s?.stop());

const values = { title: '搜索优化', system: '搜索', tester: ['ou_bob'], director: 'ou_dave' };

describe('Feishu: a form submit the core could not save', () => {
  it('shows the same form again with what was entered and the error, and the next submit saves it', async () => {
    const { store, down } = storeWithOutage(createSqliteStore({ file: ':memory:' }));
    s = await FeishuScenario.start({ store });
    await s.say('alice', '/release new');
    const message = s.api.dmsTo('ou_alice').at(-1)!;
    const chose = await s.click('alice', message, submitOf(s.api.latest(message)), { flow: 'normal' });
    const form = chose.answer.card!.data;

    down.on = true;
    const refused = await s.click('alice', message, submitOf(form), values);
    expect(refused.answer.toast).toEqual({ type: 'error', content: '暂时无法保存，请稍后重试。' });
    // Still the form, not a "not done" card: the error on top, the values as entered.
    const again = refused.answer.card!.data;
    expect(textOf(again)).toContain('暂时无法保存，请稍后重试。');
    expect(JSON.stringify(again)).toContain('搜索优化');
    expect(() => submitOf(again)).not.toThrow();
    expect(await s.t.store.load('REL-1')).toBeNull();

    down.on = false;
    const saved = await s.click('alice', message, submitOf(again), values);
    expect(saved.answer.toast?.type).toBe('success');
    expect((await s.t.store.load('REL-1'))?.title).toBe('搜索优化');
  });

  it('keeps a decision form in English for an English reader, and records it once when resubmitted', async () => {
    const { store, down } = storeWithOutage(createSqliteStore({ file: ':memory:' }));
    s = await FeishuScenario.start({ store, english: ['carol'] });
    await s.newRelease('carol', 'normal', { ...values, tester: ['ou_bob'] });
    const { message, button } = s.dmButton('carol', act('submit_for_test'));
    const asked = await s.click('carol', message, button);
    const form = asked.answer.card!.data;

    down.on = true;
    const refused = await s.click('carol', message, submitOf(form), { build: '2.3.0' });
    expect(refused.answer.toast).toEqual({
      type: 'error',
      content: 'Could not save right now; please try again.',
    });
    expect(JSON.stringify(refused.answer.card!.data)).toContain('2.3.0');
    expect((await s.t.store.load('REL-1'))?.stage).toBe('development');

    down.on = false;
    const saved = await s.click('carol', message, submitOf(refused.answer.card!.data), { build: '2.3.0' });
    expect(saved.answer.toast?.type).toBe('success');
    expect((await s.t.store.load('REL-1'))?.stage).toBe('smoke_test');
    expect((await s.t.store.events('REL-1')).filter((e) => e.what === 'submit_for_test')).toHaveLength(1);
  });
});
