import { SLACK_EVENTS_PATH } from '../../adapters/slack/index.js';
import type { FakeSlackApi } from '../fakes/slack-api.js';
import { type GoliveProcess, listeningPort, startGoliveProcess } from '../local/support/golive-process.js';
import { SIGNING_SECRET } from '../slack/harness.js';
import { SlackSender } from './slack-signing.js';

export interface SlackBotProcessOptions {
  /** The fake Slack Web API every process of a test talks to (as one Slack workspace would be). */
  fake: FakeSlackApi;
  config: string;
  flowsDir?: string;
  /** The store: the SQLite file in `dataDir`, or a MongoDB database (`mongoUri` + `dbName`). */
  dataDir?: string;
  mongoUri?: string;
  dbName?: string;
  /** More environment, e.g. SCHEDULER_POLL_MS. */
  env?: Record<string, string>;
}

/** One golive process in Slack HTTP mode, and how to reach it as Slack does. */
export interface SlackBotProcess {
  process: GoliveProcess;
  port: number;
  fake: FakeSlackApi;
  /** Signs requests to this process's /slack/events like Slack. */
  send: SlackSender;
  /** GET of a path on the process's listener (/readyz, /healthz): the status code. */
  get(path: string): Promise<number>;
  /** SIGTERM, as an orchestrator stops a replica; resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * `npm start` in Slack HTTP mode as deployed: its own port, the store the options name (MongoDB for
 * replicas), the Web API pointed at the test's fake Slack on 127.0.0.1. Resolves once it listens.
 */
export async function startSlackBotProcess(opts: SlackBotProcessOptions): Promise<SlackBotProcess> {
  const proc = startGoliveProcess({
    config: opts.config,
    ...(opts.flowsDir ? { flowsDir: opts.flowsDir } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    env: {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: opts.fake.apiUrl,
      ...(opts.mongoUri ? { MONGODB_URI: opts.mongoUri, MONGODB_DB: opts.dbName ?? 'golive' } : {}),
      LOG_LEVEL: 'info',
      ...opts.env,
    },
  });
  let port: number;
  try {
    port = await listeningPort(proc, 60_000);
  } catch (err) {
    proc.child.kill('SIGKILL');
    throw err;
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    process: proc,
    port,
    fake: opts.fake,
    send: new SlackSender(`${base}${SLACK_EVENTS_PATH}`, SIGNING_SECRET),
    async get(path) {
      const res = await fetch(`${base}${path}`);
      await res.text();
      return res.status;
    },
    async stop() {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
      proc.child.kill('SIGTERM');
      await proc.exited;
      clearTimeout(timer);
    },
  };
}
