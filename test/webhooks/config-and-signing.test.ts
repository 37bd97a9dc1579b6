import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { webhookSecrets } from '../../src/webhooks/secrets.js';
import { signWebhook, verifyWebhook } from '../../src/webhooks/sign.js';
import { testConfig } from '../support/people.js';

const team = (webhooks: unknown[]) => ({
  teams: [{ id: 'payments', name: { 'zh-CN': '支付组', en: 'Payments' }, members: ['alice'], webhooks }],
});
const hook = {
  id: 'ci',
  url: 'https://ci.example/hooks/golive',
  events: ['created'],
  secretEnv: 'HOOK_SECRET',
};
const problems = (webhooks: unknown[]) => {
  try {
    testConfig(team(webhooks));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('webhooks: the config', () => {
  it('names the path of a bad URL, an unknown event, a missing event list, a secret written in, and a repeated id', () => {
    expect(problems([{ ...hook, url: 'ftp://ci.example/x' }])).toContain(
      'field teams.0.webhooks.0.url: expected an http(s) URL',
    );
    expect(problems([{ ...hook, url: 'not a url' }])).toContain('field teams.0.webhooks.0.url');
    expect(problems([{ ...hook, events: ['created', 'deployed'] }])).toContain(
      'field teams.0.webhooks.0.events.1: unknown event "deployed": expected one of created, approved, rejected, launch_applied, launched, launch_failed, done, withdrawn, cancelled',
    );
    expect(problems([{ ...hook, events: [] }])).toContain(
      'field teams.0.webhooks.0.events: name at least one event',
    );
    // The secret lives in the environment; the config only names the variable.
    expect(problems([{ ...hook, secret: 's3cret' }])).toContain('field teams.0.webhooks.0');
    expect(problems([{ ...hook, secretEnv: 'not-a-var' }])).toContain(
      'field teams.0.webhooks.0.secretEnv: expected the name of an environment variable',
    );
    expect(problems([hook, hook])).toContain('field teams.0.webhooks.1.id: "ci" twice');
  });

  it('reads each secret from the variable it names, and stops the start naming the one that is unset', () => {
    const config = testConfig(team([hook, { ...hook, id: 'chat', secretEnv: 'CHAT_SECRET' }]));
    expect(webhookSecrets(config, { HOOK_SECRET: 'a', CHAT_SECRET: 'b' })).toEqual(
      new Map([
        ['ci', 'a'],
        ['chat', 'b'],
      ]),
    );
    expect(() => webhookSecrets(config, { HOOK_SECRET: 'a', CHAT_SECRET: ' ' })).toThrow(
      'field teams.0.webhooks.1.secretEnv: CHAT_SECRET is not set',
    );
  });
});

describe('webhooks: the signature', () => {
  const body = '{"event":"created"}';
  it('is v1= and the HMAC-SHA256 of "v1:<timestamp>:<body>", as openssl computes it', () => {
    // printf '%s' 'v1:1764640800:{"event":"created"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signWebhook('whsec_test', 1764640800, body)).toBe(
      'v1=2ecaf6351875fa2435af7ac6b26c05a6eadbb49a268cf9eecf01c313680bc7d3',
    );
  });

  it('verifies only the right secret, the same body and a timestamp within five minutes', () => {
    const signature = signWebhook('whsec_test', 1764640800, body);
    const ok = (secret: string, b: string, nowS: number, ts = '1764640800') =>
      verifyWebhook(secret, { timestamp: ts, signature }, b, nowS);
    expect(ok('whsec_test', body, 1764640800 + 300)).toBe(true);
    expect(ok('whsec_test', body, 1764640800 - 300)).toBe(true);
    expect(ok('whsec_test', body, 1764640800 + 301)).toBe(false);
    expect(ok('other', body, 1764640800)).toBe(false);
    expect(ok('whsec_test', '{"event":"done"}', 1764640800)).toBe(false);
    expect(ok('whsec_test', body, 1764640801, '1764640801')).toBe(false);
    expect(verifyWebhook('whsec_test', { timestamp: undefined, signature }, body, 1764640800)).toBe(false);
    expect(
      verifyWebhook('whsec_test', { timestamp: '1764640800', signature: 'v1=00' }, body, 1764640800),
    ).toBe(false);
  });
});
