import { createHash, randomBytes } from 'node:crypto';
import type { Message } from '../conversation/model.js';
import { say } from '../i18n/say.js';
import type { Locale } from '../i18n/text.js';
import { formatInstant } from '../time/format.js';
import type { Reply, RequestContext } from './api.js';
import type { CoreDeps } from './deps.js';

/** How long a sign-in link of the release board works. */
export const SIGN_IN_LINK_MS = 10 * 60_000;
/** Where a sign-in link opens, below the board's base URL. */
export const SIGN_IN_PATH = '/board/sign-in/';

/** What the store keeps of a secret (a link's or a session's): its SHA-256, never the secret itself. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new secret for a link or a session: 256 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * `/release board`: a single-use sign-in link, valid 10 minutes, sent to the person in a direct message
 * on the platform they typed it on (local mode prints it). Only its hash is stored. The reply says where
 * it went; a link is never shown in a channel.
 */
export async function sendBoardLink(
  deps: CoreDeps,
  ctx: RequestContext,
  person: string,
  locale: Locale,
): Promise<Reply> {
  const surface = deps.surfaces.get(ctx.platform);
  const text = (t: string, tone: 'success' | 'error'): Reply => ({ kind: 'text', text: t, tone });
  if (!surface) return text(say('board_link_failed', locale), 'error');
  const secret = newSecret();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MS).toISOString();
  await deps.store.saveSignInLink({
    hash: secretHash(secret),
    person,
    createdAt: now.toISOString(),
    expiresAt,
  });
  const url = `${deps.boardUrl.replace(/\/+$/, '')}${SIGN_IN_PATH}${secret}`;
  const until = formatInstant(expiresAt, deps.config.timezone, locale, now);
  const message: Message = {
    summary: say('board_link_header', locale),
    header: say('board_link_header', locale),
    tone: 'info',
    body: say('board_link_body', locale, { until }),
    fields: [],
    links: [{ label: say('board_link_label', locale), url }],
    context: [],
    buttons: [],
  };
  try {
    await surface.sendToUser(ctx.userId, message);
  } catch (err) {
    deps.log.warn({ err, platform: ctx.platform }, 'could not send a board sign-in link');
    return text(say('board_link_failed', locale), 'error');
  }
  return text(say('board_link_sent', locale), 'success');
}
