/**
 * How the reference bots are built (bolt-reference.ts, bolt-click-reference.ts): a Bolt app of the same
 * version and HTTPReceiver as golive, with the same Web API client options (golive's keep-alive
 * `fetch`) against the bench's fake Slack API, and known bot ids so Bolt never calls auth.test.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createSlackFetch } from '../../adapters/slack/http-fetch.js';

export function referenceApp(token: string): App {
  const receiver = new HTTPReceiver({
    signingSecret: process.env.SIGNING_SECRET ?? '',
    logLevel: LogLevel.ERROR,
  });
  return new App({
    receiver,
    token,
    botId: 'B_REF',
    botUserId: 'U_REF',
    tokenVerificationEnabled: false,
    convoStore: false,
    clientOptions: { slackApiUrl: process.env.BENCH_SLACK_API_URL ?? '', fetch: createSlackFetch() },
    logLevel: LogLevel.ERROR,
  });
}

/** Starts the app on a free loopback port and tells the parent which, over IPC. */
export async function listen(app: App): Promise<void> {
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
  const address = server.address();
  process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
}
