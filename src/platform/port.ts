import type { PlatformId } from '../config/schema.js';
import type { Message } from '../conversation/model.js';
import type { MessageRef } from '../domain/types.js';

/**
 * What names one outbox message across its tries, so a repeat of it is not a second message: Feishu
 * de-duplicates creates by a `uuid` made from `key`; Slack, which has no such key, names the message in
 * its metadata and, when an earlier try may have gone through, looks for it before posting again.
 */
export interface SendOptions {
  /** The same on every try of this message (any replica, after restarts), different for any other. */
  key: string;
  /** The release the message is about. */
  releaseId: string;
  /** The message must exist once (a status card, an announcement): worth a look before posting again. */
  unique?: boolean;
  /** An earlier try may have reached the platform without its answer being stored (a crash, a timeout). */
  maybeSent?: boolean;
}

/**
 * The destination is rate-limited: nothing was sent, and nothing to it should be tried before
 * `retryAfterMs` has passed. The outbox waits that out for this destination only.
 */
export class RateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    /** What the platform limited, for the log: a channel, a person, a method. */
    readonly destination: string,
    /** Known from an earlier answer: this send made no request at all. */
    readonly held = false,
  ) {
    super(`rate-limited on ${destination}: retry in ${retryAfterMs} ms`);
    this.name = 'RateLimited';
  }
}

/**
 * The chat-platform port: how the core reaches people. Each adapter (Slack, Feishu, local)
 * implements it by rendering the platform-neutral Message; it holds no release logic.
 */
export interface ChatSurface {
  readonly platform: PlatformId;
  /** A direct message to a user (platform user id). */
  sendToUser(userId: string, message: Message, send?: SendOptions): Promise<MessageRef>;
  /** A message in a channel/group; `thread` makes it a reply under another message. */
  sendToChannel(
    channel: string,
    message: Message,
    thread?: MessageRef,
    send?: SendOptions,
  ): Promise<MessageRef>;
  /** Edits a message the bot sent earlier. */
  update(ref: MessageRef, message: Message): Promise<void>;
}
