import { setTimeout as delay } from 'node:timers/promises';
import { SYSTEM_ACTOR } from '../domain/types.js';
import type { Locale } from '../i18n/text.js';
import type { TimerHandler } from '../scheduler/port.js';
import type { CoreDeps } from './deps.js';
import { runCommand } from './run-command.js';

/**
 * How long one timer run waits for an unreachable store before handing the timer back to the
 * scheduler's retry backoff. Below the scheduler's lock lifetime (a minute), so the job stays this
 * process's while it waits.
 */
const WAIT_FOR_STORE_MS = 40_000;
const PING_EVERY_MS = 1_000;

/**
 * The scheduler's handler: a due timer becomes a `timer` command of the system actor. Its effect
 * happens once however often it runs (the timer id carries its round, the commit is conditional on the
 * release's version): a second run is refused as stale. A refusal (the release moved on) is the
 * timer's end.
 *
 * Not saved means not fired: the run throws and the scheduler retries it with backoff. Except when the
 * store is unreachable: then the run waits here until the store answers a ping again and tries once
 * more at once, rather than going into a backoff that grows while the store is away — a timer due
 * during an outage fires within seconds of the store's return. After WAIT_FOR_STORE_MS it throws.
 */
export function fireTimer(deps: CoreDeps, locale: Locale, stopping: () => boolean): TimerHandler {
  const reachable = () => deps.store.ping().catch(() => false);
  return async (releaseId, timerId, dueAt) => {
    const giveUpAt = Date.now() + WAIT_FOR_STORE_MS;
    for (;;) {
      const reply = await runCommand(
        deps,
        releaseId,
        { command: { type: 'timer', timerId } },
        SYSTEM_ACTOR,
        locale,
      );
      if (!(reply.kind === 'text' && reply.notSaved)) {
        // Lateness of the run that had the effect (a refused second run is counted as stale instead).
        if (dueAt && reply.kind === 'text' && reply.tone === 'success')
          deps.metrics.timerLateness.observe(Math.max(0, deps.now().getTime() - Date.parse(dueAt)) / 1000);
        return;
      }
      const unreachable = !(await reachable());
      if (!unreachable || stopping() || Date.now() >= giveUpAt)
        throw new Error(`timer ${timerId} of ${releaseId} could not be saved`);
      while (!stopping() && Date.now() < giveUpAt && !(await reachable())) await delay(PING_EVERY_MS);
    }
  };
}
