import { type Locale, localize, type Text } from '../../src/i18n/text.js';

/** The few texts the Slack adapter itself shows; everything about releases comes from the core. */
const TEXTS = {
  failed: {
    'zh-CN': '抱歉，处理时出错了，请稍后再试。',
    en: 'Sorry, something went wrong on our side. Please try again in a moment.',
  },
  notSavedYet: {
    'zh-CN': '未能及时保存。如果稍后没有收到确认，请重试。',
    en: 'Could not save that in time. If no confirmation follows shortly, please try again.',
  },
  formExpired: {
    'zh-CN': '这个表单已失效，请重新发起。',
    en: 'This form has expired. Please start again.',
  },
  homeAwaiting: { 'zh-CN': '待我处理', en: 'Awaiting you' },
  homeMine: { 'zh-CN': '我发起的进行中发布', en: 'Your open releases' },
  homeNothing: { 'zh-CN': '暂无', en: 'Nothing right now' },
  // The newest come first; the rest are only counted (a list in a message has no more room either).
  homeMore: { 'zh-CN': '……还有 {n} 项', en: '…and {n} more' },
  listMore: { 'zh-CN': '还有 {n} 项未显示', en: '{n} more not shown' },
} satisfies Record<string, Text>;

export type SlackTextKey = keyof typeof TEXTS;

export function t(locale: Locale, key: SlackTextKey, params?: Record<string, string | number>): string {
  return localize(TEXTS[key], locale, params);
}
