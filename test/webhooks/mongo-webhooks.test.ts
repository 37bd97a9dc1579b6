import { scenariosOnMongo } from '../scenarios/on-mongo.js';

// The webhook scenarios on the MongoDB store (FerretDB in CI): the outbox's MongoDB implementation
// keeps each event until its webhook answered, through failures, a restart and the give-up.
scenariosOnMongo('webhooks');
await import('./webhooks.test.js');
await import('./webhook-retries.test.js');
