import type { SlackCall } from '../fakes/slack-api.js';

/**
 * Slack's published Block Kit limits (docs.slack.dev/reference/block-kit), written out here on
 * their own so the check does not trust the renderer's idea of them. Returns every breach found in
 * a recorded Web API call (or response_url post), each naming the method and the path.
 */
type Json = Record<string, unknown>;

export function blockKitViolations(call: SlackCall): string[] {
  const out: string[] = [];
  const at = (path: string, problem: string) => out.push(`${call.method} ${path}: ${problem}`);
  const args = call.args;
  if (['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(call.method)) {
    if (typeof args.text === 'string' && args.text.length > 40_000)
      at('text', `${args.text.length} chars > 40000`);
    checkBlocks(args.blocks, 50, 'blocks', at);
  }
  if (['views.open', 'views.update', 'views.push', 'views.publish'].includes(call.method)) {
    const view = args.view as Json | undefined;
    if (!view) at('view', 'missing');
    else checkView(view, at);
  }
  return out;
}

/** Also usable on the view in a `response_action: update` ack. */
export function viewViolations(view: Json): string[] {
  const out: string[] = [];
  checkView(view, (path, problem) => out.push(`view ${path}: ${problem}`));
  return out;
}

type At = (path: string, problem: string) => void;

function checkView(view: Json, at: At): void {
  const bytes = Buffer.byteLength(JSON.stringify(view));
  if (bytes > 250_000) at('view', `${bytes} bytes > 250 kB`);
  if (view.type === 'modal') {
    plainText(view.title, 24, 'view.title', at, true);
    plainText(view.submit, 24, 'view.submit', at, false);
    plainText(view.close, 24, 'view.close', at, false);
  }
  maxLen(view.private_metadata, 3000, 'view.private_metadata', at);
  maxLen(view.callback_id, 255, 'view.callback_id', at);
  checkBlocks(view.blocks, 100, 'view.blocks', at);
}

function checkBlocks(blocks: unknown, max: number, path: string, at: At): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) {
    at(path, 'not an array');
    return;
  }
  if (blocks.length > max) at(path, `${blocks.length} blocks > ${max}`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((b: Json, i) => {
    const p = `${path}[${i}]`;
    if (typeof b.block_id === 'string') {
      maxLen(b.block_id, 255, `${p}.block_id`, at);
      if (blockIds.has(b.block_id)) at(`${p}.block_id`, 'duplicate');
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        plainText(b.text, 150, `${p}.text`, at, true);
        break;
      case 'section': {
        if (!b.text && !b.fields) at(p, 'section without text or fields');
        textObject(b.text, 3000, `${p}.text`, at);
        const fields = (b.fields ?? []) as unknown[];
        if (fields.length > 10) at(`${p}.fields`, `${fields.length} > 10`);
        for (const [j, f] of fields.entries()) textObject(f, 2000, `${p}.fields[${j}]`, at);
        break;
      }
      case 'context': {
        const els = (b.elements ?? []) as unknown[];
        if (els.length === 0 || els.length > 10) at(`${p}.elements`, `${els.length} elements (1–10 allowed)`);
        for (const [j, e] of els.entries()) textObject(e, 3000, `${p}.elements[${j}]`, at);
        break;
      }
      case 'actions': {
        const els = (b.elements ?? []) as Json[];
        if (els.length === 0 || els.length > 25) at(`${p}.elements`, `${els.length} elements (1–25 allowed)`);
        for (const [j, e] of els.entries()) element(e, `${p}.elements[${j}]`, at, actionIds);
        break;
      }
      case 'input':
        plainText(b.label, 2000, `${p}.label`, at, true);
        plainText(b.hint, 2000, `${p}.hint`, at, false);
        element(b.element as Json, `${p}.element`, at, actionIds);
        break;
      case 'divider':
        break;
      default:
        at(p, `unexpected block type ${String(b.type)}`);
    }
  });
}

function element(e: Json | undefined, p: string, at: At, actionIds: Set<string>): void {
  if (!e) {
    at(p, 'missing element');
    return;
  }
  if (typeof e.action_id === 'string') {
    maxLen(e.action_id, 255, `${p}.action_id`, at);
    if (actionIds.has(e.action_id) && e.type === 'button') at(`${p}.action_id`, 'duplicate in one message');
    actionIds.add(e.action_id);
  }
  plainText(e.placeholder, 150, `${p}.placeholder`, at, false);
  if (e.type === 'button') {
    plainText(e.text, 75, `${p}.text`, at, true);
    maxLen(e.value, 2000, `${p}.value`, at);
    maxLen(e.url, 3000, `${p}.url`, at);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
      at(`${p}.style`, String(e.style));
  }
  if (e.confirm) {
    const c = e.confirm as Json;
    plainText(c.title, 100, `${p}.confirm.title`, at, true);
    textObject(c.text, 300, `${p}.confirm.text`, at);
    plainText(c.confirm, 30, `${p}.confirm.confirm`, at, true);
    plainText(c.deny, 30, `${p}.confirm.deny`, at, true);
  }
  if (e.type === 'plain_text_input') {
    if (typeof e.max_length === 'number' && e.max_length > 3000)
      at(`${p}.max_length`, `${e.max_length} > 3000`);
    maxLen(e.initial_value, 3000, `${p}.initial_value`, at);
  }
  if (e.type === 'static_select') {
    const options = (e.options ?? []) as Json[];
    if (options.length === 0 || options.length > 100)
      at(`${p}.options`, `${options.length} options (1–100 allowed)`);
    options.forEach((o, j) => {
      plainText(o.text, 75, `${p}.options[${j}].text`, at, true);
      maxLen(o.value, 150, `${p}.options[${j}].value`, at);
    });
  }
}

function textObject(t: unknown, max: number, p: string, at: At): void {
  if (t === undefined) return;
  const obj = t as Json;
  if (obj.type !== 'plain_text' && obj.type !== 'mrkdwn') {
    at(p, `text object of type ${String(obj.type)}`);
    return;
  }
  if (typeof obj.text !== 'string' || obj.text.length === 0) {
    at(p, 'empty text');
    return;
  }
  if (obj.text.length > max) at(p, `${obj.text.length} chars > ${max}`);
}

function plainText(t: unknown, max: number, p: string, at: At, required: boolean): void {
  if (t === undefined) {
    if (required) at(p, 'missing');
    return;
  }
  if ((t as Json).type !== 'plain_text') at(p, 'must be plain_text');
  textObject(t, max, p, at);
}

function maxLen(value: unknown, max: number, p: string, at: At): void {
  if (typeof value === 'string' && value.length > max) at(p, `${value.length} chars > ${max}`);
}
