/**
 * The flood benchmark (issue #15, item 7): golive's resident memory before and after a flood of
 * correctly signed (and, for Feishu, encrypted) requests, each distinct — the shape that grew every
 * cache keyed by request data: new users, new private chats, new event ids, new signatures. Not a
 * timed test: the figure is memory, and what it shows is that memory levels off (every such cache
 * has a bound and an expiry).
 *
 * Half Slack (a slash command from a new user, a forged button from a new user, a request type golive
 * does not handle), half Feishu (a DM from a new person in a new private chat, a card callback with a
 * value golive did not make). The platforms are fakes in processes of their own.
 */
import { randomBytes } from 'node:crypto';
import { encryptForFeishu, feishuSignature } from '../test/support/feishu-sign.js';
import { inParallel } from './flood-parallel.js';
import { signed, start } from './harness.js';

const ENCRYPT_KEY = 'bench-flood-encrypt-key';
const TOKEN = 'bench-flood-verification-token';
const APP_ID = 'cli_a1b2c3d4e5f60718';

export interface FloodResult {
  requests: number;
  statuses: Record<string, number>;
  seconds: number;
  rssMb: { before: number; afterFlood: number; afterIdle: number };
  heapMb: { before: number; afterIdle: number };
}

const mb = (bytes: unknown) => Math.round((Number(bytes) / 1024 / 1024) * 10) / 10;

export async function runFlood(total = Number(process.env.FLOOD_REQUESTS ?? 50_000)): Promise<FloodResult> {
  const slack = await start('fake-slack.ts');
  const feishu = await start('fake-feishu.ts');
  const golive = await start(
    'golive-flood.ts',
    {
      BENCH_SLACK_API_URL: String(slack.first.apiUrl),
      BENCH_FEISHU_URL: String(feishu.first.url),
      BENCH_FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      BENCH_FEISHU_TOKEN: TOKEN,
    },
    ['--expose-gc'],
  );
  const base = `http://127.0.0.1:${golive.port}`;
  const responseUrl = String(slack.first.responseUrl);
  const statuses: Record<string, number> = {};
  const send = async (i: number) => {
    const req = request(i, responseUrl);
    try {
      const res = await fetch(`${base}${req.path}`, { method: 'POST', headers: req.headers, body: req.body });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    } catch {
      statuses.error = (statuses.error ?? 0) + 1;
    }
  };
  const rss = async (gc: boolean) => golive.ask({ rss: true, gc }, 'rss');

  // Warm up (JIT, pools, the SDKs' first calls), then the baseline after a full collection.
  await inParallel(1000, 16, (i) => send(total + i));
  await new Promise((r) => setTimeout(r, 2000));
  for (const status of Object.keys(statuses)) delete statuses[status];
  const before = await rss(true);
  const t0 = Date.now();
  await inParallel(total, 32, send);
  const seconds = (Date.now() - t0) / 1000;
  const afterFlood = await rss(false);
  // Let answers and deliveries drain, then collect: what is left is what the caches hold.
  await new Promise((r) => setTimeout(r, 10_000));
  const afterIdle = await rss(true);
  golive.proc.send({ stop: true });
  slack.proc.disconnect();
  feishu.proc.disconnect();
  return {
    requests: total,
    statuses,
    seconds: Math.round(seconds),
    rssMb: { before: mb(before.rss), afterFlood: mb(afterFlood.rss), afterIdle: mb(afterIdle.rss) },
    heapMb: { before: mb(before.heapUsed), afterIdle: mb(afterIdle.heapUsed) },
  };
}

interface FloodRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Request `i` of the flood: distinct in every id a cache could key on. */
function request(i: number, responseUrl: string): FloodRequest {
  const user = `U_FLOOD${i}`;
  switch (i % 5) {
    case 0: {
      const fields = {
        team_id: 'T_TEST',
        channel_id: `C_FLOOD${i}`,
        user_id: user,
        command: '/release',
        text: 'help',
        response_url: responseUrl,
        trigger_id: `${i}.${i}.flood`,
      };
      return slackRequest(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
    }
    case 1: {
      const payload = {
        type: 'block_actions',
        user: { id: user },
        channel: { id: `D_${user}` },
        trigger_id: `${i}.${i}.flood`,
        response_url: responseUrl,
        actions: [
          {
            type: 'button',
            action_id: 'golive:btn:0',
            value: JSON.stringify({ r: 'REL-1', e: 1, c: { type: 'timer' } }),
            action_ts: `${1700000000 + i}.000001`,
          },
        ],
      };
      return slackRequest(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );
    }
    case 2:
      return slackRequest(JSON.stringify({ type: 'something_new', n: i }), 'application/json');
    case 3:
      return feishuRequest({
        schema: '2.0',
        header: header('im.message.receive_v1', i),
        event: {
          sender: { sender_id: { open_id: `ou_flood${i}` }, sender_type: 'user' },
          message: {
            message_id: `om_flood${i}`,
            chat_id: `oc_flood${i}`,
            chat_type: 'p2p',
            message_type: 'text',
            content: JSON.stringify({ text: '/release help' }),
          },
        },
      });
    default:
      return feishuRequest({
        schema: '2.0',
        header: header('card.action.trigger', i),
        event: {
          operator: { open_id: `ou_flood${i}` },
          action: { tag: 'button', value: { golive: 1, kind: 'press', intent: { releaseId: 'REL-1' } } },
          context: { open_message_id: `om_flood${i}`, open_chat_id: `oc_flood${i}` },
        },
      });
  }
}

function slackRequest(body: string, contentType: string): FloodRequest {
  const { headers } = signed(body, contentType);
  return { path: '/slack/events', headers, body };
}

function header(eventType: string, i: number) {
  return {
    event_id: `ev_flood_${i}_${randomBytes(4).toString('hex')}`,
    event_type: eventType,
    create_time: String(Date.now()),
    token: TOKEN,
    app_id: APP_ID,
    tenant_key: 'tenant_bench',
  };
}

function feishuRequest(payload: unknown): FloodRequest {
  const body = JSON.stringify({ encrypt: encryptForFeishu(ENCRYPT_KEY, payload) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  return {
    path: '/feishu/events',
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': feishuSignature(timestamp, nonce, ENCRYPT_KEY, body),
    },
    body,
  };
}
