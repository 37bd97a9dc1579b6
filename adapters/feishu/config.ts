export type FeishuMode = 'ws' | 'webhook';

/** The Feishu settings read from the environment (secrets never leave this object into logs). */
export interface FeishuEnv {
  appId: string;
  appSecret: string;
  encryptKey?: string;
  verificationToken?: string;
  domain: string;
  mode: FeishuMode;
}

/**
 * Reads FEISHU_* once. Returns undefined when no Feishu app is configured (the bot runs without
 * Feishu); throws with the variable to fix when the configuration is half there or wrong.
 */
export function feishuEnv(env: NodeJS.ProcessEnv): FeishuEnv | undefined {
  const appId = env.FEISHU_APP_ID?.trim();
  const appSecret = env.FEISHU_APP_SECRET?.trim();
  if (!appId && !appSecret) return undefined;
  if (!appId || !appSecret) {
    throw new Error(
      'Feishu needs both FEISHU_APP_ID and FEISHU_APP_SECRET (developer console → Credentials)',
    );
  }
  const mode = (env.FEISHU_MODE?.trim() || 'ws') as FeishuMode;
  if (mode !== 'ws' && mode !== 'webhook') {
    throw new Error(`FEISHU_MODE must be "ws" (long connection, default) or "webhook", not "${mode}"`);
  }
  const domain = env.FEISHU_DOMAIN?.trim() || 'feishu';
  checkDomain(domain);
  return {
    appId,
    appSecret,
    domain,
    mode,
    ...(env.FEISHU_ENCRYPT_KEY ? { encryptKey: env.FEISHU_ENCRYPT_KEY } : {}),
    ...(env.FEISHU_VERIFICATION_TOKEN ? { verificationToken: env.FEISHU_VERIFICATION_TOKEN } : {}),
  };
}

/** Checks FEISHU_DOMAIN without loading the SDK: `feishu`, `lark`, or a base URL. */
export function checkDomain(domain: string): void {
  if (domain === 'feishu' || domain === 'lark' || /^https?:\/\/[^\s/]+(:\d+)?\/?$/.test(domain)) return;
  throw new Error(
    `FEISHU_DOMAIN must be "feishu", "lark" or a base URL such as https://open.feishu.cn, not "${domain}"`,
  );
}
