import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { p2pChatOf } from '../fakes/feishu-api.js';
import { submitOf } from '../support/feishu-card-read.js';
import { cardActionEvent, messageEvent } from '../support/feishu-events.js';
import { feishuSignature } from '../support/feishu-sign.js';
import { type FeishuHarness, startFeishuHarness, VERIFICATION_TOKEN } from './support/harness.js';
import { FeishuScenario } from './support/scenario.js';
import { createStubCore, type StubCore } from './support/stub-core.js';

describe('Feishu webhook: only genuine, fresh, encrypted requests get through', () => {
  let core: StubCore;
  let h: FeishuHarness;
  beforeEach(async () => {
    core = createStubCore();
    h = await startFeishuHarness(core);
  });
  afterEach(() => h.close());

  const dm = () =>
    messageEvent({
      appId: h.appId,
      token: VERIFICATION_TOKEN,
      openId: 'ou_alice',
      chatId: p2pChatOf('ou_alice'),
      chatType: 'p2p',
      text: '/release list',
    });

  it('answers a genuine signed event and passes the command to the core', async () => {
    const res = await h.post(dm());
    expect(res.status).toBe(200);
    expect(core.asked.map((a) => [a.method, a.arg])).toEqual([['command', 'list']]);
    expect(h.api.dmsTo('ou_alice').map((m) => h.api.latest(m))).toEqual([{ text: '收到：list' }]);
  });

  // Built when each test runs, not when the file is collected: a timestamp taken at collection would be
  // minutes stale by the time a later test sends it (the MongoDB run imports this file after others).
  const secondsFromNow = (s: number) => String(Math.floor(Date.now() / 1000) + s);
  const refusals: [string, () => Parameters<FeishuHarness['post']>[1]][] = [
    ['a forged signature', () => ({ signature: 'f'.repeat(64) })],
    ['no timestamp', () => ({ omit: ['timestamp'] })],
    ['no signature', () => ({ omit: ['signature'] })],
    ['a timestamp six minutes old', () => ({ timestamp: secondsFromNow(-360) })],
    ['a timestamp six minutes ahead', () => ({ timestamp: secondsFromNow(360) })],
    ['an unencrypted body', () => ({ unencrypted: true })],
  ];
  for (const [what, opts] of refusals) {
    it(`refuses ${what} with 401 and changes nothing`, async () => {
      const res = await h.post(dm(), opts());
      expect(res.status).toBe(401);
      await h.adapter.idle();
      expect(core.asked).toEqual([]);
      expect(h.api.apiCalls()).toEqual([]);
    });
  }

  it('answers a body over the size limit with 413 (not a connection reset), and serves the next request', async () => {
    const huge = { ...dm(), padding: 'x'.repeat(2 * 1024 * 1024) };
    expect((await h.post(huge)).status).toBe(413);
    expect((await h.post(dm())).status).toBe(200);
    expect(core.asked.map((a) => a.method)).toEqual(['command']);
  });

  it('refuses a signature made with another key', async () => {
    const body = JSON.stringify({ encrypt: 'x' });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(h.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-lark-request-timestamp': ts,
        'x-lark-request-nonce': 'n1',
        'x-lark-signature': feishuSignature(ts, 'n1', 'another-key', body),
      },
      body,
    });
    expect(res.status).toBe(401);
    expect(core.asked).toEqual([]);
  });

  it('refuses an event whose verification token is wrong', async () => {
    const event = messageEvent({
      appId: h.appId,
      token: 'not-our-token',
      openId: 'ou_alice',
      chatId: p2pChatOf('ou_alice'),
      chatType: 'p2p',
      text: '/release list',
    });
    expect((await h.post(event)).status).toBe(401);
    expect(core.asked).toEqual([]);
  });

  it('answers the URL verification challenge, signed or not', async () => {
    const challenge = { challenge: 'c-123', token: VERIFICATION_TOKEN, type: 'url_verification' };
    expect(await h.post(challenge, { omit: ['timestamp', 'nonce', 'signature'] })).toEqual({
      status: 200,
      body: { challenge: 'c-123' },
    });
    expect(await h.post(challenge)).toEqual({ status: 200, body: { challenge: 'c-123' } });
    expect(core.asked).toEqual([]);
  });

  it('handles an event re-pushed five times once', async () => {
    const event = dm();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => h.post(event)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await h.adapter.idle();
    expect(core.asked.filter((a) => a.method === 'command')).toHaveLength(1);
    expect(h.api.dmsTo('ou_alice')).toHaveLength(1);
  });

  it('answers an event the core has not finished in time with 503, so Feishu pushes it again', async () => {
    await h.close();
    // The first push waits out the whole deadline (the core is held); the re-push must finish inside
    // it on a loaded CI machine, so the deadline is not tiny.
    h = await startFeishuHarness(core, { answerWithinMs: 1_000 });
    let finish!: () => void;
    const stored = new Promise<void>((r) => {
      finish = r;
    });
    const command = core.command.bind(core);
    core.command = async (ctx, text) => {
      await stored;
      return command(ctx, text);
    };
    const event = dm();
    // A 200 now would tell Feishu the command is handled while nothing is saved yet.
    expect((await h.post(event)).status).toBe(503);
    const repush = h.post(event);
    finish();
    expect((await repush).status).toBe(200);
    await h.adapter.idle();
    expect(core.asked.filter((a) => a.method === 'command')).toHaveLength(1);
    expect(h.api.dmsTo('ou_alice')).toHaveLength(1);
  });

  it('refuses to start in webhook mode without an encrypt key', async () => {
    const { createFeishuAdapter } = await import('../../adapters/feishu/index.js');
    const { createLogger } = await import('../../src/log.js');
    expect(() =>
      createFeishuAdapter({
        core,
        appId: 'cli_nokey',
        appSecret: 's',
        mode: 'webhook',
        logger: createLogger({ level: 'silent' }),
        http: h.http,
      }),
    ).toThrow(/FEISHU_ENCRYPT_KEY/);
  });
});

describe('Feishu webhook with the real core: refused requests change nothing', () => {
  it('creates no release from a forged, stale or unencrypted form submission', async () => {
    const s = await FeishuScenario.start();
    try {
      await s.say('alice', '/release new', 'dm');
      const formMessage = s.api.dmsTo('ou_alice')[0]!;
      const chose = await s.click('alice', formMessage, submitOf(s.api.latest(formMessage)), {
        flow: 'normal',
      });
      const submit = cardActionEvent({
        appId: s.h.appId,
        token: VERIFICATION_TOKEN,
        openId: 'ou_alice',
        value: submitOf(chose.answer.card!.data).value,
        messageId: formMessage.id,
        chatId: formMessage.chatId,
        formValue: { title: '伪造', system: 'x', tester: ['ou_bob'], director: 'ou_dave' },
      });
      const callsBefore = s.api.apiCalls().length;
      const refused = await Promise.all([
        s.h.post(submit, { signature: '0'.repeat(64) }),
        s.h.post(submit, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) }),
        s.h.post(submit, { omit: ['timestamp'] }),
        s.h.post(submit, { unencrypted: true }),
      ]);
      expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401]);
      await s.settle();
      expect(await s.t.store.load('REL-1')).toBeNull();
      expect(s.api.apiCalls()).toHaveLength(callsBefore);
      // The same request, genuine, goes through.
      expect((await s.h.post(submit)).status).toBe(200);
      await s.settle();
      expect((await s.t.store.load('REL-1'))?.title).toBe('伪造');
    } finally {
      await s.stop();
    }
  });
});
