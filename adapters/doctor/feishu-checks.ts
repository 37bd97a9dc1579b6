import * as lark from '@larksuiteoapi/node-sdk';
import type { FeishuEnv } from '../feishu/config.js';
import { resolveDomain } from '../feishu/domain.js';
import { FEISHU_EVENTS_PATH } from '../feishu/index.js';
import { lookUpFeishuPerson } from '../feishu/lookup-person.js';
import { openApi } from '../feishu/open-api.js';
import { FEISHU_SCOPES } from '../feishu/scopes.js';
import { TokenCache } from '../feishu/token-cache.js';
import { peopleCheck } from './people-check.js';
import { reachable } from './reachable.js';
import { type CheckResult, type DoctorContext, fail, messageOf, ok, warn } from './types.js';

const BASES: Record<string, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

async function postJson(
  url: string,
  body: unknown,
): Promise<{ code?: number; msg?: string } & Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return (await res.json()) as { code?: number; msg?: string };
}

/**
 * Feishu as golive will use it: the app credentials (a tenant token), the permissions the tenant
 * granted (`/open-apis/application/v6/scopes`, which needs none), the long connection's endpoint
 * (the SDK's first call, which refuses a wrong secret with code 514) and its socket host — no socket
 * is opened, so no event meant for a running golive lands here —, the announce chat, and every
 * configured open_id (through the contact API, if the app may read it).
 */
export async function checkFeishu(ctx: DoctorContext, feishu: FeishuEnv): Promise<CheckResult[]> {
  const { say } = ctx;
  const base = BASES[feishu.domain] ?? feishu.domain.replace(/\/$/, '');
  const host = new URL(base).host;
  try {
    const token = await postJson(`${base}/open-apis/auth/v3/tenant_access_token/internal`, {
      app_id: feishu.appId,
      app_secret: feishu.appSecret,
    });
    if (token.code !== 0)
      return [
        fail(
          say('feishuCredentials'),
          say('feishuCredentialsBad', { error: `code ${token.code}: ${token.msg}` }),
          say('feishuCredentialsFix'),
        ),
      ];
  } catch (err) {
    return [
      fail(
        say('feishuCredentials'),
        say('unreachable', { host, error: messageOf(err) }),
        say('unreachableFix', { host }),
      ),
    ];
  }
  const client = new lark.Client({
    appId: feishu.appId,
    appSecret: feishu.appSecret,
    domain: resolveDomain(feishu.domain),
    cache: new TokenCache(),
    loggerLevel: lark.LoggerLevel.error,
  });
  return [
    ok(say('feishuCredentials'), say('feishuCredentialsOk')),
    await scopesCheck(ctx, client),
    await connectionCheck(ctx, feishu, base),
    await announceCheck(ctx, client),
    await peopleCheck(ctx, 'feishu', say('feishuPeople'), say('feishuPeopleFix'), (id) =>
      lookUpFeishuPerson(client, id),
    ),
  ];
}

async function scopesCheck(ctx: DoctorContext, client: lark.Client): Promise<CheckResult> {
  const { say } = ctx;
  const name = say('feishuScopes');
  try {
    const res = await openApi<{ scopes?: { scope_name: string; grant_status: number }[] }>(client, {
      method: 'GET',
      url: '/open-apis/application/v6/scopes',
    });
    if (res.code !== 0)
      return warn(
        name,
        say('feishuScopesUnknown', { error: `code ${res.code}: ${res.msg}` }),
        say('feishuScopesFix'),
      );
    const granted = new Set(
      (res.data?.scopes ?? []).filter((s) => s.grant_status === 1).map((s) => s.scope_name),
    );
    const missing = FEISHU_SCOPES.filter((s) => !granted.has(s));
    if (missing.length)
      return fail(name, say('feishuScopesMissing', { scopes: missing.join(', ') }), say('feishuScopesFix'));
    return ok(name, say('feishuScopesOk', { scopes: FEISHU_SCOPES.join(', ') }));
  } catch (err) {
    return warn(name, say('feishuScopesUnknown', { error: messageOf(err) }), say('feishuScopesFix'));
  }
}

async function connectionCheck(ctx: DoctorContext, feishu: FeishuEnv, base: string): Promise<CheckResult> {
  const { say } = ctx;
  const name = say('feishuConnection');
  if (feishu.mode === 'webhook') {
    if (!feishu.encryptKey) return fail(name, say('feishuWebhookNoKey'), say('feishuWebhookFix'));
    return warn(
      name,
      say('feishuWebhookNote', { path: `https://<host>${FEISHU_EVENTS_PATH}` }),
      say('feishuWebhookFix'),
    );
  }
  let url: string;
  try {
    // What the SDK's WSClient asks first (pullConnectConfig): the credentials, and whether this app may hold a long connection.
    const res = (await postJson(`${base}/callback/ws/endpoint`, {
      AppID: feishu.appId,
      AppSecret: feishu.appSecret,
    })) as {
      code?: number;
      msg?: string;
      data?: { URL?: string };
    };
    if (res.code !== 0 || !res.data?.URL)
      return fail(name, say('feishuWsBad', { error: `code ${res.code}: ${res.msg}` }), say('feishuWsFix'));
    url = res.data.URL;
  } catch (err) {
    const host = new URL(base).host;
    return fail(name, say('unreachable', { host, error: messageOf(err) }), say('unreachableFix', { host }));
  }
  const wsHost = new URL(url).host;
  try {
    await reachable(url);
    return ok(name, say('feishuWsOk', { host: wsHost }));
  } catch (err) {
    return fail(
      name,
      say('unreachable', { host: wsHost, error: messageOf(err) }),
      say('unreachableFix', { host: wsHost }),
    );
  }
}

/** Codes of a missing permission: the chat cannot be checked, which is not the chat's fault. */
const NO_PERMISSION = new Set([99991672, 99991679]);

async function announceCheck(ctx: DoctorContext, client: lark.Client): Promise<CheckResult> {
  const { say } = ctx;
  const name = say('feishuAnnounce');
  const chat = ctx.config?.announce.feishu;
  if (!chat) return warn(name, say('announceNone'), say('announceNoneFix'));
  try {
    const res = await openApi<{ is_in_chat?: boolean }>(client, {
      method: 'GET',
      url: `/open-apis/im/v1/chats/${encodeURIComponent(chat)}/members/is_in_chat`,
    });
    if (res.code === 0)
      return res.data?.is_in_chat
        ? ok(name, say('announceOk', { channel: chat }))
        : fail(name, say('feishuAnnounceBad', { chat }), say('feishuAnnounceFix'));
    if (NO_PERMISSION.has(res.code))
      return warn(
        name,
        say('feishuAnnounceUnchecked', { chat, error: `code ${res.code}` }),
        say('feishuAnnounceUncheckedFix'),
      );
    return fail(
      name,
      say('feishuAnnounceMissing', { chat, error: `code ${res.code}: ${res.msg}` }),
      say('feishuAnnounceFix'),
    );
  } catch (err) {
    return warn(
      name,
      say('feishuAnnounceUnchecked', { chat, error: messageOf(err) }),
      say('feishuAnnounceUncheckedFix'),
    );
  }
}
