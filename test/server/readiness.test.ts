import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReadiness, type Readiness } from '../../src/server/readiness.js';

let readiness: Readiness | undefined;
afterEach(() => readiness?.stop());

/** A store check the test answers by hand, and a clock it moves. */
function harness() {
  const pending: ((ok: boolean) => void)[] = [];
  let t = 0;
  readiness = createReadiness({
    check: () => new Promise<boolean>((resolve) => pending.push(resolve)),
    now: () => t,
    checkEveryMs: 5,
    answerWithinMs: 1000,
    abandonAfterMs: 30_000,
  });
  const advance = (ms: number) => {
    t += ms;
  };
  return { readiness, pending, advance };
}

describe('readiness', () => {
  it('answers from the last check, and counts a check unanswered past the bound as not ready', async () => {
    const { readiness, pending, advance } = harness();
    void readiness.start();
    expect(readiness.snapshot()).toMatchObject({
      ready: false,
      store: { ok: false, problem: 'not checked yet' },
    });
    pending[0]?.(true);
    await vi.waitFor(() => expect(readiness.snapshot().ready).toBe(true));
    // The next check starts in the background and hangs (a frozen database): still ready within the bound…
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    advance(999);
    expect(readiness.snapshot().ready).toBe(true);
    // …and not ready past it, at once, without waiting for the check.
    advance(2);
    expect(readiness.snapshot()).toMatchObject({
      ready: false,
      store: { ok: false, problem: 'the store or the scheduler has not answered for 1 s' },
    });
    // No second check piles up behind a hung one.
    advance(10_000);
    expect(pending).toHaveLength(2);
    pending[1]?.(true);
    await vi.waitFor(() => expect(readiness.snapshot().ready).toBe(true));
  });

  it('is not ready while a platform connection is connecting or failed, and is while it reconnects', async () => {
    const { readiness, pending } = harness();
    void readiness.start();
    pending[0]?.(true);
    await vi.waitFor(() => expect(readiness.snapshot().ready).toBe(true));
    const slack = readiness.link('slack');
    expect(readiness.snapshot()).toMatchObject({ ready: false, links: { slack: { state: 'connecting' } } });
    slack.connected();
    expect(readiness.snapshot().ready).toBe(true);
    // Slack and Feishu move connections now and then: events wait for the new one.
    slack.reconnecting();
    expect(readiness.snapshot().ready).toBe(true);
    slack.failed('Slack does not accept SLACK_APP_TOKEN');
    expect(readiness.snapshot()).toMatchObject({
      ready: false,
      links: { slack: { state: 'failed', problem: 'Slack does not accept SLACK_APP_TOKEN' } },
    });
  });
});
