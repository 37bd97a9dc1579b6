import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slackEnv } from '../../adapters/slack/env.js';
import { SLASH_COMMAND } from '../../adapters/slack/handlers/command.js';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/http-mount.js';
import {
  SLACK_ADOPTION_SCOPES,
  SLACK_BOT_SCOPES,
  SLACK_OPTIONAL_SCOPES,
} from '../../adapters/slack/scopes.js';

interface Manifest {
  features: { app_home: { home_tab_enabled: boolean }; slash_commands: { command: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const load = (name: string) =>
  parse(readFileSync(new URL(`../../adapters/slack/${name}`, import.meta.url), 'utf8')) as Manifest;

describe('Slack app manifests', () => {
  it.each([
    ['manifest.yml', false],
    ['manifest.socket-mode.yml', true],
  ])('%s asks for what the adapter uses', (file, socket) => {
    const m = load(file);
    expect(m.settings.socket_mode_enabled).toBe(socket);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    // Exactly what golive calls (the doctor checks a token against the same list): least privilege.
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(
      [...SLACK_BOT_SCOPES, ...SLACK_OPTIONAL_SCOPES, ...SLACK_ADOPTION_SCOPES].sort(),
    );
    const urls = [
      m.features.slash_commands[0]?.url,
      m.settings.event_subscriptions.request_url,
      m.settings.interactivity.request_url,
    ];
    if (socket) expect(urls.filter(Boolean)).toEqual([]);
    else for (const url of urls) expect(new URL(url ?? '').pathname).toBe(SLACK_EVENTS_PATH);
  });
});

describe('Slack settings from the environment', () => {
  it('is off without a bot token and picks the mode from the app token', () => {
    expect(slackEnv({})).toBeUndefined();
    expect(slackEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
    });
    expect(
      slackEnv({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
      }),
    ).toEqual({
      botToken: 'xoxb-1',
      signingSecret: '',
      appToken: 'xapp-1',
      apiUrl: 'http://127.0.0.1:9/api/',
    });
  });

  it('names the variable to fix when Slack is half configured', () => {
    expect(() => slackEnv({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => slackEnv({ SLACK_BOT_TOKEN: 'xoxp-user' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => slackEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(
      /SLACK_APP_TOKEN/,
    );
  });
});
