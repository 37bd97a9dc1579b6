import type { GoliveConfig, PlatformId } from '../config/schema.js';
import type {
  ButtonIntent,
  FieldErrors,
  Form,
  FormContext,
  Message,
  RawFormValues,
} from '../conversation/model.js';
import type { FlowSpec } from '../flow/schema.js';
import type { Locale } from '../i18n/text.js';
import type { Metrics } from '../observability/metrics.js';
import type { ChatSurface } from '../platform/port.js';

/** Who is asking, from which platform, and the delivery id that makes a retry recognisable. */
export interface RequestContext {
  platform: PlatformId;
  /** The platform's user id (Slack U…, Feishu open_id, local name). */
  userId: string;
  /** Unique per platform delivery (Slack: action_ts/trigger; Feishu: event_id). Retries carry the same. */
  idempotencyKey?: string;
  /** Channel/chat the request came from (where a new release's status card goes). */
  channel?: string;
}

/** What awaits a person and what they have open. */
export interface Overview {
  /** The newest releases awaiting them, at most a page. */
  awaiting: Message[];
  /** How many releases await them in all (more than `awaiting` holds when they await many). */
  awaitingTotal: number;
  /** Their own open releases, newest first, at most a page. */
  mine: Message[];
  /** How many open releases they have in all (more than `mine` holds when they have many). */
  mineTotal: number;
}

/** What the adapter shows the person who asked. Private: only they see it. */
export type Reply =
  | { kind: 'message'; message: Message }
  | {
      kind: 'messages';
      messages: Message[];
      empty?: string;
      /** How many more there are than these (left out by the core): the adapter says "and n more". */
      more?: number;
    }
  | { kind: 'form'; form: Form }
  | {
      kind: 'text';
      text: string;
      tone: 'info' | 'success' | 'warning' | 'error';
      /** Nothing was saved (store unreachable, or always beaten by other writers): the same request may succeed again. */
      notSaved?: true;
      /**
       * After an accepted command: the person's action card of the stage entry they acted on, as
       * the core now shows every copy of it — for platforms that answer a click with the card.
       */
      card?: Message;
    };

/**
 * A refused submission carries messages per field, or under `SUBMISSION_ERROR` (model.ts) when it could
 * not be saved: either way the adapter shows the same form again, with what was entered.
 */
export type FieldCheck = { ok: true; note?: string } | { ok: false; error: string };

export type SubmitResult = { ok: true; reply: Reply } | { ok: false; errors: FieldErrors };

/**
 * The core as adapters see it. Adapters translate platform requests into these calls and render
 * the replies; everything a release does happens behind it.
 */
export interface GoliveCore {
  readonly config: GoliveConfig;
  readonly flows: readonly FlowSpec[];
  /** The process's Prometheus metrics: adapters count their requests and refusals here. */
  readonly metrics: Metrics;
  /** The language to answer this platform user in. */
  localeFor(platform: PlatformId, userId: string): Locale;
  /** `/release …` typed text (without the `/release` itself). */
  command(ctx: RequestContext, text: string): Promise<Reply>;
  /** The form of `/release new`: without flowId the flow choice, with it that flow's fields. */
  newReleaseForm(ctx: RequestContext, flowId?: string): Form;
  /** A submitted form (new release, or the input a button asked for). */
  submit(ctx: RequestContext, context: FormContext, values: RawFormValues): Promise<SubmitResult>;
  /**
   * One field of a form checked as it is entered (local mode asks field by field): why it is refused,
   * or what was understood (a date without a time). The whole form is checked again on submit.
   */
  checkField?(
    ctx: RequestContext,
    context: FormContext,
    fieldId: string,
    raw: unknown,
    /** The form's answers so far: a person is also checked against the people named before them. */
    answers?: RawFormValues,
  ): Promise<FieldCheck>;
  /** A button press. Buttons with `needsInput` answer with the form to fill. */
  press(ctx: RequestContext, intent: ButtonIntent): Promise<Reply>;
  /**
   * A button value (or a form's context) that golive did not make: a forgery or a mangled request.
   * Answers "this button is not valid"; when `releaseId` names a real release the attempt is audited
   * there as a refusal (`invalid_button`). Nothing else changes.
   */
  refuseInvalidButton(ctx: RequestContext, releaseId?: unknown): Promise<Reply>;
  /**
   * What awaits the user (the newest `AWAITING_PAGE`, and how many in all) and their open releases
   * (the newest `OPEN_PAGE`, and how many in all) (App Home, `/release list`).
   */
  overview(ctx: RequestContext): Promise<Overview>;
  /** Lets the core reach people on a platform. */
  attach(surface: ChatSurface): void;
  /** Delivers pending outbox messages now (also runs on its own timer). */
  flush(): Promise<void>;
  /** Whether store and scheduler are ready (/readyz). */
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}
