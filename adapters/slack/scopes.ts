/**
 * The bot scopes golive's Slack calls need: `commands` (/release), `chat:write` (chat.postMessage,
 * chat.update, chat.postEphemeral), `im:write` (conversations.open), `users:read` (users.info: the
 * start-up check and the doctor). views.* need none. The manifests ask for these; the doctor checks them.
 */
export const SLACK_BOT_SCOPES = ['commands', 'chat:write', 'im:write', 'users:read'] as const;

/** Asked for too, but golive works without it: with it, status cards go to public channels the bot was not invited to. */
export const SLACK_OPTIONAL_SCOPES = ['chat:write.public'] as const;

/**
 * Asked for too, but golive works without them: `conversations.history` lets a status card or an
 * announcement whose earlier try may have been posted be found and adopted instead of posted again
 * (adopt.ts); without them that is off and such a post may appear twice.
 */
export const SLACK_ADOPTION_SCOPES = ['channels:history', 'groups:history'] as const;
