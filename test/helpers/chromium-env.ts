/**
 * Every test file's setup: builds use the suite's Chromium (chromium-server.ts), if it runs.
 * After the file, contexts its builds left (a build killed at its time limit cannot close its
 * own; Chromium keeps a context its client did not close) are closed, so their pages do not go
 * on working beside the next file's builds. (Test files run one at a time.)
 */
import puppeteer from 'puppeteer';
import { afterAll, inject } from 'vitest';

const endpoint = inject('chromiumWs');
if (endpoint) {
  process.env['INKSTONE_CHROMIUM_WS'] = endpoint;
  afterAll(async () => {
    const browser = await puppeteer.connect({ browserWSEndpoint: endpoint });
    try {
      await Promise.all(browser.browserContexts().filter((context) => context !== browser.defaultBrowserContext()).map((context) => context.close().catch(() => {})));
    } finally {
      await browser.disconnect();
    }
  });
}
