/**
 * The baseline: a bare Bolt app of the same version and receiver as golive (HTTPReceiver), whose
 * handlers only ack() — the fastest any Bolt bot can answer. Listens on 127.0.0.1 and tells the
 * parent its port over IPC.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import './cpu-report.js';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SIGNING_SECRET ?? '',
  logLevel: (process.env.BARE_LOG as LogLevel) ?? LogLevel.ERROR,
});
const app = new App({
  receiver,
  token: 'xoxb-bench-bare',
  // Known ids: Bolt then never calls auth.test, and the client could only reach loopback anyway.
  botId: 'B_BARE',
  botUserId: 'U_BARE',
  tokenVerificationEnabled: false,
  clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/' },
  logLevel: (process.env.BARE_LOG as LogLevel) ?? LogLevel.ERROR,
});
app.action(/.*/, async ({ ack }) => ack());
app.command(/.*/, async ({ ack }) => ack());
app.view(/.*/, async ({ ack }) => ack());

const server = (await app.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
const address = server.address();
process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
