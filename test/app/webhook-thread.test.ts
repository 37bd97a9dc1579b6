import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { startThreadBot, type ThreadBot } from './support/thread-bot.js';

const SECRET = 'whsec_thread_8e7d6c5b4a39';
const team = (url: string) => ({
  teams: [
    {
      id: 'payments',
      name: { 'zh-CN': '支付组', en: 'Payments' },
      members: ['alice', 'bob', 'dave'],
      webhooks: [{ id: 'ci', url, events: ['created'], secretEnv: 'GOLIVE_WEBHOOK_SECRET_CI' }],
    },
  ],
});

let bot: ThreadBot | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await bot?.running.stop();
  await bot?.fake.stop();
  bot?.removeData();
  bot = undefined;
  await receiver?.close();
});

/** golive as deployed (adapters/app.ts): the secret read from the environment at start. */
describe('webhooks in the deployed bot', () => {
  it('are posted signed from the delivery thread, with the secret the main thread read', async () => {
    receiver = new WebhookReceiver(SECRET, () => Math.floor(Date.now() / 1000));
    await receiver.open();
    bot = await startThreadBot({ DELIVERY: 'thread' }, team(receiver.url), {
      GOLIVE_WEBHOOK_SECRET_CI: SECRET,
    });
    const { running, logLines } = bot;
    const slack = bot.driver(() => running.core.flush(), 30_000);
    const form = await slack.chooseFlow(
      'U_ALICE',
      (await slack.command('U_ALICE', 'new')).modal!,
      'emergency',
    );
    expect((await slack.submit('U_ALICE', form, PAYMENT_HOTFIX)).answer).toContain('Created REL-1');
    await running.core.flush();
    expect(receiver.refused).toEqual([]);
    expect(receiver.accepted.map((r) => [r.event, r.payload.release.id, r.payload.team])).toEqual([
      ['created', 'REL-1', 'payments'],
    ]);
    expect(JSON.stringify(logLines)).not.toContain(SECRET);
  });

  it('does not start while a webhook’s secret is unset, and names the field and the variable', async () => {
    const started = startThreadBot({ DELIVERY: 'inline' }, team('https://ci.example/hooks'));
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(
      'field teams.0.webhooks.0.secretEnv: GOLIVE_WEBHOOK_SECRET_CI is not set',
    );
  });
});
