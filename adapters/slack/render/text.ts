/**
 * Cuts `text` to at most `max` UTF-16 units (the stricter of the ways Slack may count), marking the
 * cut with an ellipsis and never splitting an emoji's surrogate pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const ch of text) {
    if (kept.length + ch.length > max - 1) break;
    kept += ch;
  }
  return `${kept}…`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text for a `plain_text` object: never empty (Slack refuses that), clipped to `max`. */
export function plain(text: string, max: number) {
  return { type: 'plain_text' as const, text: clip(text.trim() === '' ? ' ' : text, max), emoji: true };
}

/** Text for a `mrkdwn` object from plain text, escaped and clipped to `max`. */
export function mrkdwn(text: string, max: number) {
  return { type: 'mrkdwn' as const, text: clip(escapeMrkdwn(text.trim() === '' ? ' ' : text), max) };
}
