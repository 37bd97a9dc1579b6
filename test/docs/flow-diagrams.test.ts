import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowDiagram, withFlows } from '../../scripts/flow-diagrams.js';
import { FLOWS, flow } from '../engine/harness.js';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('README flow diagrams', () => {
  it('match flows/ (run npm run docs:flows after changing a flow)', () => {
    expect(withFlows(readme, FLOWS)).toBe(readme);
  });

  it('draw every stage, every action, and both ways out of a gate', () => {
    const text = flowDiagram(flow('normal'));
    for (const s of flow('normal').stages) expect(text).toContain(`  ${s.id}`);
    expect(text).toContain('smoke_test -->|"Smoke test failed"| development');
    expect(text).toContain('sign_off -->|"approve (all: director, tester)"| launch');
    expect(text).toContain('sign_off -.->|reject| launch_application');
  });
});
