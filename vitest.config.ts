import { configDefaults, defineConfig } from 'vitest/config';

// MongoDB suites are the test files named mongo*.test.ts. They need a server (MONGODB_URI; FerretDB
// via `npm run test:mongo`, or CI), so without one they are not collected and the global setup says so.
const MONGO_SUITES = 'test/**/mongo*.test.ts';
const withMongo = Boolean(process.env.MONGODB_URI) || process.env.REQUIRE_MONGO === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: withMongo ? configDefaults.exclude : [...configDefaults.exclude, MONGO_SUITES],
    globalSetup: ['test/support/mongo-gate.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: spread test files over forks, no more.
    pool: 'forks',
    maxWorkers: 2,
  },
});
