import { scenariosOnMongo } from './on-mongo.js';

// The core's own scenarios, local mode in process, and who may do what through the Slack and Feishu
// endpoints, on the MongoDB store.
scenariosOnMongo('service');

await import('../service/normal-release.test.js');
await import('../service/flow-pinning.test.js');
await import('../service/delivery-lease.test.js');
await import('../service/partial-delivery.test.js');
await import('../local/local-mode.test.js');
await import('../hardening/authorization.test.js');
