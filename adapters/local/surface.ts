import type { Message } from '../../src/conversation/model.js';
import type { MessageRef } from '../../src/domain/types.js';
import type { Locale } from '../../src/i18n/text.js';
import type { ChatSurface } from '../../src/platform/port.js';
import { renderMessage } from './render.js';
import { t } from './texts.js';

/** A message printed in this run: its number, whom it was for, and its latest content. */
export interface ShownCard {
  n: number;
  user?: string;
  message: Message;
}

export interface LocalSurfaceDeps {
  write(text: string): void;
  /** The language of a local user (the reader of a DM). */
  localeOf(userId: string): Locale;
  /** The team's language, for channel messages. */
  teamLocale: Locale;
  nameOf(userId: string): string;
}

/**
 * The terminal as a chat platform: every DM, channel post, thread reply and edit is printed with a
 * number, and cards shown to a user are remembered so their buttons can be pressed by number.
 */
export class LocalSurface implements ChatSurface {
  readonly platform = 'local' as const;
  // Refs outlive the process (the store keeps them); a run tag tells this run's numbers from old ones.
  private readonly run = Date.now().toString(36);
  private count = 0;
  private readonly cards = new Map<number, ShownCard>();
  private readonly byUser = new Map<string, number[]>();

  constructor(private readonly deps: LocalSurfaceDeps) {}

  async sendToUser(userId: string, message: Message): Promise<MessageRef> {
    const locale = this.deps.localeOf(userId);
    return this.show(message, t(locale, 'dmTo', { name: this.deps.nameOf(userId) }), `dm:${userId}`, userId);
  }

  async sendToChannel(channel: string, message: Message, thread?: MessageRef): Promise<MessageRef> {
    const locale = this.deps.teamLocale;
    const parent = thread ? this.numberOf(thread) : undefined;
    const heading =
      parent !== undefined ? t(locale, 'inThread', { channel, parent }) : t(locale, 'inChannel', { channel });
    return this.show(message, heading, channel);
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const n = this.numberOf(ref);
    const card = n === undefined ? undefined : this.cards.get(n);
    if (card) card.message = message;
    const user = ref.channel.startsWith('dm:') ? ref.channel.slice(3) : undefined;
    const locale = user ? this.deps.localeOf(user) : this.deps.teamLocale;
    const where = user
      ? t(locale, 'dmTo', { name: this.deps.nameOf(user) })
      : t(locale, 'inChannel', { channel: ref.channel });
    const updated = n === undefined ? t(locale, 'updatedEarlier') : t(locale, 'updated', { n });
    this.deps.write(renderMessage(`${updated} · ${where}`, message));
  }

  /** A private reply to the user who typed something: printed and pressable like a DM. */
  showReply(userId: string, message: Message): ShownCard {
    const locale = this.deps.localeOf(userId);
    const ref = this.show(message, t(locale, 'replyTo', { name: this.deps.nameOf(userId) }), '', userId);
    return this.cards.get(Number(ref.id.split('-')[1])) as ShownCard;
  }

  card(n: number): ShownCard | undefined {
    return this.cards.get(n);
  }

  /** The user's cards that still have buttons, newest last. */
  openCards(userId: string): ShownCard[] {
    return (this.byUser.get(userId) ?? [])
      .map((n) => this.cards.get(n))
      .filter((c): c is ShownCard => Boolean(c && !c.message.outcome && c.message.buttons.length));
  }

  private show(message: Message, heading: string, channel: string, user?: string): MessageRef {
    const n = ++this.count;
    this.cards.set(n, { n, message, ...(user ? { user } : {}) });
    if (user) this.byUser.set(user, [...(this.byUser.get(user) ?? []), n]);
    this.deps.write(renderMessage(`#${n} · ${heading}`, message));
    return { platform: 'local', channel, id: `${this.run}-${n}` };
  }

  private numberOf(ref: MessageRef): number | undefined {
    const [run, n] = ref.id.split('-');
    return run === this.run ? Number(n) : undefined;
  }
}
