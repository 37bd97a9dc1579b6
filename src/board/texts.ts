import { type Locale, localize, type Text, textIn } from '../i18n/text.js';

const t = textIn;

/** Texts of what the board's core builds: documents, metrics and calendar labels (zh-CN-style.md). */
export const BOARD_CORE_TEXTS = {
  doc_launch_application: t('上线申请单', 'Launch application'),
  doc_test_report: t('测试报告', 'Test report'),
  doc_launch_report: t('上线报告', 'Launch report'),
  sec_basics: t('基本信息', 'Release'),
  sec_application: t('申请内容', 'What is applied for'),
  sec_preparation: t('上线前准备检查', 'Preparation checklist'),
  sec_test_result: t('测试结论', 'Test result'),
  sec_test_history: t('测试过程', 'Testing history'),
  sec_known_issues: t('已知问题', 'Known issues'),
  sec_launch: t('上线实施', 'Launch'),
  sec_runbook: t('上线任务确认表', 'Run-book'),
  sec_deployments: t('部署记录', 'Deployments'),
  sec_verification: t('线上验证', 'Production verification'),
  sec_problems: t('线上问题', 'Problems in production'),
  sec_signatures: t('签字', 'Signatures'),
  sec_earlier: t('此前的审批意见', 'Earlier decisions'),
  f_id: t('发布单号', 'Release'),
  f_title: t('上线内容', 'Title'),
  f_system: t('系统', 'System'),
  f_flow: t('流程', 'Flow'),
  f_team: t('团队', 'Team'),
  f_requester: t('申请人', 'Requester'),
  f_created: t('申请时间', 'Applied'),
  f_status: t('状态', 'Status'),
  f_window: t('计划上线时间', 'Planned window'),
  f_launched: t('实际上线时间', 'Launched'),
  f_pipeline: t('流水线', 'Pipeline'),
  f_deploy_status: t('部署结果', 'Result'),
  f_version: t('版本', 'Version'),
  f_deploy_notes: t('说明', 'Notes'),
  f_launched_by: t('上线执行人', 'Launched by'),
  f_freeze_bypass: t('封网期紧急上线', 'Launched during a freeze'),
  f_loops: t('返工', 'Loops'),
  f_step: t('步骤', 'Step'),
  f_owner: t('负责角色', 'Owner'),
  f_done_by: t('执行人', 'Done by'),
  f_at: t('时间', 'Time'),
  f_by: t('填写人', 'By'),
  f_restored: t('恢复用时', 'Time to restore'),
  f_not_restored: t('尚未恢复', 'Not restored yet'),
  sig_name: t('姓名', 'Name'),
  sig_role: t('角色', 'Role'),
  sig_decision: t('意见', 'Decision'),
  sig_time: t('签字时间', 'Signed'),
  sig_comment: t('审批意见', 'Comment'),
  sig_approved: t('同意', 'Approved'),
  sig_rejected: t('拒绝', 'Rejected'),
  sig_done: t('已完成', 'Done'),
  none_yet: t('暂无', 'None yet'),
  no_test_report: t('尚未提交测试报告。', 'No test report has been filed yet.'),
  not_launched: t('尚未上线。', 'Not launched yet.'),
  pending_signature: t('待签字', 'Awaiting signature'),
  loops_smoke: t('冒烟失败 {n} 次', 'smoke test failed {n}×'),
  loops_bugs: t('缺陷返工 {n} 轮', '{n} bug rounds'),
  loops_production: t('线上问题 {n} 次', '{n} production problems'),
  loops_other: t('{name} {n} 次', '{name} {n}×'),
  window_range: t('{start} 至 {end}', '{start} to {end}'),
} satisfies Record<string, Text>;

export type BoardCoreTextKey = keyof typeof BOARD_CORE_TEXTS;

export function sayBoard(
  key: BoardCoreTextKey,
  locale: Locale,
  params: Record<string, string | number> = {},
) {
  return localize(BOARD_CORE_TEXTS[key], locale, params);
}
