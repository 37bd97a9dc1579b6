import { vi } from 'vitest';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { useScenarioStore } from '../support/core.js';
import { testDatabases } from '../support/mongo.js';

// The end-to-end release scenarios again, with the real core on the MongoDB store (FerretDB in CI)
// instead of the embedded one. Importing a test file here registers its tests in this file, so they
// run exactly as written, each core on a database of its own. Slower server, more time.
vi.setConfig({ testTimeout: 90_000 });
const dbs = testDatabases('scenarios');
useScenarioStore(() => createMongoStore({ uri: dbs.uri, dbName: dbs.fresh() }));

await import('../service/normal-release.test.js');
await import('../slack/normal-release.test.js');
await import('../slack/emergency-release.test.js');
await import('../feishu/normal-release.test.js');
await import('../feishu/emergency-release.test.js');
await import('../feishu/enterprise-release.test.js');
