import { createServer, type IncomingMessage, type Server } from 'node:http';
import { FEISHU_SCOPES } from '../../adapters/feishu/scopes.js';
import { checkCard } from '../support/feishu-card-check.js';
import { startSocketServer } from './socket-server.js';

/** One call the bot made to the fake open API. */
export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization?: string;
}

/** A message the bot sent, with every version of its content (patches append). */
export interface FakeMessage {
  id: string;
  chatId: string;
  /** Whom it went to: an open_id for DMs, a chat_id for groups. */
  receiveId: string;
  receiveIdType: string;
  msgType: string;
  /** Parsed content, newest last. Cards are card objects; text messages `{text}`. */
  versions: Record<string, unknown>[];
  /** The message it replies to, for thread replies. */
  parentId?: string;
}

export interface FakeFeishuApi {
  readonly url: string;
  readonly calls: FakeCall[];
  readonly messages: FakeMessage[];
  /** Problems found in any card the bot sent or patched (see feishu-card-check). */
  readonly cardProblems: string[];
  /** Messages in the user's one-to-one chat with the bot. */
  dmsTo(openId: string): FakeMessage[];
  /** Messages in a chat (sent to the chat or replied under one of its messages). */
  inChat(chatId: string): FakeMessage[];
  latest(message: FakeMessage): Record<string, unknown>;
  byId(id: string): FakeMessage | undefined;
  /**
   * What Feishu does with a callback answer's `card`: the clicked card shows it from then on
   * (checked like any other card).
   */
  showCallbackCard(messageId: string, card: Record<string, unknown>): void;
  /** Calls other than fetching a token. */
  apiCalls(): FakeCall[];
  /**
   * The next message create or reply matching `match` is carried out (the message exists) but its answer
   * never reaches the bot: the connection is dropped, as when the network or the sender fails mid-call.
   */
  loseAnswer(match: (call: FakeCall) => boolean): void;
  /**
   * Until heal(), calls matching `match` fail at the HTTP level as Feishu's gateway fails them: the
   * `status` given (400 with code 99991400 for a rate limit, 429, 500, 503), Feishu's `code` and `msg`
   * in the body, and `x-ogw-ratelimit-reset` when `resetSec` is given. Nothing the call asked for happens.
   */
  outage(
    match: (call: FakeCall) => boolean,
    answer: { status: number; code?: number; msg?: string; resetSec?: number },
  ): void;
  heal(): void;
  /**
   * As loseAnswer, but the connection is held open, unanswered, until dropHeldAnswers(): its sender
   * waits with the message created, as when it is killed before the answer arrives.
   */
  holdAnswer(match: (call: FakeCall) => boolean): void;
  /** Drops the connections holdAnswer kept. */
  dropHeldAnswers(): void;
  /**
   * The next call matching `match` is refused as Feishu refuses a call over its rate limit: HTTP 400
   * with code 99991400 (or HTTP 429), and `x-ogw-ratelimit-reset`: seconds until it may be tried again.
   * Nothing is created or changed.
   */
  rateLimitNext(match: (call: FakeCall) => boolean, answer: { status: 400 | 429; resetSec: number }): void;
  /** How many long connections were opened to the fake's socket. */
  longConnections(): number;
  close(): Promise<void>;
}

/** How the fake tenant is set up beyond messages (the doctor's and the start-up checks' calls). */
export interface FakeFeishuOptions {
  /** When set, the only App Secret accepted (token: code 10014; long connection: code 514, as Feishu answers). */
  appSecret?: string;
  /** Serve `/callback/ws/endpoint` with a loopback WebSocket, as the long connection's first step. */
  longConnection?: boolean;
  /** Permissions the app was granted (`GET /open-apis/application/v6/scopes`). Default: what golive needs. */
  scopes?: string[];
  /** The users the contact API knows; unset: the app has no contact permission (code 99991672). */
  contactUsers?: Set<string>;
  /** The group chats there are and whether the bot is in each; unset: no permission to ask (code 99991672). */
  chats?: Map<string, boolean>;
}

/**
 * A local stand-in for Feishu's open API on 127.0.0.1: tenant token, message create, reply
 * and patch. It records every call, checks the bearer token, and runs every card through the
 * JSON 2.0 checker. As Feishu documents, a create or reply repeating a `uuid` seen within the hour
 * creates nothing and answers with the message the first one created.
 */
