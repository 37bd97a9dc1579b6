import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { holdLease } from '../../src/service/delivery-lease.js';
import type { DeliveryDeps } from '../../src/service/deps.js';

const LEASE_MS = 10_000;

/** A clock the test moves, and a store whose renewals answer as the test says. */
function setUp(answers: Record<string, boolean | Error>) {
  let nowMs = 1_000_000;
  const renewals: string[] = [];
  const deps = {
    now: () => new Date(nowMs),
    log: createLogger({ level: 'silent' }),
    store: {
      async renewOutboxClaim(key: string) {
        renewals.push(key);
        const answer = answers[key];
        if (answer instanceof Error) throw answer;
        return answer ?? true;
      },
    },
  } as unknown as DeliveryDeps;
  const lease = holdLease(deps, 'proc-a', LEASE_MS, new Set(Object.keys(answers)), nowMs);
  return {
    lease,
    renewals,
    later(ms: number) {
      nowMs += ms;
    },
  };
}

describe('a claim is checked right before its message is sent', () => {
  it('sends at once under a fresh claim, renews one half a lease old first, and never sends a lost one', async () => {
    const { lease, renewals, later } = setUp({
      a: true,
      b: false,
      c: new Error('server selection timed out'),
    });
    try {
      expect(await lease.stillHeld('a')).toBe(true);
      expect(renewals).toEqual([]);
      // Half a lease on (a slow store, several messages before it): confirmed again before it goes out.
      later(LEASE_MS / 2);
      expect(await lease.stillHeld('a')).toBe(true);
      expect(renewals).toEqual(['a']);
      // Taken over by another replica meanwhile: not sent here.
      expect(await lease.stillHeld('b')).toBe(false);
      // The store did not answer and the claim is a whole lease old: another replica may hold it now.
      later(LEASE_MS / 2);
      expect(await lease.stillHeld('c')).toBe(false);
    } finally {
      await lease.end();
    }
  });
});
