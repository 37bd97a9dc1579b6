/**
 * The reference row of the ack-latency clicks: a bare Bolt app (same version and HTTPReceiver as
 * golive, the same Web API client options with golive's keep-alive `fetch`) whose action handler acks
 * and then answers the click through `respond` (its response_url) with a short private text — what
 * any bot that tells the user their click was seen must do, and nothing else: no store, no rules, no
 * audit. The floor for a click that answers. Slash commands are only acknowledged (as the bare app).
 * Listens on 127.0.0.1 and tells the parent its port over IPC.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createSlackFetch } from '../../adapters/slack/http-fetch.js';
import './cpu-report.js';

if (process.env.BENCH_PROFILE === 'decisions') await import('./phase-profile.js');

const receiver = new HTTPReceiver({
  signingSecret: process.env.SIGNING_SECRET ?? '',
  logLevel: LogLevel.ERROR,
});
const app = new App({
  receiver,
  token: 'xoxb-bench-click-reference',
  botId: 'B_REF',
  botUserId: 'U_REF',
  tokenVerificationEnabled: false,
  convoStore: false,
  clientOptions: { slackApiUrl: process.env.BENCH_SLACK_API_URL ?? '', fetch: createSlackFetch() },
  logLevel: LogLevel.ERROR,
});

app.action(/.*/, async ({ ack, respond }) => {
  await ack();
  const text = '✅ Recorded.';
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  });
});
app.command(/.*/, async ({ ack }) => ack());

const server = (await app.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
const address = server.address();
process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
