/**
 * The reference row of the decisions benchmark: a bare Bolt app (same version and HTTPReceiver as
 * golive, the same Web API client with golive's keep-alive `fetch`, against the same fake Slack API)
 * whose action handler acks and then makes the platform calls one golive decision makes, with
 * payloads of about the same size, and nothing else: no store, no rules, no audit. The fastest any
 * Bolt bot delivering these messages could be on this machine. Per click, as golive's emergency
 * approval (docs/benchmarks.md counts them):
 *   response_url          the clicker's private "Recorded" answer
 *   chat.update           the channel status card
 *   chat.postMessage      the decision's line in the card's thread
 *   chat.update           the clicker's action card, closed
 *   chat.postMessage      the next actor's action card (DM channel already known, as golive caches it)
 * The answer goes side by side with the four messages, which go one after another (one release's
 * messages are ordered), as in golive. Listens on 127.0.0.1 and tells the parent its port over IPC.
 */
import './cpu-report.js';
import { listen, referenceApp } from './reference-app.js';

if (process.env.BENCH_PROFILE === 'decisions') await import('./phase-profile.js');

const CHANNEL = 'C_RELEASES';
const CARD_TS = '1700000000.000007';
const CLICKED_TS = '1700000000.000010';

const app = referenceApp('xoxb-bench-reference');

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
const header = (text: string) => ({
  type: 'header' as const,
  text: { type: 'plain_text' as const, text, emoji: true },
});
const fields = () => ({
  type: 'section',
  fields: [
    mrkdwn('*Flow*\nEmergency release'),
    mrkdwn('*System*\npay'),
    mrkdwn('*Stage*\nEmergency testing · In progress'),
    mrkdwn('*Requester*\nAlice'),
    mrkdwn('*Awaiting*\nBob'),
  ],
});
const footer = (id: string) => ({
  type: 'context',
  elements: [mrkdwn(`${id} · emergency v1 · updated 11-24 10:00`)],
});
const button = (id: string, i: number, text: string, command: object, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: `golive:btn:0.${i}:act`,
  text: { type: 'plain_text' as const, text, emoji: true },
  value: JSON.stringify({ r: id, e: 2, c: command }),
  ...(style ? { style } : {}),
});

app.action(/.*/, async ({ ack, respond, client, body }) => {
  await ack();
  const value = 'actions' in body ? (body.actions[0] as { value?: string } | undefined)?.value : undefined;
  const id = (JSON.parse(value ?? '{}') as { r?: string }).r ?? 'REL-0';
  const user = body.user.id;
  const title = `${id} Hotfix — Emergency testing`;
  const messages = async () => {
    await client.chat.update({
      channel: CHANNEL,
      ts: CARD_TS,
      text: title,
      blocks: [header(`🔵 ${id} · Hotfix`), fields(), footer(id)],
    });
    await client.chat.postMessage({
      channel: CHANNEL,
      thread_ts: CARD_TS,
      text: 'Erin: approved → Emergency testing',
      blocks: [header('⚪ Erin: approved → Emergency testing')],
      unfurl_links: false,
    });
    await client.chat.update({
      channel: `D_${user}`,
      ts: CLICKED_TS,
      text: `For you: ${id} "Hotfix"`,
      blocks: [
        header(`⚪ For you: ${id} "Hotfix"`),
        { type: 'section', text: mrkdwn('Current stage: Emergency testing') },
        fields(),
        { type: 'section', text: mrkdwn('*Erin: approved → Emergency testing*') },
        footer(id),
      ],
    });
    await client.chat.postMessage({
      channel: 'D_U_BOB',
      text: `For you: ${id} "Hotfix"`,
      blocks: [
        header(`🔵 For you: ${id} "Hotfix"`),
        { type: 'section', text: mrkdwn('Current stage: Emergency testing') },
        fields(),
        {
          type: 'actions',
          elements: [
            button(id, 0, 'Tests passed', { type: 'act', action: 'tests_passed' }, 'primary'),
            button(id, 1, 'Problems found', { type: 'act', action: 'problems_found' }, 'danger'),
            button(id, 2, 'Send back', { type: 'send_back' }),
          ],
        },
        footer(id),
      ],
      unfurl_links: false,
    });
  };
  const text = `✅ Recorded: Approve (${id}).`;
  await Promise.all([
    respond({
      response_type: 'ephemeral',
      replace_original: false,
      text,
      blocks: [{ type: 'section', text: mrkdwn(text) }],
    }),
    messages(),
  ]);
});

await listen(app);
