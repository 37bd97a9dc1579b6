import { WebClient } from '@slack/web-api';
import { slackClientOptions } from '../slack/client-options.js';
import type { SlackEnv } from '../slack/env.js';
import { SLACK_EVENTS_PATH } from '../slack/http-mount.js';
import { lookUpSlackPerson } from '../slack/lookup-person.js';
import { SLACK_ADOPTION_SCOPES, SLACK_BOT_SCOPES, SLACK_OPTIONAL_SCOPES } from '../slack/scopes.js';
import { peopleCheck } from './people-check.js';
import { reachable } from './reachable.js';
import { type CheckResult, type DoctorContext, fail, messageOf, ok, warn } from './types.js';

const codeOf = (err: unknown): string =>
  ((err as { data?: { error?: unknown } }).data?.error as string | undefined) ?? messageOf(err);

/**
 * Slack as golive will use it: the bot token (`auth.test`) and its scopes (Slack sends them back in
 * `x-oauth-scopes`), Socket Mode's app token and socket host, the announce channel (a message
 * scheduled a day ahead and deleted at once: Slack checks the channel and the bot's right to post,
 * and nobody sees anything), and every configured member id (`users.info`).
 */
export async function checkSlack(ctx: DoctorContext, slack: SlackEnv): Promise<CheckResult[]> {
  const { say } = ctx;
  const options = slackClientOptions({ ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}), retries: 0 });
  const client = new WebClient(slack.botToken, options);
  let scopes: string[] | undefined;
  try {
    const auth = await client.auth.test();
    scopes = auth.response_metadata?.scopes;
    const results: CheckResult[] = [
      ok(
        say('slackToken'),
        say('slackTokenOk', { team: String(auth.team ?? '?'), user: String(auth.user ?? '?') }),
      ),
    ];
    results.push(scopesCheck(ctx, scopes));
    results.push(await connectionCheck(ctx, slack, options));
    results.push(await announceCheck(ctx, client));
    results.push(
      await peopleCheck(ctx, 'slack', say('slackPeople'), say('slackPeopleFix'), (id) =>
        lookUpSlackPerson(client, id),
      ),
    );
    return results;
  } catch (err) {
    const host = new URL(slack.apiUrl ?? 'https://slack.com/api/').host;
    if ((err as { data?: unknown }).data === undefined)
      return [
        fail(
          say('slackToken'),
          say('unreachable', { host, error: messageOf(err) }),
          say('unreachableFix', { host }),
        ),
      ];
    return [fail(say('slackToken'), say('slackTokenBad', { error: codeOf(err) }), say('slackTokenFix'))];
  }
}

function scopesCheck(ctx: DoctorContext, granted: string[] | undefined): CheckResult {
  const { say } = ctx;
  const name = say('slackScopes');
  if (!granted) return warn(name, say('slackScopesUnknown'), say('slackScopesFix'));
  const missing = SLACK_BOT_SCOPES.filter((s) => !granted.includes(s));
  if (missing.length)
    return fail(name, say('slackScopesMissing', { scopes: missing.join(', ') }), say('slackScopesFix'));
  const noPublic = SLACK_OPTIONAL_SCOPES.some((s) => !granted.includes(s));
  const noHistory = SLACK_ADOPTION_SCOPES.filter((s) => !granted.includes(s));
  if (noPublic || noHistory.length) {
    const history = { scopes: noHistory.join(', ') };
    return warn(
      name,
      [noPublic ? say('slackScopesPublic') : '', noHistory.length ? say('slackScopesHistory', history) : '']
        .filter(Boolean)
        .join('; '),
      [
        noPublic ? say('slackScopesPublicFix') : '',
        noHistory.length ? say('slackScopesHistoryFix', history) : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  }
  return ok(
    name,
    say('slackScopesOk', {
      scopes: [...SLACK_BOT_SCOPES, ...SLACK_OPTIONAL_SCOPES, ...SLACK_ADOPTION_SCOPES].join(', '),
    }),
  );
}

async function connectionCheck(
  ctx: DoctorContext,
  slack: SlackEnv,
  options: ConstructorParameters<typeof WebClient>[1],
): Promise<CheckResult> {
  const { say } = ctx;
  const name = say('slackConnection');
  if (!slack.appToken)
    return warn(
      name,
      say('slackHttpNote', { path: `https://<host>${SLACK_EVENTS_PATH}` }),
      say('slackHttpFix'),
    );
  let url: string;
  try {
    const opened = await new WebClient(slack.appToken, options).apps.connections.open();
    url = String(opened.url);
  } catch (err) {
    return fail(name, say('slackSocketBad', { error: codeOf(err) }), say('slackSocketFix'));
  }
  const host = new URL(url).host;
  try {
    await reachable(url);
    return ok(name, say('slackSocketOk', { host }));
  } catch (err) {
    return fail(name, say('unreachable', { host, error: messageOf(err) }), say('unreachableFix', { host }));
  }
}

async function announceCheck(ctx: DoctorContext, client: WebClient): Promise<CheckResult> {
  const { say } = ctx;
  const name = say('slackAnnounce');
  const channel = ctx.config?.announce.slack;
  if (!channel) return warn(name, say('announceNone'), say('announceNoneFix'));
  try {
    const scheduled = await client.chat.scheduleMessage({
      channel,
      text: 'golive doctor: checking that launches can be announced here (deleted before it is sent)',
      post_at: Math.floor(Date.now() / 1000) + 24 * 3600,
    });
    if (scheduled.scheduled_message_id)
      await client.chat.deleteScheduledMessage({
        channel,
        scheduled_message_id: scheduled.scheduled_message_id,
      });
    return ok(name, say('announceOk', { channel }));
  } catch (err) {
    const code = codeOf(err);
    const fix = code === 'not_in_channel' ? say('slackAnnounceInviteFix') : say('slackAnnounceMissingFix');
    return fail(name, say('slackAnnounceBad', { channel, error: code }), fix);
  }
}
