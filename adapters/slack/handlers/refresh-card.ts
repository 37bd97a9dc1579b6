import type { ButtonIntent } from '../../../src/conversation/model.js';
import type { Reply, RequestContext } from '../../../src/service/api.js';
import type { KnownBlock } from '../render/block-types.js';
import { LIMITS } from '../render/limits.js';
import { renderMessage } from '../render/message.js';
import { clip, escapeMrkdwn } from '../render/text.js';
import type { HandlerDeps } from './deps.js';

/** The DM message a button was clicked on, as Slack sends it back in the block_actions payload. */
export interface ClickedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: KnownBlock[];
}

/**
 * After an accepted click in someone's DM, the card they clicked is brought up to date at once:
 * - the stage did not move (a ticked run-book step, one approval of several): it becomes the card
 *   the core would show them now, so the next step's button is right there;
 * - nothing is left for them here: its buttons give way to the core's answer as the outcome.
 * Only in DMs: a card in a channel is seen by others, whose buttons differ. When the stage moved,
 * the core closes the old cards itself as well.
 */
export async function refreshClickedCard(
  deps: HandlerDeps,
  ctx: RequestContext,
  clicked: ClickedMessage,
  intent: ButtonIntent,
  reply: Reply,
): Promise<void> {
  if (reply.kind !== 'text' || reply.tone !== 'success' || !isDirectMessage(clicked.channel)) return;
  const { awaiting } = await deps.core.overview(ctx);
  const current = awaiting.find((m) =>
    m.buttons.some(
      (b) => b.intent.releaseId === intent.releaseId && b.intent.stageEntry === intent.stageEntry,
    ),
  );
  if (current) {
    await deps.surface.updateRendered(clicked.channel, clicked.ts, renderMessage(current));
    return;
  }
  if (!clicked.blocks.some((b) => b.type === 'actions')) return;
  const outcome: KnownBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: clip(`*${escapeMrkdwn(reply.text)}*`, LIMITS.sectionText) },
  };
  const blocks = clicked.blocks.flatMap((b) => (b.type === 'actions' ? [] : [b]));
  // The outcome goes where the buttons were: before the closing context line, if there is one.
  const at = blocks.at(-1)?.type === 'context' ? blocks.length - 1 : blocks.length;
  blocks.splice(at, 0, outcome);
  await deps.surface.updateRendered(clicked.channel, clicked.ts, { text: clicked.text, blocks });
}

/** Slack's DM channel ids start with D; channels with C, private groups with G. */
function isDirectMessage(channel: string): boolean {
  return channel.startsWith('D');
}
