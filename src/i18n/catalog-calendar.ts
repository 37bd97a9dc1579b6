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
  conflict_freeze: t('• 在封版期内：{reason}（{span}）', '• Inside a freeze: {reason} ({span})'),
  conflict_system_freeze: t(
    '• 在系统 {system} 的封版期内：{reason}（{span}）',
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
} satisfies Record<string, Text>;
