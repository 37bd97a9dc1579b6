import { createHash } from 'node:crypto';
import { parseConfig } from '../../../src/config/load.js';
import type { GoliveConfig } from '../../../src/config/schema.js';
import type { Button } from '../../../src/conversation/model.js';
import type { Deployment } from '../../../src/domain/types.js';
import type { ReleaseStore } from '../../../src/store/port.js';
import { createTestCore, findButton, type TestCore } from '../../support/core.js';
import { testConfigInput } from '../../support/people.js';

const HOUR = 3_600_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The read-only tokens of the teams' iCal feeds (/calendar.ics?token=…); the config keeps their hashes. */
export const FEED_TOKENS = { payments: 'glc_payments_0123456789', crm: 'glc_crm_9876543210' };
const DAY = 24 * HOUR;

/**
 * The board tests' team: payments (alice develops, bob tests, dave directs) and crm (carol, mallory,
 * bella); dave is also an admin. A freeze window starts ten days after `now`.
 */
export function boardConfigInput(now: Date): Record<string, unknown> {
  const base = testConfigInput();
  const people = (base.people as { id: string; roles: string[] }[]).map((p) =>
    p.id === 'dave' ? { ...p, roles: [...p.roles, 'admin'] } : p,
  );
  const freezeStart = new Date(now.getTime() + 10 * DAY);
  freezeStart.setUTCHours(10, 0, 0, 0);
  return {
    ...base,
    people,
    teams: [
      {
        id: 'payments',
        name: { 'zh-CN': '支付组', en: 'Payments' },
        members: ['alice', 'bob', 'dave'],
        calendarTokenSha256: sha256(FEED_TOKENS.payments),
      },
      {
        id: 'crm',
        name: { 'zh-CN': '客户关系组', en: 'CRM' },
        members: ['carol', 'mallory', 'bella', 'oscar'],
        calendarTokenSha256: sha256(FEED_TOKENS.crm),
      },
    ],
    freezeWindows: [
      {
        start: freezeStart.toISOString().replace('Z', '+00:00'),
        end: new Date(freezeStart.getTime() + 3 * DAY).toISOString().replace('Z', '+00:00'),
        reason: { 'zh-CN': '年终封网', en: 'Year-end freeze' },
      },
    ],
  };
}

export const boardConfig = (now: Date): GoliveConfig => parseConfig(boardConfigInput(now));

type Match = (b: Button) => boolean;
const act =
  (id: string): Match =>
  (b) =>
    b.intent.command.type === 'act' && b.intent.command.action === id;
const approve: Match = (b) => b.intent.command.type === 'approve';

/**
 * Writes a realistic history into `store` with the real engine: releases of two teams over the eight
 * weeks before `now` (smoke failures, bug rounds, production problems put right, an emergency), one
 * awaiting sign-off and two planned this month whose windows clash (same system; inside the freeze).
 */
