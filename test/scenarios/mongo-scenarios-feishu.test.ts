import { scenariosOnMongo } from './on-mongo.js';

// The Feishu release scenarios, each through the signed, encrypted webhook endpoint, on the MongoDB store.
scenariosOnMongo('feishu');

await import('../feishu/normal-release.test.js');
await import('../feishu/emergency-release.test.js');
await import('../feishu/enterprise-release.test.js');
await import('../feishu/activity-release.test.js');
