import { createHttpWebhookPoster } from '../../adapters/webhooks/http-poster.js';
import type { GoliveConfig } from '../../src/config/schema.js';
import { WEBHOOK_EVENTS } from '../../src/webhooks/events.js';
import { webhookSecrets } from '../../src/webhooks/secrets.js';
import { apiConfig } from '../api/support.js';
import type { TestCore } from '../support/core.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

export const CI_SECRET = 'whsec_ci_5f0c1a2b3c4d5e6f';
export const CHAT_SECRET = 'whsec_chat_0a9b8c7d6e5f';
/** As a deployment's environment holds them (the config only names the variables). */
export const SECRETS_ENV = {
  GOLIVE_WEBHOOK_SECRET_CI: CI_SECRET,
  GOLIVE_WEBHOOK_SECRET_CHAT: CHAT_SECRET,
};
export const ALL_EVENTS = [...WEBHOOK_EVENTS];

/** Two receivers of the payments team: `ci` wants every event, `chat` only launches and completions. */
export interface Hooks {
  ci: WebhookReceiver;
  chat: WebhookReceiver;
  config: GoliveConfig;
  /** The core whose clock the receivers check timestamps against (set once it runs). */
  use(t: TestCore): void;
  /** The poster the bot sends with, its secrets read from the environment as adapters/app.ts does. */
  poster(): ReturnType<typeof createHttpWebhookPoster>;
  close(): Promise<void>;
}

export async function startHooks(): Promise<Hooks> {
  let core: TestCore | undefined;
  const nowS = () => Math.floor((core?.clock.now() ?? new Date()).getTime() / 1000);
  const ci = new WebhookReceiver(CI_SECRET, nowS);
  const chat = new WebhookReceiver(CHAT_SECRET, nowS, '/chat');
  await ci.open();
  await chat.open();
  const config = apiConfig({
    teams: [
      {
        id: 'payments',
        name: { 'zh-CN': '支付组', en: 'Payments' },
        members: ['alice', 'bob', 'dave'],
        webhooks: [
          { id: 'ci', url: ci.url, events: ALL_EVENTS, secretEnv: 'GOLIVE_WEBHOOK_SECRET_CI' },
          {
            id: 'chat',
            url: chat.url,
            events: ['launched', 'done'],
            secretEnv: 'GOLIVE_WEBHOOK_SECRET_CHAT',
          },
        ],
      },
    ],
  });
  return {
    ci,
    chat,
    config,
    use(t) {
      core = t;
    },
    poster: () => createHttpWebhookPoster({ secrets: webhookSecrets(config, SECRETS_ENV) }),
    async close() {
      await ci.close();
      await chat.close();
    },
  };
}

/** A metric's value from the core's registry (0 when never counted). */
export async function metric(t: TestCore, name: string, labels: Record<string, string>): Promise<number> {
  const found = (await t.core.metrics.registry.getSingleMetric(name)?.get())?.values.find((v) =>
    Object.entries(labels).every(([k, want]) => v.labels[k] === want),
  );
  return found?.value ?? 0;
}

/**
 * Moves the test clock to when the first message in backoff is due and lets the outbox try it; false
 * when none is waiting.
 */
export async function nextTry(t: TestCore): Promise<boolean> {
  const [held] = await t.store.heldOutbox(t.clock.current.toISOString(), 1);
  if (!held) return false;
  t.clock.set(held.notBefore);
  await t.core.flush();
  return true;
}
