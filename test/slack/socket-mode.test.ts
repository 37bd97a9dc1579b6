import { describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createLogger } from '../../src/log.js';
import { createHttpServer } from '../../src/server/http.js';
import { StubCore } from './stub-core.js';

describe('Slack Socket Mode', () => {
  it('is chosen by an app token and leaves /slack/events unmounted', async () => {
    const logger = createLogger({ level: 'silent' });
    const http = createHttpServer(logger);
    const adapter = createSlackAdapter({
      core: new StubCore(),
      botToken: 'xoxb-test',
      signingSecret: '',
      appToken: 'xapp-test',
      apiUrl: 'http://127.0.0.1:9/api/',
      logger,
      http,
    });
    expect(adapter.mode).toBe('socket');
    const port = await http.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
    } finally {
      await http.close();
    }
  });

  it('HTTP mode without the shared listener is a configuration error naming the fix', () => {
    expect(() =>
      createSlackAdapter({
        core: new StubCore(),
        botToken: 'xoxb-test',
        signingSecret: 's',
        logger: createLogger({ level: 'silent' }),
      }),
    ).toThrow(/SLACK_APP_TOKEN/);
  });
});
