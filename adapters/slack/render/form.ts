import { z } from 'zod';
import { formContextSchema } from '../../../src/conversation/intent-schema.js';
import type { Form, FormContext, FormField } from '../../../src/conversation/model.js';
import type { InputBlock, ModalView, PlainTextOption } from './block-types.js';
import { LIMITS } from './limits.js';
import { plain } from './text.js';

/** `callback_id` of every golive modal. */
export const FORM_CALLBACK_ID = 'golive:form';
/** `action_id` of an input's element; the field id is the block id. */
export const VALUE_ACTION_ID = 'value';
/** `action_id` of the flow choice: picking a flow swaps the modal to that flow's fields. */
export const FLOW_CHOICE_ACTION_ID = 'golive:flow';

/** What a golive modal remembers between opening and submit (`private_metadata`). */
export interface FormMetadata {
  /** The core's form context, handed back on submit. */
  c: FormContext;
  /** Channel the modal was opened from: where a new release's card and private answers go. */
  ch?: string;
  /** Ids of fields whose lines are a list (urls, lines). */
  ls?: string[];
}

export function encodeMetadata(meta: FormMetadata): string {
  const text = JSON.stringify(meta);
  if (text.length > LIMITS.privateMetadata)
    throw new Error(`form metadata is ${text.length} chars; Slack allows ${LIMITS.privateMetadata}`);
  return text;
}

const metadataSchema = z
  .object({
    c: formContextSchema,
    ch: z.string().min(1).max(255).optional(),
    ls: z.array(z.string().max(255)).max(100).optional(),
  })
  .strict();

/** What a submitted modal's `private_metadata` says: the metadata, none at all, or not golive's. */
export type ReadMetadata =
  | { meta: FormMetadata }
  | { missing: true }
  | { invalid: true; releaseId?: unknown };

/**
 * The metadata back from a submitted modal, validated with the core's schema: anything else (a form
 * context golive never made, a command type the core has no button for) is `invalid`, with the
 * release it claims when it names one.
 */
export function readMetadata(text: unknown): ReadMetadata {
  if (text === undefined || text === '') return { missing: true };
  if (typeof text !== 'string') return { invalid: true };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { invalid: true };
  }
  const parsed = metadataSchema.safeParse(raw);
  if (parsed.success) return { meta: parsed.data as FormMetadata };
  const claimed = (raw as { c?: { intent?: { releaseId?: unknown } } } | null)?.c?.intent?.releaseId;
  return { invalid: true, releaseId: claimed };
}

export function decodeMetadata(text: string | undefined): FormMetadata | undefined {
  const read = readMetadata(text);
  return 'meta' in read ? read.meta : undefined;
}

/** A flow-choice form is the first step of `/release new`: its select switches the modal to a flow. */
export function isFlowChoice(form: Form): boolean {
  return form.context.kind === 'new_release' && !form.context.flowId;
}

/** Renders a core Form as a modal; `channel` is remembered for the submit. */
export function renderForm(form: Form, channel?: string): ModalView {
  const flowChoice = isFlowChoice(form);
  const lists = form.fields.filter((f) => f.type === 'urls' || f.type === 'lines').map((f) => f.id);
  const meta: FormMetadata = { c: form.context };
  if (channel) meta.ch = channel;
  if (lists.length > 0) meta.ls = lists;
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalButton),
    private_metadata: encodeMetadata(meta),
    blocks: withinBudget(
      form.fields.slice(0, LIMITS.modalBlocks).map((f) => inputBlock(f, flowChoice && f.type === 'select')),
    ),
  };
}

/** Keeps the leading blocks that fit the view's byte budget (Slack refuses views over 250 kB). */
function withinBudget(blocks: InputBlock[]): InputBlock[] {
  let bytes = 0;
  const kept: InputBlock[] = [];
  for (const block of blocks) {
    bytes += Buffer.byteLength(JSON.stringify(block));
    if (bytes > LIMITS.viewBlockBytes) break;
    kept.push(block);
  }
  return kept;
}

function inputBlock(field: FormField, dispatch: boolean): InputBlock {
  const block: InputBlock = {
    type: 'input',
    block_id: field.id,
    label: plain(field.label, LIMITS.inputLabel),
    optional: !field.required,
    element: element(field, dispatch),
  };
  if (dispatch) block.dispatch_action = true;
  if (field.hint) block.hint = plain(field.hint, LIMITS.inputHint);
  return block;
}

function element(field: FormField, dispatch: boolean): InputBlock['element'] {
  const action_id = dispatch ? FLOW_CHOICE_ACTION_ID : VALUE_ACTION_ID;
  const initial = field.initial;
  const maxLength = Math.min(field.maxLength ?? LIMITS.inputMaxLength, LIMITS.inputMaxLength);
  switch (field.type) {
    case 'select': {
      const options: PlainTextOption[] = (field.options ?? []).slice(0, LIMITS.selectOptions).map((o) => ({
        text: plain(o.label, LIMITS.optionText),
        value: o.value.slice(0, LIMITS.optionValue),
      }));
      const chosen = options.find((o) => o.value === String(initial));
      return { type: 'static_select', action_id, options, ...(chosen ? { initial_option: chosen } : {}) };
    }
    case 'person':
      return {
        type: 'users_select',
        action_id,
        ...(typeof initial === 'string' && initial ? { initial_user: initial } : {}),
      };
    case 'people':
      return { type: 'multi_users_select', action_id };
    case 'datetime': {
      const seconds = toUnixSeconds(initial);
      return {
        type: 'datetimepicker',
        action_id,
        ...(seconds !== undefined ? { initial_date_time: seconds } : {}),
      };
    }
    case 'number':
      return {
        type: 'number_input',
        action_id,
        is_decimal_allowed: true,
        ...(initial !== undefined && initial !== '' ? { initial_value: String(initial) } : {}),
      };
    case 'url':
      return {
        type: 'url_text_input',
        action_id,
        ...(typeof initial === 'string' && initial ? { initial_value: initial } : {}),
      };
    default:
      return {
        type: 'plain_text_input',
        action_id,
        multiline: field.type !== 'text',
        max_length: maxLength,
        ...(initial !== undefined && initial !== '' ? { initial_value: String(initial) } : {}),
      };
  }
}

function toUnixSeconds(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return Math.floor(value > 1e11 ? value / 1000 : value);
  if (typeof value === 'string' && value) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
  }
  return undefined;
}
