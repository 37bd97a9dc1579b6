import type { Logger } from '../../src/log.js';
import type { Metrics } from '../../src/observability/metrics.js';

/**
 * The process-level policy for errors nobody caught (docs/deploy.md, "Errors nobody caught"):
 * - a promise rejection nobody handled is logged with its error and counted
 *   (`golive_unexpected_errors_total{source="unhandled_rejection"}`), and golive keeps serving: one
 *   failed request must not drop every other one in flight, and the state lives in the store;
 * - an exception thrown out of a callback is logged at fatal and counted, and the process exits with
 *   code 1: after it, what the interrupted code held is unknown, so the supervisor restarts golive
 *   (committed decisions are in the store; unsent messages go out after the restart). Never silently.
 * `metrics` is asked at the time of the error: they exist only once golive has started.
 * Returns a function that removes the handlers.
 */
export function guardProcess(
  log: Logger,
  metrics: () => Metrics | undefined,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onRejection = (reason: unknown) => {
    metrics()?.unexpectedErrors.inc({ source: 'unhandled_rejection' });
    log.error({ err: reason }, 'a promise rejection nobody handled; golive keeps running');
  };
  const onException = (err: Error, origin: string) => {
    metrics()?.unexpectedErrors.inc({ source: 'uncaught_exception' });
    log.fatal({ err, origin }, 'an exception nobody caught; golive exits and its supervisor restarts it');
    log.flush?.();
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
