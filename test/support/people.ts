import { parseConfig } from '../../src/config/load.js';
import type { GoliveConfig } from '../../src/config/schema.js';

/**
 * The cast every test uses. alice develops, bob tests, dave directs, erin is an executive, oscar runs
 * operations, bella confirms for the business, mallory holds no role. Each has a Slack and a Feishu id.
 */
export const CAST = ['alice', 'bob', 'carol', 'dave', 'erin', 'oscar', 'bella', 'mallory'] as const;
const ROLES: Record<(typeof CAST)[number], string[]> = {
  alice: ['developer'],
  bob: ['tester'],
  carol: ['tester'],
  dave: ['director'],
  erin: ['executive'],
  oscar: ['ops'],
  bella: ['business'],
  mallory: [],
};

export function testConfig(overrides: Record<string, unknown> = {}): GoliveConfig {
  return parseConfig(testConfigInput(overrides));
}

/** The cast's config as a config file holds it (for a bot process started on a file). */
export function testConfigInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timezone: 'Asia/Shanghai',
    locale: 'en',
    people: CAST.map((id) => ({
      id,
      name: id[0]?.toUpperCase() + id.slice(1),
      roles: ROLES[id],
      slack: `U_${id.toUpperCase()}`,
      feishu: `ou_${id}`,
    })),
    announce: { slack: 'C_ANNOUNCE', feishu: 'oc_announce', local: 'C_ANNOUNCE' },
    ...overrides,
  };
}

export const CONFIG_ROLES = ['developer', 'tester', 'director', 'executive', 'ops', 'business', 'admin'];
