import { FEISHU_EVENTS_PATH } from '../../adapters/feishu/index.js';
import type { FakeFeishuApi, FakeMessage } from '../fakes/feishu-api.js';
import { type GoliveProcess, listeningPort, startGoliveProcess } from '../local/support/golive-process.js';
import { buttonsOf, type CardButton, submitOf } from './feishu-card-read.js';
import { cardActionEvent, messageEvent } from './feishu-events.js';
import { postToFeishuEndpoint } from './feishu-sign.js';

const ENCRYPT_KEY = 'process-encrypt-key-0123456789';
const VERIFICATION_TOKEN = 'process-verification-token';

export interface FeishuBotProcess {
  process: GoliveProcess;
  /** The App ID it runs with: the fake's tenant token names it, so a call tells which process made it. */
  appId: string;
  /** The tenant token the fake gave this process (what its calls carry). */
  token: string;
  /** A person types `text` to the bot in group `chatId` (with an @-mention). */
  say(openId: string, chatId: string, text: string): Promise<{ status: number; body: unknown }>;
  /** A person clicks `button` on `message` (a form submit when `formValue` is given): the callback's answer. */
  click(
    openId: string,
    message: FakeMessage,
    button: CardButton,
    formValue?: Record<string, unknown>,
  ): Promise<{ status: number; body: unknown }>;
}

/**
 * `npm start` with Feishu in webhook mode as deployed: its own port, the store the options name (MongoDB
 * for replicas), the open API at the test's fake Feishu. Resolves once it listens. `appId` tells
 * replicas apart in the fake's calls (each gets its own tenant token); they are one bot otherwise.
 */
export async function startFeishuBotProcess(opts: {
  api: FakeFeishuApi;
  appId: string;
  config: string;
  mongoUri: string;
  dbName: string;
  env?: Record<string, string>;
}): Promise<FeishuBotProcess> {
  const proc = startGoliveProcess({
    config: opts.config,
    env: {
      FEISHU_APP_ID: opts.appId,
      FEISHU_APP_SECRET: 'process-app-secret',
      FEISHU_MODE: 'webhook',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_DOMAIN: opts.api.url,
      MONGODB_URI: opts.mongoUri,
      MONGODB_DB: opts.dbName,
      LOG_LEVEL: 'info',
      ...opts.env,
    },
  });
  let port: number;
  try {
    port = await listeningPort(proc, 60_000);
  } catch (err) {
    proc.child.kill('SIGKILL');
    throw err;
  }
  const endpoint = `http://127.0.0.1:${port}${FEISHU_EVENTS_PATH}`;
  const post = (payload: unknown) => postToFeishuEndpoint(endpoint, ENCRYPT_KEY, payload);
  return {
    process: proc,
    appId: opts.appId,
    token: `Bearer t-fake-${opts.appId}`,
    say: (openId, chatId, text) =>
      post(
        messageEvent({
          appId: opts.appId,
          token: VERIFICATION_TOKEN,
          openId,
          chatId,
          chatType: 'group',
          text,
          mention: true,
        }),
      ),
    click: (openId, message, button, formValue) =>
      post(
        cardActionEvent({
          appId: opts.appId,
          token: VERIFICATION_TOKEN,
          openId,
          value: button.value,
          messageId: message.id,
          chatId: message.chatId,
          ...(formValue ? { formValue } : {}),
        }),
      ),
  };
}

/**
 * `/release new` in `chatId`, the flow chosen on the form card the bot DMs, and the second form
 * submitted with `values`: the callback's answer (its toast says whether it was created).
 */
export async function newReleaseVia(
  bot: FeishuBotProcess,
  api: FakeFeishuApi,
  openId: string,
  chatId: string,
  flow: string,
  values: Record<string, unknown>,
  waitFor: <T>(find: () => T | undefined) => Promise<T>,
): Promise<{ toast?: { type: string; content: string } }> {
  const before = api.messages.length;
  await bot.say(openId, chatId, '/release new');
  const form = await waitFor(() =>
    api.messages
      .slice(before)
      .find((m) => m.receiveId === openId && buttonsOf(api.latest(m)).some((b) => b.submit)),
  );
  const chose = await bot.click(openId, form, submitOf(api.latest(form)), { flow });
  const next = (chose.body as { card?: { data: Record<string, unknown> } }).card?.data;
  if (!next) throw new Error(`choosing the flow gave no form: ${JSON.stringify(chose.body)}`);
  const made = await bot.click(openId, form, submitOf(next), values);
  return made.body as { toast?: { type: string; content: string } };
}
