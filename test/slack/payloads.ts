/**
 * Request bodies shaped like Slack's documentation examples (slash command fields, block_actions and
 * view_submission payloads, event_callback envelopes), with scrubbed ids.
 */
import type { FakeView } from '../fakes/slack-api.js';

let seq = 0;
const next = () => ++seq;

export function slashCommand(opts: {
  user: string;
  text: string;
  channel?: string;
  responseUrl: string;
}): Record<string, string> {
  const n = next();
  return {
    token: 'deprecated-verification-token',
    team_id: 'T_TEST',
    team_domain: 'golive-test',
    channel_id: opts.channel ?? 'C_RELEASES',
    channel_name: 'releases',
    user_id: opts.user,
    user_name: opts.user.toLowerCase(),
    command: '/release',
    text: opts.text,
    api_app_id: 'A_GOLIVE',
    is_enterprise_install: 'false',
    response_url: opts.responseUrl,
    trigger_id: `${n}.${n}.trigger${n}`,
  };
}

/** A click on a button of a message the bot posted (`chat.postMessage` args as recorded). */
export function messageButtonClick(opts: {
  user: string;
  channel: string;
  messageTs: string;
  button: { action_id: string; value: string; text?: unknown };
  blockId?: string;
  responseUrl: string;
  actionTs?: string;
  /** The clicked message as Slack sends it back (its text and blocks). */
  message?: { text: string; blocks: unknown[] };
}): Record<string, unknown> {
  const n = next();
  return {
    type: 'block_actions',
    user: {
      id: opts.user,
      username: opts.user.toLowerCase(),
      name: opts.user.toLowerCase(),
      team_id: 'T_TEST',
    },
    api_app_id: 'A_GOLIVE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: opts.messageTs, channel_id: opts.channel, is_ephemeral: false },
    trigger_id: `${n}.${n}.trigger${n}`,
    team: { id: 'T_TEST', domain: 'golive-test' },
    channel: { id: opts.channel, name: 'directmessage' },
    message: { type: 'message', ts: opts.messageTs, user: 'U_BOT', bot_id: 'B_BOT', ...(opts.message ?? {}) },
    response_url: opts.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: opts.button.action_id,
        block_id: opts.blockId ?? `b${n}`,
        text: opts.button.text ?? { type: 'plain_text', text: 'button' },
        value: opts.button.value,
        action_ts: opts.actionTs ?? `${1700000100 + n}.${String(n).padStart(6, '0')}`,
      },
    ],
  };
}

/** A choice in a select of an open modal (`dispatch_action`). */
export function viewSelectAction(opts: {
  user: string;
  view: FakeView;
  blockId: string;
  actionId: string;
  value: string;
}) {
  const n = next();
  return {
    type: 'block_actions',
    user: { id: opts.user, username: opts.user.toLowerCase(), team_id: 'T_TEST' },
    api_app_id: 'A_GOLIVE',
    container: { type: 'view', view_id: opts.view.id },
    trigger_id: `${n}.${n}.trigger${n}`,
    team: { id: 'T_TEST', domain: 'golive-test' },
    view: { ...opts.view.view, id: opts.view.id, hash: opts.view.hash, state: { values: {} } },
    actions: [
      {
        type: 'static_select',
        action_id: opts.actionId,
        block_id: opts.blockId,
        selected_option: { text: { type: 'plain_text', text: opts.value }, value: opts.value },
        action_ts: `${1700000200 + n}.000100`,
      },
    ],
  };
}

/** A modal submitted with the given element states (`view.state.values`). */
export function viewSubmission(opts: {
  user: string;
  view: FakeView;
  values: Record<string, Record<string, unknown>>;
}) {
  const n = next();
  return {
    type: 'view_submission',
    team: { id: 'T_TEST', domain: 'golive-test' },
    user: { id: opts.user, username: opts.user.toLowerCase(), team_id: 'T_TEST' },
    api_app_id: 'A_GOLIVE',
    trigger_id: `${n}.${n}.trigger${n}`,
    view: {
      ...opts.view.view,
      id: opts.view.id,
      hash: opts.view.hash,
      team_id: 'T_TEST',
      state: { values: opts.values },
    },
    response_urls: [],
  };
}

export function appHomeOpened(user: string) {
  const n = next();
  return {
    token: 'deprecated-verification-token',
    team_id: 'T_TEST',
    api_app_id: 'A_GOLIVE',
    event: {
      type: 'app_home_opened',
      user,
      channel: `D_${user}`,
      tab: 'home',
      event_ts: `${1700000300 + n}.000100`,
    },
    type: 'event_callback',
    event_id: `Ev${n}`,
    event_time: 1700000300 + n,
    authorizations: [{ team_id: 'T_TEST', user_id: 'U_BOT', is_bot: true }],
  };
}
