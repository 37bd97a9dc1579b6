import { randomUUID } from 'node:crypto';
import type { Button } from '../../src/conversation/model.js';
import type { Locale } from '../../src/i18n/text.js';
import type { Logger } from '../../src/log.js';
import type { GoliveCore, Reply, RequestContext } from '../../src/service/api.js';
import { FormFiller } from './form-filler.js';
import { pressTarget } from './press-target.js';
import { renderText } from './render.js';
import type { LocalSurface, ShownCard } from './surface.js';
import { t } from './texts.js';
import type { Transcript } from './transcript.js';

/** An open form keeps one request key, so submitting it again after "not saved" counts once. */
type FormPending = { kind: 'form'; filler: FormFiller; key: string };
type Pending = FormPending | { kind: 'confirm'; card: ShownCard; button: Button };

const YES = new Set(['y', 'yes', '是', '确认', '确定', 'ok']);
/** Commands that still work while a form is open (anything else typed is the field's value). */
const FORM_COMMANDS = new Set(['/help', '/release', '/cards', '/wait', '/as', '/quit', '/exit']);
const colon = (locale: Locale) => (locale === 'zh-CN' ? '：' : ': ');

/**
 * One person at the keyboard acting as any user: turns each typed line into a core call and prints
 * the answer. Holds only what a chat client would: who you are, the open form, the card to confirm.
 */
export class LocalSession {
  user: string;
  private pending: Pending | null = null;

  constructor(
    private readonly core: GoliveCore,
    private readonly surface: LocalSurface,
    private readonly out: Transcript,
    private readonly channel: string,
    user: string,
    private readonly log?: Logger,
  ) {
    this.user = user;
  }

  get locale(): Locale {
    return this.core.localeFor('local', this.user);
  }

  /** Handles one typed line; false once the user asked to leave. */
  async handle(line: string): Promise<boolean> {
    try {
      if (this.pending?.kind === 'form') await this.answerForm(line);
      else if (this.pending?.kind === 'confirm') return await this.answerConfirm(line);
      else return await this.command(line.trim());
    } catch (err) {
      this.log?.error({ err, user: this.user }, 'local mode could not handle a line');
      this.pending = null;
      this.say(t(this.locale, 'failed'), 'error');
    }
    return true;
  }

  private ctx(key: string = randomUUID()): RequestContext {
    return { platform: 'local', userId: this.user, idempotencyKey: key, channel: this.channel };
  }

  private say(text: string, tone: 'info' | 'success' | 'warning' | 'error' = 'info') {
    this.out.write(renderText(text, tone));
  }

