import type { RefusalCode } from '../domain/types.js';
import { CALENDAR_TEXTS } from './catalog-calendar.js';
import type { Text } from './text.js';

const t = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

/** Why a command was refused, as the user reads it. */
export const REFUSALS: Record<RefusalCode, Text> = {
  not_approver: t('你不是当前阶段的审批人，无需处理。', 'You are not an approver of this gate.'),
  not_your_turn: t(
    '还没轮到你审批：前面的审批人尚未决定。',
    'It is not your turn yet: an earlier approver has not decided.',
  ),
  self_approval: t('不能审批自己申请的发布单。', 'You cannot approve your own release.'),
  not_executive: t('只有高管可以做此决定，请联系高管处理。', 'Only a configured executive can decide this.'),
  invalid_in_stage: t(
    '当前阶段「{stage}」不能执行此操作，请查看最新卡片。',
    'That cannot be done in the current stage ({stage}).',
  ),
  already_decided: t('这一项已经决定过了。', 'This was already decided.'),
  stale_version: t(
    '卡片已过期，发布单已进入新阶段，请在最新卡片上操作。',
    'This card is out of date: the release has moved on. Use the newest card.',
  ),
  freeze_window: t(
    '当前处于封网期（{reason}），{until} 后才能上线。如需立即上线，请发起紧急上线。',
    'No launches during the freeze ({reason}); it ends {until}. For an urgent fix, start an emergency release.',
  ),
  window_conflict: t(
    '计划窗口与同一系统的其他发布冲突（{releases}），团队规定冲突时不能继续。',
    'The planned window overlaps other releases of the same system ({releases}); the team does not allow that.',
  ),
  not_your_action: t(
    '此操作由{roles}处理，你无需操作。',
    'This action is not yours (it belongs to: {roles}).',
  ),
  missing_input: t('请填写「{field}」。', 'A required field is missing: {field}.'),
  checklist_incomplete: t(
    '检查清单还有 {count} 项未完成，全部完成后才能提交。',
    'The checklist still has {count} open items.',
  ),
  checklist_order: t('请按顺序执行，下一步是「{item}」。', 'Steps go in order: the next one is {item}.'),
  unknown_item: t('检查清单中没有这一项。', 'That item is not on the checklist.'),
  not_requester: t('只有申请人可以撤回。', 'Only the requester can withdraw.'),
  already_launched: t('已经上线，不能撤回。', 'It is already live and cannot be withdrawn.'),
  release_closed: t('该发布单已结束（{status}），无需操作。', 'This release is closed ({status}).'),
  not_earlier_stage: t('只能退回到之前的阶段。', 'It can only be sent back to an earlier stage.'),
  already_approver: t(
    '{who} 已经是此阶段的审批人，请选择其他人。',
    '{who} is already an approver here; choose someone else.',
  ),
  cannot_cancel: t(
    '只有申请人、技术总监或管理员可以取消。',
    'Only the requester, the director or an admin can cancel.',
  ),
  unknown_timer: t('提醒已失效。', 'That reminder no longer applies.'),
  pipeline_only: t(
    '上线由流水线报告完成，不能手动点击。',
    'The launch is reported by the pipeline; it cannot be marked by hand.',
  ),
  not_deploying: t(
    '发布当前不在上线阶段（{stage}），不能报告部署。',
    'The release is not at its launch ({stage}); no deployment can be reported.',
  ),
  no_eligible_approver: t(
    '没有人能通过「{stage}」：{detail}。{fix}',
    'Nobody could pass "{stage}": {detail}. {fix}',
  ),
  holder_unknown: t(
    '团队中没有「{who}」，请选择其他人。',
    '"{who}" is not in the team config; choose someone who is.',
  ),
  holder_is_requester: t(
    '{who} 是申请人，不能审批自己申请的发布单，请选择其他人。',
    '{who} is the requester and cannot approve their own release; choose someone else.',
  ),
  holder_lacks_role: t(
    '{who} 不是{role}，请选择一位{role}。',
    '{who} does not hold the role {role}; choose someone who does.',
  ),
  holder_two_slots: t(
    '{who} 已是此阶段的审批人，同一人不能担任两个审批角色，请选择其他人。',
    '{who} already decides in this stage; one person cannot fill two approver roles. Choose someone else.',
  ),
  // Hardening (#15): a forged or mangled button value; nothing will make it work, so no "try again".
  invalid_button: t('这个按钮无效。', 'This button is not valid.'),
};

