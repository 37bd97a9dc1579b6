import type { Logger } from '../../src/log.js';
import type { HttpServer } from '../../src/server/http.js';
import type { GoliveCore } from '../../src/service/api.js';
import { feishuEnv } from './config.js';
import { createFeishuAdapter, type FeishuAdapter } from './index.js';

/**
 * The Feishu adapter as the environment configures it (FEISHU_*), or undefined when no Feishu
 * app is configured. Throws with the variable to fix when the configuration is incomplete.
 */
export function feishuFromEnv(opts: {
  env: NodeJS.ProcessEnv;
  core: GoliveCore;
  logger: Logger;
  http: HttpServer;
}): FeishuAdapter | undefined {
  const env = feishuEnv(opts.env);
  if (!env) return undefined;
  return createFeishuAdapter({
    core: opts.core,
    appId: env.appId,
    appSecret: env.appSecret,
    ...(env.encryptKey ? { encryptKey: env.encryptKey } : {}),
    ...(env.verificationToken ? { verificationToken: env.verificationToken } : {}),
    domain: env.domain,
    mode: env.mode,
    logger: opts.logger,
    http: opts.http,
  });
}
