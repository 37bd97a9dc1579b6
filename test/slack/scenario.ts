import { afterEach, expect } from 'vitest';
import type { GoliveConfig } from '../../src/config/schema.js';
import type { FlowSpec } from '../../src/flow/schema.js';
import type { HttpServer } from '../../src/server/http.js';
import type { FakeView } from '../fakes/slack-api.js';
import { createTestCore, type TestCore } from '../support/core.js';
import { type SlackBot, startSlackBot } from './harness.js';
import { SlackDriver } from './slack-driver.js';
import type { SeenButton } from './slack-screen.js';

/** A button of a flow action (`act('smoke_pass')`) or of a command type (`is('approve')`). */
export const act = (id: string) => (b: SeenButton) =>
  b.intent.command.type === 'act' && b.intent.command.action === id;
export const is = (type: string) => (b: SeenButton) => b.intent.command.type === type;
/** A datetimepicker's value: Unix seconds. */
export const unixTime = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A normal release's form with a planned window (ISO instants), as alice fills it in a Slack modal. */
export const plannedRelease = (title: string, system: string, start: string, end: string) => ({
  title,
  system,
  tester: ['U_BOB'],
  director: 'U_DAVE',
  window_start: unixTime(start),
  window_end: unixTime(end),
});

/**
 * Registered in a test file, stops the scenario each test started (the one passed through the
 * returned function) after that test: its bot first, then its core.
 */
export function stopAfterEach<S extends { t: { stop(): Promise<void> }; bot: { stop(): Promise<void> } }>(): (
  started: S,
) => S {
  let current: S | undefined;
  afterEach(async () => {
    const s = current;
    current = undefined;
    await s?.bot.stop();
    await s?.t.stop();
  });
  return (started) => {
    current = started;
    return started;
  };
}

/** The real core (in-memory store, test clock) behind the Slack bot on its HTTP endpoint, and a person's hands. */
export interface SlackScenario {
  t: TestCore;
  bot: SlackBot;
  slack: SlackDriver;
}

/**
 * For one test file: `start()` builds a scenario for the running test, and every scenario started is
 * stopped after its test. Each file calls this once, at its top, so its tests register on import
 * (the MongoDB runs import the files after choosing the store).
 */
export function slackScenarios(): {
  start(
    config?: GoliveConfig,
    mount?: (http: HttpServer, t: TestCore) => Promise<void>,
    flows?: FlowSpec[],
    core?: Pick<NonNullable<Parameters<typeof createTestCore>[0]>, 'webhooks' | 'logger'>,
  ): Promise<SlackScenario>;
} {
  const running = stopAfterEach<SlackScenario>();
  return {
    async start(config, mount, flows, core) {
      const t = await createTestCore({
        platform: 'slack',
        attachSurface: false,
        ...(config ? { config } : {}),
        ...(flows ? { flows } : {}),
        ...core,
      });
      const bot = await startSlackBot(t.core, mount ? { mount: (http) => mount(http, t) } : {});
      return running({ t, bot, slack: new SlackDriver(bot, () => t.core.flush()) });
    },
  };
}

/** `/release new` by `user`, the flow picked and its form submitted with `values`; REL-1 must be created. */
export async function newRelease(
  slack: SlackDriver,
  flowId: string,
  values: Record<string, unknown>,
  user = 'U_ALICE',
): Promise<{ form: FakeView; answer: string }> {
  const opened = await slack.command(user, 'new');
  const form = await slack.chooseFlow(user, opened.modal!, flowId);
  const made = await slack.submit(user, form, values);
  expect(made.answer).toContain('Created REL-');
  return { form, answer: made.answer ?? '' };
}
