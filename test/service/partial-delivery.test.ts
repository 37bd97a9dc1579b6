import { afterEach, describe, expect, it } from 'vitest';
import type { Button, Message } from '../../src/conversation/model.js';
import { createTestCore, findButton, replyText, type TestCore } from '../support/core.js';
import { RecordingSurface } from '../support/recording-surface.js';

let t: TestCore;
afterEach(() => t?.stop());

/** A platform on which one person cannot be reached for a while (their DMs fail). */
class FlakyForOne extends RecordingSurface {
  failures = 0;
  constructor(
    private readonly who: string,
    private failLeft: number,
  ) {
    super('local');
  }
  override async sendToUser(userId: string, message: Message) {
    if (userId === this.who && this.failLeft > 0) {
      this.failLeft -= 1;
      this.failures += 1;
      throw new Error(`could not reach ${userId}`);
    }
    return super.sendToUser(userId, message);
  }
}

const is = (type: string) => (b: Button) => b.intent.command.type === type;

describe('a message to several people, one of whom cannot be reached for a while', () => {
  it('reaches everyone once: the others are not sent theirs again while the one is retried', async () => {
    const surface = new FlakyForOne('carol', 2);
    t = await createTestCore({ attachSurface: false });
    t.core.attach(surface);
    const first = await t.core.command(t.as('alice'), 'new');
    if (first.kind !== 'form') throw new Error('no form');
    const chose = await t.core.submit(t.as('alice'), first.form.context, { flow: 'emergency' });
    if (!chose.ok || chose.reply.kind !== 'form') throw new Error('no second form');
    const made = await t.core.submit(t.as('alice'), chose.reply.form.context, {
      title: 'Hotfix payment timeout',
      system: 'pay',
      reason_category: 'severe_bug',
      justification: 'Payments time out.',
      tester: ['bob', 'carol'],
      director: 'dave',
    });
    expect(made.ok && replyText(made.reply)).toContain('Created REL-1');
    await t.core.flush();
    const approve = findButton(surface.dmsTo('erin'), is('approve'));
    expect(approve).toBeDefined();
    // Erin's approval asks both testers for their results: one message to two people.
    await t.core.press(t.as('erin'), approve!.intent);
    await t.core.flush();
    expect(surface.failures).toBe(1);
    // Retries come after a backoff (1 s, then 2 s): move the clock past each and deliver again.
    for (let i = 0; i < 2; i += 1) {
      t.clock.current = new Date(t.clock.current.getTime() + 5_000);
      await t.core.flush();
    }
    expect(surface.failures).toBe(2);
    // Each tester has their action card once.
    const cards = (who: string) => surface.dmsTo(who).filter((m) => m.buttons.length > 0);
    expect(cards('carol')).toHaveLength(1);
    expect(cards('bob')).toHaveLength(1);
  });
});
