import type { Logger } from '../../src/log.js';
import type { GoliveCore } from '../../src/service/api.js';
import type { Background } from './background.js';
import type { FeishuMessenger } from './messenger.js';
import type { PrivateChats } from './private-chats.js';
import type { RecentIds } from './recent-ids.js';
import type { ShownForms } from './shown-forms.js';

/** What the event and callback handlers share. */
export interface HandlerDeps {
  core: GoliveCore;
  messenger: FeishuMessenger;
  recent: RecentIds;
  background: Background;
  /** One-to-one chats with the bot seen so far. */
  privateChats: PrivateChats;
  /** Forms shown lately, to show again with errors. */
  shownForms: ShownForms;
  log: Logger;
  /** How long a card callback waits for the core before answering "working on it". */
  answerWithinMs: number;
}
