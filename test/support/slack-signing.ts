import { createHmac } from 'node:crypto';

/** Slack's request signature: `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SentRequest {
  status: number;
  body: string;
}

export interface SendOptions {
  /** Seconds since the epoch the request claims; default now. */
  timestampSec?: number;
  /** Replace the computed signature (forgeries). */
  signature?: string;
  /** `x-slack-retry-num` / `x-slack-retry-reason`. */
  retry?: { num: number; reason: string };
}

/**
 * Sends requests to the bot's `/slack/events` the way Slack does: slash commands as form fields,
 * interactions as a form field `payload` holding JSON, events as JSON, each correctly signed.
 */
export class SlackSender {
  private readonly used = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  /** A slash command: form-encoded fields as Slack posts them. */
  command(fields: Record<string, string>, opts?: SendOptions): Promise<SentRequest> {
    return this.raw(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', opts);
  }

  /** An interaction (block_actions, view_submission): `payload=<json>`. */
  interaction(payload: unknown, opts?: SendOptions): Promise<SentRequest> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.raw(body, 'application/x-www-form-urlencoded', opts);
  }

  /** An Events API callback: JSON. */
  event(envelope: unknown, opts?: SendOptions): Promise<SentRequest> {
    return this.raw(JSON.stringify(envelope), 'application/json', opts);
  }

  async raw(body: string, contentType: string, opts: SendOptions = {}): Promise<SentRequest> {
    const ts = opts.timestampSec ?? this.freshTimestamp(body);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? slackSignature(this.secret, ts, body),
    };
    if (opts.retry) {
      headers['x-slack-retry-num'] = String(opts.retry.num);
      headers['x-slack-retry-reason'] = opts.retry.reason;
    }
    const res = await fetch(this.url, { method: 'POST', headers, body });
    return { status: res.status, body: await res.text() };
  }

  /**
   * Slack stamps each delivery with its own time, so a redelivery of the same body carries a new
   * signature: the same body sent twice here gets the next second, never a replay of the first.
   */
  private freshTimestamp(body: string): number {
    let ts = Math.floor(Date.now() / 1000);
    while (this.used.has(`${ts}:${body}`)) ts += 1;
    this.used.add(`${ts}:${body}`);
    return ts;
  }
}
