import type { Button } from '../../src/conversation/model.js';
import type { LocalSurface, ShownCard } from './surface.js';
import type { LocalTextKey } from './texts.js';

export type PressTarget =
  | { ok: true; card: ShownCard; button: Button }
  | { ok: false; key: LocalTextKey; params?: Record<string, string | number> };

/**
 * Which button a typed press means: `N` or `press N` (the user's latest open card), `press #card N`,
 * or `press @user N` (that user's latest open card — to see what the core tells the wrong person).
 */
export function pressTarget(arg: string, user: string, surface: LocalSurface): PressTarget {
  const m = /^(?:(#\d+|@\S+)\s+)?(\d+)$/.exec(arg.trim());
  if (!m) return { ok: false, key: 'unknownInput', params: { text: `press ${arg}` } };
  const which = m[1];
  const byNumber = which?.startsWith('#');
  const card = byNumber
    ? surface.card(Number(which?.slice(1)))
    : surface.openCards(which ? which.slice(1) : user).at(-1);
  if (!card)
    return byNumber
      ? { ok: false, key: 'noSuchCard', params: { n: which?.slice(1) ?? '' } }
      : { ok: false, key: 'noCard' };
  const n = Number(m[2]);
  // The Details button is Slack's way to read clipped text; here `/release show` does that.
  const buttons = card.message.outcome
    ? []
    : card.message.buttons.filter((b) => b.intent.command.type !== 'details');
  const button = buttons[n - 1];
  if (!button) return { ok: false, key: 'noSuchButton', params: { card: card.n, n, count: buttons.length } };
  return { ok: true, card, button };
}
