import { scenariosOnMongo } from './on-mongo.js';

// Message order behind a failing message (held, put off, given up) and checklist card refreshes, through
// the signed Slack endpoint, on the MongoDB store.
scenariosOnMongo('slackdelivery');

await import('../slack/delivery-order.test.js');
await import('../slack/checklist-cards.test.js');
