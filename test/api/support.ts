import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { registerPipelineApi } from '../../adapters/api/index.js';
import type { GoliveConfig } from '../../src/config/schema.js';
import type { HttpServer } from '../../src/server/http.js';
import type { SlackScenario } from '../slack/scenario.js';
import type { SeenButton } from '../slack/slack-screen.js';
import type { TestCore } from '../support/core.js';
import { testConfig } from '../support/people.js';

export const PAY_TOKEN = 'glp_pay_0123456789abcdef';
export const ALL_TOKEN = 'glp_all_fedcba9876543210';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A team with two systems and two pipelines: one for pay only, one for every system. */
export function apiConfig(extra: Record<string, unknown> = {}): GoliveConfig {
  return testConfig({
    systems: [
      { id: 'pay', name: { 'zh-CN': '支付', en: 'Payments' }, owners: ['dave'] },
      { id: 'shop', name: { 'zh-CN': '商城', en: 'Shop' } },
    ],
    pipelines: [
      { id: 'github-pay', tokenSha256: sha(PAY_TOKEN), systems: ['pay'] },
      { id: 'jenkins', tokenSha256: sha(ALL_TOKEN), systems: ['*'] },
    ],
    ...extra,
  });
}

/** Mounts the pipeline API on the bot's listener (as adapters/app.ts does). */
export const mountApi = (http: HttpServer, t: TestCore) => registerPipelineApi(http.app, t.core.pipeline);

/** The base URL of the scenario's listener. */
export function baseOf(s: SlackScenario): string {
  const { port } = s.bot.http.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read as the test expects them, then checked against the schema.
export type Json = any;

/** A pipeline's request to the API, answered as status, headers and JSON. */
export async function call(
  base: string,
  path: string,
  opts: { token?: string; method?: 'GET' | 'POST'; body?: unknown; key?: string } = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await fetch(`${base}${path}`, {
    method: opts.method ?? 'GET',
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.key ? { 'idempotency-key': opts.key } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** Drives a normal release on Slack from its creation to the launch stage (both sign-offs given). */
export async function toLaunch(s: SlackScenario, id: string): Promise<void> {
  const mine = (action: string) => (b: SeenButton) =>
    b.intent.releaseId === id && b.intent.command.type === 'act' && b.intent.command.action === action;
  const approve = (b: SeenButton) => b.intent.releaseId === id && b.intent.command.type === 'approve';
  await s.slack.press('U_ALICE', mine('submit_for_test'), {});
  await s.slack.press('U_BOB', mine('smoke_pass'));
  await s.slack.press('U_BOB', mine('tests_passed'));
  await s.slack.press('U_BOB', mine('file_test_report'), { report: 'https://wiki.example/r', summary: 'ok' });
  await s.slack.press('U_ALICE', mine('apply_for_launch'), {});
  await s.slack.press('U_DAVE', approve);
  await s.slack.press('U_BOB', approve);
}
