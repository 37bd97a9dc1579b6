import type { GoliveConfig } from './schema.js';

/** The roles flows may name: the usual ones, and every role a person of the config holds. */
export function configRoles(config: GoliveConfig): string[] {
  return [
    ...new Set(['director', 'tester', 'executive', 'ops', 'admin', ...config.people.flatMap((p) => p.roles)]),
  ];
}
