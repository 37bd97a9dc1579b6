import type { Message } from '../../../src/conversation/model.js';
import type { ModalView } from './block-types.js';
import { LIMITS } from './limits.js';
import { messageBlocks } from './message.js';
import { plain } from './text.js';

/**
 * A release's details (everything its card clipped) as a modal to read and close: the summary is
 * the title ("REL-4 details", short enough for Slack's 24 characters), the card is the content.
 */
export function renderDetails(message: Message): ModalView {
  return {
    type: 'modal',
    title: plain(message.summary, LIMITS.modalTitle),
    blocks: messageBlocks({ ...message, buttons: [] }, LIMITS.modalBlocks),
  } as ModalView;
}