  private async command(line: string): Promise<boolean> {
    if (!line) return true;
    const [word = '', ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    switch (word) {
      case '/quit':
      case '/exit':
        this.say(t(this.locale, 'bye'));
        return false;
      case '/help':
        this.say(t(this.locale, 'help'));
        return true;
      case '/as':
        this.switchUser(arg);
        return true;
      case '/release':
        await this.show(await this.core.command(this.ctx(), arg));
        return true;
      case '/cards':
        this.listCards();
        return true;
      case '/wait':
        await this.wait(arg);
        return true;
      case 'press':
        await this.press(arg);
        return true;
    }
    if (/^\d+$/.test(line)) await this.press(line);
    else this.say(t(this.locale, 'unknownInput', { text: line }), 'warning');
    return true;
  }

  private switchUser(arg: string) {
    const typed = arg.trim().replace(/^@/, '');
    if (!typed) return this.say(t(this.locale, 'asUsage'), 'warning');
    // "/as Bob" finds bob: a config id or name, in any case.
    const lower = typed.toLowerCase();
    const people = this.core.config.people;
    const byId = people.find((p) => p.id === typed) ?? people.find((p) => p.id.toLowerCase() === lower);
    const byName = people.filter((p) => p.name.toLowerCase() === lower);
    if (!byId && byName.length > 1)
      return this.say(
        t(this.locale, 'asAmbiguous', { name: typed, names: byName.map((p) => p.id).join(', ') }),
        'warning',
      );
    const name = byId?.id ?? byName[0]?.id ?? typed;
    if (/\s/.test(name)) return this.say(t(this.locale, 'asUsage'), 'warning');
    this.user = name;
    this.say(t(this.locale, 'nowActingAs', { name: this.out.nameOf(name) }));
    const known = this.core.config.people.some((p) => p.id === name);
    if (this.core.config.people.length && !known)
      this.say(t(this.locale, 'notInConfig', { name }), 'warning');
  }

  private listCards() {
    const open = this.surface.openCards(this.user);
    if (!open.length) return this.say(t(this.locale, 'noOpenCards'));
    const lines = open.map(
      (c) =>
        `#${c.n} ${c.message.header} — ${c.message.buttons
          .filter((b) => b.intent.command.type !== 'details')
          .map((b, i) => `[${i + 1}] ${b.label}`)
          .join(' ')}`,
    );
    this.say([t(this.locale, 'openCards'), ...lines].join('\n'));
  }

  private async press(arg: string) {
    const target = pressTarget(arg, this.user, this.surface);
    if (!target.ok) return this.say(t(this.locale, target.key, target.params), 'warning');
    const { card, button } = target;
    if (button.confirm) {
      this.pending = { kind: 'confirm', card, button };
      this.out.write(`  ? ${t(this.locale, 'confirmAsk', { text: button.confirm.text })}`);
      return;
    }
    await this.pressNow(card, button);
  }

  private async pressNow(card: ShownCard, button: Button) {
    this.say(t(this.locale, 'pressing', { label: button.label, card: card.n }));
    await this.show(await this.core.press(this.ctx(), button.intent));
  }

  /** Anything but yes cancels; a command typed instead (`/as bob`) still runs after that. */
  private async answerConfirm(line: string): Promise<boolean> {
    const pending = this.pending;
    this.pending = null;
    if (pending?.kind !== 'confirm') return true;
    if (YES.has(line.trim().toLowerCase())) {
      await this.pressNow(pending.card, pending.button);
      return true;
    }
    this.say(t(this.locale, 'confirmCancelled'));
    return line.trim().startsWith('/') ? this.command(line.trim()) : true;
  }

  private async answerForm(line: string) {
    const pending = this.pending;
    if (pending?.kind !== 'form') return;
    const { filler } = pending;
    if (line.trim() === '/cancel') {
      this.pending = null;
      return this.say(t(this.locale, 'formCancelled'));
    }
    // A command typed inside a form is a command, not the field's value.
    const word = line.trim().split(/\s+/)[0] ?? '';
    if (FORM_COMMANDS.has(word)) {
      if (word === '/as' || word === '/quit' || word === '/exit') {
        this.pending = null;
        this.say(t(this.locale, 'formDiscardedAs', { title: filler.form.title }), 'warning');
        return this.command(line.trim());
      }
      await this.command(line.trim());
      if (this.pending === pending)
        this.out.write(
          filler.done
            ? `  ${t(this.locale, 'submitAgain')}`
            : `  ${t(this.locale, 'formStillOpen')}\n${filler.question()}`,
        );
      return;
    }
    if (filler.done) {
      // Every field answered and the submission not saved: Enter sends the same answers again.
      if (line.trim()) return this.out.write(`  ${t(this.locale, 'submitAgain')}`);
    } else {
      const answered = filler.answer(line);
      // Each answer is checked as it is entered: a refused one is asked again at once.
      if (answered && this.core.checkField) {
        const check = await this.core.checkField(
          this.ctx(pending.key),
          filler.form.context,
          answered.field.id,
          answered.value,
          filler.answers,
        );
        if (!check.ok) {
          filler.again(answered.field);
          this.out.write(
            `  ✖ ${answered.field.label}${colon(this.locale)}${check.error}\n${filler.question()}`,
          );
          return;
        }
        if (check.note) this.say(t(this.locale, 'understood', { note: check.note }));
      }
      if (!filler.done) return this.out.write(filler.question());
    }
    await this.submitForm(pending);
  }

  /** Input ended (Ctrl-D, or the end of a script) with a form open: it is said, not silently lost. */
  endOfInput(): void {
    if (this.pending?.kind !== 'form') return;
    this.say(t(this.locale, 'formDiscardedEof', { title: this.pending.filler.form.title }), 'warning');
    this.pending = null;
  }

  /**
   * Submits what the form holds. Refused fields are asked again; a submission refused as a whole (not
   * saved: the store was unreachable or busy) keeps the form open with its answers, as a chat keeps its
   * form open with the values and the error, for the person to submit again.
   */
  private async submitForm(pending: FormPending) {
    const { filler } = pending;
    this.say(t(this.locale, 'submitted', { label: filler.form.submitLabel }));
    const result = await this.core.submit(this.ctx(pending.key), filler.form.context, filler.answers);
    this.pending = null;
    if (result.ok) return this.show(result.reply);
    this.pending = pending;
    const lines = filler.retry(result.errors);
    if (filler.done) return this.out.write([...lines, `  ${t(this.locale, 'submitAgain')}`].join('\n'));
    this.out.write([`  ${t(this.locale, 'fixFields')}`, ...lines, filler.question()].join('\n'));
  }

  /** Prints what the core answered the current user; a form starts being asked. */
  private async show(reply: Reply): Promise<void> {
    switch (reply.kind) {
      case 'text':
        return this.say(reply.text, reply.tone);
      case 'message':
        this.surface.showReply(this.user, reply.message);
        return;
      case 'messages':
        if (!reply.messages.length) return this.say(reply.empty ?? '');
        for (const m of reply.messages) this.surface.showReply(this.user, m);
        if (reply.more) this.say(t(this.locale, 'listMore', { n: reply.more }));
        return;
      case 'form': {
        const filler = new FormFiller(reply.form, this.locale);
        this.out.write(`  ▶ ${reply.form.title}\n  ${t(this.locale, 'formCancel')}`);
        const pending: FormPending = { kind: 'form', filler, key: randomUUID() };
        if (filler.done) return this.submitForm(pending);
        this.pending = pending;
        this.out.write(filler.question());
      }
    }
  }

  /** `/wait <ms> [text]`: lets time pass for timers and deliveries, ending early once the text shows. */
  private async wait(arg: string) {
    const m = /^(\d+)(?:\s+(.+))?$/.exec(arg.trim());
    if (!m) return this.say(t(this.locale, 'waitUsage'), 'warning');
    const ms = Number(m[1]);
    const text = m[2];
    const seen = await this.out.waitFor(text, ms);
    await this.core.flush();
    if (!text) this.say(t(this.locale, 'waited', { ms }));
    else if (seen) this.say(t(this.locale, 'waitedFor', { text }));
    else this.say(t(this.locale, 'waitTimedOut', { text, ms }), 'warning');
  }
}
