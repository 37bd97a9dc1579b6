import { scenariosOnMongo } from './on-mongo.js';

// Slack's enterprise release, commands, App Home and the gate tools, on the MongoDB store.
scenariosOnMongo('slacktools');

await import('../slack/enterprise-release.test.js');
await import('../slack/commands-and-home.test.js');
await import('../slack/gate-tools.test.js');
