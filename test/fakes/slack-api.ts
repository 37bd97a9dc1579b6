import { createServer, type IncomingMessage, type Server } from 'node:http';
import { FakeSlackSocket } from './slack-socket.js';

/** One Web API call the bot made, with the JSON-encoded arguments parsed back. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  /** What the fake answered. */
  result?: Record<string, unknown>;
  /** When it came, by `postLimit`'s clock (when one is set). */
  at?: number;
}

/** A view the fake holds, as Slack would (id and hash change with views.update). */
export interface FakeView {
  id: string;
  hash: string;
  user: string;
  view: Record<string, unknown>;
  /** The trigger_id it was opened with (views.open). */
  trigger?: string;
}

// Arguments the Web API client sends as JSON strings inside the form body.
const JSON_ARGS = ['blocks', 'view', 'attachments', 'metadata'];

/**
 * A loopback stand-in for the Slack Web API: answers the methods golive uses like Slack does
 * (form-encoded requests, `{ ok: true, … }` JSON), records every call, and keeps the views it
 * opened so a test can submit them. `POST /response/<id>` stands in for response_url.
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  readonly views = new Map<string, FakeView>();
  private server?: Server;
  private seq = 0;
  private readonly failures = new Map<string, string>();
  private down?: {
    methods: Set<string>;
    retryAfterSec?: number;
    status?: number;
    hang?: boolean;
    where?: (args: Record<string, unknown>) => boolean;
  };
  /** Requests an outage with `hang` left unanswered, ended when it heals. */
  private readonly hung: import('node:http').ServerResponse[] = [];
  private readonly losing: ((call: SlackCall) => boolean)[] = [];
  port = 0;
  /** The bot token's scopes, sent back in `x-oauth-scopes` as Slack does. Default: what the manifests ask for. */
  scopes = [
    'commands',
    'chat:write',
    'chat:write.public',
    'im:write',
    'users:read',
    'channels:history',
    'groups:history',
  ];
  /** When set, the only bot token `auth.test` accepts (others: `invalid_auth`). */
  botToken?: string;
  /** When set, the member ids this workspace has; `users.info` of any other answers `user_not_found`. */
  members?: Set<string>;
  /** When set, the channels this workspace has, and whether the bot is in each (for chat.scheduleMessage). */
  channels?: Map<string, { private: boolean; botIsMember: boolean }>;
  private socketMode?: { appToken: string; server: FakeSlackSocket };
  /** Trigger ids a view was opened with: Slack accepts each once (`exchanged_trigger_id`). */
  private readonly usedTriggers = new Set<string>();
  /**
   * When set, Slack's limit of one chat.postMessage a second per channel (DMs too): a post to a channel
   * that had one less than a second ago (by `clock`, a test's clock) is answered HTTP 429 `ratelimited`
   * with `Retry-After: retryAfterSec` and posts nothing.
   */
  postLimit?: { clock: () => number; retryAfterSec: number };
  private readonly lastPost = new Map<string, number>();

  /**
   * Socket Mode: `apps.connections.open` with `appToken` hands out a connection to a local Socket Mode
   * endpoint (`socket`) that greets with Slack's `hello`; any other token is answered `invalid_auth`.
   */
  async enableSocketMode(appToken: string): Promise<FakeSlackSocket> {
    const server = await FakeSlackSocket.start();
    this.socketMode = { appToken, server };
    return server;
  }

  /** The Socket Mode endpoint, once enabled. */
  get socket(): FakeSlackSocket {
    if (!this.socketMode) throw new Error('Socket Mode is not enabled on this fake Slack');
    return this.socketMode.server;
  }

  /** How many Socket Mode connections were opened. */
  socketConnections(): number {
    return this.socketMode?.server.opened() ?? 0;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** The next call of `method` answers `{ ok: false, error }`. */
  failNext(method: string, error: string): void {
    this.failures.set(method, error);
  }

  /**
   * Until heal(), calls of `methods` fail the way Slack's Web API fails under trouble: with
   * `{ ok: false, error: 'internal_error' }`, or given `retryAfterSec`, with HTTP 429 `ratelimited` and
   * that Retry-After, or given `status` (400, 500, 503 …), with that HTTP status and a body that is not
   * the Web API's JSON (a proxy's or load balancer's error page). A failed call is recorded with its
   * answer; nothing it asked for happened (no message was posted or changed). `where` narrows it to
   * calls whose arguments match (one DM, one channel).
   * With `hang`, such a call is never answered (recorded with the error `hung`): its sender waits, the
   * message claimed and in flight, until the outage heals, which drops the connection.
   */
  outage(
    methods: string[],
    opts: {
      retryAfterSec?: number;
      status?: number;
      hang?: boolean;
      where?: (args: Record<string, unknown>) => boolean;
    } = {},
  ): void {
    this.down = { methods: new Set(methods), ...opts };
  }

  /**
   * The next call matching `match` is carried out (a post is posted) but never answered: its sender
   * waits, as for an answer lost on the way, until heal() drops the connection.
   */
  loseAnswer(match: (call: SlackCall) => boolean): void {
    this.losing.push(match);
  }

  heal(): void {
    this.down = undefined;
    for (const res of this.hung.splice(0)) res.destroy();
  }

  /** The calls of `method` that did what they asked (answered `ok: true`). */
  succeeded(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method && c.result?.ok === true);
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      readBody(req)
        .then((body) => {
          const failed = this.outageAnswer(req, body);
          if (failed === 'hang') {
            this.hung.push(res);
            return;
          }
          if (failed) {
            res.writeHead(failed.status, failed.headers).end(JSON.stringify(failed.body));
            return;
          }
          const answer = this.handle(req, body);
          const call = this.calls.at(-1);
          const lose = call ? this.losing.findIndex((match) => match(call)) : -1;
          if (lose >= 0) {
            this.losing.splice(lose, 1);
            this.hung.push(res);
            return;
          }
          res
            .writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': this.scopes.join(',') })
            .end(JSON.stringify(answer));
        })
        .catch((err: unknown) => {
          res.writeHead(500).end(String(err));
        });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  async stop(): Promise<void> {
    await this.socketMode?.server.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private outageAnswer(req: IncomingMessage, body: string) {
    const method = (req.url ?? '').split('?')[0]?.replace(/^\/api\//, '') ?? '';
    if (method === 'chat.postMessage' && this.postLimit) {
      const args = parseArgs(req.headers['content-type'] ?? '', body);
      const channel = String(args.channel);
      const now = this.postLimit.clock();
      const last = this.lastPost.get(channel);
      if (last !== undefined && now - last < 1000) {
        const call: SlackCall = { method, args, result: { ok: false, error: 'ratelimited' }, at: now };
        this.calls.push(call);
        return {
          status: 429,
          headers: {
            'content-type': 'application/json',
            'retry-after': String(this.postLimit.retryAfterSec),
          },
          body: call.result,
        };
      }
      if (!this.down?.methods.has(method)) this.lastPost.set(channel, now);
    }
    if (!this.down?.methods.has(method)) return undefined;
    const call: SlackCall = { method, args: parseArgs(req.headers['content-type'] ?? '', body) };
    if (this.down.where && !this.down.where(call.args)) return undefined;
    this.calls.push(call);
    if (this.down.hang) {
      call.result = { ok: false, error: 'hung' };
      return 'hang' as const;
    }
    const json = { 'content-type': 'application/json' };
    if (this.down.status !== undefined) {
      call.result = { ok: false, error: `http_${this.down.status}` };
      return { status: this.down.status, headers: { 'content-type': 'text/html' }, body: 'upstream error' };
    }
    if (this.down.retryAfterSec === undefined) {
      call.result = { ok: false, error: 'internal_error' };
      return { status: 200, headers: json, body: call.result };
    }
    call.result = { ok: false, error: 'ratelimited' };
    return {
      status: 429,
      headers: { ...json, 'retry-after': String(this.down.retryAfterSec) },
      body: call.result,
    };
  }

  private handle(req: IncomingMessage, body: string): Record<string, unknown> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/response/')) {
      this.calls.push({
        method: 'response_url',
        args: { ...(JSON.parse(body) as object), id: path.slice(10) },
      });
      return { ok: true };
    }
    const method = path.replace(/^\/api\//, '');
    const args = parseArgs(req.headers['content-type'] ?? '', body);
    const auth = req.headers.authorization;
    const call: SlackCall = { method, args };
    if (this.postLimit) call.at = this.postLimit.clock();
    if (auth) call.token = auth.replace(/^Bearer /, '');
    this.calls.push(call);
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      call.result = { ok: false, error: failure };
      return call.result;
    }
    call.result = this.answer(method, args, call.token);
    return call.result;
  }

  /** Whether the bot may post in a channel, as chat.postMessage / chat.scheduleMessage judge it. */
  private postable(channel: string): Record<string, unknown> | undefined {
    if (!this.channels) return undefined;
    const known = this.channels.get(channel);
    if (!known) return { ok: false, error: 'channel_not_found' };
    if (known.botIsMember) return undefined;
    if (!known.private && this.scopes.includes('chat:write.public')) return undefined;
    return { ok: false, error: 'not_in_channel' };
  }

  private answer(method: string, args: Record<string, unknown>, token?: string): Record<string, unknown> {
    const n = ++this.seq;
    switch (method) {
      case 'apps.connections.open':
        if (!this.socketMode || token !== this.socketMode.appToken)
          return { ok: false, error: 'invalid_auth' };
        return { ok: true, url: this.socketMode.server.url(`t${n}`) };
      case 'chat.scheduleMessage': {
        const refused = this.postable(String(args.channel));
        if (refused) return refused;
        return { ok: true, channel: args.channel, scheduled_message_id: `Q${n}`, post_at: args.post_at };
      }
      case 'chat.deleteScheduledMessage':
        return { ok: true };
      case 'auth.test':
        if (this.botToken && token !== this.botToken) return { ok: false, error: 'invalid_auth' };
        return {
          ok: true,
          url: 'https://golive-test.slack.com/',
          team: 'Golive Test',
          user: 'golive',
          team_id: 'T_TEST',
          user_id: 'U_BOT',
          bot_id: 'B_BOT',
        };
      case 'conversations.open':
        return { ok: true, channel: { id: `D_${String(args.users)}` } };
      case 'chat.postMessage':
        return {
          ok: true,
          channel: args.channel,
          ts: `1700000000.${String(n).padStart(6, '0')}`,
          message: { text: args.text, blocks: args.blocks },
        };
      case 'conversations.history': {
        // Top-level posts of the channel, newest first, with their metadata when asked for.
        const channel = String(args.channel);
        const needed = this.channels?.get(channel)?.private ? 'groups:history' : 'channels:history';
        if (!this.scopes.includes(needed)) return { ok: false, error: 'missing_scope', needed };
        const withMetadata = String(args.include_all_metadata) === 'true';
        const messages = this.calls
          .filter(
            (c) =>
              c.method === 'chat.postMessage' &&
              c.result?.ok === true &&
              c.args.channel === channel &&
              c.args.thread_ts === undefined,
          )
          .reverse()
          .slice(0, Number(args.limit ?? 100))
          .map((c) => ({
            type: 'message',
            ts: c.result?.ts,
            text: c.args.text,
            ...(withMetadata && c.args.metadata ? { metadata: c.args.metadata } : {}),
          }));
        return { ok: true, messages, has_more: false };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(n).padStart(6, '0')}` };
      case 'views.open':
      case 'views.push': {
        const trigger = String(args.trigger_id);
        if (this.usedTriggers.has(trigger)) return { ok: false, error: 'exchanged_trigger_id' };
        this.usedTriggers.add(trigger);
        return {
          ok: true,
          view: this.keepView(`V${n}`, String(args.user_id ?? ''), args.view, trigger),
        };
      }
      case 'views.update': {
        const id = String(args.view_id ?? '');
        const known = this.views.get(id);
        if (!known) return { ok: false, error: 'not_found' };
        if (args.hash !== undefined && args.hash !== known.hash) return { ok: false, error: 'hash_conflict' };
        return { ok: true, view: this.keepView(id, known.user, args.view) };
      }
      case 'views.publish':
        return {
          ok: true,
          view: this.keepView(`VH_${String(args.user_id)}`, String(args.user_id), args.view),
        };
      case 'users.info':
        if (this.members && !this.members.has(String(args.user)))
          return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: args.user,
            name: String(args.user).toLowerCase(),
            tz: 'Asia/Shanghai',
            locale: 'en-US',
          },
        };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private keepView(id: string, user: string, view: unknown, trigger?: string): Record<string, unknown> {
    const stored: FakeView = {
      id,
      hash: `h${++this.seq}`,
      user,
      view: (view ?? {}) as Record<string, unknown>,
    };
    const before = this.views.get(id);
    if (trigger) stored.trigger = trigger;
    else if (before?.trigger) stored.trigger = before.trigger;
    this.views.set(id, stored);
    return { id, hash: stored.hash, ...stored.view };
  }
}

function parseArgs(contentType: string, body: string): Record<string, unknown> {
  if (contentType.startsWith('application/json'))
    return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = JSON_ARGS.includes(key) ? JSON.parse(value) : value;
  }
  return args;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
