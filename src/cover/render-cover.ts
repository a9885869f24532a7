/**
 * A cover for books that bring none: `templates/cover/` rendered by Chromium to a 1600 × 2400
 * PNG with the book's own fonts — title, subtitle, authors, translators, publisher.
 * The same book on the same toolchain gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer';
import type { Metadata } from '../book/model.js';
import { browserFailure, limit, type Chromium } from '../browser/browser.js';
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

/** The cover, or a browser-failed error after 45 s (it draws in about one): a step that never
 *  answered (a screenshot, a new page) held the build; the caller draws it again once. */
export function renderCover(browser: Chromium, metadata: Metadata): Promise<Buffer> {
  return limit(drawCover(browser, metadata), 45_000, 'drawing the cover');
}

async function drawCover(browser: Chromium, metadata: Metadata): Promise<Buffer> {
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
  let page: Page | undefined;
  try {
    // Opening the page is Chromium's work too: a browser closed beside the cover (the PDF's
    // retry restarts it) failed here as “internal error: Target closed”, unretried.
    page = await browser.newPage();
    await page.setViewport({ ...coverSize, deviceScaleFactor: 1 });
    await server.guard(page);
    // Loads in well under a second; a page that has not loaded in 15 s will not (the caller
    // draws it again in a new page).
    await page.goto(`${server.origin}/cover.html`, { waitUntil: 'load', timeout: 15_000 });
    await page.evaluate(loadFontsInPage, fonts.loads);
    return Buffer.from(await page.screenshot({ type: 'png', omitBackground: false, captureBeyondViewport: false }));
  } catch (error) {
    throw browserFailure(error, 'drawing the cover in Chromium');
  } finally {
    if (page) await limit(page.close(), 10_000, 'closing the cover').catch(() => {});
    await server.close();
  }
}
