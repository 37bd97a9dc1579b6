import type { Text } from './text.js';

const t = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

/** Texts of planned windows, conflicts, freezes and the pipeline API (issue 14), kept apart for easy merges. */
export const CALENDAR_TEXTS = {
  label_conflicts: t('冲突', 'Conflicts'),
  conflicts_found: t('⚠️ 计划窗口有冲突：', '⚠️ The planned window has conflicts:'),
  conflict_overlap: t(
    '• 与同一系统的 {id}「{title}」时间重叠（{span}）',
    '• Overlaps {id} "{title}" of the same system ({span})',
  ),
  conflict_freeze: t('• 在封网期内：{reason}（{span}）', '• Inside a freeze: {reason} ({span})'),
  conflict_system_freeze: t(
    '• 在系统 {system} 的封网期内：{reason}（{span}）',
    '• Inside a freeze of {system}: {reason} ({span})',
  ),
  freeze_bypass_line: t('{window}，{name} 紧急上线：{reason}', '{window}, launched by {name}: {reason}'),
  // The pipeline API: deployments reported by a pipeline
  launch_failed_header: t(
    '上线失败：{id}「{title}」，已退回到「{stage}」',
    'Launch failed: {id} "{title}" is back at "{stage}"',
  ),
  label_launch_failures: t('上线失败', 'Launch failures'),
  launch_failure_line: t(
    '{n} 次，最近一次 {time}：{status} {version} {notes}',
    '{n}, the last {time}: {status} {version} {notes}',
  ),
  event_deploy_started: t('开始部署 {version}', 'started deploying {version}'),
  deploy_status_started: t('开始部署', 'started'),
  deploy_status_succeeded: t('部署成功', 'succeeded'),
  deploy_status_failed: t('部署失败', 'failed'),
  deploy_status_rolled_back: t('已回滚', 'rolled back'),
  event_launch_failed: t('上线失败（{status}）', 'launch failed ({status})'),
  // `/release calendar`
  cal_header_week: t('发布日历：{from} 至 {to}', 'Release calendar: {from} – {to}'),
  cal_header_month: t('发布日历：{month}', 'Release calendar: {month}'),
  cal_summary: t(
    '共 {count} 个计划窗口，{conflicts} 个有冲突。',
    'Planned windows: {count}, in conflict: {conflicts}.',
  ),
  cal_summary_clear: t('共 {count} 个计划窗口，没有冲突。', 'Planned windows: {count}, no conflicts.'),
  cal_empty: t('这段时间没有计划的发布窗口。', 'No planned launch windows in this period.'),
  cal_more_on_day: t('…… 还有 {n} 个，请在发布看板查看', '… {n} more: see the release board'),
  cal_label_freezes: t('封网期', 'Freeze windows'),
  cal_label_holidays: t('节假日和调休', 'Holidays and make-up working days'),
  cal_holiday: t('{name}放假', '{name} (public holiday)'),
  cal_workday: t('调休上班', 'make-up working day'),
  cal_system_freeze: t('{reason}（仅 {system}）', '{reason} ({system} only)'),
  cal_conflict_overlap: t('{id} 与 {ids} 时间重叠（同一系统）', '{id} overlaps {ids} (same system)'),
  cal_conflict_freeze: t('{id} 在封网期内：{reason}', '{id} is inside a freeze: {reason}'),
  cal_time_zone: t('时区：{zone}', 'Time zone: {zone}'),
  cal_other_periods: t(
    '其他时间：/release calendar next（下周）、/release calendar 2026-12（某月）',
    'Other periods: /release calendar next (next week), /release calendar 2026-12 (a month)',
  ),
  cal_bad_range: t(
    '看不懂「{text}」。可以这样写：/release calendar（本周）、/release calendar next 或 下周（下周）、/release calendar month 或 本月（本月）、/release calendar 2026-12 或 2026年12月（某月）。',
    'Cannot read "{text}" as a period. Try /release calendar (this week), /release calendar next (next week), /release calendar month (this month), or /release calendar 2026-12 (a month; "December 2026" works too).',
  ),
  // The iCal feed (/calendar.ics)
  feed_name: t('golive 发布日历 · {team}', 'golive release calendar · {team}'),
  feed_name_all: t('golive 发布日历', 'golive release calendar'),
  feed_summary: t('{label}「{title}」', '{label} · {title}'),
  feed_status: t('状态：{status}', 'Status: {status}'),
  feed_flow: t('流程：{flow}', 'Flow: {flow}'),
  feed_requester: t('申请人：{name}', 'Requester: {name}'),
  feed_overlap: t('⚠️ 与 {ids} 时间重叠（同一系统）', '⚠️ Overlaps {ids} (same system)'),
  feed_frozen: t('⚠️ 在封网期内：{reason}', '⚠️ Inside a freeze: {reason}'),
  feed_freeze: t('❄️ 封网期：{reason}', '❄️ Freeze: {reason}'),
} satisfies Record<string, Text>;
