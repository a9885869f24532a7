/**
 * A cover for books that bring none: `templates/cover/` rendered by Chromium to a 1600 × 2400
 * PNG with the book's own fonts — title, subtitle, authors, translators, publisher.
 * The same book on the same toolchain gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { Metadata } from '../book/model.js';
import { browserFailure, limit, type Chromium } from '../browser/browser.js';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { PageServer, type Route } from '../browser/page-server.js';
import { bookFont, fontRoutes } from '../fonts/fonts.js';
import { loadFontsInPage } from '../pdf/in-page.js';
import { labelsFor, readTemplate, renderTemplate } from '../templates.js';

export const coverSize = { width: 1600, height: 2400 };

/**
 * Everything the drawn cover depends on, hashed: the metadata it shows, the templates and labels,
 * the face (its package version) and the browser (SharedBrowser.identity()). Same name, same
 * PNG — it may come from the disk cache instead of Chromium (see build/cover.ts).
 */
export function coverKey(metadata: Metadata, inkstoneVersion: string, browser: string): string {
  const { title, subtitle, authors, translators, publisher, lang, writingMode } = metadata;
  const font = bookFont(lang);
  const hash = createHash('sha256');
  for (const part of [
    JSON.stringify([inkstoneVersion, title, subtitle, authors, translators, publisher, lang, writingMode, coverSize]),
    JSON.stringify(labelsFor(lang)),
    readTemplate('cover/cover.html.ejs'),
    readTemplate('cover/cover.css'),
    readFileSync(path.join(font.dir, 'package.json'), 'utf8'),
    browser,
  ]) {
    hash.update(part).update('\0');
  }
  return hash.digest('hex');
}

/** The cover, or a browser-failed error naming the step that did not answer within `ms` (it
 *  draws in about one second): the page and its server are closed either way, and the caller
 *  draws it again once, in a new page. */
export async function renderCover(browser: Chromium, metadata: Metadata, ms = 20_000): Promise<Buffer> {
  let doing = 'opening a page';
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InkstoneError(`Chromium did not finish drawing the cover in ${ms / 1000} s (${doing})`, { kind: 'environment', ruleId: rules.browserFailed })), ms);
  });
  expired.catch(() => {});
  const step = <T>(what: string, work: Promise<T>): Promise<T> => {
    doing = what;
    return Promise.race([work, expired]);
  };
  try {
    return await drawCover(browser, metadata, step);
  } finally {
    clearTimeout(timer);
  }
}

type Step = <T>(what: string, work: Promise<T>) => Promise<T>;

async function drawCover(browser: Chromium, metadata: Metadata, step: Step): Promise<Buffer> {
  const font = bookFont(metadata.lang);
  const fonts = fontRoutes(font);
  const length = [...metadata.title].length;
  const html = renderTemplate('cover/cover.html.ejs', {
    book: metadata,
    labels: labelsFor(metadata.lang),
    stylesheets: [...fonts.stylesheets, '/cover/fonts.css'],
    vertical: metadata.writingMode === 'vertical-rl',
    titleSize: length <= 8 ? 'l' : length <= 14 ? 'm' : 's',
  });
  const routes = new Map<string, Route>([
    ['/cover.html', { body: html, type: 'text/html; charset=utf-8' }],
    ['/cover/cover.css', { body: readTemplate('cover/cover.css'), type: 'text/css' }],
    ['/cover/fonts.css', { body: fonts.css, type: 'text/css' }],
    ...fonts.files,
  ]);
  const server = await PageServer.start(routes, fonts.folders);
  const opening = browser.newPage();
  let drawn = false;
  try {
    // Opening the page is Chromium's work too: a browser closed beside the cover (the PDF's
    // retry restarts it) failed here as “internal error: Target closed”, unretried.
    const page = await step('opening a page', opening);
    await step('sizing the page', page.setViewport({ ...coverSize, deviceScaleFactor: 1 }));
    await step('guarding the page', server.guard(page));
    await step('loading the cover', page.goto(`${server.origin}/cover.html`, { waitUntil: 'load' }));
    await step('loading its fonts', page.evaluate(loadFontsInPage, fonts.loads));
    const png = await step('taking the screenshot', screenshot(page));
    drawn = true;
    return png;
  } catch (error) {
    throw browserFailure(error, 'drawing the cover in Chromium');
  } finally {
    // A page that failed is closed in the background (once open, if it ever opens): the next
    // attempt does not wait for a page that stopped answering.
    const closed = opening.then((opened) => limit(opened.close(), 10_000, 'closing the cover')).catch(() => {});
    if (drawn) await closed;
    await server.close();
  }
}

/**
 * The page's pixels, asked of Chromium on a DevTools session of the cover's own. Puppeteer's
 * `page.screenshot()` holds a lock for its whole browser context until Chromium answers, and
 * every screenshot and every `page.close()` in that context waits for it: a capture that never
 * answered (twice in CI, on a fresh clone's first builds in the suite's shared Chromium) held the
 * cover drawn again in a new page, and each of the PDF's pages closing, until their limits.
 */
async function screenshot(page: Page): Promise<Buffer> {
  const session = await page.createCDPSession();
  try {
    const { data } = await session.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false });
    return Buffer.from(data, 'base64');
  } finally {
    void session.detach().catch(() => {});
  }
}
