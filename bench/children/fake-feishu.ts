/**
 * The Feishu open API (the loopback fake the tests use, test/fakes/feishu-api.ts) in a process of its
 * own, so serving the platform's side never runs on golive's event loop or counts in its memory.
 *   → { ready, url }
 */
import { startFakeFeishuApi } from '../../test/fakes/feishu-api.js';

const api = await startFakeFeishuApi();
process.on('disconnect', () => {
  void api.close().then(() => process.exit(0));
});
process.send?.({ ready: true, port: 0, url: api.url });
