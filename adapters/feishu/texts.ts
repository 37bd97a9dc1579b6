import { type Locale, localize, type Text } from '../../src/i18n/text.js';

/**
 * The few texts the Feishu adapter itself shows (toasts, hints); everything about a release
 * comes from the core already localized.
 */
const TEXTS = {
  // Answered when the core misses the callback's 3 s: nothing is confirmed yet (a crash now loses it).
  working: {
    'zh-CN': '尚未保存：处理超时。如果卡片稍后没有更新，请重试。',
    en: 'Not saved yet: this is taking too long. If the card does not update shortly, please try again.',
  },
  formSentToDm: { 'zh-CN': '已私信发送表单给你', en: 'Sent you the form in a direct message' },
  replySentToDm: { 'zh-CN': '已私信回复你', en: 'Replied to you in a direct message' },
  fixErrors: { 'zh-CN': '请修改标红的字段', en: 'Please correct the fields marked in red' },
  unknownCard: {
    'zh-CN': '这张卡片已过期，请用 /release list 查看最新状态',
    en: 'This card is out of date; use /release list for the current state',
  },
  failed: {
    'zh-CN': '操作失败，请稍后重试；问题已记录',
    en: 'That did not work; please try again later. The problem was logged',
  },
  done: { 'zh-CN': '已完成', en: 'Done' },
  notDone: { 'zh-CN': '未执行', en: 'Not carried out' },
  nothing: { 'zh-CN': '暂无内容', en: 'Nothing here' },
  listMore: { 'zh-CN': '……还有 {n} 项', en: '…and {n} more' },
  confirmTitle: { 'zh-CN': '请确认', en: 'Please confirm' },
  readAll: { 'zh-CN': '展开全文', en: 'Read all' },
  confirmText: { 'zh-CN': '确定{label}吗？', en: 'Really "{label}"?' },
  choose: { 'zh-CN': '请选择', en: 'Choose' },
  enter: { 'zh-CN': '请输入', en: 'Enter' },
  linesHint: { 'zh-CN': '每行一项', en: 'One per line' },
} satisfies Record<string, Text>;

export type TextKey = keyof typeof TEXTS;

export function t(key: TextKey, locale: Locale, params: Record<string, string | number> = {}): string {
  return localize(TEXTS[key], locale, params);
}
