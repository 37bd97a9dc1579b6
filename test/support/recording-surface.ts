import type { PlatformId } from '../../src/config/schema.js';
import type { Message } from '../../src/conversation/model.js';
import type { MessageRef } from '../../src/domain/types.js';
import type { ChatSurface } from '../../src/platform/port.js';

export interface Sent {
  kind: 'user' | 'channel' | 'update';
  to: string;
  message: Message;
  ref: MessageRef;
  thread?: MessageRef;
}

/** A chat surface that keeps what the core sent, for tests of the core without a platform. */
export class RecordingSurface implements ChatSurface {
  readonly sent: Sent[] = [];
  private n = 0;
  constructor(readonly platform: PlatformId = 'local') {}

  async sendToUser(userId: string, message: Message) {
    const ref = { platform: this.platform, channel: `dm:${userId}`, id: `m${++this.n}` };
    this.sent.push({ kind: 'user', to: userId, message, ref });
    return ref;
  }
  async sendToChannel(channel: string, message: Message, thread?: MessageRef) {
    const ref = { platform: this.platform, channel, id: `m${++this.n}` };
    this.sent.push({ kind: 'channel', to: channel, message, ref, ...(thread ? { thread } : {}) });
    return ref;
  }
  async update(ref: MessageRef, message: Message) {
    this.sent.push({ kind: 'update', to: ref.channel, message, ref });
  }

  dmsTo(userId: string): Message[] {
    return this.sent.filter((s) => s.kind === 'user' && s.to === userId).map((s) => s.message);
  }
  clear() {
    this.sent.length = 0;
  }
}
