import type { Conflict } from '../calendar/conflicts.js';
import type { PlatformId } from '../config/schema.js';
import type { TimerKind } from '../flow/schema.js';
import type { WebhookEventData } from '../webhooks/payload.js';

/** A person's id from the config ("alice"), or `platform:userId` for someone the config does not list. */
export type PersonId = string;

/** Who did something, and where. The system acts for timers. */
export interface Actor {
  person: PersonId;
  /** `pipeline`: a CI/CD pipeline through the pipeline API (`person` is `pipeline:<id>`). */
  platform: PlatformId | 'system' | 'pipeline';
}
export const SYSTEM_ACTOR: Actor = { person: 'system', platform: 'system' };

export type ReleaseStatus = 'active' | 'done' | 'rejected' | 'withdrawn' | 'cancelled';

/** A value a form field produced, after validation. */
export type FieldValue = string | number | string[];

/** One approver slot of the gate the release is at. */
export interface GateSlot {
  person: PersonId;
  role: string;
  /** Position for sequential gates (0 first). */
  step: number;
  decision?: 'approved' | 'rejected';
  at?: string;
  comment?: string;
  /** Set when the slot was handed over (转交) by its previous holder. */
  delegatedFrom?: PersonId;
  /** Set when the slot was added (加签) by someone. */
  addedBy?: PersonId;
  /** Set when the holder is the requester's deputy, deciding in their place (`approverIsRequester: deputy`). */
  standInFor?: PersonId;
}

export interface TimerState {
  /** Unique per release: `${stageEntry}:${timerSpecId}`. */
  id: string;
  kind: TimerKind;
  specId: string;
  stage: string;
  stageEntry: number;
  /** ISO time it is due. */
  dueAt: string;
}

export interface RecordEntry {
  by: PersonId;
  at: string;
  values: Record<string, FieldValue>;
}

/** Where a release's status card lives (the channel `/release new` was typed in). */
export interface ReleaseOrigin {
  platform: PlatformId;
  channel: string;
}

/** A sent message the bot may edit later (status card, action cards). */
export interface MessageRef {
  platform: PlatformId;
  channel: string;
  id: string;
}

/** A release: one go-live moving through its flow. One release is one stored document. */
export interface Release {
  id: string; // REL-n
  number: number;
  flowId: string;
  flowVersion: number;
  title: string;
  system: string;
  requester: PersonId;
  /** People named on the form by role (tester, director, business, …). */
  people: Record<string, PersonId[]>;
  fields: Record<string, FieldValue>;
  origin: ReleaseOrigin;
  status: ReleaseStatus;
  stage: string;
  /** Increments on every stage entry; cards and timers carry it so stale clicks are recognised. */
  stageEntry: number;
  stageEnteredAt: string;
  /** Optimistic-concurrency version: +1 on every accepted command. */
  version: number;
  gate?: { slots: GateSlot[] };
  /** Ticked checklist items of the current stage. */
  checklist?: Record<string, { by: PersonId; at: string }>;
  loops: Record<string, number>;
  records: Record<string, RecordEntry[]>;
  /** People whose action the release awaits now (derived, stored for the "awaiting me" query). */
  awaiting: PersonId[];
  /**
   * People who approved or rejected at any gate of it, in the order they first did (derived from its
   * audit trail, stored for the board's "approver" filter). Absent on releases from before it was kept.
   */
  deciders?: PersonId[];
  /** The requester's team (the config's first team listing them) when it was created, if any. */
  team?: string;
  timers: TimerState[];
  /** Release window (planned start/end) if the form has one, for the by-window query. */
  window?: { start?: string; end?: string };
  launchedAt?: string;
  /** An emergency launched in a freeze: when, which window (start/end), who, and why (its justification). */
  freezeBypass?: { at: string; window: string; by?: PersonId; reason?: string };
  /** Conflicts of its planned window found at creation or, later, at the launch application. */
  conflicts?: Conflict[];
  /** Messages the bot gave up sending (the last few, newest last): the status card lists them. */
  undelivered?: { message: string; to?: PersonId; hook?: string; at: string }[];
  createdAt: string;
  updatedAt: string;
  /** Hash of the newest audit event; lets verify notice a removed tail. */
  lastEventHash: string;
  eventCount: number;
}

/** One entry of the audit trail. Hash-chained per release. */
export interface AuditEvent {
  releaseId: string;
  seq: number;
  at: string;
  actor: Actor;
  /** What was done: create, approve, reject, an action id, tick, withdraw, timer:remind, … */
  what: string;
  comment?: string;
  data?: Record<string, unknown>;
  stageBefore: string | null;
  stageAfter: string;
  /**
   * The platform request that caused it (its idempotency key: a click, a typed command, a form
   * submit), so each entry traces back to one request and a retried request shows as a duplicate,
   * not a second entry. Absent for timers and for entries written before it was recorded.
   */
  request?: string;
  prevHash: string;
  hash: string;
}

