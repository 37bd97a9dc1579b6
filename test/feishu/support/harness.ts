import {
  createFeishuAdapter,
  FEISHU_EVENTS_PATH,
  type FeishuAdapter,
} from '../../../adapters/feishu/index.js';
import { createLogger } from '../../../src/log.js';
import { createHttpServer, type HttpServer } from '../../../src/server/http.js';
import type { GoliveCore } from '../../../src/service/api.js';
import { type FakeFeishuApi, startFakeFeishuApi } from '../../fakes/feishu-api.js';
import { type PostOptions, postToFeishuEndpoint } from '../../support/feishu-sign.js';

export const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
export const VERIFICATION_TOKEN = 'test-verification-token';

let apps = 0;

export interface FeishuHarness {
  api: FakeFeishuApi;
  adapter: FeishuAdapter;
  http: HttpServer;
  endpoint: string;
  /** The app id this harness uses (distinct per harness: the SDK caches tokens by app id). */
  appId: string;
  post(payload: unknown, opts?: PostOptions): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The adapter in webhook mode on a real listener, talking to a fake open API on 127.0.0.1. */
export async function startFeishuHarness(
  core: GoliveCore,
  opts: { now?: () => number; answerWithinMs?: number } = {},
): Promise<FeishuHarness> {
  const api = await startFakeFeishuApi();
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const http = createHttpServer(logger);
  const appId = `cli_test${process.pid}x${++apps}`;
  const adapter = createFeishuAdapter({
    core,
    appId,
    appSecret: 'test-app-secret',
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    domain: api.url,
    mode: 'webhook',
    logger,
    http,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.answerWithinMs ? { answerWithinMs: opts.answerWithinMs } : {}),
  });
  const port = await http.listen(0, '127.0.0.1');
  const endpoint = `http://127.0.0.1:${port}${FEISHU_EVENTS_PATH}`;
  return {
    api,
    adapter,
    http,
    endpoint,
    appId,
    post: (payload, o) => postToFeishuEndpoint(endpoint, ENCRYPT_KEY, payload, o),
    async close() {
      await adapter.stop();
      await http.close();
      await api.close();
    },
  };
}
