import type { FlowSpec } from '../../src/flow/schema.js';
import { builtInFlows } from './core.js';

/** The shipped emergency flow, copying the business on every decision and Mallory on the sign-off. */
export function emergencyWithCc(): FlowSpec[] {
  return builtInFlows().map((f) =>
    f.id !== 'emergency'
      ? f
      : {
          ...f,
          cc: ['business'],
          stages: f.stages.map((s) => (s.id === 'sign_off' ? { ...s, cc: ['@mallory'] } : s)),
        },
  );
}
