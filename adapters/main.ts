import { existsSync } from 'node:fs';
import { type GoliveEnv, readEnv } from '../src/config/env.js';
import { ConfigError } from '../src/config/load.js';
import { createLogger, type Logger } from '../src/log.js';
import type { Metrics } from '../src/observability/metrics.js';
import { startGolive } from './app.js';
import { startLocalMode } from './local/index.js';
import { envFileOf } from './startup/env-file.js';
import { EXAMPLE_CONFIG } from './startup/example-config.js';
import { guardProcess } from './startup/process-guards.js';

const p = process.env;

/** Local mode writes the chat to stdout, so logs go to stderr and only warnings show unless asked. */
function loggerFor(env: GoliveEnv, local: boolean, explicitLevel: boolean): Logger {
  if (!local) return createLogger({ level: env.LOG_LEVEL });
  return createLogger({
    level: explicitLevel ? env.LOG_LEVEL : 'warn',
    destination: process.stderr,
  });
}

/** Settles on the first SIGINT or SIGTERM. */
const signalled = () =>
  new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });

async function main(): Promise<void> {
  // Before anything reads the environment: the guides have newcomers put their secrets in .env.
  const envFile = envFileOf(process.env);
  const env = readEnv(process.env);
  if (!env.GOLIVE_CONFIG && existsSync(EXAMPLE_CONFIG)) env.GOLIVE_CONFIG = EXAMPLE_CONFIG;
  // Same rule as startGolive's: no platform credentials (or GOLIVE_LOCAL) means the terminal. The
  // logger has to exist before startGolive can say so.
  const platform = p.SLACK_BOT_TOKEN?.trim() || p.FEISHU_APP_ID?.trim() || p.FEISHU_APP_SECRET?.trim();
  const log = loggerFor(env, Boolean(env.GOLIVE_LOCAL) || !platform, Boolean(p.LOG_LEVEL?.trim()));
  let metrics: Metrics | undefined;
  guardProcess(log, () => metrics);
  const running = await startGolive(env, log, process.env, { envFile });
  metrics = running.metrics;

  if (running.local) {
    const local = startLocalMode({
      core: running.core,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
      log,
      why: {
        forced: Boolean(env.GOLIVE_LOCAL),
        config: env.GOLIVE_CONFIG ?? '',
        envFile: envFile.read?.path,
        lookedFor: envFile.path,
      },
    });
    await Promise.race([local.done, signalled()]);
  } else {
    await signalled();
    log.info('stopping');
  }
  await running.stop();
}

main().then(
  // Agenda and the outbox pump keep timers; once stopped, nothing is left to wait for.
  () => process.exit(0),
  (err: unknown) => {
    // A mistake in config or environment is the operator's to fix: its message says how, a stack would not.
    const message = err instanceof Error ? err.message : String(err);
    const debug =
      err instanceof Error && !(err instanceof ConfigError) && /debug|trace/.test(p.LOG_LEVEL ?? '');
    // Said before the config (and so the team's language) is known: both languages.
    process.stderr.write(`golive 无法启动 / could not start: ${debug ? err.stack : message}\n`);
    process.exit(1);
  },
);
