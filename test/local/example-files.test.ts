import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/load.js';
import { loadFlowsFromDir } from '../../src/flow/load.js';

const root = resolve(import.meta.dirname, '../..');

describe('the files a newcomer starts from', () => {
  it('config/example.yaml is valid and has someone for every role the built-in flows ask for', () => {
    const config = loadConfig(resolve(root, 'config/example.yaml'));
    const roles = new Set(config.people.flatMap((p) => p.roles));
    for (const role of ['director', 'tester', 'executive', 'ops', 'business']) expect(roles).toContain(role);
    expect(config.people.map((p) => p.id)).toEqual(['alice', 'bob', 'dave', 'erin', 'oscar', 'bella']);
    expect(config.freezeWindows.length).toBeGreaterThan(0);
    expect(config.announce.local).toBeTruthy();
    const flows = loadFlowsFromDir(resolve(root, 'flows'), [...roles, 'admin']);
    expect(flows.map((f) => f.id).sort()).toEqual(['activity', 'emergency', 'enterprise', 'normal']);
  });

  const platformVars = [
    'SLACK_BOT_TOKEN',
    'SLACK_SIGNING_SECRET',
    'SLACK_APP_TOKEN',
    'SLACK_API_URL',
    'FEISHU_APP_ID',
    'FEISHU_APP_SECRET',
    'FEISHU_ENCRYPT_KEY',
    'FEISHU_VERIFICATION_TOKEN',
    'FEISHU_DOMAIN',
    'FEISHU_MODE',
  ];

  it('.env.example documents every variable golive reads, with no secret filled in', () => {
    const text = readFileSync(resolve(root, '.env.example'), 'utf8');
    for (const name of [...Object.keys(envSchema.shape), ...platformVars])
      expect(text, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    for (const secret of [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'FEISHU_APP_SECRET',
      'FEISHU_ENCRYPT_KEY',
      'FEISHU_VERIFICATION_TOKEN',
    ])
      expect(text, secret).toMatch(new RegExp(`^${secret}=$`, 'm'));
  });

  it("docs/deploy.md's environment table has every variable golive reads", () => {
    const text = readFileSync(resolve(root, 'docs/deploy.md'), 'utf8');
    const table = text.slice(text.indexOf('## Environment'), text.indexOf('## If MongoDB is unreachable'));
    for (const name of [...Object.keys(envSchema.shape), ...platformVars, 'GOLIVE_ENV_FILE'])
      expect(table, name).toMatch(new RegExp(`^\\| [^|]*\`${name}\``, 'm'));
  });
});
