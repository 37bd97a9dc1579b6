import type { webApi } from '@slack/bolt';
import { ErrorCode } from '@slack/web-api';
import type { MessageRef } from '../../src/domain/types.js';
import type { Logger } from '../../src/log.js';
import type { SendOptions } from '../../src/platform/port.js';

type WebClient = webApi.WebClient;

/** The metadata event type golive names its must-be-unique posts with. */
export const GOLIVE_EVENT_TYPE = 'golive_message';
/** How many of the channel's newest messages are looked through for an earlier try's post. */
const LOOK_BACK = 200;

/** Slack message metadata naming the message: its release and the outbox's name for it. */
export function metadataOf(send: SendOptions) {
  return { event_type: GOLIVE_EVENT_TYPE, event_payload: { release: send.releaseId, message: send.key } };
}

/**
 * Slack has no idempotency key, so a post that must exist once (a status card, an announcement) is
 * named in its metadata, and a try whose earlier try may have gone through unrecorded looks at the
 * channel's newest messages (`conversations.history`, which needs `channels:history` — and
 * `groups:history` for private channels) for one so named, and takes it instead of posting again.
 *
 * Without the scope (Slack answers `missing_scope`; `npm run doctor` says so too) the look is off for
 * the rest of the process, logged once: such a post is then sent again, at least once as before.
 * Another failure of the look (not in the channel, Slack down) is logged and the post goes ahead.
 */
export function createAdopter(client: WebClient, log?: Logger) {
  let off = false;
  return async function findEarlier(channel: string, send: SendOptions): Promise<MessageRef | null> {
    if (off) return null;
    try {
      const res = await client.conversations.history({
        channel,
        limit: LOOK_BACK,
        include_all_metadata: true,
      });
      const found = res.messages?.find(
        (m) =>
          m.metadata?.event_type === GOLIVE_EVENT_TYPE &&
          (m.metadata.event_payload as { message?: unknown } | undefined)?.message === send.key,
      );
      if (!found?.ts) return null;
      log?.info(
        { channel, ts: found.ts, releaseId: send.releaseId, message: send.key },
        'adopted the message an earlier try had posted, instead of posting it again',
      );
      return { platform: 'slack', channel, id: found.ts };
    } catch (err) {
      // A rate limit is the outbox's to wait out, as for the post itself.
      if ((err as { code?: unknown }).code === ErrorCode.RateLimitedError) throw err;
      const code = (err as { data?: { error?: string; needed?: string } }).data;
      if (code?.error === 'missing_scope') {
        off = true;
        log?.warn(
          { channel, needed: code.needed },
          'Slack token lacks channels:history / groups:history: a status card or announcement whose ' +
            'first try may have gone through is posted again instead of adopted (add the scopes, reinstall)',
        );
      } else
        log?.warn(
          { err, channel, message: send.key },
          'could not look for an earlier try of a message; posting it',
        );
      return null;
    }
  };
}
