import { resolve } from 'node:path';
import { verifyChain } from '../../src/audit/chain.js';
import type { GoliveConfig } from '../../src/config/schema.js';
import { createDirectory } from '../../src/domain/directory.js';
import type {
  AuditEvent,
  Command,
  Effect,
  FieldValue,
  Release,
  TransitionResult,
} from '../../src/domain/types.js';
import type { EngineContext } from '../../src/engine/context.js';
import { createRelease, transition } from '../../src/engine/transition.js';
import { loadFlowsFromDir } from '../../src/flow/load.js';
import type { FlowSpec } from '../../src/flow/schema.js';
import { CONFIG_ROLES, testConfig } from '../support/people.js';

export const FLOWS: FlowSpec[] = loadFlowsFromDir(resolve(import.meta.dirname, '../../flows'), CONFIG_ROLES);
export const flow = (id: string) => FLOWS.find((f) => f.id === id)!;

/** Drives one release through the pure engine, keeping its audit trail, with a clock the test moves. */
export class EngineHarness {
  release: Release;
  events: AuditEvent[] = [];
  lastEffects: Effect[] = [];
  now: Date;
  readonly ctx: () => EngineContext;

  constructor(
    flowId: string,
    values: Record<string, FieldValue>,
    opts: { config?: GoliveConfig; now?: Date; requester?: string; flow?: FlowSpec } = {},
  ) {
    const config = opts.config ?? testConfig();
    const directory = createDirectory(config.people);
    this.now = opts.now ?? new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
    const spec = opts.flow ?? flow(flowId);
    this.ctx = () => ({ flow: spec, config, directory, now: this.now });
    const created = createRelease(
      { number: 1, values, origin: { platform: 'local', channel: 'team' } },
      { person: opts.requester ?? 'alice', platform: 'local' },
      this.ctx(),
    );
    if (!created.ok) throw new Error(`creating the release was refused: ${JSON.stringify(created.refusal)}`);
    this.release = created.release;
    this.events.push(created.event);
    this.lastEffects = created.effects;
  }

  /** Gives a command; returns the engine's result and keeps the new state if accepted. */
  give(person: string, command: Command, extra: { stageEntry?: number } = {}): TransitionResult {
    const actor =
      person === 'system' ? { person, platform: 'system' as const } : { person, platform: 'local' as const };
    const result = transition(this.release, { command, ...extra }, actor, this.ctx());
    if (result.ok) {
      this.release = result.release;
      this.events.push(result.event);
      this.lastEffects = result.effects;
    }
    return result;
  }

  /** Gives a command that must be accepted. */
  ok(person: string, command: Command, extra: { stageEntry?: number } = {}): Release {
    const r = this.give(person, command, extra);
    if (!r.ok) throw new Error(`${person} ${JSON.stringify(command)} refused: ${r.refusal.code}`);
    return r.release;
  }

  act(person: string, action: string, input: Record<string, unknown> = {}) {
    return this.ok(person, { type: 'act', action, input });
  }

  /** Fires the release's timer of this kind, as the scheduler would. */
  fire(kind: string): TransitionResult {
    const timer = this.release.timers.find((t) => t.kind === kind);
    if (!timer) throw new Error(`no ${kind} timer at ${this.release.stage}`);
    this.now = new Date(timer.dueAt);
    return this.give('system', { type: 'timer', timerId: timer.id });
  }

  verify() {
    return verifyChain(this.events, { lastHash: this.release.lastEventHash, count: this.release.eventCount });
  }
}

export const NORMAL_FORM: Record<string, FieldValue> = {
  title: 'Checkout v2',
  system: 'shop',
  tester: ['bob'],
  director: 'dave',
  window_start: '2026-11-27T10:00:00+08:00',
};

/** A normal release advanced to its sign-off gate (director dave and tester bob to sign). */
export function normalAtSignOff(
  opts: ConstructorParameters<typeof EngineHarness>[2] & {
    values?: Record<string, FieldValue>;
    /** false: stop at the launch application, before applying. */
    apply?: boolean;
  } = {},
): EngineHarness {
  const h = new EngineHarness('normal', opts.values ?? NORMAL_FORM, opts);
  h.act('alice', 'submit_for_test');
  h.act('bob', 'smoke_pass');
  h.act('bob', 'tests_passed');
  h.act('bob', 'file_test_report', { report: 'https://wiki/r', summary: 'ok' });
  if (opts.apply !== false) h.act('alice', 'apply_for_launch');
  return h;
}
