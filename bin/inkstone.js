#!/usr/bin/env node
// Inkstone's command line. `npm install` (the package's `prepare` script) or `npm run build`
// type-checks the TypeScript sources and bundles the CLI into build/bundle/ (scripts/bundle.mjs).
import('../build/bundle/inkstone.js').then(
  async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
    // The command is over: work it cut short (a cover still being drawn when the manuscript
    // turned out bad leaves puppeteer's pipes to a killed Chromium open) must not hold the exit.
    setTimeout(() => process.exit(), 500).unref();
  },
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('build/bundle/inkstone.js')) {
      console.error('inkstone: not built yet: run `npm install` (or `npm run build`) in the Inkstone folder first');
      process.exitCode = 3;
    } else {
      throw error;
    }
  },
);
