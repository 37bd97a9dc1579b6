import { LRUCache } from 'lru-cache';
import type { Form, FormContext } from '../../src/conversation/model.js';

/**
 * Forms shown lately, by what they are for. A refused submission is answered with the same form
 * and its errors; a card carries only the form's context, and asking the core for a button's
 * form again would press the button. Memory only: after a restart the toast alone names the error.
 */
export class ShownForms {
  private readonly forms: LRUCache<string, Form>;

  /** At most `max` forms, each for a day: long enough to fix a refused submission. */
  constructor(max = 2000, ttlMs = 24 * 3_600_000) {
    this.forms = new LRUCache<string, Form>({ max, ttl: ttlMs });
  }

  remember(form: Form): void {
    this.forms.set(keyOf(form.context), form);
  }

  get(context: FormContext): Form | undefined {
    return this.forms.get(keyOf(context));
  }
}

function keyOf(c: FormContext): string {
  if (c.kind === 'new_release') return `new:${c.flowId ?? ''}`;
  const cmd = c.intent.command;
  const detail = cmd.type === 'act' ? cmd.action : cmd.type === 'tick' ? cmd.item : '';
  return `cmd:${c.intent.releaseId}:${c.intent.stageEntry}:${cmd.type}:${detail}`;
}
