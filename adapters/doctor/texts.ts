import { type Locale, localize, type Text } from '../../src/i18n/text.js';

/** What `npm run doctor` prints: a name per check, what it found, and the fix. */
const TEXTS = {
  // Check names.
  config: { 'zh-CN': '配置文件', en: 'config file' },
  schedule: { 'zh-CN': '工作时间和时区', en: 'working hours' },
  holidays: { 'zh-CN': '节假日日历', en: 'holiday calendar' },
  webhooks: { 'zh-CN': 'Webhook', en: 'webhooks' },
  store: { 'zh-CN': '数据存储', en: 'data store' },
  slackToken: { 'zh-CN': 'Slack 令牌', en: 'Slack token' },
  slackScopes: { 'zh-CN': 'Slack 权限', en: 'Slack scopes' },
  slackConnection: { 'zh-CN': 'Slack 连接', en: 'Slack connection' },
  slackAnnounce: { 'zh-CN': 'Slack 公告频道', en: 'Slack announce channel' },
  slackPeople: { 'zh-CN': 'Slack 人员', en: 'Slack people' },
  feishuCredentials: { 'zh-CN': '飞书凭证', en: 'Feishu credentials' },
  feishuScopes: { 'zh-CN': '飞书权限', en: 'Feishu permissions' },
  feishuConnection: { 'zh-CN': '飞书连接', en: 'Feishu connection' },
  feishuAnnounce: { 'zh-CN': '飞书公告群', en: 'Feishu announce chat' },
  feishuPeople: { 'zh-CN': '飞书人员', en: 'Feishu people' },
  platforms: { 'zh-CN': '聊天平台', en: 'chat platforms' },

  fix: { 'zh-CN': '处理：', en: 'fix: ' },
  summary: {
    'zh-CN': '共 {total} 项检查：{ok} 项正常，{failed} 项失败，{warned} 项需要留意。',
    en: '{total} checks: {ok} ok, {failed} failed, {warned} to look at.',
  },
  envFile: { 'zh-CN': '已读取 {path}', en: 'read {path}' },
  noEnvFile: { 'zh-CN': '没有找到 {path}，只用环境变量', en: 'no {path}: the environment only' },

  // Config and schedule.
  configOk: {
    'zh-CN': '{path}：{people} 人，{flows} 个流程',
    en: '{path}: {people} people, {flows} flows',
  },
  configExample: {
    'zh-CN': '正在使用示例配置 {path}，其中的人员 ID 都是占位符',
    en: 'the example config {path} is in use; its people ids are placeholders',
  },
  configExampleFix: {
    'zh-CN': '复制一份，填入团队成员的 ID，并把 GOLIVE_CONFIG 指向它',
    en: "copy it, put your team's ids in, and point GOLIVE_CONFIG at the copy",
  },
  configBad: { 'zh-CN': '无法读取：{error}', en: 'cannot be read: {error}' },
  configBadFix: {
    'zh-CN': '按上面的提示修改配置文件（GOLIVE_CONFIG）或流程文件（FLOWS_DIR）',
    en: 'correct the config file (GOLIVE_CONFIG) or the flow files (FLOWS_DIR) as the message says',
  },
  configNone: {
    'zh-CN': '没有设置 GOLIVE_CONFIG：没有任何人员和角色',
    en: 'GOLIVE_CONFIG is not set: nobody is configured, no roles',
  },
  configNoneFix: {
    'zh-CN': '以 config/example.yaml 为模板写一份配置，并设置 GOLIVE_CONFIG',
    en: 'write a config from config/example.yaml and set GOLIVE_CONFIG',
  },
  scheduleOk: {
    'zh-CN': '{zone}，{days} {start} 至 {end}；当地现在是{now}（{inside}）',
    en: '{zone}, {days} {start}–{end}; it is {now} there ({inside})',
  },
  insideHours: { 'zh-CN': '工作时间内', en: 'inside working hours' },
  outsideHours: { 'zh-CN': '工作时间外', en: 'outside working hours' },
  scheduleShort: {
    'zh-CN': '每个工作日只有 {minutes} 分钟（{start} 至 {end}），按工作时间计算的提醒会拖很多天',
    en: 'a working day of only {minutes} minutes ({start}–{end}): reminders counted in working hours would take days',
  },
  scheduleShortFix: {
    'zh-CN': '把 workingHours.start 和 end 设为团队真实的上下班时间（24 小时制，例如 09:00 和 18:00）',
    en: "set workingHours.start and end to the team's real hours (24-hour clock, e.g. 09:00 and 18:00)",
  },
  scheduleDays: {
    'zh-CN': 'workingHours.days 中有重复的日子：{days}',
    en: 'workingHours.days lists a day twice: {days}',
  },
  scheduleDaysFix: {
    'zh-CN': '每个工作日只写一次（1 = 周一 … 7 = 周日）',
    en: 'list each working day once (1 = Monday … 7 = Sunday)',
  },
  holidaysOk: {
    'zh-CN': '{calendar}，到 {until} 为止（还有 {days} 天）',
    en: '{calendar}, until {until} ({days} days left)',
  },
  holidaysEnding: {
    'zh-CN': '{calendar} 到 {until} 就结束了（还有 {days} 天），之后提醒只按周一至周五计算工作时间',
    en: '{calendar} ends on {until} ({days} days left): after it, reminders count weekdays only',
  },
  holidaysEndingFix: {
    'zh-CN':
      '添加下一年的日历文件（中国大陆：国务院公布通知后添加 calendars/cn-2027.yaml），并把配置中的 holidays 指向它',
    en: 'add next year\'s calendar (mainland China: calendars/cn-2027.yaml, once the State Council publishes its notice) and point "holidays" in the config at it',
  },

  webhooksOk: {
    'zh-CN': '{n} 个 Webhook（{ids}），签名密钥都已设置',
    en: '{n} webhook(s) ({ids}), every signing secret set',
  },
  webhooksUnset: {
    'zh-CN': '未设置签名密钥：{vars}，golive 不会启动',
    en: 'signing secret not set: {vars}; golive will not start',
  },
  webhooksUnsetFix: {
    'zh-CN': '在环境变量或 .env 中设置这些变量（可用 openssl rand -hex 32 生成），并把同样的密钥交给接收方',
    en: 'set these variables in the environment or .env (openssl rand -hex 32 makes one) and give the receiver the same secret',
  },

  // Store.
  storeSqliteOk: { 'zh-CN': 'SQLite 文件 {file} 可读写', en: 'SQLite file {file} can be read and written' },
  storeSqliteBad: { 'zh-CN': '无法写入 {dir}：{error}', en: 'cannot write in {dir}: {error}' },
  storeSqliteFix: {
    'zh-CN': '让运行 golive 的用户可以写 DATA_DIR（Docker 中挂载一个卷到 /app/data），或设置 MONGODB_URI',
    en: 'make DATA_DIR writable by the user running golive (Docker: mount a volume at /app/data), or set MONGODB_URI',
  },
  storeMongoOk: {
    'zh-CN': 'MongoDB {host} 可达，数据库 {db} 可写（主节点）',
    en: 'MongoDB {host} answers and database {db} is writable (primary)',
  },
  storeMongoBad: { 'zh-CN': 'MongoDB {host}：{error}', en: 'MongoDB {host}: {error}' },
  storeMongoFix: {
    'zh-CN': '检查 MONGODB_URI 的地址、端口和账号；账号需要数据库 {db} 的 readWrite 权限；副本集要有主节点',
    en: 'check the host, port and credentials in MONGODB_URI; the user needs readWrite on {db}; a replica set needs a primary',
  },
  storeMongoStandalone: {
    'zh-CN': '这是单机服务器，不支持事务，而 golive 保存每个操作时都要用事务',
    en: 'it is a standalone server, which runs no transactions, and golive commits every action in one',
  },
  storeMongoStandaloneFix: {
    'zh-CN':
      '把它改成副本集，一个成员就够：用 --replSet rs0 启动 mongod，在 mongosh 中执行一次 rs.initiate()，并在 MONGODB_URI 末尾加上 ?replicaSet=rs0',
    en: 'make it a replica set — one member is enough: start mongod with --replSet rs0, run rs.initiate() once in mongosh, and add ?replicaSet=rs0 to MONGODB_URI',
  },
  storeMongoNotPrimary: {
    'zh-CN': '连接到的不是可写的主节点',
    en: 'the server it reached is not a writable primary',
  },

  // Slack.
  slackTokenOk: {
    'zh-CN': '有效：工作区「{team}」，机器人 @{user}',
    en: 'valid for workspace "{team}" as @{user}',
  },
  slackTokenBad: {
    'zh-CN': 'Slack 拒绝了 SLACK_BOT_TOKEN（{error}）',
    en: 'Slack refused SLACK_BOT_TOKEN ({error})',
  },
  slackTokenFix: {
    'zh-CN':
      '在应用设置的「OAuth & Permissions」页重新复制 Bot User OAuth Token（xoxb-…）；令牌被撤销时重新安装应用',
    en: 'copy the Bot User OAuth Token (xoxb-…) again from the app\'s "OAuth & Permissions" page; reinstall the app if it was revoked',
  },
  unreachable: {
    'zh-CN': '连不上 {host}：{error}',
    en: 'cannot reach {host}: {error}',
  },
  unreachableFix: {
    'zh-CN': '检查这台机器的网络、代理和防火墙是否放行 {host}',
    en: 'check that this host may reach {host} (network, proxy, firewall)',
  },
  slackScopesOk: { 'zh-CN': '具备所需权限：{scopes}', en: 'has what golive calls for: {scopes}' },
  slackScopesMissing: { 'zh-CN': '缺少权限：{scopes}', en: 'missing scopes: {scopes}' },
  slackScopesFix: {
    'zh-CN': '在「OAuth & Permissions → Scopes」中添加（或按清单重新创建应用），然后重新安装应用',
    en: 'add them under "OAuth & Permissions → Scopes" (or re-create the app from the manifest), then reinstall the app',
  },
  slackScopesPublic: {
    'zh-CN': '没有 chat:write.public：机器人要先被邀请进频道，才能在那里发状态卡片',
    en: 'no chat:write.public: the bot must be invited to a channel before it can post status cards there',
  },
  slackScopesPublicFix: {
    'zh-CN': '添加 chat:write.public 并重新安装应用，或把 @golive 邀请进每个发布频道',
    en: 'add chat:write.public and reinstall the app, or invite @golive to every release channel',
  },
  // Adoption of a status card a lost try may have posted (adapters/slack/adopt.ts).
  slackScopesHistory: {
    'zh-CN':
      '没有 {scopes}：状态卡片或公告若在发送途中失去回音（副本崩溃、超时），重试时无法找回已发出的那条，频道里可能出现两条',
    en: 'no {scopes}: a status card or announcement whose send lost its answer (a replica crashed, a timeout) cannot be found again, so the channel may show it twice',
  },
  slackScopesHistoryFix: {
    'zh-CN': '添加 {scopes} 并重新安装应用（清单中已列出）',
    en: 'add {scopes} and reinstall the app (the manifests ask for them)',
  },
  slackScopesUnknown: {
    'zh-CN': 'Slack 没有返回令牌的权限列表，无法检查',
    en: 'Slack did not say which scopes the token has; they cannot be checked',
  },
  slackSocketOk: {
    'zh-CN': 'Socket Mode：SLACK_APP_TOKEN 有效，{host} 可达',
    en: 'Socket Mode: SLACK_APP_TOKEN is valid and {host} is reachable',
  },
  slackSocketBad: {
    'zh-CN': 'Slack 拒绝了 SLACK_APP_TOKEN（apps.connections.open：{error}）',
    en: 'Slack refused SLACK_APP_TOKEN (apps.connections.open: {error})',
  },
  slackSocketFix: {
    'zh-CN':
      '在「Basic Information → App-Level Tokens」生成带 connections:write 权限的应用级令牌（xapp-…），填入 SLACK_APP_TOKEN；并在「Socket Mode」页打开 Socket Mode',
    en: 'generate an app-level token with connections:write under "Basic Information → App-Level Tokens" (xapp-…) into SLACK_APP_TOKEN, and turn Socket Mode on in the app\'s "Socket Mode" page',
  },
  slackHttpNote: {
    'zh-CN': 'HTTP 模式：Slack 要能通过 HTTPS 访问 {path}，这里无法检查',
    en: 'HTTP mode: Slack must reach {path} over HTTPS, which cannot be checked from here',
  },
  slackHttpFix: {
    'zh-CN': 'golive 启动后，在「Event Subscriptions」中验证 Request URL（Retry），并保存',
    en: 'once golive runs, verify the Request URL under "Event Subscriptions" (Retry) and save',
  },
  announceOk: { 'zh-CN': '{channel}：机器人可以在这里发消息', en: '{channel}: the bot can post there' },
  announceNone: {
    'zh-CN': '没有配置公告频道：上线消息只发到发起发布的频道',
    en: 'no announce channel configured: launches are announced only where the release was started',
  },
  announceNoneFix: {
    'zh-CN': '在配置的 announce 中填入频道 ID',
    en: 'set announce in the config to a channel id',
  },
  slackAnnounceBad: {
    'zh-CN': '{channel}：无法在这里发消息（{error}）',
    en: '{channel}: the bot cannot post there ({error})',
  },
  slackAnnounceMissingFix: {
    'zh-CN': 'announce.slack 要填频道 ID（C…）：打开频道 → 点频道名称 → 「关于」最下方的频道 ID',
    en: 'announce.slack must be a channel id (C…): open the channel → its name → About → Channel ID at the bottom',
  },
  slackAnnounceInviteFix: {
    'zh-CN': '在该频道中输入 /invite @golive',
    en: 'type /invite @golive in that channel',
  },
  peopleOk: { 'zh-CN': '配置中的 {count} 人都找到了', en: 'all {count} configured people found' },
  peopleNone: {
    'zh-CN': '配置中没有人填写这个平台的 ID',
    en: 'nobody in the config has an id on this platform',
  },
  peopleNoneFix: {
    'zh-CN': '在配置的 people 中为每个人填上 ID',
    en: 'give each person their id under people in the config',
  },
  peopleMissing: {
    'zh-CN': '{count} 人找不到：{who}',
    en: '{count} not found: {who}',
  },
  peopleUnchecked: { 'zh-CN': '无法检查：{why}', en: 'cannot be checked: {why}' },
  slackPeopleFix: {
    'zh-CN': '在对方的 Slack 个人资料中点 ⋮ →「Copy member ID」，填到配置中此人的 slack',
    en: "copy the member ID from the person's Slack profile (⋮ → Copy member ID) into their slack: in the config",
  },

  // Feishu.
  feishuCredentialsOk: {
    'zh-CN': 'App ID 和 App Secret 有效（已获取 tenant_access_token）',
    en: 'App ID and App Secret are valid (a tenant_access_token was issued)',
  },
  feishuCredentialsBad: {
    'zh-CN': '飞书拒绝了 FEISHU_APP_ID / FEISHU_APP_SECRET（{error}）',
    en: 'Feishu refused FEISHU_APP_ID / FEISHU_APP_SECRET ({error})',
  },
  feishuCredentialsFix: {
    'zh-CN':
      '在开发者后台「凭证与基础信息」重新复制 App ID 和 App Secret；Lark 国际版要设置 FEISHU_DOMAIN=lark',
    en: 'copy App ID and App Secret again from the developer console (凭证与基础信息 / Credentials & Basic Info); for Lark set FEISHU_DOMAIN=lark',
  },
  feishuScopesOk: { 'zh-CN': '已开通所需权限：{scopes}', en: 'granted what golive calls for: {scopes}' },
  feishuScopesMissing: { 'zh-CN': '未开通：{scopes}', en: 'not granted: {scopes}' },
  feishuScopesFix: {
    'zh-CN': '在「权限管理」中开通这些权限，然后在「版本管理与发布」创建新版本并发布（由管理员审核）',
    en: 'add them under 权限管理 (Permissions & Scopes), then create and publish a new version under 版本管理与发布 (the admin approves it)',
  },
  feishuScopesUnknown: {
    'zh-CN': '无法读取已开通的权限（{error}）',
    en: 'the granted permissions cannot be read ({error})',
  },
  feishuWsOk: {
    'zh-CN': '长连接：飞书接受了凭证，{host} 可达',
    en: 'long connection: Feishu accepted the credentials and {host} is reachable',
  },
  feishuWsBad: {
    'zh-CN': '飞书拒绝了长连接（{error}）',
    en: 'Feishu refused the long connection ({error})',
  },
  feishuWsFix: {
    'zh-CN':
      '代码 514：App ID 或 App Secret 不对，到「凭证与基础信息」重新复制；代码 403：长连接只适用于企业自建应用，否则请用 FEISHU_MODE=webhook',
    en: 'code 514: wrong App ID or App Secret, copy them again from 凭证与基础信息; code 403: the long connection is for self-built apps, use FEISHU_MODE=webhook otherwise',
  },
  feishuWebhookNote: {
    'zh-CN': 'Webhook 模式：飞书要能通过 HTTPS 访问 {path}，这里无法检查',
    en: 'webhook mode: Feishu must reach {path} over HTTPS, which cannot be checked from here',
  },
  feishuWebhookFix: {
    'zh-CN':
      '先在「事件与回调 → 加密策略」设置 Encrypt Key 并填入 FEISHU_ENCRYPT_KEY，启动 golive，再填写请求地址',
    en: 'set the Encrypt Key first (事件与回调 → 加密策略) and put it in FEISHU_ENCRYPT_KEY, start golive, then enter the request URL',
  },
  feishuWebhookNoKey: {
    'zh-CN': 'Webhook 模式没有设置 FEISHU_ENCRYPT_KEY',
    en: 'webhook mode without FEISHU_ENCRYPT_KEY',
  },
  feishuAnnounceBad: {
    'zh-CN': '{chat}：机器人不在这个群里',
    en: '{chat}: the bot is not in this chat',
  },
  feishuAnnounceMissing: {
    'zh-CN': '{chat}：找不到这个群（{error}）',
    en: '{chat}: no such chat ({error})',
  },
  feishuAnnounceFix: {
    'zh-CN': '在群设置 → 群机器人 → 添加机器人，把 golive 加进群；announce.feishu 要填群的 chat_id（oc_…）',
    en: 'add golive to the chat (群设置 → 群机器人 → 添加机器人); announce.feishu must be the chat_id (oc_…)',
  },
  feishuAnnounceUnchecked: {
    'zh-CN': '无法检查 {chat}：应用没有读取群信息的权限（{error}）',
    en: 'cannot check {chat}: the app may not read chat information ({error})',
  },
  feishuAnnounceUncheckedFix: {
    'zh-CN': '可选：开通 im:chat:readonly（获取群组信息）后重新发布版本，即可检查',
    en: 'optional: grant im:chat:readonly (获取群组信息) and publish a new version to have this checked',
  },
  feishuPeopleFix: {
    'zh-CN':
      '在 API 调试台选择 golive 应用，用「快速复制 open_id」找到此人的 open_id，填到配置中此人的 feishu',
    en: "copy the person's open_id for this app from the API explorer (API 调试台: choose the golive app, 快速复制 open_id) into their feishu: in the config",
  },
  noPlatform: {
    'zh-CN': '没有设置 SLACK_BOT_TOKEN 或 FEISHU_APP_ID：golive 会以本地模式启动',
    en: 'neither SLACK_BOT_TOKEN nor FEISHU_APP_ID is set: golive would start in local mode',
  },
  noPlatformFix: {
    'zh-CN': '把 .env.example 复制为 .env 并填入 Slack 或飞书的凭证（见 README）',
    en: 'copy .env.example to .env and fill in Slack or Feishu credentials (see the README)',
  },
  platformEnvBad: { 'zh-CN': '环境变量有误：{error}', en: 'the environment is wrong: {error}' },
  platformEnvFix: {
    'zh-CN': '按提示修改 .env 或环境变量',
    en: 'correct .env or the environment as the message says',
  },
} satisfies Record<string, Text>;

export type DoctorTextKey = keyof typeof TEXTS;
export type Say = (key: DoctorTextKey, params?: Record<string, string | number>) => string;

export function sayIn(locale: Locale): Say {
  return (key, params) => localize(TEXTS[key], locale, params);
}
