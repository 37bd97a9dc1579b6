import type { Message } from '../../../src/conversation/model.js';
import type { Locale } from '../../../src/i18n/text.js';
import type { Overview } from '../../../src/service/api.js';
import { t } from '../texts.js';
import type { HomeView, KnownBlock } from './block-types.js';
import { LIMITS } from './limits.js';
import { messageBlocks } from './message.js';
import { mrkdwn, plain } from './text.js';

/**
 * The App Home tab: what awaits the user (with its buttons, so they can act right there) and their
 * own open releases. Half of Slack's 100 blocks each; what does not fit, or was not read (someone may
 * await hundreds, or have many open: the core hands over the newest and the total), is counted, not
 * dropped silently.
 */
export function renderHome(overview: Overview, locale: Locale): HomeView {
  const half = LIMITS.homeBlocks / 2;
  return {
    type: 'home',
    blocks: [
      ...section('a', t(locale, 'homeAwaiting'), overview.awaiting, overview.awaitingTotal, locale, half),
      ...section('m', t(locale, 'homeMine'), overview.mine, overview.mineTotal, locale, half),
    ],
  };
}

function section(
  key: string,
  title: string,
  messages: Message[],
  total: number,
  locale: Locale,
  maxBlocks: number,
): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(title, LIMITS.headerText) }];
  if (messages.length === 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'homeNothing'), LIMITS.contextText)] });
    return blocks;
  }
  let shown = 0;
  let bytes = 0;
  for (const [i, message] of messages.entries()) {
    const card = messageBlocks(message, LIMITS.messageBlocks, `${key}${i}`);
    const size = Buffer.byteLength(JSON.stringify(card));
    // Room for this card, its divider and the closing "n more" note, within half the view's bytes.
    if (blocks.length + card.length + 2 > maxBlocks || bytes + size > LIMITS.viewBlockBytes / 2) break;
    bytes += size;
    blocks.push({ type: 'divider' }, ...card);
    shown += 1;
  }
  if (shown < total) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(t(locale, 'homeMore', { n: total - shown }), LIMITS.contextText)],
    });
  }
  return blocks;
}
