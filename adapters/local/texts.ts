import { type Locale, localize, type Text } from '../../src/i18n/text.js';

/** The texts the terminal adapter itself shows; everything about releases comes from the core. */
const TEXTS = {
  welcome: {
    'zh-CN': 'golive 本地模式 —— 不需要聊天账号。你现在是 {name}。输入 /help 查看命令。',
    en: 'golive local mode — no chat account needed. You are {name}. Type /help for the commands.',
  },
  whyForced: {
    'zh-CN': '本地模式（已设置 GOLIVE_LOCAL）。配置文件：{config}',
    en: 'Local mode, because GOLIVE_LOCAL is set. Config: {config}',
  },
  whyNoPlatformRead: {
    'zh-CN': '本地模式：没有设置 SLACK_BOT_TOKEN 或 FEISHU_APP_ID（已读取 {envFile}）。配置文件：{config}',
    en: 'Local mode: neither SLACK_BOT_TOKEN nor FEISHU_APP_ID is set (read {envFile}). Config: {config}',
  },
  whyNoPlatformNoFile: {
    'zh-CN': '本地模式：没有设置 SLACK_BOT_TOKEN 或 FEISHU_APP_ID（没有找到 {envFile}）。配置文件：{config}',
    en: 'Local mode: neither SLACK_BOT_TOKEN nor FEISHU_APP_ID is set (no {envFile} file). Config: {config}',
  },
  help: {
    'zh-CN':
      '/as <名字> — 切换成另一个人\n/release … — 发布命令（/release help 查看）\n<数字> 或 press <数字> — 按下最近一张卡片的第几个按钮\npress #<卡片> <数字> — 按下指定卡片的按钮\npress @<名字> <数字> — 以自己的身份按下别人最近一张卡片的按钮\n/cards — 我待处理的卡片\n/wait <毫秒> [文字] — 等待（提醒、定时器），看到文字即停\n/quit — 退出',
    en: '/as <name> — act as someone else\n/release … — release commands (see /release help)\n<n> or press <n> — press button n of your latest card\npress #<card> <n> — press a button of that card\npress @<name> <n> — press a button of someone else’s latest card, as yourself\n/cards — your open cards\n/wait <ms> [text] — wait for reminders and timers, stop early once text appears\n/quit — leave',
  },
  nowActingAs: { 'zh-CN': '你现在是 {name}。', en: 'You are now {name}.' },
  notInConfig: {
    'zh-CN': '「{name}」不在配置里，没有任何角色。',
    en: '"{name}" is not in the config and holds no role.',
  },
  asUsage: { 'zh-CN': '用法：/as <名字>', en: 'Usage: /as <name>' },
  unknownInput: {
    'zh-CN': '不认识「{text}」。输入 /help 查看命令。',
    en: 'Unknown input "{text}". Type /help for the commands.',
  },
  noCard: { 'zh-CN': '你还没有可以按的卡片。', en: 'You have no card with buttons yet.' },
  noSuchCard: { 'zh-CN': '没有卡片 #{n}。', en: 'There is no card #{n}.' },
  noSuchButton: {
    'zh-CN': '卡片 #{card} 没有第 {n} 个按钮（共 {count} 个）。',
    en: 'Card #{card} has no button {n} (it has {count}).',
  },
  pressing: { 'zh-CN': '按下「{label}」（卡片 #{card}）', en: 'Pressing "{label}" (card #{card})' },
  confirmAsk: { 'zh-CN': '{text}（y 确认 / n 取消）', en: '{text} (y to confirm / n to cancel)' },
  confirmCancelled: { 'zh-CN': '已取消，什么也没做。', en: 'Cancelled; nothing was done.' },
  listMore: { 'zh-CN': '……还有 {n} 项', en: '…and {n} more' },
  noOpenCards: { 'zh-CN': '你没有待处理的卡片。', en: 'You have no open cards.' },
  openCards: { 'zh-CN': '你待处理的卡片：', en: 'Your open cards:' },
  waitUsage: { 'zh-CN': '用法：/wait <毫秒> [文字]', en: 'Usage: /wait <ms> [text]' },
  waited: { 'zh-CN': '（等待了 {ms} 毫秒）', en: '(waited {ms} ms)' },
  waitedFor: { 'zh-CN': '（看到了「{text}」）', en: '(saw "{text}")' },
  waitTimedOut: {
    'zh-CN': '（{ms} 毫秒内没有看到「{text}」）',
    en: '(did not see "{text}" within {ms} ms)',
  },
  bye: { 'zh-CN': '再见。', en: 'Bye.' },
  failed: {
    'zh-CN': '抱歉，处理时出错了，请再试一次。',
    en: 'Sorry, something went wrong on our side. Please try again.',
  },
  dmTo: { 'zh-CN': '私信给 {name}', en: 'DM to {name}' },
  inChannel: { 'zh-CN': '频道 #{channel}', en: 'channel #{channel}' },
  inThread: { 'zh-CN': '频道 #{channel}，回复 #{parent}', en: 'channel #{channel}, reply to #{parent}' },
  replyTo: { 'zh-CN': '只有 {name} 看得到', en: 'only {name} sees this' },
  updated: { 'zh-CN': '（已更新 #{n}）', en: '(updated #{n})' },
  updatedEarlier: { 'zh-CN': '（已更新之前的一条消息）', en: '(updated an earlier message)' },
  formCancel: {
    'zh-CN': '逐项回答；输入 /cancel 放弃这个表单。',
    en: 'Answer field by field; type /cancel to drop this form.',
  },
  formCancelled: { 'zh-CN': '表单已放弃。', en: 'Form dropped.' },
  // ── Issue 12: input checked as it is typed ──
  formDiscardedEof: {
    'zh-CN': '输入已结束，未提交的表单「{title}」已放弃。',
    en: 'Input ended: the unsubmitted form "{title}" was discarded.',
  },
  formDiscardedAs: {
    'zh-CN': '切换身份前，未提交的表单「{title}」已放弃。',
    en: 'The unsubmitted form "{title}" was discarded before switching.',
  },
  formStillOpen: { 'zh-CN': '表单还在，请继续回答：', en: 'The form is still open; go on:' },
  understood: { 'zh-CN': '（{note}）', en: '({note})' },
  asAmbiguous: { 'zh-CN': '「{name}」可指多人：{names}', en: '"{name}" could be several people: {names}' },
  required: { 'zh-CN': '必填', en: 'required' },
  optional: { 'zh-CN': '可选，空行跳过', en: 'optional, empty line skips' },
  defaultIs: { 'zh-CN': '空行 = {value}', en: 'empty line = {value}' },
  pickNumber: { 'zh-CN': '输入编号', en: 'type a number' },
  pickPerson: { 'zh-CN': '输入名字', en: 'type a name' },
  pickPeople: { 'zh-CN': '输入名字，多个用逗号分隔', en: 'type names, separated by commas' },
  pickDate: { 'zh-CN': '格式 YYYY-MM-DD HH:mm', en: 'format YYYY-MM-DD HH:mm' },
  multiLine: { 'zh-CN': '用 | 分隔多行', en: 'use | to separate lines' },
  fixFields: {
    'zh-CN': '有几项需要改一下：',
    en: 'Some answers need another look:',
  },
  submitted: { 'zh-CN': '提交「{label}」', en: 'Submitting "{label}"' },
  submitAgain: {
    'zh-CN': '表单还在，内容未变：按回车再次提交，或输入 /cancel 放弃。',
    en: 'The form is still open with your answers: press Enter to submit it again, or type /cancel to drop it.',
  },
} satisfies Record<string, Text>;

export type LocalTextKey = keyof typeof TEXTS;

export function t(locale: Locale, key: LocalTextKey, params?: Record<string, string | number>): string {
  return localize(TEXTS[key], locale, params);
}
