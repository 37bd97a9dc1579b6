import { scenariosOnMongo } from './on-mongo.js';

// The Slack release scenarios, each through the signed HTTP endpoint, on the MongoDB store.
scenariosOnMongo('slack');

await import('../slack/normal-release.test.js');
await import('../slack/emergency-release.test.js');
await import('../slack/activity-release.test.js');
