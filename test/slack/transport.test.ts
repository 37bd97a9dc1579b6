import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../src/conversation/model.js';
import type { Reply } from '../../src/service/api.js';
import { slackSignature } from '../support/slack-signing.js';
import { SIGNING_SECRET, type SlackBot, startSlackBot } from './harness.js';
import {
  appHomeOpened,
  messageButtonClick,
  slashCommand,
  viewSelectAction,
  viewSubmission,
} from './payloads.js';
import { StubCore } from './stub-core.js';

const card = (over: Partial<Message> = {}): Message => ({
  summary: 'REL-1 awaits your approval',
  header: 'REL-1 Payment service 2.3',
  tone: 'info',
  fields: [{ label: 'Stage', value: 'Director sign-off' }],
  links: [],
  context: ['REL-1 · normal'],
  buttons: [
    {
      label: 'Approve',
      style: 'primary',
      intent: { releaseId: 'REL-1', stageEntry: 4, command: { type: 'approve' } },
      confirm: {
        title: 'Approve REL-1?',
        text: 'This signs the release off.',
        ok: 'Approve',
        cancel: 'Back',
      },
      needsInput: false,
    },
    {
      label: 'Reject',
      style: 'danger',
      intent: { releaseId: 'REL-1', stageEntry: 4, command: { type: 'reject' } },
      needsInput: true,
    },
  ],
  ...over,
});

