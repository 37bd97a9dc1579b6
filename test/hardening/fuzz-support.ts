import type { ButtonIntent } from '../../src/conversation/model.js';
import type { ReleaseStore } from '../../src/store/port.js';
import type { TestCore } from '../support/core.js';

/**
 * What garbage must never change: every release as users see it, and its audit trail apart from
 * refusals (a refused click is rightly audited: who tried what).
 */
export async function storeState(store: ReleaseStore): Promise<unknown> {
  const releases = await store.list({ limit: 1000 });
  return Promise.all(
    releases.map(async (r) => ({
      id: r.id,
      stage: r.stage,
      stageEntry: r.stageEntry,
      status: r.status,
      gate: r.gate,
      awaiting: r.awaiting,
      people: r.people,
      fields: r.fields,
      loops: r.loops,
      records: r.records,
      checklist: r.checklist,
      timers: r.timers,
      events: (await store.events(r.id)).filter((e) => e.what !== 'refused').map((e) => e.hash),
    })),
  );
}

/** Creates a normal release as alice through the core (the form is tested elsewhere). */
export async function createNormalRelease(t: TestCore, id: (p: string) => string, channel: string) {
  const ctx = { platform: t.as('alice').platform, userId: id('alice'), channel };
  const made = await t.core.submit(
    ctx,
    { kind: 'new_release', flowId: 'normal' },
    { title: 'Checkout v2', system: 'shop', tester: [id('bob')], director: id('dave') },
  );
  if (!made.ok) throw new Error(`form refused: ${JSON.stringify(made.errors)}`);
  await t.core.flush();
}

export const actIs = (action: string) => (intent: ButtonIntent) =>
  intent.command.type === 'act' && intent.command.action === action;

/** Runs `count` jobs with at most `width` in flight; collects what each returned. */
export async function inParallel<T>(count: number, width: number, job: (i: number) => Promise<T>) {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await job(i);
      }
    }),
  );
  return out;
}

/** Waits until `measure` stops changing (background work after the acks has drained). */
export async function quiet(measure: () => number, stableMs = 300, maxMs = 15_000): Promise<void> {
  const until = Date.now() + maxMs;
  let last = measure();
  let since = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    const now = measure();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= stableMs) return;
  }
}
