import { LRUCache } from 'lru-cache';
import type { Directory } from '../domain/directory.js';
import type { Logger } from '../log.js';
import type { RequestContext } from './api.js';

/** How many unknown writers one process remembers having logged (the log line is a hint, not a record). */
const REMEMBERED = 10_000;
/** After this long the line is logged again for the same person (a flood cannot silence it for ever). */
const REMEMBERED_MS = 24 * 3_600_000;

/**
 * Logs, once a day per process, the platform and user id of someone the config does not list when they
 * first write to golive: that line is how an operator finds a person's id (a Feishu open_id is per
 * app and hard to find elsewhere) to give them a role.
 */
export function unknownWriters(directory: Directory, log: Logger) {
  const seen = new LRUCache<string, true>({ max: REMEMBERED, ttl: REMEMBERED_MS });
  return {
    note(ctx: RequestContext): void {
      if (ctx.platform === 'local') return;
      if (directory.get(directory.fromPlatform(ctx.platform, ctx.userId))) return;
      const key = `${ctx.platform}:${ctx.userId}`;
      if (seen.has(key)) return;
      seen.set(key, true);
      log.info(
        { platform: ctx.platform, userId: ctx.userId },
        `someone the config does not list wrote to golive: ${ctx.platform} id ${ctx.userId}. They may start ` +
          `releases but hold no role; to give them one, add them under people with \`${ctx.platform}: ${ctx.userId}\``,
      );
    },
  };
}
