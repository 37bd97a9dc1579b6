import { describe, expect, it } from 'vitest';
import { decodeIntent, encodeIntent } from '../../adapters/slack/button-value.js';
import { renderForm } from '../../adapters/slack/render/form.js';
import { renderHome } from '../../adapters/slack/render/home.js';
import { renderMessage } from '../../adapters/slack/render/message.js';
import { renderReply } from '../../adapters/slack/render/reply.js';
import type { Form, Message } from '../../src/conversation/model.js';
import { FIELD_TYPES } from '../../src/flow/schema.js';
import { blockKitViolations, viewViolations } from '../support/block-kit-limits.js';

const long = (n: number, unit = 'x') => unit.repeat(n);

function hugeMessage(i = 0): Message {
  return {
    summary: long(50_000),
    header: `🚀 ${long(400, '发')}`,
    tone: 'warning',
    body: long(9000, '<&>'),
    fields: Array.from({ length: 35 }, (_, j) => ({ label: long(300, 'L'), value: `${j} ${long(5000)}` })),
    links: Array.from({ length: 30 }, (_, j) => ({
      label: long(200),
      url: `https://zentao.example.com/bug-${j}`,
    })),
    context: Array.from({ length: 15 }, () => long(4000)),
    buttons: Array.from({ length: 60 }, (_, j) => ({
      label: long(200, '批'),
      style: j % 2 ? 'danger' : 'primary',
      intent: { releaseId: `REL-${i}`, stageEntry: j, command: { type: 'act', action: `step_${j}` } },
      confirm: { title: long(300), text: long(1000), ok: long(80), cancel: long(80) },
      needsInput: false,
    })),
  };
}

describe('Block Kit limits', () => {
  it('keeps an oversized card within every message limit and keeps its buttons', () => {
    const rendered = renderMessage(hugeMessage());
    expect(blockKitViolations({ method: 'chat.postMessage', args: { ...rendered } })).toEqual([]);
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
    expect(rendered.blocks.filter((b) => b.type === 'actions').length).toBe(3);
    expect(rendered.blocks.at(-1)?.type).toBe('context');
  });

  it('escapes mrkdwn control characters typed by users', () => {
    const msg = {
      ...hugeMessage(),
      body: 'Fix <!channel> & "quotes"',
      fields: [],
      links: [],
      buttons: [],
      context: [],
    };
    const section = renderMessage(msg).blocks.find((b) => b.type === 'section') as { text: { text: string } };
    expect(section.text.text).toBe('Fix &lt;!channel&gt; &amp; "quotes"');
  });

  it('keeps an oversized form within the modal limits', () => {
    const form: Form = {
      title: 'A very long form title that Slack would refuse',
      submitLabel: 'Submit this release for approval now',
      context: { kind: 'new_release', flowId: 'normal' },
      fields: Array.from({ length: 130 }, (_, j) => ({
        id: `f${j}`,
        type: FIELD_TYPES[j % FIELD_TYPES.length]!,
        label: long(2500),
        hint: long(2500),
        required: j % 3 === 0,
        maxLength: 3000,
        options: Array.from({ length: 150 }, (_, k) => ({ value: `opt_${k}`, label: long(100) })),
      })),
    };
    const view = renderForm(form, 'C_RELEASES');
    expect(viewViolations(view as unknown as Record<string, unknown>)).toEqual([]);
    expect(view.blocks.length).toBeGreaterThan(10);
  });

  it('fills the App Home within 100 blocks and says how many cards did not fit', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...hugeMessage(i),
      buttons: hugeMessage(i).buttons.slice(0, 2),
    }));
    const home = renderHome(
      { awaiting: many, awaitingTotal: many.length, mine: many, mineTotal: many.length },
      'en',
    );
    expect(viewViolations(home as unknown as Record<string, unknown>)).toEqual([]);
    const notes = home.blocks.filter((b) => b.type === 'context').map((b) => JSON.stringify(b));
    expect(notes.some((n) => /…and \d+ more/.test(n))).toBe(true);
  });

  it('cuts a long list reply at 50 blocks with a count of what was left out, in the user language', () => {
    const list = renderReply(
      { kind: 'messages', messages: Array.from({ length: 20 }, (_, i) => hugeMessage(i)) },
      'zh-CN',
    );
    expect(blockKitViolations({ method: 'chat.postEphemeral', args: { ...list } })).toEqual([]);
    expect(JSON.stringify(list.blocks.at(-1))).toMatch(/还有 \d+ 项未显示/);
  });

  it('the checker itself notices breaches', () => {
    const bad = {
      method: 'views.open',
      args: {
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: long(25) },
          blocks: [
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  action_id: 'a',
                  text: { type: 'plain_text', text: long(76) },
                  value: long(2001),
                },
              ],
            },
          ],
        },
      },
    };
    expect(blockKitViolations(bad)).toEqual([
      'views.open view.title: 25 chars > 24',
      'views.open view.blocks[0].elements[0].text: 76 chars > 75',
      'views.open view.blocks[0].elements[0].value: 2001 chars > 2000',
    ]);
  });

  it('round-trips a button intent through its value and refuses one over 2000 chars', () => {
    const intent = {
      releaseId: 'REL-12',
      stageEntry: 3,
      command: { type: 'tick' as const, item: 'db_backup' },
    };
    expect(decodeIntent(encodeIntent(intent))).toEqual(intent);
    expect(decodeIntent('not json')).toBeUndefined();
    expect(() => encodeIntent({ ...intent, command: { type: 'act', action: long(2100) } })).toThrow(/2000/);
  });
});
