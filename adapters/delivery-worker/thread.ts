/**
 * The delivery thread (started by ./index.ts): the outbox pump of delivery.ts with its own store
 * connection and its own Slack Web API client, so rendering and sending messages never run on the
 * event loop that acknowledges clicks. It also sends the answers to `response_url` that the Slack
 * handlers give it (see ./index.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebClient } from '@slack/web-api';
import { createLogger } from '../../src/log.js';
import type { ChatSurface } from '../../src/platform/port.js';
import { createDelivery } from '../../src/service/delivery.js';
import { createDeliveryDeps } from '../../src/service/delivery-deps.js';
import { outboxClientOptions, slackClientOptions } from '../slack/client-options.js';
import { createSlackFetch } from '../slack/http-fetch.js';
import { slackLogger } from '../slack/log-bridge.js';
import { createSlackSurface } from '../slack/surface.js';
import { openStore } from '../store-file.js';
import { createHttpWebhookPoster } from '../webhooks/http-poster.js';
import type { DeliveryThreadData, FromThread, ToThread } from './protocol.js';

if (!parentPort) throw new Error('delivery thread: start it with new Worker()');
const port = parentPort;
const data = workerData as DeliveryThreadData;
const send = (m: FromThread) => port.postMessage(m);

// Messages are handled in order once the store is open; the listener is attached at once so none is missed.
let ready: Promise<ReturnType<typeof createDelivery>> | undefined;
port.on('message', (m: ToThread) => {
  if (m.kind === 'fetch') return void fetchFor(m);
  ready ??= setUp();
  void ready.then((delivery) => handle(delivery, m));
});

const log = createLogger({
  level: data.logLevel,
  destination: { write: (line: string) => send({ kind: 'log', line }) },
}).child({ thread: 'delivery' });
const store = openStore(data.env);

/** Opens the store; a failure here ends the thread, and the main thread starts a new one. */
async function setUp() {
  await (await store).init();
  const surfaces = new Map<string, ChatSurface>();

  const client = new WebClient(data.slack.botToken, {
    ...outboxClientOptions(slackClientOptions(data.slack.apiUrl ? { apiUrl: data.slack.apiUrl } : {})),
    logger: slackLogger(log),
  });
  surfaces.set('slack', createSlackSurface(client, log));
  const deps = createDeliveryDeps({
    config: data.config,
    flows: data.flows,
    store: await store,
    log,
    now: () => new Date(),
    surfaces,
    webhooks: createHttpWebhookPoster({ secrets: data.webhookSecrets }),
    // Cards look the same whichever thread renders them (adapters/app.ts sets the same).
    ...(data.env.PUBLIC_URL ? { boardUrl: data.env.PUBLIC_URL, linkCardsToBoard: true } : {}),
  });
  return createDelivery(deps, data.instanceId, data.leaseMs);
}

const slackFetch = createSlackFetch();

/** A request the main thread hands over (a response_url answer), sent with the same keep-alive fetch. */
async function fetchFor(m: Extract<ToThread, { kind: 'fetch' }>) {
  try {
    const res = await slackFetch(m.url, {
      method: m.method,
      headers: m.headers,
      ...(m.body !== undefined ? { body: m.body } : {}),
    });
    const headers: [string, string][] = [...res.headers];
    send({
      kind: 'fetched',
      id: m.id,
      status: res.status,
      statusText: res.statusText,
      headers,
      body: await res.text(),
    });
  } catch (err) {
    send({ kind: 'fetch_failed', id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
}

async function handle(delivery: ReturnType<typeof createDelivery>, m: ToThread) {
  switch (m.kind) {
    case 'start':
      delivery.start(m.intervalMs);
      return;
    case 'kick':
      await delivery.kick();
      send({ kind: 'delivered', id: m.id });
      return;
    case 'stop':
      await delivery.stop();
      await (await store).close();
      // Idle keep-alive sockets of the Web API client must not hold the thread open.
      process.exit(0);
  }
}
