import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GoliveConfig } from '../../src/config/schema.js';
import type { Button, Message } from '../../src/conversation/model.js';
import { loadFlowsFromDir } from '../../src/flow/load.js';
import type { FlowSpec } from '../../src/flow/schema.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { Reply, RequestContext } from '../../src/service/api.js';
import { type Core, createCore } from '../../src/service/create-core.js';
import type { ReleaseStore } from '../../src/store/port.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { WebhookPoster } from '../../src/webhooks/port.js';
import { ManualScheduler } from './manual-scheduler.js';
import { CONFIG_ROLES, testConfig } from './people.js';
import { RecordingSurface } from './recording-surface.js';

export const FLOWS_DIR = resolve(import.meta.dirname, '../../flows');
export const builtInFlows = (): FlowSpec[] => loadFlowsFromDir(FLOWS_DIR, CONFIG_ROLES);

/** A settable clock: tests move time instead of sleeping. Starts Tuesday 2026-11-24 10:00 Shanghai. */
export class TestClock {
  current = new Date('2026-11-24T02:00:00Z');
  now = () => new Date(this.current);
  set(iso: string) {
    this.current = new Date(iso);
  }
  advanceHours(h: number) {
    this.current = new Date(this.current.getTime() + h * 3_600_000);
  }
}

/** Where a test core keeps its data unless the test passes a store: in-memory SQLite by default. */
let scenarioStore: () => ReleaseStore = () => createSqliteStore({ file: ':memory:' });
/** A place for data that outlives one core: each call of what it returns opens that same data again. */
let scenarioPlace: () => () => ReleaseStore = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'golive-place-')), 'golive.sqlite');
  return () => createSqliteStore({ file });
};

/**
 * Makes every createTestCore that is not given a store use `make` instead, and `reopenable()` hand out
 * places on that same kind of store: the MongoDB runs of the scenario tests
 * (test/scenarios/mongo-scenarios-*.test.ts) import the scenario files after calling it.
 */
export function useScenarioStore(make: () => ReleaseStore, place?: () => () => ReleaseStore): void {
  scenarioStore = make;
  if (place) scenarioPlace = place;
}

/** Data a test restarts the bot on: every call of the result opens the same releases again. */
export function reopenableStore(): () => ReleaseStore {
  return scenarioPlace();
}

export interface TestCore {
  core: Core;
  store: ReleaseStore;
  scheduler: ManualScheduler;
  surface: RecordingSurface;
  clock: TestClock;
  config: GoliveConfig;
  /** Request context for a cast member on the test surface's platform. */
  as(person: string, extra?: Partial<RequestContext>): RequestContext;
  /** Lets due timers fire at the clock's time and delivers what they sent. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The real core on an in-memory SQLite store with a test-owned clock and scheduler, and a recording
 * surface for the platform given (default local). Adapter tests pass their own surface via attach().
 */
export async function createTestCore(
  opts: {
    config?: GoliveConfig;
    store?: ReleaseStore;
    platform?: 'local' | 'slack' | 'feishu';
    attachSurface?: boolean;
    /** The clock's time when the core starts (a restart later on): default the TestClock's start. */
    startAt?: Date;
    /** Flows other than the shipped ones (a team's own). */
    flows?: FlowSpec[];
    /** Posts the config's webhooks (adapters/webhooks/http-poster.ts); default: none. */
    webhooks?: WebhookPoster;
    /** Where the core logs; default silent (or TEST_LOG_LEVEL). */
    logger?: Logger;
  } = {},
): Promise<TestCore> {
  const config = opts.config ?? testConfig();
  const clock = new TestClock();
  if (opts.startAt) clock.current = opts.startAt;
  const scheduler = new ManualScheduler();
  const store = opts.store ?? scenarioStore();
  const surface = new RecordingSurface(opts.platform ?? 'local');
  const core = await createCore({
    config,
    flows: opts.flows ?? builtInFlows(),
    store,
    scheduler,
    logger: opts.logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    now: clock.now,
    outboxIntervalMs: 50,
    ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
  });
  if (opts.attachSurface !== false) core.attach(surface);
  const platform = opts.platform ?? 'local';
  const userIdOf = (person: string) =>
    platform === 'local' ? person : platform === 'slack' ? `U_${person.toUpperCase()}` : `ou_${person}`;
  return {
    core,
    store,
    scheduler,
    surface,
    clock,
    config,
    as: (person, extra = {}) => ({ platform, userId: userIdOf(person), channel: 'C_TEAM', ...extra }),
    async tick() {
      const n = await scheduler.fireDue(clock.now());
      await core.flush();
      return n;
    },
    stop: () => core.stop(),
  };
}

/** The newest DM card of a person that has a button of this command (and action). */
export function findButton(messages: readonly Message[], match: (b: Button) => boolean): Button | undefined {
  for (const m of [...messages].reverse()) {
    const b = m.buttons.find(match);
    if (b) return b;
  }
  return undefined;
}

export function replyText(r: Reply): string {
  if (r.kind === 'text') return r.text;
  if (r.kind === 'form') return r.form.title;
  if (r.kind === 'message') return r.message.header;
  return r.messages.map((m) => m.header).join('\n') || (r.empty ?? '');
}
