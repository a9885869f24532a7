import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One EPUBCheck JVM for every test file (a JVM per check cost 5–10 s each), and one
    // Chromium whose contexts every build uses (a launch per build cost a second each).
    globalSetup: ['test/helpers/epubcheck-server.ts', 'test/helpers/chromium-server.ts'],
    setupFiles: ['test/helpers/chromium-env.ts'],
    // Every build of the suite starts from nothing, as it did before the build cache (which
    // test/build-cache.test.ts tests with a folder of its own).
    env: { INKSTONE_BUILD_CACHE: 'off' },
    // End-to-end tests build real books in Chromium; they take seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Chromium and EPUBCheck are heavy: on a 2-core machine, one test file at a time.
    fileParallelism: false,
  },
});
