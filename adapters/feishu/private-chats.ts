import { LRUCache } from 'lru-cache';

/** At most this many private chats are remembered; the least recently seen go first. */
const MAX_CHATS = 20_000;
/** A chat not seen for this long is forgotten (seen again: a DM sent there, a message from it). */
const TTL_MS = 7 * 24 * 3_600_000;

/**
 * One-to-one chats with the bot seen lately (from messages people send it, and DMs it sends). Keyed by
 * request data, so bounded in number and age: a flood of signed events from new chats cannot grow it
 * without end. A chat forgotten only costs its clicks the in-place card refresh until it is seen again.
 */
export class PrivateChats {
  private readonly chats = new LRUCache<string, true>({ max: MAX_CHATS, ttl: TTL_MS });

  add(chatId: string): void {
    this.chats.set(chatId, true);
  }

  has(chatId: string): boolean {
    return this.chats.has(chatId);
  }

  get size(): number {
    return this.chats.size;
  }
}
