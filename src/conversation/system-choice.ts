import type { SystemSpec } from '../config/schema.js';
import type { FlowSpec } from '../flow/schema.js';

/**
 * The flow as its `/release new` form asks it: with systems configured, the "system" field is a choice
 * among them (their ids are what releases keep); with none, it stays free text. Only the form changes:
 * releases pin the flow as its file defines it.
 */
export function withSystemChoice(flow: FlowSpec, systems: readonly SystemSpec[]): FlowSpec {
  if (!systems.length) return flow;
  return {
    ...flow,
    form: flow.form.map((f) =>
      f.id === 'system' && f.type === 'text'
        ? {
            id: f.id,
            type: 'select' as const,
            label: f.label,
            ...(f.hint ? { hint: f.hint } : {}),
            required: f.required,
            options: systems.map((s) => ({ value: s.id, label: s.name })),
          }
        : f,
    ),
  };
}
