import type { SlackAdapterConfig } from './create-adapter.js';

export type SlackEnv = Pick<SlackAdapterConfig, 'botToken' | 'signingSecret' | 'appToken' | 'apiUrl'>;

/**
 * Reads the Slack settings from the environment once, at start-up. Returns undefined when Slack is
 * not configured (no SLACK_BOT_TOKEN); throws naming the variable and its remedy when it is half set.
 */
export function slackEnv(env: NodeJS.ProcessEnv): SlackEnv | undefined {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) return undefined;
  if (!botToken.startsWith('xoxb-')) {
    throw new Error('SLACK_BOT_TOKEN must be the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"');
  }
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  if (appToken && !appToken.startsWith('xapp-')) {
    throw new Error(
      'SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write, or unset for HTTP mode',
    );
  }
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() ?? '';
  if (!appToken && !signingSecret) {
    throw new Error(
      'SLACK_SIGNING_SECRET is required in HTTP mode: copy it from "Basic Information → App Credentials" ' +
        '(or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  const apiUrl = env.SLACK_API_URL?.trim() || undefined;
  if (apiUrl && !/^https?:\/\//.test(apiUrl)) {
    throw new Error('SLACK_API_URL must be an http(s) URL such as http://127.0.0.1:4010/api/');
  }
  return { botToken, signingSecret, ...(appToken ? { appToken } : {}), ...(apiUrl ? { apiUrl } : {}) };
}