/** Every other text the bot shows. Keys are stable; `{name}` are placeholders. */
export const TEXTS = {
  approve: t('同意', 'Approve'),
  reject: t('拒绝', 'Reject'),
  delegate: t('转交', 'Delegate'),
  add_approver: t('加签', 'Add approver'),
  send_back: t('退回', 'Send back'),
  withdraw: t('撤回', 'Withdraw'),
  cancel: t('取消', 'Cancel'),
  submit: t('提交', 'Submit'),
  confirm_ok: t('确定', 'Confirm'),
  confirm_cancel: t('取消', 'Not yet'),
  confirm_title: t('请确认', 'Please confirm'),
  confirm_approve: t('确定同意 {id}「{title}」？', 'Approve {id} "{title}"?'),
  confirm_reject: t('确定拒绝 {id}「{title}」？', 'Reject {id} "{title}"?'),
  confirm_action: t('确认执行「{action}」？', 'Do "{action}"?'),
  field_reason: t('原因', 'Reason'),
  field_comment: t('审批意见', 'Comment'),
  field_person: t('人员', 'Person'),
  field_delegate_to: t('转交给', 'Hand over to'),
  field_send_back_to: t('退回到', 'Send back to'),
  field_flow: t('发布流程', 'Release flow'),
  new_release_title: t('新建发布', 'New release'),
  new_release_next: t('下一步', 'Next'),
  new_release_submit: t('创建发布', 'Create release'),
  created: t(
    '已创建 {id}「{title}」，状态卡片已发到频道。',
    'Created {id} "{title}"; its status card is in the channel.',
  ),
  done: t('已记录：{what}（{id}）。', 'Recorded: {what} ({id}).'),
  duplicate: t('这个操作已经处理过了。', 'That was already handled.'),
  store_unavailable: t('暂时无法保存，请稍后重试。', 'Could not save right now; please try again.'),
  not_found: t('找不到发布 {id}。', 'No release {id}.'),
  unknown_command: t('不认识的命令「{text}」。', 'Unknown command "{text}".'),
  busy: t('同时有其他人在操作，请重试。', 'Someone else acted at the same moment; please try again.'),
  help: t(
    '/release new — 新建发布\n/release list — 我的发布和待我处理\n/release status REL-n — 查看发布单\n/release show REL-n — 发布单的全部内容\n/release withdraw REL-n [原因] — 撤回（上线前，申请人）\n/release cancel REL-n [原因] — 取消发布\n/release calendar [next | 2026-12] — 发布日历：本周、下周或某月的计划窗口、封网期和节假日\n/release board — 发布看板登录链接（私信发给你）\n/release help — 帮助',
    '/release new — start a release\n/release list — mine and awaiting me\n/release status REL-n — show a release\n/release show REL-n — everything a release holds\n/release withdraw REL-n [reason] — withdraw (requester, before launch)\n/release cancel REL-n [reason] — cancel a release\n/release calendar [next | 2026-12] — the release calendar: planned windows, freezes and holidays of this week, next week or a month\n/release board — a sign-in link to the release board, in a direct message\n/release help — this help',
  ),
  // The release board's sign-in link (/release board)
  board_view: t('在发布看板中查看', 'Open on the release board'),
  board_link_header: t('发布看板登录链接', 'Your sign-in link to the release board'),
  board_link_body: t(
    '点击下方链接登录发布看板，查看发布记录、日历、上线文档和交付指标。链接只能使用一次，{until} 前有效。请勿转发。',
    'Open the link below to sign in to the release board: release history, the calendar, launch documents and delivery metrics. It works once, until {until}. Do not forward it.',
  ),
  board_link_label: t('登录发布看板', 'Sign in to the release board'),
  board_link_sent: t(
    '登录链接已通过私信发给你，10 分钟内有效，只能使用一次。',
    'I sent you a sign-in link in a direct message. It works once, within 10 minutes.',
  ),
  board_link_failed: t(
    '无法给你发送私信，请稍后再输入 /release board。',
    'I could not send you a direct message; type /release board again in a moment.',
  ),
  list_awaiting: t('待我处理', 'Awaiting me'),
  list_mine: t('我发起的', 'My releases'),
  list_empty: t('没有进行中的发布。', 'No open releases.'),
  // Status card
  label_flow: t('流程', 'Flow'),
  label_system: t('系统', 'System'),
  label_stage: t('阶段', 'Stage'),
  label_requester: t('申请人', 'Requester'),
  label_awaiting: t('待处理人', 'Awaiting'),
  label_window: t('发布窗口', 'Window'),
  label_loops: t('返工', 'Loops'),
  label_known_issues: t('已知问题', 'Known issues'),
  label_undelivered: t('未能送达', 'Not delivered'),
  label_signed: t('签字人', 'Signed by'),
  label_checklist: t('检查清单', 'Checklist'),
  label_freeze_bypass: t('封网期紧急上线', 'Launched during a freeze'),
  label_verifier: t('线上验证负责人', 'Production verification'),
  label_gate: t('审批', 'Approvals'),
  loops_text: t(
    '冒烟失败 {smoke} 次 · 缺陷返工 {bugs} 轮 · 线上问题 {production} 次',
    'smoke failed {smoke} · bug loops {bugs} · production problems {production}',
  ),
  nobody: t('无', 'nobody'),
  status_active: t('进行中', 'In progress'),
  status_done: t('已完成', 'Done'),
  status_rejected: t('已拒绝', 'Rejected'),
  status_withdrawn: t('已撤回', 'Withdrawn'),
  status_cancelled: t('已取消', 'Cancelled'),
  slot_approved: t('✅ {name} 已同意', '✅ {name} approved'),
  slot_rejected: t('❌ {name} 已拒绝', '❌ {name} rejected'),
  slot_pending: t('⏳ {name} 待审批', '⏳ {name} pending'),
  item_done: t('☑ {label}（{name}）', '☑ {label} ({name})'),
  item_open: t('☐ {label}（{owner}）', '☐ {label} ({owner})'),
  context_line: t('{id} · {flow} v{version} · 更新于 {time}', '{id} · {flow} v{version} · updated {time}'),
  // Action cards and notices
  action_header: t('待你处理：{id}「{title}」', 'For you: {id} "{title}"'),
  action_body: t('当前阶段：{stage}', 'Current stage: {stage}'),
  reminder_header: t('提醒：{id}「{title}」等你处理', 'Reminder: {id} "{title}" is waiting for you'),
  escalation_header: t(
    '超时上报：{id}「{title}」在「{stage}」阶段停留过久',
    'Escalation: {id} "{title}" is stuck at "{stage}"',
  ),
  escalation_body: t('正在等待：{names}', 'Waiting for: {names}'),
  stage_entered_header: t('{id}「{title}」进入：{stage}', '{id} "{title}" is now at: {stage}'),
  rejected_header: t('{name} 拒绝了 {id}「{title}」', '{id} "{title}" was rejected by {name}'),
  sent_back_header: t(
    '{name} 把 {id}「{title}」退回到「{stage}」',
    '{id} "{title}" was sent back to "{stage}" by {name}',
  ),
  withdrawn_header: t('{name} 撤回了 {id}「{title}」', '{id} "{title}" was withdrawn by {name}'),
  cancelled_header: t('{name} 取消了 {id}「{title}」', '{id} "{title}" was cancelled by {name}'),
  delegated_header: t(
    '{name} 把 {id}「{title}」的审批转交给你',
    '{name} handed you the decision on {id} "{title}"',
  ),
  added_header: t(
    '{name} 将你加签为 {id}「{title}」的审批人',
    '{name} added you as an approver of {id} "{title}"',
  ),
  verify_header: t(
    '请做线上验证：{id}「{title}」已上线',
    'Please verify in production: {id} "{title}" is live',
  ),
  activity_end_header: t(
    '活动已到结束时间：{id}「{title}」，请安排下线',
    'The campaign {id} "{title}" has reached its end time; take it down',
  ),
  observation_end_header: t(
    '观察期结束：{id}「{title}」进入移交',
    'Observation ended: {id} "{title}" moves to hand-over',
  ),
  unpassable_header: t(
    '{id}「{title}」已超时，但无法自动执行「{action}」',
    '{id} "{title}" timed out, but "{action}" could not be done automatically',
  ),
  auto_action_header: t(
    '{id}「{title}」已超时，系统自动执行：{action}',
    '{id} "{title}" timed out; done automatically: {action}',
  ),
  reason_line: t('原因：{reason}', 'Reason: {reason}'),
  card_you_approved: t('✅ 你已于 {time} 同意', '✅ You approved at {time}'),
  card_you_rejected: t('❌ 你已于 {time} 拒绝', '❌ You rejected at {time}'),
  // Who may be named, and who may decide (separation of duties)
  err_person_unknown: t(
    '团队配置中没有「{who}」，不能担任{label}',
    '"{who}" is not in the team config, so cannot be {label}',
  ),
  err_person_role: t(
    '{who} 在团队配置中不是{role}，请选择其他人',
    '{who} does not hold the role {role} in the team config; choose someone who does',
  ),
  err_self_named: t(
    '不能指定自己为{label}，申请人不能审批自己的发布',
    'You cannot name yourself {label}: a requester never approves their own release',
  ),
  err_two_slots: t(
    '{who} 已被指定为{other}；同一人不能在「{stage}」担任两个审批角色',
    '{who} is already named {other}; one person cannot fill two approver roles of "{stage}"',
  ),
  gate_no_holder: t('团队配置中没有人担任{role}', 'nobody in the team config holds the role {role}'),
  gate_requester_refused: t(
    '申请人担任{role}，而团队策略不允许申请人审批自己的发布（approverIsRequester 为 refuse）',
    'the requester holds the role {role}, and the team policy refuses a requester as approver (approverIsRequester: refuse)',
  ),
  gate_only_requester: t(
    '申请人是唯一担任{role}的人，而申请人不能审批自己的发布',
    'the requester is the only {role}, and a requester never approves their own release',
  ),
  gate_no_deputy: t(
    '申请人担任{role}，团队策略由其代理人审批，但没有为申请人配置代理人（deputy）',
    'the requester holds the role {role}, and the team policy hands their place to their deputy, but none is configured',
  ),
  gate_taken: t(
    '担任{role}的人都已在这一关担任其他审批角色，同一人不能占两个位置',
    'everyone holding the role {role} already approves this gate in another role; one person cannot fill two places',
  ),
  gate_too_few: t(
    '需要 {need} 人审批，只有 {have} 人符合条件',
    'it needs {need} approvers, and only {have} are eligible',
  ),
  gate_fix_admins: t(
    '请管理员（{admins}）在团队配置中为{role}增加人员，或设置代理人（deputy）与审批策略（approverIsRequester）。',
    'An admin ({admins}) can fix it in the team config: add someone with the role {role}, or set a deputy and approverIsRequester.',
  ),
  gate_fix_config: t(
    '请维护团队配置的人为{role}增加人员，或设置代理人（deputy）与审批策略（approverIsRequester）。',
    'Whoever keeps the team config can fix it: add someone with the role {role}, or set a deputy and approverIsRequester.',
  ),
  // Announcement
  announce_launch: t('🚀 已上线：{id}「{title}」', '🚀 Live: {id} "{title}"'),
  announce_done: t('✅ 已完成：{id}「{title}」', '✅ Done: {id} "{title}"'),
  announce_body: t('{system} · 申请人 {requester}', '{system} · requested by {requester}'),
  // Event lines in the status card's thread
  event_line: t('{name}：{what}', '{name}: {what}'),
  event_create: t('创建发布', 'created the release'),
  event_approve: t('同意', 'approved'),
  event_reject: t('拒绝', 'rejected'),
  event_tick: t('完成「{item}」', 'ticked "{item}"'),
  event_withdraw: t('撤回', 'withdrew'),
  event_cancel: t('取消', 'cancelled'),
  event_delegate: t('转交给 {to}', 'delegated to {to}'),
  event_add_approver: t('加签 {to}', 'added approver {to}'),
  event_send_back: t('退回到「{stage}」', 'sent back to "{stage}"'),
  event_timer: t('系统提醒', 'reminder sent'),
  event_refused: t('操作未执行：{code}', 'not done: {code}'),
  event_undelivered: t('{what}未能送达（已尝试 {n} 次）', 'could not deliver {what} ({n} attempts)'),
  event_undelivered_to: t(
    '{what}未能送达 {name}（已尝试 {n} 次）',
    'could not deliver {what} to {name} ({n} attempts)',
  ),
  undelivered_status_card: t('状态卡片', 'the status card'),
  undelivered_announce: t('公告', 'the announcement'),
  undelivered_notify: t('消息', 'a message'),
  undelivered_cards: t('卡片更新', 'a card update'),
  undelivered_webhook: t('Webhook 通知（{hook}）', 'the webhook event ({hook})'),
  system_name: t('系统', 'System'),
  // Form validation
  err_required: t('必填', 'Required'),
  err_too_long: t('最多 {max} 个字符', 'At most {max} characters'),
  err_number: t('请输入数字', 'Enter a number'),
  err_min: t('不能小于 {min}', 'Must be at least {min}'),
  err_max: t('不能大于 {max}', 'Must be at most {max}'),
  err_url: t('请输入 http(s) 链接', 'Enter an http(s) link'),
  err_date: t('请输入日期时间，例如 2026-12-01 10:00', 'Enter a date and time, e.g. 2026-12-01 10:00'),
  err_option: t('请从选项中选择', 'Choose one of the options'),
  err_person: t('请选择人员', 'Choose a person'),
  err_end_before_start: t('结束时间必须晚于开始时间', 'The end must be after the start'),
  err_unknown_flow: t('没有这个流程', 'No such flow'),
  // ── Issue 12: informed decisions (roles, decided facts, push texts, CC, resets) ──
  role_requester: t('申请人', 'Requester'),
  role_director: t('技术总监', 'Technical director'),
  role_tester: t('测试人员', 'Tester'),
  role_executive: t('高管', 'Executive'),
  role_ops: t('运维负责人', 'Operations owner'),
  role_admin: t('管理员', 'Admin'),
  role_business: t('业务负责人', 'Business owner'),
  role_added: t('加签审批人', 'Added approver'),
  role_system: t('系统', 'the system'),
  release_header: t('{id}「{title}」', '{id} "{title}"'),
  status_summary: t('{id}「{title}」：{stage}', '{id} {title} — {stage}'),
  event_timer_remind: t('系统提醒', 'reminder sent'),
  event_timer_escalate: t('超时上报', 'escalated'),
  event_timer_timeout: t('已超时', 'timed out'),
  event_timer_verify_prompt: t('提醒线上验证', 'asked for production verification'),
  event_timer_activity_end: t('活动已到结束时间', 'campaign end reached'),
  event_timer_observation_end: t('观察期结束', 'observation ended'),
  checklist_open: t('检查清单：还有 {count} 项未完成', 'Checklist: {count} open'),
  freeze_range: t('{start} 至 {end}', '{start} → {end}'),
  fact_round: t('（第 {n} 轮）', ' (round {n})'),
  details: t('详情', 'Details'),
  approve_with_comment: t('附意见同意', 'Approve with comment'),
  details_title: t('{id} 详情', '{id} details'),
  details_more: t(
    '内容较长，输入 /release show {id} 查看全部。',
    'Clipped; type /release show {id} to read all.',
  ),
  push_approve: t('请审批 {id}「{title}」', 'Approve {id} "{title}"'),
  // The stage, not the button: "Verified: REL-1" on a locked phone reads as done, not as asked.
  push_act: t('{stage}：{id}「{title}」等你处理', '{stage}: {id} "{title}" is waiting for you'),
  push_gist: t('{head}——{gist}', '{head} — {gist}'),
  reminder_prefix: t('提醒：{text}', 'Reminder: {text}'),
  reset_reject_header: t(
    '{name} 拒绝了 {id}「{title}」，你的同意已失效',
    'Your approval of {id} "{title}" no longer counts: {name} rejected it',
  ),
  reset_send_back_header: t(
    '{name} 退回了 {id}「{title}」，你的同意已失效',
    'Your approval of {id} "{title}" no longer counts: {name} sent it back',
  ),
  reset_body: t(
    '发布单再次到达「{stage}」时会重新请你审批。',
    'You will be asked again when it reaches "{stage}" again.',
  ),
  which_release: t('请指明发布单，例如：', 'Which release? For example:'),
  which_none: t(
    '请指明发布单：/release {verb} REL-n。你没有进行中的发布单。',
    'Which release? Type /release {verb} REL-n. You have no open releases.',
  ),
  err_start_past: t(
    '开始时间已过；窗口已开始时，请填写尚未到的结束时间',
    'That start has passed; for a window already under way, give an end still ahead',
  ),
  err_date_past: t('这个时间已经过去，请填写之后的时间', 'That time has passed; enter a later one'),
  note_time_taken: t('未填写时间，按 {time} 计', 'No time given: {time} taken'),
  cc_header: t('抄送：{id}「{title}」，{name}：{what}', 'CC: {id} "{title}" — {name}: {what}'),
  cc_body: t('阶段：{stage}。无需你操作。', 'Stage: {stage}. Nothing is asked of you.'),
  ...CALENDAR_TEXTS,
} satisfies Record<string, Text>;

export type TextKey = keyof typeof TEXTS;
