/**
 * The permissions (权限) golive's Feishu calls need: sending and editing messages and cards, and
 * receiving what people write to the bot in a DM or @-mentioning it in a group. docs/feishu.md lists
 * them for the console; the doctor compares them with what the tenant granted.
 */
export const FEISHU_SCOPES = [
  'im:message',
  'im:message:send_as_bot',
  'im:message.p2p_msg:readonly',
  'im:message.group_at_msg:readonly',
] as const;
