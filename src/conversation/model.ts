/**
 * The platform-neutral message and form model. The core renders releases into these (already in
 * the reader's language); each adapter turns them into Block Kit, Feishu cards or terminal text.
 */
import type { FIELD_TYPES } from '../flow/schema.js';

/** What a button asks the core to do; adapters round-trip it in the button's value. */
export interface ButtonIntent {
  releaseId: string;
  /** The stage entry the card was made for, so a click on an old card is recognised. */
  stageEntry: number;
  command: IntentCommand;
}

export type IntentCommand =
  | { type: 'act'; action: string }
  | { type: 'approve' }
  | { type: 'reject' }
  | { type: 'tick'; item: string }
  | { type: 'withdraw' }
  | { type: 'cancel' }
  | { type: 'delegate' }
  | { type: 'add_approver' }
  | { type: 'send_back' };

export interface Confirm {
  title: string;
  text: string;
  ok: string;
  cancel: string;
}

export interface Button {
  label: string;
  style: 'primary' | 'danger' | 'default';
  intent: ButtonIntent;
  /** Ask before the click counts (mis-taps on phones). */
  confirm?: Confirm;
  /** The click needs input first: the adapter asks `core.formFor(intent)` and shows that form. */
  needsInput: boolean;
}

export interface MessageField {
  label: string;
  /** Plain text; for a field naming people, their names (what clients without mentions show). */
  value: string;
  /**
   * The people the value names, with their user id on the platform the message goes to: adapters
   * that can mention render them as mentions (Slack `<@U…>`, Feishu `<at>`), so the channel sees who
   * is awaited. Absent people (no id there) stay names.
   */
  people?: { name: string; userId?: string }[];
  /** What separates the people ("、" in Chinese, ", " in English). */
  separator?: string;
}

export interface Message {
  /** One line: notification text and fallback for clients that show no cards. */
  summary: string;
  header: string;
  tone: 'info' | 'success' | 'warning' | 'danger' | 'neutral';
  /** Plain text; line breaks kept. Adapters escape it for their markup. */
  body?: string;
  fields: MessageField[];
  links: { label: string; url: string }[];
  /** Small print under the card (release id, flow, time). */
  context: string[];
  buttons: Button[];
  /** When set, the card is finished: adapters show this instead of buttons. */
  outcome?: string;
}

export type FormFieldType = (typeof FIELD_TYPES)[number];

export interface FormField {
  id: string;
  type: FormFieldType;
  label: string;
  hint?: string;
  required: boolean;
  options?: { value: string; label: string }[];
  maxLength?: number;
  initial?: string | number;
}

/** What a submitted form is for; adapters keep it (private_metadata, card value) and hand it back. */
export type FormContext =
  | { kind: 'new_release'; flowId?: string }
  | { kind: 'command'; intent: ButtonIntent };

export interface Form {
  title: string;
  submitLabel: string;
  fields: FormField[];
  context: FormContext;
}

/**
 * Raw values an adapter collected from a form: strings, numbers, lists; person fields carry the
 * platform's user ids (the core maps them to people).
 */
export type RawFormValues = Record<string, unknown>;

/** Field id → message in the user's language. */
export type FieldErrors = Record<string, string>;

/**
 * The key of an error about the submission as a whole rather than one field: it could not be saved
 * (store unreachable, or too busy). The form stays as it was, so the person can submit it again.
 */
export const SUBMISSION_ERROR = '_submission';
