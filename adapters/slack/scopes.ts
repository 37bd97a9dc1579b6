/**
 * The bot scopes golive's Slack calls need: `commands` (/release), `chat:write` (chat.postMessage,
 * chat.update, chat.postEphemeral), `im:write` (conversations.open), `users:read` (users.info: the
 * start-up check and the doctor). views.* need none. The manifests ask for these; the doctor checks them.
 */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'im:write', 'users:read'] as const;

/** Asked for too, but golive works without it: with it, status cards go to public channels the bot was not invited to. */
export const SLACK_OPTIONAL_SCOPES = ['chat:write.public'] as const;