export async function seedHistory(store: ReleaseStore, now: Date): Promise<{ ids: string[] }> {
  const t: TestCore = await createTestCore({
    store,
    platform: 'slack',
    config: boardConfig(now),
    startAt: now,
  });
  const start = now.getTime() - 8 * 7 * DAY;
  const clock = (ms: number) => t.clock.set(new Date(ms).toISOString());
  const press = async (who: string, match: Match, input?: Record<string, unknown>) => {
    const button = findButton(t.surface.dmsTo(`U_${who.toUpperCase()}`), match);
    if (!button) throw new Error(`${who} has no such button`);
    const reply = await t.core.press(t.as(who), button.intent);
    if (reply.kind === 'form') {
      const r = await t.core.submit(t.as(who), reply.form.context, input ?? {});
      if (!r.ok) throw new Error(`form refused: ${JSON.stringify(r.errors)}`);
    }
    await t.core.flush();
  };
  const ids: string[] = [];
  /** A deployment reported as the pipeline API does (adapters/api calls this with the token's pipeline). */
  const pipeline = { id: 'github-pay', tokenSha256: '0'.repeat(64), systems: ['*'] };
  const deploy = async (id: string, d: Deployment) => {
    const answer = await t.core.pipeline.deploy(pipeline, id, d, `${id}-${d.status}`);
    if (answer.kind !== 'recorded') throw new Error(`deployment refused: ${JSON.stringify(answer)}`);
    await t.core.flush();
  };
  const create = async (who: string, flow: string, values: Record<string, unknown>) => {
    const r = await t.core.submit(t.as(who), { kind: 'new_release', flowId: flow }, values);
    if (!r.ok) throw new Error(`create refused: ${JSON.stringify(r.errors)}`);
    await t.core.flush();
    const id = `REL-${ids.length + 1}`;
    ids.push(id);
    return id;
  };
  /** A normal release from creation to `until`, its steps `hours` apart, starting at `at`. */
  const normal = async (
    at: number,
    who: 'alice' | 'carol',
    values: Record<string, unknown>,
    o: {
      smokeFails?: number;
      bugRounds?: number;
      problem?: boolean;
      until?: 'signoff' | 'done' | 'created';
      hours?: number;
      /** Launched by a pipeline instead of the button: went live and was rolled back, or failed to deploy. */
      deploy?: 'rolled_back' | 'failed';
    } = {},
  ) => {
    const requester = who;
    const testerId = 'bob';
    const step = o.hours ?? 5;
    let time = at;
    const next = (h = step) => {
      time += h * HOUR;
      clock(time);
    };
    clock(time);
    const id = await create(requester, 'normal', { director: 'U_DAVE', tester: ['U_BOB'], ...values });
    if (o.until === 'created') return id;
    for (let i = 0; i < (o.smokeFails ?? 0); i += 1) {
      next();
      await press(requester, act('submit_for_test'), { build: `1.${i}.0` });
      next(3);
      await press(testerId, act('smoke_fail'), { reason: '登录页白屏 / login page is blank' });
    }
    next();
    await press(requester, act('submit_for_test'), { build: '1.4.2' });
    next(2);
    await press(testerId, act('smoke_pass'));
    for (let i = 0; i < (o.bugRounds ?? 0); i += 1) {
      next(8);
      await press(testerId, act('report_bugs'), {
        bugs: 'https://zentao.example.com/bug-view-1042.html',
        count: 3,
      });
      next(6);
      await press(requester, act('fixes_ready'), { note: 'Fixed rounding and the retry' });
    }
    next(10);
    await press(testerId, act('tests_passed'));
    next(2);
    await press(testerId, act('file_test_report'), {
      report: 'https://wiki.example.com/qa/report-1042',
      summary: '用例全部通过，性能达标。All cases pass; latency within budget.',
      cases: 128,
      open_bugs: 0,
    });
    next(1);
    await press(requester, act('apply_for_launch'), {
      plan: '灰度 10% → 50% → 100%，回滚方案：切回旧版本。',
    });
    next(3);
    await press('dave', approve);
    if (o.until === 'signoff') return id;
    next(2);
    await press(testerId, approve);
    if (o.deploy) {
      next(20);
      await deploy(id, { status: 'started', version: '2.0.0' });
      next(1);
      if (o.deploy === 'failed') {
        await deploy(id, {
          status: 'failed',
          version: '2.0.0',
          notes: '数据库迁移超时 / migration timed out',
        });
        return id;
      }
      await deploy(id, { status: 'succeeded', version: '2.0.0', url: 'https://ci.example.com/runs/77' });
      next(2);
      await deploy(id, { status: 'rolled_back', version: '2.0.0', notes: '错误率升高 / error rate up' });
      return id;
    }
    next(20);
    await press(requester, act('launch_complete'));
    if (o.problem) {
      next(2);
      await press(testerId, act('production_problem'), {
        problem: '部分订单重复扣款 / some orders charged twice',
      });
      next(5);
      await press(requester, act('fix_deployed'), { note: 'Idempotency key on the charge call' });
    }
    next(3);
    await press(testerId, act('verified'));
    return id;
  };
  /** A planned launch time `days` from now, at 20:00 in Shanghai. */
  const w = (days: number) => {
    const s = new Date(now.getTime() + days * DAY);
    s.setUTCHours(12, 0, 0, 0);
    return { window_start: s.toISOString() };
  };

  await normal(
    start,
    'alice',
    { title: '支付网关升级', system: 'payments', repo_tag: 'v3.2.0', ...w(-52) },
    { smokeFails: 1 },
  );
  await normal(
    start + 8 * DAY,
    'carol',
    { title: 'CRM 报表导出', system: 'crm', ...w(-44) },
    { problem: true },
  );
  await normal(
    start + 15 * DAY,
    'alice',
    { title: 'Refund flow rework', system: 'payments', ...w(-38) },
    { bugRounds: 2 },
  );
  await normal(
    start + 22 * DAY,
    'carol',
    { title: 'Customer tags', system: 'crm', ...w(-31) },
    { bugRounds: 1, hours: 9 },
  );
  await normal(start + 29 * DAY, 'alice', { title: 'Settlement report', system: 'ledger', ...w(-24) });
  await normal(
    start + 36 * DAY,
    'carol',
    { title: 'Lead import', system: 'crm', ...w(-17) },
    { smokeFails: 2 },
  );
  await normal(
    start + 43 * DAY,
    'alice',
    { title: '对账单优化', system: 'payments', ...w(-10) },
    { problem: true, bugRounds: 1 },
  );
  await normal(
    start + 50 * DAY,
    'alice',
    { title: 'Checkout v2', system: 'shop', zentao: 'https://zentao.example.com/story-88.html', ...w(4) },
    { until: 'signoff' },
  );
  await normal(
    now.getTime() - 2 * DAY,
    'alice',
    { title: 'Coupon service', system: 'shop', ...w(4) },
    { until: 'created' },
  );
  await normal(
    now.getTime() - DAY,
    'carol',
    { title: 'Year-end campaign banner', system: 'crm', ...w(11) },
    { until: 'created' },
  );
  // Launched by a pipeline: one went live and was rolled back, one failed to deploy (REL-11, REL-12).
  await normal(
    now.getTime() - 6 * DAY,
    'alice',
    { title: 'Wallet top-up', system: 'payments', ...w(-4) },
    { deploy: 'rolled_back' },
  );
  await normal(
    now.getTime() - 5 * DAY,
    'alice',
    { title: 'Invoice PDFs', system: 'ledger', ...w(-3) },
    { deploy: 'failed' },
  );
  clock(now.getTime());
  await t.stop();
  return { ids };
}
