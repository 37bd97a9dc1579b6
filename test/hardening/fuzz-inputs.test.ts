import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { readFields } from '../../src/conversation/fields.js';
import { createDirectory } from '../../src/domain/directory.js';
import { FlowError, parseFlowFile } from '../../src/flow/load.js';
import type { FieldSpec } from '../../src/flow/schema.js';
import { FLOWS } from '../engine/harness.js';
import { FLOWS_DIR } from '../support/core.js';
import { CONFIG_ROLES, testConfig } from '../support/people.js';
import { sampleValue } from './authz-rules.js';
import { maybeTruncate, mutate, prng } from './mutate.js';

/** FUZZ_COUNT raises it for a long local run; FUZZ_SEED reproduces a failure. */
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

// CPU-bound and synchronous: on a loaded two-core machine a run takes several times its idle time.
describe('fuzz: form inputs and flow files', { timeout: 180_000 }, () => {
  const config = testConfig();
  const ctx = {
    locale: 'en' as const,
    platform: 'slack' as const,
    directory: createDirectory(config.people),
    timeZone: config.timezone,
  };
  const sane = (f: FieldSpec): unknown => {
    const v = sampleValue(f);
    if (f.type === 'person') return 'U_BOB';
    if (f.type === 'people') return ['U_BOB'];
    return v;
  };

  it(`${COUNT} mutated form submissions per flow: field errors or typed values, never a throw`, () => {
    const rng = prng(SEED + 2);
    let accepted = 0;
    let refused = 0;
    for (const flow of FLOWS) {
      const forms = [flow.form, ...flow.stages.flatMap((s) => s.actions.map((a) => a.input))].filter(
        (f) => f.length,
      );
      for (let i = 0; i < COUNT; i++) {
        const fields = forms[Math.floor(rng() * forms.length)]!;
        const raw = mutate(Object.fromEntries(fields.map((f) => [f.id, sane(f)])), rng);
        const result = readFields(fields, raw, ctx);
        if (result.ok) {
          accepted++;
          for (const [id, v] of Object.entries(result.values)) {
            expect(fields.map((f) => f.id)).toContain(id);
            const typed =
              typeof v === 'string' ||
              typeof v === 'number' ||
              (Array.isArray(v) && v.every((x) => typeof x === 'string'));
            expect(typed, `${flow.id}.${id} = ${JSON.stringify(v)?.slice(0, 80)}`).toBe(true);
          }
        } else {
          refused++;
          for (const [id, message] of Object.entries(result.errors)) {
            expect(fields.map((f) => f.id)).toContain(id);
            expect(message.length).toBeGreaterThan(0);
          }
        }
      }
    }
    // Both outcomes happen: the fuzz is neither all-valid nor all-garbage.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  // Parsing a flow file (YAML + schema) costs milliseconds, so fewer mutants than for payloads.
  const FLOW_MUTANTS = Math.ceil(COUNT / 8);
  it(`${FLOW_MUTANTS} mutated flow files: a FlowError naming the problem, or a valid flow`, () => {
    const rng = prng(SEED + 3);
    const files = readdirSync(FLOWS_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => ({ file: f, text: readFileSync(join(FLOWS_DIR, f), 'utf8') }))
      .map((f) => ({ ...f, tree: parseYaml(f.text) as Record<string, unknown> }));
    let rejected = 0;
    for (let i = 0; i < FLOW_MUTANTS; i++) {
      const { file, text, tree } = files[i % files.length]!;
      const mutated = rng() < 0.2 ? maybeTruncate(text, rng, 1) : stringifyYaml(mutate(tree, rng));
      try {
        const flow = parseFlowFile(file, mutated, CONFIG_ROLES);
        expect(flow.stages.length).toBeGreaterThanOrEqual(2);
      } catch (err) {
        expect(err, `mutant ${i} of ${file}`).toBeInstanceOf(FlowError);
        expect((err as FlowError).message).toContain(file);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(FLOW_MUTANTS / 2);
  }, 120_000);
});
