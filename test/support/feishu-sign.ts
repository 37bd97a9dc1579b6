import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** Encrypts a payload the way Feishu does: base64(IV ‖ AES-256-CBC(SHA-256(key), JSON)). */
export function encryptForFeishu(encryptKey: string, payload: unknown): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, data]).toString('base64');
}

export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

export interface PostOptions {
  /** Unix seconds; default now. */
  timestamp?: string;
  nonce?: string;
  /** Replace the computed signature. */
  signature?: string;
  /** Leave these headers out. */
  omit?: ('timestamp' | 'nonce' | 'signature')[];
  /** Send the payload as plain JSON instead of `{encrypt}` (still signed). */
  unencrypted?: boolean;
}

/** POSTs an event or card callback to the bot's endpoint, encrypted and signed like Feishu. */
export async function postToFeishuEndpoint(
  url: string,
  encryptKey: string,
  payload: unknown,
  opts: PostOptions = {},
): Promise<{ status: number; body: unknown }> {
  const body = opts.unencrypted
    ? JSON.stringify(payload)
    : JSON.stringify({ encrypt: encryptForFeishu(encryptKey, payload) });
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomBytes(8).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const omit = new Set(opts.omit ?? []);
  if (!omit.has('timestamp')) headers['x-lark-request-timestamp'] = timestamp;
  if (!omit.has('nonce')) headers['x-lark-request-nonce'] = nonce;
  if (!omit.has('signature'))
    headers['x-lark-signature'] = opts.signature ?? feishuSignature(timestamp, nonce, encryptKey, body);
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Left as text.
  }
  return { status: res.status, body: parsed };
}
