import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeTestConfig } from '../app/support/slack-process.js';
import { type FakeCall, startFakeFeishuApi } from '../fakes/feishu-api.js';
import { FakeSlackApi, type SlackCall } from '../fakes/slack-api.js';
import type { GoliveProcess } from '../local/support/golive-process.js';
import { SlackDriver } from '../slack/slack-driver.js';
import { header } from '../slack/slack-screen.js';
import { PAYMENT_HOTFIX } from '../support/emergency-form.js';
import {
  type FeishuBotProcess,
  newReleaseVia,
  startFeishuBotProcess,
} from '../support/feishu-bot-process.js';
import { titleOf } from '../support/feishu-card-read.js';
import { testDatabases } from '../support/mongo.js';
import { type SlackBotProcess, startSlackBotProcess } from '../support/slack-bot-process.js';

// Two golive processes on one MongoDB database, as two replicas. One of them sends a message, the
// platform carries it out, and the replica is killed before the answer reaches it (the fake holds the
// answer back until then): the survivor takes the message over after the lease and sends it again.
// What people see must still be one message.
vi.setConfig({ testTimeout: 300_000 });
const dbs = testDatabases('crashsend');
const dirs: string[] = [];
afterAll(async () => {
  await dbs.dropAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A short lease, so the survivor takes over soon. */
const LEASE_MS = '3000';
/** Processes start and run on a loaded 2-core machine with FerretDB. */
const WAIT = { timeout: 120_000, interval: 100 };

function configFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'golive-crashsend-'));
  dirs.push(dir);
  return writeTestConfig(dir);
}

async function killed(p: { process: GoliveProcess }) {
  p.process.child.kill('SIGKILL');
  await p.process.exited;
}