describe('Slack transport (stub core)', () => {
  let core: StubCore;
  let bot: SlackBot;
  beforeEach(async () => {
    core = new StubCore();
    bot = await startSlackBot(core);
  });
  afterEach(async () => {
    expect(bot.violations()).toEqual([]);
    await bot.stop();
  });

  it('checks the bot token with auth.test and attaches itself to the core on start', () => {
    expect(bot.fake.callsTo('auth.test')).toHaveLength(1);
    expect(bot.fake.callsTo('auth.test')[0]?.token).toBe('xoxb-test-token');
    expect(core.surface?.platform).toBe('slack');
  });

  it('answers /release help privately through the response_url', async () => {
    core.onCommand = () => ({ kind: 'text', text: 'Commands: new, list, status REL-n', tone: 'info' });
    const res = await bot.send.command(
      slashCommand({ user: 'U_ALICE', text: 'help', responseUrl: bot.fake.responseUrl('r1') }),
    );
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(bot.fake.callsTo('response_url')).toHaveLength(1));
    const answer = bot.fake.callsTo('response_url')[0]!.args;
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('Commands: new, list, status REL-n');
    expect(core.calls[0]).toMatchObject({
      fn: 'command',
      text: 'help',
      ctx: { platform: 'slack', userId: 'U_ALICE', channel: 'C_RELEASES' },
    });
    expect(bot.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('refuses a bad signature, a stale timestamp and a replay with 401 without reaching the core', async () => {
    const fields = slashCommand({ user: 'U_ALICE', text: 'list', responseUrl: bot.fake.responseUrl('r2') });
    const forged = await bot.send.command(fields, { signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const stale = await bot.send.command(fields, { timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const future = await bot.send.command(fields, { timestampSec: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(future.status).toBe(401);
    expect(core.calls).toHaveLength(0);

    const body = new URLSearchParams(fields).toString();
    const ts = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SIGNING_SECRET, ts, body);
    const first = await bot.send.raw(body, 'application/x-www-form-urlencoded', {
      timestampSec: ts,
      signature,
    });
    const replay = await bot.send.raw(body, 'application/x-www-form-urlencoded', {
      timestampSec: ts,
      signature,
    });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    // The same signature with something appended, or in another spelling: Bolt read only the first two
    // '='-separated parts, so `=x` got a replay past a guard that keyed on the whole header.
    const variants = [
      `${signature}=x`,
      `${signature}=`,
      `${signature} `,
      signature.toUpperCase(),
      `${signature}00`,
    ];
    for (const variant of variants) {
      const again = await bot.send.raw(body, 'application/x-www-form-urlencoded', {
        timestampSec: ts,
        signature: variant,
      });
      expect(again.status, variant).toBe(401);
    }
    await vi.waitFor(() => expect(bot.fake.callsTo('response_url')).toHaveLength(1));
    expect(core.calls.filter((c) => c.fn === 'command')).toHaveLength(1);
  });

  it('acknowledges signed requests golive has no listener for with 200 (Bolt answered 404 after 3 s)', async () => {
    const responseUrl = bot.fake.responseUrl('other');
    const click = messageButtonClick({
      user: 'U_ALICE',
      channel: 'C_RELEASES',
      messageTs: '1700000000.000001',
      button: { action_id: 'board-link', value: '' },
      responseUrl,
    });
    const answers = [
      await bot.send.command({
        ...slashCommand({ user: 'U_ALICE', text: 'x', responseUrl }),
        command: '/other',
      }),
      await bot.send.interaction(click),
      await bot.send.interaction({
        type: 'shortcut',
        callback_id: 'x',
        user: { id: 'U_ALICE' },
        trigger_id: 't',
      }),
      await bot.send.interaction({
        type: 'view_closed',
        user: { id: 'U_ALICE' },
        view: { id: 'V1', callback_id: 'golive:form' },
      }),
      await bot.send.interaction({ type: 'something_new', user: { id: 'U_ALICE' } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(core.calls).toEqual([]);
  });

  it('answers a body over the size limit with 413 (not a connection reset), and serves the next request', async () => {
    const fields = slashCommand({ user: 'U_ALICE', text: 'x'.repeat(5 * 1024 * 1024), responseUrl: 'x' });
    const tooLarge = await bot.send.command(fields);
    expect(tooLarge.status).toBe(413);
    core.onCommand = () => ({ kind: 'text', text: 'Commands: new, list, status REL-n', tone: 'info' });
    const next = await bot.send.command(
      slashCommand({ user: 'U_ALICE', text: 'help', responseUrl: bot.fake.responseUrl('r413') }),
    );
    expect(next.status).toBe(200);
    expect(core.calls.map((c) => c.fn)).toEqual(['command']);
  });

  it('opens the modal once when Slack delivers the same slash command twice (a retry: same trigger)', async () => {
    core.onCommand = () => ({ kind: 'form', form: core.onForm() });
    const cmd = slashCommand({ user: 'U_ALICE', text: 'new', responseUrl: bot.fake.responseUrl('twice') });
    const first = await bot.send.command(cmd);
    const again = await bot.send.command(cmd, { retry: { num: 1, reason: 'http_timeout' } });
    expect([first.status, again.status]).toEqual([200, 200]);
    await vi.waitFor(() => expect(bot.fake.callsTo('views.open')).toHaveLength(1));
    await bot.send.command(
      slashCommand({ user: 'U_ALICE', text: 'help', responseUrl: bot.fake.responseUrl('after') }),
    );
    await vi.waitFor(() => expect(core.calls.filter((c) => c.fn === 'command')).toHaveLength(2));
    // Nobody was told something went wrong (the second views.open would have failed on the used trigger).
    expect(bot.fake.callsTo('views.open')).toHaveLength(1);
    expect(bot.fake.callsTo('response_url').map((c) => String(c.args.text))).not.toContainEqual(
      expect.stringContaining('went wrong'),
    );
  });

  it('opens /release new as a modal, swaps in the chosen flow and hands the submit to the core', async () => {
    core.onCommand = () => ({ kind: 'form', form: core.onForm() });
    const cmd = slashCommand({ user: 'U_ALICE', text: 'new', responseUrl: bot.fake.responseUrl('r3') });
    await bot.send.command(cmd);
    await vi.waitFor(() => expect(bot.fake.callsTo('views.open')).toHaveLength(1));
    expect(bot.fake.callsTo('views.open')[0]!.args.trigger_id).toBe(cmd.trigger_id);
    const [first] = [...bot.fake.views.values()];
    const flowBlock = (
      first!.view.blocks as { block_id: string; dispatch_action?: boolean; element: { action_id: string } }[]
    )[0]!;
    expect(flowBlock).toMatchObject({ block_id: 'flow', dispatch_action: true });

    await bot.send.interaction(
      viewSelectAction({
        user: 'U_ALICE',
        view: first!,
        blockId: 'flow',
        actionId: flowBlock.element.action_id,
        value: 'emergency',
      }),
    );
    await vi.waitFor(() => expect(bot.fake.callsTo('views.update')).toHaveLength(1));
    const update = bot.fake.callsTo('views.update')[0]!.args;
    expect(update.view_id).toBe(first!.id);
    const updated = bot.fake.views.get(first!.id)!;
    expect((updated.view.title as { text: string }).text).toBe('New emergency release');
    expect(core.calls).toContainEqual(
      expect.objectContaining({
        fn: 'newReleaseForm',
        flowId: 'emergency',
        ctx: expect.objectContaining({ channel: 'C_RELEASES' }),
      }),
    );

    core.onSubmit = (_ctx, values) =>
      values.title
        ? { ok: true, reply: { kind: 'text', text: 'REL-7 created', tone: 'success' } }
        : { ok: false, errors: { title: 'Title is required' } };
    const invalid = await bot.send.interaction(
      viewSubmission({
        user: 'U_ALICE',
        view: updated,
        values: { title: { value: { type: 'plain_text_input', value: '' } } },
      }),
    );
    expect(JSON.parse(invalid.body)).toEqual({
      response_action: 'errors',
      errors: { title: 'Title is required' },
    });

    const ok = await bot.send.interaction(
      viewSubmission({
        user: 'U_ALICE',
        view: updated,
        values: { title: { value: { type: 'plain_text_input', value: 'Payments 2.3' } } },
      }),
    );
    expect(ok.status).toBe(200);
    const submit = core.calls.filter((c) => c.fn === 'submit').at(-1)!;
    expect(submit).toMatchObject({
      context: { kind: 'new_release', flowId: 'emergency' },
      values: { title: 'Payments 2.3' },
      ctx: { channel: 'C_RELEASES' },
    });
    await vi.waitFor(() => expect(bot.fake.callsTo('chat.postEphemeral')).toHaveLength(1));
    expect(bot.fake.callsTo('chat.postEphemeral')[0]!.args).toMatchObject({
      channel: 'C_RELEASES',
      user: 'U_ALICE',
    });
    expect(String(bot.fake.callsTo('chat.postEphemeral')[0]!.args.text)).toContain('REL-7 created');
  });

  it('renders cards with confirm dialogs and turns a click into core.press with a stable key', async () => {
    const ref = await core.surface!.sendToUser('U_DAVE', card());
    expect(bot.fake.callsTo('conversations.open')[0]!.args.users).toBe('U_DAVE');
    const posted = bot.fake.callsTo('chat.postMessage')[0]!.args;
    expect(posted.channel).toBe('D_U_DAVE');
    expect(ref).toMatchObject({ platform: 'slack', channel: 'D_U_DAVE' });
    const actions = (
      posted.blocks as {
        type: string;
        elements?: { action_id: string; value: string; confirm?: unknown; style?: string }[];
      }[]
    ).find((b) => b.type === 'actions')!;
    const approve = actions.elements![0]!;
    expect(approve.style).toBe('primary');
    expect(approve.confirm).toMatchObject({
      title: { text: 'Approve REL-1?' },
      confirm: { text: 'Approve' },
      deny: { text: 'Back' },
    });

    core.onPress = () => ({ kind: 'text', text: 'You are not an approver of this gate.', tone: 'error' });
    const click = messageButtonClick({
      user: 'U_MALLORY',
      channel: 'D_U_DAVE',
      messageTs: ref.id,
      button: approve,
      responseUrl: bot.fake.responseUrl('r4'),
    });
    for (let i = 0; i < 5; i++) {
      const res = await bot.send.interaction(
        click,
        i === 0 ? {} : { retry: { num: i, reason: 'http_timeout' } },
      );
      expect(res.status).toBe(200);
    }
    await vi.waitFor(() => expect(core.calls.filter((c) => c.fn === 'press')).toHaveLength(5));
    const presses = core.calls.filter((c) => c.fn === 'press');
    expect(new Set(presses.map((p) => p.ctx.idempotencyKey)).size).toBe(1);
    expect(presses[0]).toMatchObject({
      intent: { releaseId: 'REL-1', stageEntry: 4, command: { type: 'approve' } },
      ctx: { userId: 'U_MALLORY' },
    });
    await vi.waitFor(() => expect(bot.fake.callsTo('response_url').length).toBeGreaterThan(0));
    expect(bot.fake.callsTo('response_url')[0]!.args).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
    });
  });

  it('opens the form a needs-input button answers with, using the click trigger', async () => {
    const ref = await core.surface!.sendToUser('U_DAVE', card());
    const posted = bot.fake.callsTo('chat.postMessage')[0]!.args;
    const reject = (
      posted.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    ).find((b) => b.type === 'actions')!.elements![1]!;
    core.onPress = (intent) => ({
      kind: 'form',
      form: {
        title: 'Reject REL-1',
        submitLabel: 'Reject',
        context: { kind: 'command', intent },
        fields: [{ id: 'reason', type: 'textarea', label: 'Reason', required: true }],
      },
    });
    const click = messageButtonClick({
      user: 'U_DAVE',
      channel: ref.channel,
      messageTs: ref.id,
      button: reject,
      responseUrl: bot.fake.responseUrl('r5'),
    });
    await bot.send.interaction(click);
    await vi.waitFor(() => expect(bot.fake.callsTo('views.open')).toHaveLength(1));
    expect(bot.fake.callsTo('views.open')[0]!.args.trigger_id).toBe(click.trigger_id);
    const modal = [...bot.fake.views.values()][0]!;
    await bot.send.interaction(
      viewSubmission({
        user: 'U_DAVE',
        view: modal,
        values: { reason: { value: { type: 'plain_text_input', value: 'Smoke test failed on checkout' } } },
      }),
    );
    const submit = core.calls.find((c) => c.fn === 'submit');
    expect(submit).toMatchObject({
      context: { kind: 'command', intent: { releaseId: 'REL-1', command: { type: 'reject' } } },
      values: { reason: 'Smoke test failed on checkout' },
    });
  });

  it('edits a message in place and threads replies under it', async () => {
    const ref = await core.surface!.sendToChannel('C_RELEASES', card({ buttons: [] }));
    await core.surface!.sendToChannel('C_RELEASES', card({ header: 'Director approved', buttons: [] }), ref);
    await core.surface!.update(ref, card({ outcome: 'Approved by Dave' }));
    expect(bot.fake.callsTo('chat.postMessage')[1]!.args.thread_ts).toBe(ref.id);
    const update = bot.fake.callsTo('chat.update')[0]!.args;
    expect(update).toMatchObject({ channel: 'C_RELEASES', ts: ref.id });
    const blocks = update.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(blocks.some((b) => b.text?.text.includes('Approved by Dave'))).toBe(true);
  });

  it('publishes the App Home when the Home tab opens', async () => {
    const res = await bot.send.event(appHomeOpened('U_ALICE'));
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(bot.fake.callsTo('views.publish')).toHaveLength(1));
    const publish = bot.fake.callsTo('views.publish')[0]!.args;
    expect(publish.user_id).toBe('U_ALICE');
    expect((publish.view as { type: string }).type).toBe('home');
  });

  it('answers a click only once the core has committed it', async () => {
    let commit: (reply: Reply) => void = () => {};
    const seen: string[] = [];
    core.press = async (ctx, intent) => {
      core.calls.push({ fn: 'press', ctx, intent });
      return new Promise<Reply>((resolve) => {
        commit = (reply) => {
          seen.push('committed');
          resolve(reply);
        };
      });
    };
    const ref = await core.surface!.sendToUser('U_DAVE', card());
    const posted = bot.fake.callsTo('chat.postMessage')[0]!.args;
    const approve = (
      posted.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    ).find((b) => b.type === 'actions')!.elements![0]!;
    const click = bot.send
      .interaction(
        messageButtonClick({
          user: 'U_DAVE',
          channel: ref.channel,
          messageTs: ref.id,
          button: approve,
          responseUrl: bot.fake.responseUrl('order'),
        }),
      )
      .then((res) => {
        seen.push(`http ${res.status}`);
        return res;
      });
    await vi.waitFor(() => expect(core.calls.filter((c) => c.fn === 'press')).toHaveLength(1));
    commit({ kind: 'text', text: 'Recorded: Approve (REL-1)', tone: 'success' });
    expect((await click).status).toBe(200);
    // Had the 200 left before the commit, a crash in between would lose a decision Slack showed as taken.
    expect(seen).toEqual(['committed', 'http 200']);
    await vi.waitFor(() => expect(bot.fake.callsTo('response_url')).toHaveLength(1));
    expect(String(bot.fake.callsTo('response_url')[0]!.args.text)).toContain('Recorded: Approve (REL-1)');
  });

  it('answers in time with "could not save in time" when the core is slow, and the real answer follows', async () => {
    await bot.stop();
    bot = await startSlackBot(core, { answerWithinMs: 200 });
    let finish: (reply: Reply) => void = () => {};
    core.command = async (ctx, text) => {
      core.calls.push({ fn: 'command', ctx, text });
      return new Promise<Reply>((resolve) => {
        finish = resolve;
      });
    };
    const res = await bot.send.command(
      slashCommand({ user: 'U_ALICE', text: 'cancel REL-1', responseUrl: bot.fake.responseUrl('slow') }),
    );
    // Slack would show the user a timeout error without this 200.
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(bot.fake.callsTo('response_url')).toHaveLength(1));
    expect(String(bot.fake.callsTo('response_url')[0]!.args.text)).toContain(
      'Could not save that in time. If no confirmation follows shortly, please try again.',
    );
    finish({ kind: 'text', text: 'Recorded: Cancel (REL-1)', tone: 'success' });
    await vi.waitFor(() => expect(bot.fake.callsTo('response_url')).toHaveLength(2));
    expect(String(bot.fake.callsTo('response_url')[1]!.args.text)).toContain('Recorded: Cancel (REL-1)');
  });

  it('keeps a submitted modal open with "could not save in time" when the core is slow', async () => {
    await bot.stop();
    bot = await startSlackBot(core, { answerWithinMs: 200 });
    core.onCommand = () => ({ kind: 'form', form: core.onForm('normal') });
    await bot.send.command(
      slashCommand({ user: 'U_ALICE', text: 'new normal', responseUrl: bot.fake.responseUrl('m') }),
    );
    await vi.waitFor(() => expect(bot.fake.views.size).toBe(1));
    const [view] = [...bot.fake.views.values()];
    let finish: (r: Awaited<ReturnType<StubCore['submit']>>) => void = () => {};
    core.submit = async (ctx, context, values) => {
      core.calls.push({ fn: 'submit', ctx, context, values });
      return new Promise((resolve) => {
        finish = resolve;
      });
    };
    const res = await bot.send.interaction(
      viewSubmission({
        user: 'U_ALICE',
        view: view!,
        values: { title: { value: { type: 'plain_text_input', value: 'Pay 2.3' } } },
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      response_action: 'errors',
      errors: { title: 'Could not save that in time. If no confirmation follows shortly, please try again.' },
    });
    finish({ ok: true, reply: { kind: 'text', text: 'Created REL-1', tone: 'success' } });
    await vi.waitFor(() =>
      expect(bot.fake.calls.some((c) => String(c.args.text ?? '').includes('Created REL-1'))).toBe(true),
    );
  });

  it('tells the user privately when something fails on our side', async () => {
    core.onPress = () => {
      throw new Error('store unavailable');
    };
    const ref = await core.surface!.sendToUser('U_DAVE', card());
    const posted = bot.fake.callsTo('chat.postMessage')[0]!.args;
    const approve = (
      posted.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    ).find((b) => b.type === 'actions')!.elements![0]!;
    await bot.send.interaction(
      messageButtonClick({
        user: 'U_DAVE',
        channel: ref.channel,
        messageTs: ref.id,
        button: approve,
        responseUrl: bot.fake.responseUrl('fail'),
      }),
    );
    await vi.waitFor(() => expect(bot.fake.callsTo('response_url')).toHaveLength(1));
    const answer = bot.fake.callsTo('response_url')[0]!.args;
    expect(answer.response_type).toBe('ephemeral');
    expect(String(answer.text)).toContain('something went wrong on our side');
    expect(String(answer.text)).not.toContain('store unavailable');
  });

  it('falls back to a DM when it may not post an ephemeral answer in the channel', async () => {
    core.onSubmit = () => ({ ok: true, reply: { kind: 'text', text: 'REL-3 created', tone: 'success' } });
    core.onCommand = () => ({ kind: 'form', form: core.onForm('normal') });
    await bot.send.command(
      slashCommand({
        user: 'U_ALICE',
        text: 'new',
        channel: 'G_PRIVATE',
        responseUrl: bot.fake.responseUrl('r6'),
      }),
    );
    await vi.waitFor(() => expect(bot.fake.views.size).toBe(1));
    const modal = [...bot.fake.views.values()][0]!;
    bot.fake.failNext('chat.postEphemeral', 'not_in_channel');
    await bot.send.interaction(
      viewSubmission({
        user: 'U_ALICE',
        view: modal,
        values: { title: { value: { type: 'plain_text_input', value: 'x' } } },
      }),
    );
    await vi.waitFor(() => expect(bot.fake.callsTo('chat.postMessage')).toHaveLength(1));
    const dm = bot.fake.callsTo('chat.postMessage')[0]!.args;
    expect(dm.channel).toBe('D_U_ALICE');
    expect(String(dm.text)).toContain('REL-3 created');
  });

  it("answers Slack's URL verification with the challenge, so the Events URL can be saved", async () => {
    const res = await bot.send.event({
      token: 'deprecated',
      challenge: 'c-3a5Zq9',
      type: 'url_verification',
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain('c-3a5Zq9');
    expect(core.calls).toHaveLength(0);
  });
});
