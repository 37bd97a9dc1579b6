import type { Logger } from '../../src/log.js';
import type { LinkReporter } from '../../src/server/readiness.js';
import type { SocketLinkReceiver } from './socket-receiver.js';

/** Errors of `apps.connections.open` that another try cannot fix: the app-level token is wrong. */
const TOKEN_ERRORS: Record<string, string> = {
  invalid_auth: 'Slack does not accept SLACK_APP_TOKEN',
  not_authed: 'SLACK_APP_TOKEN is empty or was not sent',
  account_inactive: 'the app-level token belongs to an app that was deleted or uninstalled',
  token_revoked: 'the app-level token was revoked',
  token_expired: 'the app-level token expired',
  not_allowed_token_type: 'SLACK_APP_TOKEN is not an app-level token',
  user_removed_from_team: 'the app was removed from the workspace',
  team_disabled: 'the workspace is disabled',
};

const REMEDY =
  'generate an app-level token with the connections:write scope (app settings → Basic Information → ' +
  'App-Level Tokens), put it in SLACK_APP_TOKEN and restart golive';

/** The Web API error code inside an SDK error, if there is one (`invalid_auth`, …). */
function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** First and later tries of a connection that failed for a reason that may pass (network), ms. */
const RETRY_MS = [5_000, 15_000, 30_000, 60_000];

/**
 * Opens Socket Mode and keeps `link` (what `/readyz` reports) in step with the Socket Mode client:
 * connected on Slack's `hello`, reconnecting while it reconnects, failed — with what to fix — when
 * Slack refuses the app-level token. The SDK gives up on a refused token and on network errors at
 * the first `apps.connections.open`; the second kind is tried again here, the first needs a new token.
 * Resolves once the first try has connected or failed.
 */
export function openSocketMode(opts: {
  receiver: SocketLinkReceiver;
  start: () => Promise<unknown>;
  link: LinkReporter;
  log: Logger;
}): { opened: Promise<void>; close(): void } {
  const { receiver, link, log } = opts;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let attempt = 0;
  let everConnected = false;
  receiver.onState((state) => {
    if (state === 'connected') {
      if (link.status().state !== 'connected') log.info('slack socket mode connected');
      attempt = 0;
      everConnected = true;
      link.connected();
      return;
    }
    // The client also says "reconnecting" while its first apps.connections.open is retried: that is
    // still connecting (not ready), not a connection that dropped.
    if (!closed && everConnected) link.reconnecting();
  });

  const tryOpen = async (): Promise<void> => {
    try {
      await opts.start();
    } catch (err) {
      if (closed) return;
      const code = slackErrorCode(err);
      const refused = code ? TOKEN_ERRORS[code] : undefined;
      if (refused) {
        const problem = `${refused} (${code} from apps.connections.open): ${REMEDY}`;
        link.failed(problem);
        log.error({ code }, `slack socket mode cannot connect: ${problem}`);
        return;
      }
      const waitMs = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 60_000;
      attempt += 1;
      const problem = `could not open Socket Mode (${code ?? (err instanceof Error ? err.message : String(err))}); trying again in ${waitMs / 1000} s — check that this host reaches slack.com and wss-primary.slack.com`;
      link.connecting(problem);
      log.warn({ err }, `slack socket mode: ${problem}`);
      retry = setTimeout(() => void tryOpen(), waitMs);
      retry.unref();
    }
  };
  return {
    opened: tryOpen(),
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
    },
  };
}
