/**
 * The reference row of the ack-latency clicks: a bare Bolt app (same version and HTTPReceiver as
 * golive, the same Web API client options with golive's keep-alive `fetch`) whose action handler acks
 * and then answers the click through `respond` (its response_url) with a short private text — what
 * any bot that tells the user their click was seen must do, and nothing else: no store, no rules, no
 * audit. The floor for a click that answers. Slash commands are only acknowledged (as the bare app).
 * Listens on 127.0.0.1 and tells the parent its port over IPC.
 */
import './cpu-report.js';
import { listen, referenceApp } from './reference-app.js';

if (process.env.BENCH_PROFILE === 'decisions') await import('./phase-profile.js');

const app = referenceApp('xoxb-bench-click-reference');

app.action(/.*/, async ({ ack, respond }) => {
  await ack();
  const text = '✅ Recorded.';
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  });
});
app.command(/.*/, async ({ ack }) => ack());

await listen(app);
