import type { Form, FormContext } from '../../src/conversation/model.js';

/**
 * Forms shown lately, by what they are for. A refused submission is answered with the same form
 * and its errors; a card carries only the form's context, and asking the core for a button's
 * form again would press the button. Memory only: after a restart the toast alone names the error.
 */
export class ShownForms {
  private readonly forms = new Map<string, Form>();

  constructor(private readonly max = 2000) {}

  remember(form: Form): void {
    const key = keyOf(form.context);
    this.forms.delete(key);
    this.forms.set(key, form);
    if (this.forms.size > this.max) {
      const oldest = this.forms.keys().next().value;
      if (oldest !== undefined) this.forms.delete(oldest);
    }
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
