import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: spread test files over forks, no more.
    pool: 'forks',
    maxWorkers: 2,
  },
});
