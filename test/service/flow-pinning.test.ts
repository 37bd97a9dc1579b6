import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { GoliveCore } from '../../src/service/api.js';
import { createCore } from '../../src/service/create-core.js';
import { builtInFlows, reopenableStore } from '../support/core.js';
import { ManualScheduler } from '../support/manual-scheduler.js';
import { testConfig } from '../support/people.js';

const log = createLogger({ level: 'silent' });
const cores: GoliveCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

describe('a release keeps the flow version it started with', () => {
  it('refuses a changed flow under an old version number, and runs old releases on their pinned version', async () => {
    const reopen = reopenableStore();
    const config = testConfig();
    const v1 = builtInFlows();
    const shipped = v1.find((f) => f.id === 'normal')?.version ?? 0;
    const first = await createCore({
      config,
      flows: v1,
      store: reopen(),
      scheduler: new ManualScheduler(),
      logger: log,
    });
    const form = await first.submit(
      { platform: 'local', userId: 'alice', channel: 'team' },
      { kind: 'new_release', flowId: 'normal' },
      { title: 'Old one', system: 's', tester: 'bob', director: 'dave' },
    );
    expect(form.ok).toBe(true);
    await first.stop();

    // Same version, different content: start-up stops with a message saying what to do.
    const edited = v1.map((f) =>
      f.id === 'normal'
        ? { ...f, stages: f.stages.map((s) => (s.id === 'development' ? { ...s, actors: ['tester'] } : s)) }
        : f,
    );
    await expect(
      createCore({
        config,
        flows: edited,
        store: reopen(),
        scheduler: new ManualScheduler(),
        logger: log,
      }),
    ).rejects.toThrow(
      `flow "normal" version ${shipped} differs from the copy releases already use: raise "version" in flows/normal.yaml`,
    );

    // The next version drops the smoke test; REL-1 still follows the one it started with.
    const v2 = v1.map((f) =>
      f.id === 'normal'
        ? {
            ...f,
            version: shipped + 1,
            stages: f.stages.map((s) =>
              s.id === 'development' ? { ...s, actions: s.actions.map((a) => ({ ...a, to: 'testing' })) } : s,
            ),
          }
        : f,
    );
    const second = await createCore({
      config,
      flows: v2,
      store: reopen(),
      scheduler: new ManualScheduler(),
      logger: log,
    });
    cores.push(second);
    const reply = await second.press(
      { platform: 'local', userId: 'alice' },
      { releaseId: 'REL-1', stageEntry: 1, command: { type: 'act', action: 'submit_for_test' } },
    );
    expect(reply.kind).toBe('form');
    if (reply.kind !== 'form') return;
    await second.submit({ platform: 'local', userId: 'alice' }, reply.form.context, {});
    const status = await second.command({ platform: 'local', userId: 'alice' }, 'status REL-1');
    expect(status.kind === 'message' && status.message.fields).toContainEqual({
      label: 'Stage',
      value: 'Smoke test · In progress',
    });
  });
});
