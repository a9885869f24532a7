import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests build real books in Chromium; they take seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Chromium and EPUBCheck are heavy: on a 2-core machine, one test file at a time.
    fileParallelism: false,
  },
});