describe('a replica killed after the platform accepted a message, before it stored the answer', () => {
  it('Slack: the survivor adopts the status card the dead replica posted — one card, edited in place', async () => {
    const fake = new FakeSlackApi();
    await fake.start();
    const config = configFile();
    const dbName = dbs.fresh();
    // Each replica its own token, so a call tells which replica made it.
    const start = (token: string) =>
      startSlackBotProcess({
        fake,
        config,
        mongoUri: dbs.uri,
        dbName,
        env: { SLACK_BOT_TOKEN: token, OUTBOX_LEASE_MS: LEASE_MS },
      });
    const bots: SlackBotProcess[] = await Promise.all([start('xoxb-replica-a'), start('xoxb-replica-b')]);
    try {
      const isCardPost = (c: SlackCall) =>
        c.method === 'chat.postMessage' && c.args.channel === 'C_RELEASES' && c.args.thread_ts === undefined;
      fake.loseAnswer(isCardPost);
      const a = new SlackDriver(bots[0]!, async () => {}, WAIT.timeout);
      const opened = await a.command('U_ALICE', 'new');
      const form = await a.chooseFlow('U_ALICE', opened.modal!, 'emergency');
      expect((await a.submit('U_ALICE', form, PAYMENT_HOTFIX)).answer).toContain('Created REL-1');

      // Slack posted the card; the replica that asked never heard back. It dies now.
      const post = await vi.waitFor(() => {
        const found = fake.calls.find(isCardPost);
        if (!found) throw new Error('no status card posted yet');
        return found;
      }, WAIT);
      const sender = ['xoxb-replica-a', 'xoxb-replica-b'].indexOf(post.token ?? '');
      expect(sender).toBeGreaterThanOrEqual(0);
      await killed(bots[sender]!);
      fake.heal();
      const survivor = bots[1 - sender]!;
      const slack = new SlackDriver(survivor, async () => {}, WAIT.timeout);

      // The survivor takes the card over after the lease, finds it in the channel and goes on with it.
      await vi.waitFor(() => {
        const [card] = slack.screen.cards('C_RELEASES');
        expect(card && slack.screen.thread('C_RELEASES', card.ts)).toHaveLength(1);
        expect(slack.screen.button('U_ERIN', (b) => b.intent.command.type === 'approve')).toBeDefined();
      }, WAIT);
      expect(survivor.process.stdout()).toContain('adopted the message an earlier try had posted');
      expect(await slack.press('U_ERIN', (b) => b.intent.command.type === 'approve')).toContain(
        'Recorded: Approve (REL-1)',
      );
      const [card] = slack.screen.cards('C_RELEASES');
      await vi.waitFor(() => expect(slack.screen.thread('C_RELEASES', card!.ts)).toHaveLength(2), WAIT);

      // One status card in the channel, and it is the one kept up to date.
      expect(slack.screen.cards('C_RELEASES').map(header)).toEqual(['REL-1 · Hotfix payment timeout']);
      expect(fake.succeeded('chat.postMessage').filter(isCardPost)).toHaveLength(1);
      expect(fake.succeeded('chat.update').some((c) => c.args.ts === card!.ts)).toBe(true);
    } finally {
      for (const b of bots) b.process.child.kill('SIGKILL');
      await fake.stop();
    }
  });

  it('Feishu: the resent status card and a resent DM carry the uuid of the first send — each created once', async () => {
    const api = await startFakeFeishuApi();
    const config = configFile();
    const dbName = dbs.fresh();
    const appIds = ['cli_a1b2c3d4e5f6071a', 'cli_a1b2c3d4e5f6071b', 'cli_a1b2c3d4e5f6071c'];
    const start = (appId: string) =>
      startFeishuBotProcess({
        api,
        appId,
        config,
        mongoUri: dbs.uri,
        dbName,
        env: { OUTBOX_LEASE_MS: LEASE_MS },
      });
    let bots: FeishuBotProcess[] = await Promise.all([start(appIds[0]!), start(appIds[1]!)]);
    const waitFor = <T>(find: () => T | undefined) =>
      vi.waitFor(() => {
        const found = find();
        if (found === undefined) throw new Error('not there yet');
        return found;
      }, WAIT);
    /** Holds back the answer to the next matching create, then kills the replica that sent it. */
    async function killSenderOf(match: (c: FakeCall) => boolean): Promise<FeishuBotProcess> {
      const sent = await waitFor(() => api.calls.find(match));
      const sender = bots.find((b) => b.token === sent.authorization);
      if (!sender) throw new Error(`no replica sent ${sent.path}`);
      await killed(sender);
      api.dropHeldAnswers();
      return sender;
    }
    const isCardCreate = (c: FakeCall) =>
      c.path === '/open-apis/im/v1/messages' && c.query.receive_id_type === 'chat_id';
    const isErinsCard = (c: FakeCall) =>
      c.path === '/open-apis/im/v1/messages' && (c.body as { receive_id?: string }).receive_id === 'ou_erin';
    const emergency = {
      title: 'Hotfix',
      system: 'orders',
      reason_category: 'urgent_revision',
      justification: 'Orders fail.',
      tester: ['ou_bob'],
      director: 'ou_dave',
    };
    try {
      // The status card: created, its answer lost with the replica that asked.
      api.holdAnswer(isCardCreate);
      const made = await newReleaseVia(bots[0]!, api, 'ou_alice', 'oc_team', 'emergency', emergency, waitFor);
      expect(made.toast?.type).toBe('success');
      const dead = await killSenderOf(isCardCreate);
      bots = bots.filter((b) => b !== dead);
      await waitFor(() => (api.dmsTo('ou_erin').length > 0 ? true : undefined));
      const creates = api.calls.filter(isCardCreate);
      expect(creates.length).toBe(2);
      expect(new Set(creates.map((c) => (c.body as { uuid?: string }).uuid)).size).toBe(1);
      const group = api.inChat('oc_team');
      expect(group.filter((m) => !m.parentId).map((m) => titleOf(api.latest(m)))).toEqual(['REL-1 · Hotfix']);
      expect(group.filter((m) => m.parentId).every((m) => m.parentId === group[0]!.id)).toBe(true);

      // A second replica again, then a DM: Erin's card for the next release, resent after a crash.
      bots.push(await start(appIds[2]!));
      api.holdAnswer((c) => isErinsCard(c) && api.calls.filter(isErinsCard).length > 1);
      const second = await newReleaseVia(
        bots[0]!,
        api,
        'ou_alice',
        'oc_team',
        'emergency',
        emergency,
        waitFor,
      );
      expect(second.toast?.type).toBe('success');
      await killSenderOf((c) => isErinsCard(c) && api.calls.filter(isErinsCard).indexOf(c) === 1);
      await waitFor(() =>
        api.inChat('oc_team').filter((m) => !m.parentId).length === 2 &&
        api.calls.filter(isErinsCard).length >= 3
          ? true
          : undefined,
      );
      const erins = api.dmsTo('ou_erin').map((m) => titleOf(api.latest(m)));
      expect(erins.filter((t) => t.includes('REL-2'))).toHaveLength(1);
      expect(erins.filter((t) => t.includes('REL-1'))).toHaveLength(1);
    } finally {
      for (const b of bots) b.process.child.kill('SIGKILL');
      await api.close();
    }
  });
});
