/**
 * The platform: the fake Slack Web API (and response_url) in a process of its own, so serving the
 * platform's side of every call never runs on golive's event loop (nor on the reference bot's). It is
 * the same loopback fake the tests use (test/fakes/slack-api.ts). Talks to the bench over IPC:
 *   → { ready, port, apiUrl, responseUrl }
 *   ← { stats: true }  → { calls, byMethod, lastCallAt }   calls received so far, and when the last came
 */
import { FakeSlackApi, type SlackCall } from '../../test/fakes/slack-api.js';
import './cpu-report.js';

if (process.env.BENCH_PROFILE === 'decisions') await import('./phase-profile.js');

const fake = new FakeSlackApi();
let calls = 0;
let lastCallAt = 0;
const byMethod: Record<string, number> = {};
const push = fake.calls.push.bind(fake.calls);
fake.calls.push = (...items: SlackCall[]) => {
  lastCallAt = Date.now();
  calls += items.length;
  for (const c of items) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
  // The bench only needs counts; keeping every call would grow memory through a long run.
  if (fake.calls.length > 5000) fake.calls.splice(0, 4000);
  return push(...items);
};
await fake.start();

process.on('message', (m: { stats?: boolean }) => {
  if (m.stats) process.send?.({ calls, byMethod: { ...byMethod }, lastCallAt });
});
process.on('disconnect', () => {
  void fake.stop().then(() => process.exit(0));
});
process.send?.({ ready: true, port: fake.port, apiUrl: fake.apiUrl, responseUrl: fake.responseUrl('bench') });
