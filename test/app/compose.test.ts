import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../local/support/golive-process.js';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

// No Docker engine runs here: this reads compose.yaml for what a first `docker compose up` relies on.
describe('compose.yaml', () => {
  const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const golive = Object.entries(compose.services).filter(([, s]) => s.build);

  it("starts golive only once MongoDB is a writable primary, which mongosh's exit status tells", () => {
    const check = compose.services.mongo?.healthcheck?.test ?? [];
    expect(check.slice(0, 2)).toEqual(['CMD', 'mongosh']);
    const script = check.at(-1) ?? '';
    // A bare expression (`rs.status().ok`) only prints; mongosh exits 0 whatever it printed.
    expect(script).toMatch(/if \(!db\.hello\(\)\.isWritablePrimary\) quit\(1\)/);
    expect(script).toContain('rs.initiate(');
    for (const [, s] of golive) expect(s.depends_on?.mongo?.condition).toBe('service_healthy');
  });

  it("mounts the team's config into every replica and points GOLIVE_CONFIG at it", () => {
    expect(golive.length).toBeGreaterThanOrEqual(2);
    for (const [, s] of golive) {
      const mount = s.volumes?.find((v) => v.endsWith(`:${s.environment?.GOLIVE_CONFIG}:ro`));
      expect(mount, 'a read-only volume at GOLIVE_CONFIG').toBeDefined();
      expect(s.environment?.MONGODB_URI).toMatch(/^mongodb:\/\/mongo:27017\//);
    }
  });
});
