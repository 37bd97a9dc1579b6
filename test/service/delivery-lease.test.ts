import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../src/conversation/model.js';
import type { MessageRef } from '../../src/domain/types.js';
import { createLogger } from '../../src/log.js';
import type { GoliveCore } from '../../src/service/api.js';
import { createCore } from '../../src/service/create-core.js';
import type { ReleaseStore } from '../../src/store/port.js';
import { builtInFlows, reopenableStore } from '../support/core.js';
import { ManualScheduler } from '../support/manual-scheduler.js';
import { testConfig } from '../support/people.js';
import { RecordingSurface } from '../support/recording-surface.js';

// Short, so the test waits out more than two of them in seconds; generous against a loaded machine (renewed every third).
const LEASE_MS = 3000;
const cores: GoliveCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

/** Holds its first channel message until `release()`: a platform call that takes longer than a lease. */
class StuckSurface extends RecordingSurface {
  private open!: () => void;
  private readonly gate = new Promise<void>((r) => {
    this.open = r;
  });
  private held = false;
  stuck = false;
  release() {
    this.open();
  }
  override async sendToChannel(channel: string, message: Message, thread?: MessageRef) {
    if (!this.held) {
      this.held = true;
      this.stuck = true;
      await this.gate;
    }
    return super.sendToChannel(channel, message, thread);
  }
}

/** Records every claim attempt on the outbox with its time and outcome (the pump claims a round's entries together). */
function watchClaims(store: ReleaseStore) {
  const attempts: { atMs: number; won: boolean }[] = [];
  const claimMany = store.claimOutboxMany.bind(store);
  store.claimOutboxMany = async (keys, owner, now, staleMs) => {
    const won = await claimMany(keys, owner, now, staleMs);
    for (const key of keys) attempts.push({ atMs: Date.parse(now), won: won.includes(key) });
    return won;
  };
  return attempts;
}

describe('delivery claims are leases a live sender renews', () => {
  it('a send that outlasts the lease is not taken over by another replica, so it goes out once', async () => {
    const place = reopenableStore();
    const start = async (store: ReleaseStore, surface: RecordingSurface) => {
      const core = await createCore({
        config: testConfig(),
        flows: builtInFlows(),
        store,
        scheduler: new ManualScheduler(),
        logger: createLogger({ level: 'silent' }),
        outboxIntervalMs: 50,
        outboxLeaseMs: LEASE_MS,
      });
      core.attach(surface);
      cores.push(core);
      return core;
    };
    const slow = new StuckSurface();
    const other = new RecordingSurface();
    const a = await start(place(), slow);

    const made = await a.submit(
      { platform: 'local', userId: 'alice', channel: 'team' },
      { kind: 'new_release', flowId: 'normal' },
      { title: 'Checkout v2', system: 'shop', tester: 'bob', director: 'dave' },
    );
    expect(made.ok).toBe(true);
    await vi.waitFor(() => expect(slow.stuck).toBe(true), { timeout: 60_000 });
    // The other replica starts once the first holds the message: started together, it could win the
    // claim first on a loaded machine, and then nothing would be stuck.
    const otherStore = place();
    const b = await start(otherStore, other);
    const attempts = watchClaims(otherStore);
    const stuckAt = Date.now();
    // The other replica keeps trying the stuck message; well past two leases it is still refused,
    // because the sender, though silent on the platform side, renews its claim. (Without renewal it
    // takes the message over after one lease and sends it too.)
    const othersChannelSends = () => other.sent.filter((s) => s.kind === 'channel');
    try {
      await vi.waitFor(
        () =>
          expect(
            othersChannelSends().length > 0 || attempts.some((x) => x.atMs > stuckAt + 2.5 * LEASE_MS),
          ).toBe(true),
        { timeout: 60_000, interval: 50 },
      );
      expect(othersChannelSends()).toEqual([]);
    } finally {
      slow.release();
    }
    await vi.waitFor(
      async () => {
        await Promise.all([a.flush(), b.flush()]);
        expect(await otherStore.pendingOutbox(new Date(Date.now() + 3_600_000).toISOString(), 10)).toEqual(
          [],
        );
      },
      { timeout: 30_000, interval: 50 },
    );
    const sent = [...slow.sent, ...other.sent].filter((s) => s.kind !== 'update');
    const seen = sent.map((s) => `${s.kind} ${s.to} ${s.thread?.id ?? ''} ${s.message.header}`);
    expect(seen.filter((s, i) => seen.indexOf(s) !== i)).toEqual([]);
    expect(sent.filter((s) => s.kind === 'channel' && !s.thread)).toHaveLength(1);
    expect(sent.some((s) => s.kind === 'user' && s.to === 'alice')).toBe(true);
  }, 180_000);
});