/** A command a person (or a timer) gives a release. */
export type Command =
  | { type: 'act'; action: string; input?: Record<string, unknown> }
  | { type: 'approve'; comment?: string }
  | { type: 'reject'; reason: string }
  | { type: 'tick'; item: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'cancel'; reason?: string }
  | { type: 'delegate'; to: PersonId; comment?: string }
  | { type: 'add_approver'; person: PersonId; comment?: string }
  | { type: 'send_back'; to: string; reason: string }
  | { type: 'timer'; timerId: string }
  /** A pipeline reports a deployment of the release (pipeline API). */
  | { type: 'deploy'; deployment: Deployment };

export type DeploymentStatus = 'started' | 'succeeded' | 'failed' | 'rolled_back';

/** What a pipeline reported about deploying a release. */
export interface Deployment {
  status: DeploymentStatus;
  version?: string;
  url?: string;
  notes?: string;
}

/** A command with the card context it came from (to recognise stale cards). */
export interface CommandEnvelope {
  command: Command;
  /** The stage entry the card showed; absent for typed commands. */
  stageEntry?: number;
  /** The release version the sender saw; a mismatch on a non-gate action is refused as stale. */
  expectedVersion?: number;
}

/** Why a command was refused; `code` picks the text the user reads. */
export interface Refusal {
  code: RefusalCode;
  params?: Record<string, string | number>;
}
export type RefusalCode =
  | 'not_approver'
  | 'not_your_turn'
  | 'self_approval'
  | 'not_executive'
  | 'invalid_in_stage'
  | 'already_decided'
  | 'stale_version'
  | 'freeze_window'
  | 'window_conflict'
  | 'not_your_action'
  | 'missing_input'
  | 'checklist_incomplete'
  | 'checklist_order'
  | 'unknown_item'
  | 'not_requester'
  | 'already_launched'
  | 'release_closed'
  | 'not_earlier_stage'
  | 'already_approver'
  | 'cannot_cancel'
  | 'unknown_timer'
  | 'pipeline_only'
  | 'not_deploying'
  | 'no_eligible_approver'
  /** Who is handed (转交) or added to (加签) a gate may not hold a slot of it. */
  | 'holder_unknown'
  | 'holder_is_requester'
  | 'holder_lacks_role'
  | 'holder_two_slots'
  /** A button value or form context that is not one golive made (forged or mangled). */
  | 'invalid_button';

/** What the caller must do after a transition is saved. Effects are data; nothing runs in the engine. */
export type Effect =
  | {
      type: 'notify';
      to: PersonId[];
      /** What the message is about; the presenter renders it per recipient's locale. */
      about: NoticeKind;
      params?: Record<string, string | number>;
    }
  /** Post or update the status card in the origin channel, with a thread reply for the event. */
  | { type: 'status_card' }
  /** Launch-complete (or done) announcement to the origin and the announcement channel. */
  | { type: 'announce'; what: 'launch' | 'done' }
  /** Replace the buttons of earlier action cards of a stage entry with the outcome. */
  | {
      type: 'close_cards';
      stageEntry: number;
      outcome: string;
      /** The gate's decisions as the stage was left, so each decider's card keeps their own. */
      decisions?: CardDecision[];
    }
  /**
   * Bring one person's action cards of a stage entry the release is still at up to date: the
   * buttons still open to them, or else their recorded decision in place of the buttons.
   */
  | { type: 'refresh_cards'; person: PersonId; stageEntry: number }
  | { type: 'schedule'; timer: TimerState }
  | { type: 'cancel_timers'; ids: string[] }
  /** POST an event to one webhook of the release's team (`hook`: its config id); the payload is final. */
  | { type: 'webhook'; hook: string; payload: WebhookEventData };

/** One person's decision at a gate, as their card keeps showing it after the stage moved on. */
export interface CardDecision {
  person: PersonId;
  decision: 'approved' | 'rejected';
  at: string;
  comment?: string;
}

export type NoticeKind =
  | 'action_required'
  | 'reminder'
  | 'escalation'
  | 'stage_entered'
  | 'rejected'
  | 'sent_back'
  | 'withdrawn'
  | 'cancelled'
  | 'delegated_to_you'
  | 'added_as_approver'
  | 'verify_prompt'
  | 'activity_end'
  | 'observation_end'
  | 'auto_action'
  /** Your approval was reset by a rejection or a send-back: you will be asked again. */
  | 'approval_reset'
  /** 抄送: a decision you are copied on; nothing is asked of you. */
  | 'cc'
  | 'launch_failed'
  /** A timer's action would have entered a gate nobody could pass: the release waits where it was. */
  | 'gate_unpassable';

export type TransitionResult =
  | { ok: true; release: Release; event: AuditEvent; effects: Effect[] }
  | { ok: false; refusal: Refusal };
