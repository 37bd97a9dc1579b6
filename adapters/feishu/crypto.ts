import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** Feishu's request signature: hex SHA-256 over timestamp + nonce + encrypt key + raw body. */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}

export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Decrypts an `{encrypt}` body: base64 of a 16-byte IV followed by AES-256-CBC ciphertext
 * (PKCS#7), keyed with SHA-256 of the encrypt key. Throws on anything malformed.
 */
export function decryptBody(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < 32 || data.length % 16 !== 0) throw new Error('encrypted body has the wrong length');
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}
