import type { Logger } from '../log.js';
import { type ChatSurface, RateLimited } from '../platform/port.js';

/** Past this many held destinations, the expired ones are forgotten. */
const PRUNE_AT = 1000;

/**
 * The destinations a platform rate-limited (a channel, a person's DM) and until when, for this
 * process: while one is held, a send to it fails at once with RateLimited — no request, whichever
 * release it is for — so the outbox puts it off until the platform's time is up and serves every
 * other destination meanwhile. Each replica learns a limit from its own answers.
 */
export class RateHolds {
  private readonly until = new Map<string, number>();

  /** Throws RateLimited while `destination` is held. */
  check(destination: string, nowMs: number): void {
    const until = this.until.get(destination);
    if (until === undefined) return;
    if (until > nowMs) throw new RateLimited(until - nowMs, destination, true);
    this.until.delete(destination);
  }

  hold(destination: string, untilMs: number, nowMs: number): void {
    if ((this.until.get(destination) ?? 0) >= untilMs) return;
    if (this.until.size >= PRUNE_AT) for (const [d, t] of this.until) if (t <= nowMs) this.until.delete(d);
    this.until.set(destination, untilMs);
  }
}

/**
 * `surface` with its sends checked against `holds`: a destination the platform rate-limited is held
 * for the wait the platform named (Slack's Retry-After, Feishu's x-ogw-ratelimit-reset).
 */
export function pacedSurface(
  surface: ChatSurface,
  holds: RateHolds,
  now: () => Date,
  log: Logger,
): ChatSurface {
  const paced = async <T>(destination: string, send: () => Promise<T>): Promise<T> => {
    holds.check(destination, now().getTime());
    try {
      return await send();
    } catch (err) {
      if (err instanceof RateLimited) {
        const nowMs = now().getTime();
        holds.hold(destination, nowMs + err.retryAfterMs, nowMs);
        log.info(
          { destination, retryAfterMs: err.retryAfterMs },
          'rate-limited by the platform: messages to this destination wait, others go on',
        );
      }
      throw err;
    }
  };
  const p = surface.platform;
  return {
    platform: p,
    sendToUser: (userId, message, send) =>
      paced(`${p}|user:${userId}`, () => surface.sendToUser(userId, message, send)),
    sendToChannel: (channel, message, thread, send) =>
      paced(`${p}|${channel}`, () => surface.sendToChannel(channel, message, thread, send)),
    update: (ref, message) => paced(`${p}|${ref.channel}`, () => surface.update(ref, message)),
  };
}
