import { defineConfig } from 'vitest/config';
import { makePipHermetic } from './test/helpers/hermetic-env.js';

// Before any test process starts, so that all of them (and every CLI they run) inherit it.
makePipHermetic(process.env);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