export async function startFakeFeishuApi(options: FakeFeishuOptions = {}): Promise<FakeFeishuApi> {
  const socket = options.longConnection ? await startSocketServer() : undefined;
  const calls: FakeCall[] = [];
  const messages: FakeMessage[] = [];
  const cardProblems: string[] = [];
  let seq = 0;
  const tokens = new Set<string>();
  /** Feishu de-duplicates creates and replies by `uuid` for an hour: a repeat answers with the first's message. */
  const byUuid = new Map<string, { message: FakeMessage; atMs: number }>();
  const UUID_MS = 3_600_000;
  let down:
    | {
        match: (call: FakeCall) => boolean;
        answer: { status: number; code?: number; msg?: string; resetSec?: number };
      }
    | undefined;
  const losing: { match: (call: FakeCall) => boolean; hold: boolean }[] = [];
  const held: import('node:http').ServerResponse[] = [];
  const limiting: { match: (call: FakeCall) => boolean; status: number; resetSec: number }[] = [];

  const record = (m: FakeMessage, msgType: string, content: string) => {
    const parsed = JSON.parse(content) as Record<string, unknown>;
    if (msgType === 'interactive') cardProblems.push(...checkCard(parsed).map((p) => `${m.id}: ${p}`));
    m.versions.push(parsed);
  };

  const server: Server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const call: FakeCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      };
      calls.push(call);
      const reply = (status: number, payload: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      const b = (body ?? {}) as Record<string, string | boolean | undefined>;
      /** A created message's answer: dropped instead when the test asked to lose it. */
      const answer = (status: number, payload: unknown) => {
        const lose = losing.findIndex((l) => l.match(call));
        if (lose < 0) return reply(status, payload);
        const [l] = losing.splice(lose, 1);
        if (l?.hold) held.push(res);
        else res.destroy();
      };

      if (down && !call.path.startsWith('/open-apis/auth/') && down.match(call)) {
        const { status, code, msg, resetSec } = down.answer;
        res
          .writeHead(status, {
            'content-type': 'application/json',
            ...(resetSec !== undefined ? { 'x-ogw-ratelimit-reset': String(resetSec) } : {}),
          })
          .end(
            JSON.stringify({ code: code ?? status, msg: msg ?? 'failed', error: { log_id: `log${++seq}` } }),
          );
        return;
      }
      if (call.path === '/callback/ws/endpoint' && call.method === 'POST') {
        if (options.appSecret !== undefined && b.AppSecret !== options.appSecret)
          return reply(200, { code: 514, msg: 'auth failed', data: {} });
        if (!socket) return reply(200, { code: 403, msg: 'forbidden', data: {} });
        return reply(200, {
          code: 0,
          msg: 'ok',
          data: {
            URL: socket.url(`/ws?device_id=d${++seq}&service_id=1`),
            ClientConfig: {
              PingInterval: 120,
              ReconnectCount: -1,
              ReconnectInterval: 120,
              ReconnectNonce: 30,
            },
          },
        });
      }
      if (call.path === '/open-apis/auth/v3/tenant_access_token/internal' && call.method === 'POST') {
        if (options.appSecret !== undefined && b.app_secret !== options.appSecret)
          return reply(400, { code: 10014, msg: 'app secret invalid' });
        const token = `t-fake-${String(b.app_id)}`;
        tokens.add(token);
        return reply(200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
      }
      const bearer = call.authorization?.replace(/^Bearer /, '');
      if (!bearer || !tokens.has(bearer))
        return reply(401, { code: 99991663, msg: 'invalid tenant_access_token' });

      const limit = limiting.findIndex((l) => l.match(call));
      if (limit >= 0) {
        const [l] = limiting.splice(limit, 1);
        return res
          .writeHead(l!.status, {
            'content-type': 'application/json',
            'x-ogw-ratelimit-limit': '5',
            'x-ogw-ratelimit-reset': String(l!.resetSec),
          })
          .end(JSON.stringify({ code: 99991400, msg: 'request trigger frequency limit' }));
      }
      if (call.path === '/open-apis/application/v6/scopes' && call.method === 'GET')
        return reply(200, {
          code: 0,
          msg: 'success',
          data: {
            scopes: (options.scopes ?? FEISHU_SCOPES).map((scope_name) => ({ scope_name, grant_status: 1 })),
          },
        });
      const userMatch = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(call.path);
      if (userMatch && call.method === 'GET') {
        if (!options.contactUsers)
          return reply(400, {
            code: 99991672,
            msg: 'Access denied. One of the following scopes is required',
          });
        const id = decodeURIComponent(userMatch[1] ?? '');
        if (!options.contactUsers.has(id)) return reply(400, { code: 40001, msg: 'user not found' });
        return reply(200, { code: 0, msg: 'success', data: { user: { open_id: id, name: id } } });
      }
      const inChatMatch = /^\/open-apis\/im\/v1\/chats\/([^/]+)\/members\/is_in_chat$/.exec(call.path);
      if (inChatMatch && call.method === 'GET') {
        if (!options.chats)
          return reply(400, {
            code: 99991672,
            msg: 'Access denied. One of the following scopes is required',
          });
        const inChat = options.chats.get(decodeURIComponent(inChatMatch[1] ?? ''));
        if (inChat === undefined) return reply(400, { code: 232011, msg: 'chat not found' });
        return reply(200, { code: 0, msg: 'success', data: { is_in_chat: inChat } });
      }
      if (call.path === '/open-apis/im/v1/messages' && call.method === 'POST') {
        const type = call.query.receive_id_type ?? '';
        const to = String(b.receive_id ?? '');
        if (!['open_id', 'chat_id'].includes(type) || !to)
          return reply(400, { code: 230001, msg: 'bad receive id' });
        const repeat = repeated(b.uuid);
        if (repeat)
          return answer(200, {
            code: 0,
            msg: 'success',
            data: { message_id: repeat.id, chat_id: repeat.chatId, msg_type: repeat.msgType },
          });
        const m: FakeMessage = {
          id: `om_${++seq}`,
          chatId: type === 'chat_id' ? to : p2pChatOf(to),
          receiveId: to,
          receiveIdType: type,
          msgType: String(b.msg_type),
          versions: [],
        };
        record(m, m.msgType, String(b.content));
        messages.push(m);
        remember(b.uuid, m);
        return answer(200, {
          code: 0,
          msg: 'success',
          data: { message_id: m.id, chat_id: m.chatId, msg_type: m.msgType },
        });
      }
      const replyMatch = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(call.path);
      if (replyMatch && call.method === 'POST') {
        const parent = messages.find((m) => m.id === replyMatch[1]);
        if (!parent) return reply(400, { code: 230011, msg: 'message not found' });
        const repeat = repeated(b.uuid);
        if (repeat)
          return answer(200, {
            code: 0,
            msg: 'success',
            data: { message_id: repeat.id, chat_id: repeat.chatId },
          });
        const m: FakeMessage = {
          id: `om_${++seq}`,
          chatId: parent.chatId,
          receiveId: parent.receiveId,
          receiveIdType: parent.receiveIdType,
          msgType: String(b.msg_type),
          versions: [],
          parentId: parent.id,
        };
        record(m, m.msgType, String(b.content));
        messages.push(m);
        remember(b.uuid, m);
        return answer(200, { code: 0, msg: 'success', data: { message_id: m.id, chat_id: m.chatId } });
      }
      const patchMatch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(call.path);
      if (patchMatch && call.method === 'PATCH') {
        const m = messages.find((x) => x.id === patchMatch[1]);
        if (!m) return reply(400, { code: 230011, msg: 'message not found' });
        if (m.msgType !== 'interactive')
          return reply(400, { code: 230001, msg: 'only cards can be patched' });
        record(m, 'interactive', String(b.content));
        return reply(200, { code: 0, msg: 'success', data: {} });
      }
      reply(404, { code: 404, msg: `fake Feishu has no ${call.method} ${call.path}` });
    });
  });
  function repeated(uuid: unknown): FakeMessage | undefined {
    if (typeof uuid !== 'string') return undefined;
    const seen = byUuid.get(uuid);
    return seen && Date.now() - seen.atMs < UUID_MS ? seen.message : undefined;
  }
  function remember(uuid: unknown, m: FakeMessage) {
    if (typeof uuid === 'string') byUuid.set(uuid, { message: m, atMs: Date.now() });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const latest = (m: FakeMessage) => m.versions[m.versions.length - 1] ?? {};
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    messages,
    cardProblems,
    dmsTo: (openId) => messages.filter((m) => m.chatId === p2pChatOf(openId)),
    inChat: (chatId) => messages.filter((m) => m.chatId === chatId),
    latest,
    byId: (id) => messages.find((m) => m.id === id),
    showCallbackCard(messageId, card) {
      const m = messages.find((x) => x.id === messageId);
      if (!m) throw new Error(`no message ${messageId} to show a callback card on`);
      record(m, 'interactive', JSON.stringify(card));
    },
    apiCalls: () => calls.filter((c) => !c.path.startsWith('/open-apis/auth/')),
    outage(match, answer) {
      down = { match, answer };
    },
    heal() {
      down = undefined;
    },
    loseAnswer: (match) => losing.push({ match, hold: false }),
    holdAnswer: (match) => losing.push({ match, hold: true }),
    dropHeldAnswers: () => {
      for (const res of held.splice(0)) res.destroy();
    },
    rateLimitNext: (match, answer) => limiting.push({ match, ...answer }),
    longConnections: () => socket?.connections() ?? 0,
    close: async () => {
      for (const res of held.splice(0)) res.destroy();
      await socket?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(text);
      }
    });
  });
}

/** The fake's chat_id for a user's one-to-one chat with the bot. */
export function p2pChatOf(openId: string): string {
  return `oc_p2p_${openId}`;
}
