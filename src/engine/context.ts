import type { Conflict } from '../calendar/conflicts.js';
import type { GoliveConfig } from '../config/schema.js';
import type { Directory } from '../domain/directory.js';
import type { Effect, Refusal, RefusalCode, Release } from '../domain/types.js';
import type { FlowSpec, StageSpec } from '../flow/schema.js';

/** Everything the engine reads besides the release and the command. Time is a parameter. */
export interface EngineContext {
  flow: FlowSpec;
  config: GoliveConfig;
  directory: Directory;
  now: Date;
  /** The platform request being judged (its idempotency key); recorded on the audit event. */
  request?: string;
  /**
   * Releases of the same system whose windows overlap this one's, found by the caller in the store
   * when the command is the launch application (the engine does no I/O).
   */
  overlaps?: Conflict[];
}

/** A step's result before the audit event is sealed: the next release and what to do. */
export interface Outcome {
  release: Release;
  effects: Effect[];
  what: string;
  comment?: string;
  data?: Record<string, unknown>;
}

/**
 * How a rule stops a command (thrown by `refuse`, caught by `transition`). Not an Error: a refusal is
 * an expected answer, and capturing a stack trace for each one was a visible share of judging a click.
 */
export class RefusedError {
  constructor(readonly refusal: Refusal) {}
}

/** Stops the command with a reason the user can read (rendered from `code`). */
export function refuse(code: RefusalCode, params?: Refusal['params']): never {
  throw new RefusedError(params ? { code, params } : { code });
}

export function stageOf(flow: FlowSpec, id: string): StageSpec {
  const stage = flow.stages.find((s) => s.id === id);
  if (!stage) throw new Error(`flow ${flow.id} v${flow.version} has no stage "${id}"`);
  return stage;
}

export function stageIndex(flow: FlowSpec, id: string): number {
  return flow.stages.findIndex((s) => s.id === id);
}
