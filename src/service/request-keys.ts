import type { CoreDeps } from './deps.js';

/**
 * How long a request key is remembered. A key only has to outlive the platform's retries of that
 * request: Slack retries within minutes, Feishu re-pushes an event at most about 7 hours later
 * (after 5 s, 5 min, 1 h and 6 h). A week outlives both by far, and a delivery that old is not retried.
 */
export const REQUEST_KEY_KEEP_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export interface RequestKeyPruning {
  stop(): Promise<void>;
}

/**
 * Forgets request keys older than REQUEST_KEY_KEEP_MS, at start and then every `everyMs`, in the
 * background. Several processes may prune at once; the stores make that safe. A failed round is
 * logged and the next one tries again: old keys cost space, never correctness.
 */
export function startRequestKeyPruning(
  deps: Pick<CoreDeps, 'store' | 'now' | 'log'>,
  everyMs = PRUNE_EVERY_MS,
): RequestKeyPruning {
  let running: Promise<void> | null = null;
  const round = async () => {
    const before = new Date(deps.now().getTime() - REQUEST_KEY_KEEP_MS).toISOString();
    try {
      const forgotten = await deps.store.forgetRequestKeys(before);
      if (forgotten) deps.log.info({ forgotten, before }, 'forgot old request keys');
    } catch (err) {
      deps.log.warn({ err, before }, 'could not forget old request keys; trying again later');
    }
  };
  const run = () => {
    running ??= round().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
