import { Writable } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { feishuEnv } from '../../adapters/feishu/config.js';
import { resolveDomain } from '../../adapters/feishu/domain.js';
import { sdkLogger } from '../../adapters/feishu/sdk-logger.js';
import { createLogger } from '../../src/log.js';

describe('Feishu configuration from the environment', () => {
  it('is off without an app, and long connection on feishu.cn by default', () => {
    expect(feishuEnv({})).toBeUndefined();
    expect(feishuEnv({ FEISHU_APP_ID: 'cli_a', FEISHU_APP_SECRET: 's' })).toEqual({
      appId: 'cli_a',
      appSecret: 's',
      domain: 'feishu',
      mode: 'ws',
    });
  });

  it('names the variable to fix', () => {
    expect(() => feishuEnv({ FEISHU_APP_ID: 'cli_a' })).toThrow(/FEISHU_APP_SECRET/);
    expect(() => feishuEnv({ FEISHU_APP_ID: 'cli_a', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'http' })).toThrow(
      /FEISHU_MODE/,
    );
    expect(() =>
      feishuEnv({ FEISHU_APP_ID: 'cli_a', FEISHU_APP_SECRET: 's', FEISHU_DOMAIN: 'open.feishu' }),
    ).toThrow(/FEISHU_DOMAIN/);
  });

  it('reaches Feishu, Lark or a given base URL', () => {
    expect(resolveDomain('feishu')).toBe(lark.Domain.Feishu);
    expect(resolveDomain('lark')).toBe(lark.Domain.Lark);
    expect(resolveDomain('http://127.0.0.1:4567/')).toBe('http://127.0.0.1:4567');
  });

  it('keeps secrets the SDK would log out of the log', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = sdkLogger(createLogger({ level: 'info', destination: sink }));
    log.error([
      {
        message: 'Request failed with status code 400',
        config: {
          method: 'post',
          url: 'https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal',
          data: '{"app_id":"cli_a","app_secret":"SUPERSECRET"}',
        },
        headers: { Authorization: 'Bearer t-abc123' },
        response: { status: 400, data: { code: 10014, msg: 'app secret invalid' } },
      },
    ]);
    log.error({ tenant_access_token: 't-xyz789', msg: 'failed' });
    const out = lines.join('');
    // A failed call is its call, status and Feishu's code and message: not its request body.
    expect(out).toContain('post https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal');
    expect(out).toContain('status\\":400');
    expect(out).toContain('app secret invalid');
    expect(out).not.toContain('cli_a');
    expect(out).not.toContain('SUPERSECRET');
    expect(out).not.toContain('t-abc123');
    expect(out).not.toContain('t-xyz789');
  });
});
