import type * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { pressValue } from '../../adapters/feishu/card-value.js';
import { createFeishuAdapter, type WsClientLike } from '../../adapters/feishu/index.js';
import { createLogger } from '../../src/log.js';
import { cardActionEvent } from '../support/feishu-events.js';
import { createStubCore } from './support/stub-core.js';

describe('Feishu long connection (WSClient) wiring', () => {
  it('opens the long connection with the app credentials and routes its events to the same handlers', async () => {
    const core = createStubCore();
    const started: { params: unknown; dispatcher?: lark.EventDispatcher }[] = [];
    let closed = 0;
    const adapter = createFeishuAdapter({
      core,
      appId: 'cli_ws_wiring_01',
      appSecret: 'secret',
      domain: 'lark',
      logger: createLogger({ level: 'silent' }),
      createWsClient: (params): WsClientLike => {
        const entry: (typeof started)[number] = { params };
        started.push(entry);
        return {
          async start({ eventDispatcher }) {
            entry.dispatcher = eventDispatcher;
          },
          close() {
            closed++;
          },
        };
      },
    });
    expect(started).toEqual([]);
    await adapter.start();
    expect(started).toHaveLength(1);
    expect(started[0]!.params).toMatchObject({ appId: 'cli_ws_wiring_01', appSecret: 'secret', domain: 1 });
    const dispatcher = started[0]!.dispatcher!;
    expect(dispatcher).toBe(adapter.dispatcher);
    expect([...dispatcher.handles.keys()]).toEqual(
      expect.arrayContaining(['im.message.receive_v1', 'application.bot.menu_v6', 'card.action.trigger']),
    );

    // The WSClient hands over the plain event and sends back what the handler returns.
    const event = cardActionEvent({
      appId: 'cli_ws_wiring_01',
      token: 'v',
      openId: 'ou_bob',
      value: pressValue({ releaseId: 'REL-3', stageEntry: 1, command: { type: 'approve' } }),
      messageId: 'om_1',
      chatId: 'oc_1',
    });
    const answer = await dispatcher.invoke(event, { needCheck: false });
    expect(answer).toEqual({ toast: { type: 'success', content: '已批准' } });
    expect(core.asked).toMatchObject([{ method: 'press', ctx: { userId: 'ou_bob', channel: 'oc_1' } }]);

    await adapter.stop();
    expect(closed).toBe(1);
  });
});
