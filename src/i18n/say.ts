import type { Refusal } from '../domain/types.js';
import { REFUSALS, TEXTS, type TextKey } from './catalog.js';
import { type Locale, localize } from './text.js';

/** A catalog text in the reader's language with its placeholders filled. */
export function say(key: TextKey, locale: Locale, params: Record<string, string | number> = {}): string {
  return localize(TEXTS[key], locale, params);
}

/** The reason a refusal gives, in the reader's language. Params ending in `.zh-CN`/`.en` pick by locale. */
export function sayRefusal(refusal: Refusal, locale: Locale): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(refusal.params ?? {})) {
    const dot = k.lastIndexOf('.');
    if (dot < 0) params[k] ??= v;
    else if (k.slice(dot + 1) === locale) params[k.slice(0, dot)] = v;
  }
  return localize(REFUSALS[refusal.code], locale, params);
}
