/**
 * A cover for books that bring none: `templates/cover/` rendered by Chromium to a 1600 × 2400
 * PNG with the book's own fonts — title, subtitle, authors, translators, publisher.
 * The same book on the same toolchain gives the same bytes.
 */
import type { Browser } from 'puppeteer';
import type { Metadata } from '../book/model.js';
import { origin, servePage, type Route } from '../browser/page-server.js';
import { bookFont, fontRoutes } from '../fonts/fonts.js';
import { labelsFor, readTemplate, renderTemplate } from '../templates.js';

export const coverSize = { width: 1600, height: 2400 };

export async function renderCover(browser: Browser, metadata: Metadata): Promise<Buffer> {
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
  ]);
  const page = await browser.newPage();
  try {
    await page.setViewport({ ...coverSize, deviceScaleFactor: 1 });
    await servePage(page, routes, fonts.folders);
    await page.goto(`${origin}/cover.html`, { waitUntil: 'load' });
    await page.evaluate(async (family) => {
      const text = document.body.textContent ?? '';
      await Promise.all(['400', '700'].map((weight) => document.fonts.load(`${weight} 16px "${family}"`, text)));
      await document.fonts.ready;
    }, font.family);
    return Buffer.from(await page.screenshot({ type: 'png', omitBackground: false, captureBeyondViewport: false }));
  } finally {
    await page.close().catch(() => {});
  }
}
