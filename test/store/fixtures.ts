import type { AuditEvent, Effect, Release, TimerState } from '../../src/domain/types.js';
import { type FlowSpec, flowSchema } from '../../src/flow/schema.js';
import type { OutboxEntry, Transition } from '../../src/store/port.js';

/**
 * Builders of valid domain objects for store tests, written from src/domain/types.ts. They fill every
 * field a real release has, so a round trip through a store exercises the whole document.
 */

const T0 = Date.parse('2026-03-02T02:00:00.000Z');
/** An ISO time `minutes` after a fixed Monday morning (10:00 Asia/Shanghai). */
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

export function makeRelease(number: number, overrides: Partial<Release> = {}): Release {
  const id = `REL-${number}`;
  return {
    id,
    number,
    flowId: 'normal',
    flowVersion: 1,
    title: `Release ${number}: 支付网关 upgrade`,
    system: 'payments',
    requester: 'alice',
    people: { tester: ['tom'], director: ['dora', 'dan'] },
    fields: { summary: 'upgrade the gateway', risk: 'low', links: ['https://zentao.example/1'], hosts: 3 },
    origin: { platform: 'slack', channel: 'C0RELEASES' },
    status: 'active',
    stage: 'smoke_test',
    stageEntry: 1,
    stageEnteredAt: at(number),
    version: 1,
    gate: { slots: [{ person: 'dora', role: 'director', step: 0 }] },
    checklist: { backup: { by: 'olga', at: at(number) } },
    loops: { smoke: 0 },
    records: { bugs: [{ by: 'tom', at: at(number), values: { link: 'https://zentao.example/2' } }] },
    awaiting: ['tom'],
    timers: [],
    window: { start: at(60 * 24), end: at(60 * 26) },
    createdAt: at(number),
    updatedAt: at(number),
    lastEventHash: `hash-${id}-1`,
    eventCount: 1,
    ...overrides,
  };
}

export function makeEvent(release: Release, seq: number, what = 'approve'): AuditEvent {
  return {
    releaseId: release.id,
    seq,
    at: at(seq),
    actor: { person: 'dora', platform: 'slack' },
    what,
    comment: seq % 2 ? undefined : `comment ${seq}`,
    data: { n: seq },
    stageBefore: seq === 1 ? null : release.stage,
    stageAfter: release.stage,
    prevHash: `hash-${release.id}-${seq - 1}`,
    hash: `hash-${release.id}-${seq}`,
  };
}

export function makeTimer(id: string, dueAt: string, kind: TimerState['kind'] = 'remind'): TimerState {
  return { id, kind, specId: id.split(':')[1] ?? id, stage: 'smoke_test', stageEntry: 1, dueAt };
}

export function makeOutbox(
  release: Release,
  index: number,
  effect?: Effect,
  notBefore?: string,
): OutboxEntry {
  return {
    key: `${release.id}#${release.version}#${index}`,
    releaseId: release.id,
    effect: effect ?? {
      type: 'notify',
      to: ['tom'],
      about: 'action_required',
      params: { stage: release.stage },
    },
    version: release.version,
    createdAt: release.updatedAt,
    attempts: 0,
    notBefore: notBefore ?? release.updatedAt,
  };
}

/** The creation of a release: its first event (seq 1) and a status card in the outbox. */
export function creation(release: Release, idempotencyKey?: string): Omit<Transition, 'expectedVersion'> {
  return {
    release,
    events: [makeEvent(release, 1, 'create')],
    outbox: [makeOutbox(release, 0, { type: 'status_card' })],
    idempotencyKey,
  };
}

/**
 * The transition that moves a loaded release one version on, as the engine's caller would build it:
 * version +1, one event with the next seq, one outbox entry.
 */
export function step(
  loaded: Release,
  change: Partial<Release> = {},
  idempotencyKey?: string,
  what = 'approve',
): Transition {
  const seq = loaded.eventCount + 1;
  const release: Release = {
    ...loaded,
    ...change,
    version: loaded.version + 1,
    eventCount: seq,
    lastEventHash: `hash-${loaded.id}-${seq}`,
    updatedAt: at(seq),
  };
  return {
    release,
    expectedVersion: loaded.version,
    events: [makeEvent(release, seq, what)],
    outbox: [makeOutbox(release, 0)],
    idempotencyKey,
  };
}

/** A small valid flow, parsed by the real schema so defaults are filled as in production. */
export function makeFlow(version = 1, doneTitle = 'Done'): FlowSpec {
  const text = (en: string) => ({ 'zh-CN': `${en}（中文）`, en });
  return flowSchema.parse({
    id: 'normal',
    version,
    source: 'A1',
    title: text('Normal release'),
    description: text('Dev, test, sign-off, launch'),
    form: [{ id: 'title', type: 'text', label: text('Title'), required: true }],
    start: 'test',
    stages: [
      {
        id: 'test',
        source: 'A1.3',
        title: text('Testing'),
        actors: ['requester'],
        actions: [{ id: 'pass', label: text('Pass'), by: ['requester'], to: 'done' }],
        timers: [{ id: 'nudge', kind: 'remind', after: { workingHours: 4 }, repeat: true }],
      },
      { id: 'done', source: 'A1.9', title: text(doneTitle), terminal: 'done' },
    ],
  });
}
