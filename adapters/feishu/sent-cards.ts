import type { Message } from '../../src/conversation/model.js';

/**
 * The Message behind each card the bot sent or edited lately, by message_id. Feishu's card
 * callback does not carry the card, so this lets an approval show its outcome on the card at
 * once. Memory only: after a restart a click still works, the card just updates later.
 */
export class SentCards {
  private readonly cards = new Map<string, Message>();

  constructor(private readonly max = 5000) {}

  remember(messageId: string, message: Message): void {
    this.cards.delete(messageId);
    this.cards.set(messageId, message);
    if (this.cards.size > this.max) {
      const oldest = this.cards.keys().next().value;
      if (oldest !== undefined) this.cards.delete(oldest);
    }
  }

  get(messageId: string): Message | undefined {
    return this.cards.get(messageId);
  }
}
