/**
 * A running Chromium (INKSTONE_CHROMIUM_WS): a build works in a browser context of its own and
 * leaves the browser as it found it — running, with no context or page of the build's; an
 * endpoint nobody answers is the environment's error, named, with nothing written.
 */
import path from 'node:path';
import puppeteer from 'puppeteer';
import { describe, expect, inject, it } from 'vitest';
import { inkstone, listFiles, repoRoot, tempDir } from './helpers/cli.js';
import { pdfInfo } from './helpers/tools.js';

const endpoint = inject('chromiumWs');

describe.runIf(endpoint)('a build in a running Chromium', () => {
  it('uses a context of its own, closed after it; the browser goes on running', async () => {
    // (connected only around the build: a client that reads nothing while spawnSync blocks this
    // process holds Chromium up)
    const look = async () => {
      const browser = await puppeteer.connect({ browserWSEndpoint: endpoint });
      try {
        return { contexts: browser.browserContexts().length, pages: (await browser.pages()).length };
      } finally {
        await browser.disconnect();
      }
    };
    const before = await look();
    const out = tempDir();
    const run = inkstone(['build', path.join(repoRoot, 'test/fixtures/notes-book'), '--out', out, '-q'], { env: { INKSTONE_CHROMIUM_WS: endpoint } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(Number(pdfInfo(path.join(out, 'book.pdf'))['Pages'])).toBeGreaterThan(0);
    expect(await look()).toEqual(before);
  });

  it('an endpoint nobody answers: exit 3 naming the variable, nothing written', () => {
    const out = tempDir();
    const run = inkstone(['build', path.join(repoRoot, 'test/fixtures/notes-book'), '--out', out, '-q'], {
      env: { INKSTONE_CHROMIUM_WS: 'ws://127.0.0.1:9/devtools/browser/none' },
    });
    expect(run.stderr).toMatch(/no Chromium at INKSTONE_CHROMIUM_WS \(ws:\/\/127\.0\.0\.1:9\/devtools\/browser\/none\)/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.status).toBe(3);
    expect(listFiles(out)).toEqual([]);
  });
});
