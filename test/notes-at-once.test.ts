/**
 * A laid-out paragraph's notes placed at once (src/pdf/in-page-notes-at-once.ts), in a real
 * Chromium page with Paged.js and Inkstone's layout script: the pages are those Paged.js's own
 * note-by-note placement makes — the same text on every page, the same note-area heights — with
 * far fewer of its per-note steps (each of which lays the page out twice). (They can differ where
 * Paged.js skipped a note that fitted by less than a line: none does in this chapter.)
 */
import type { Page } from 'puppeteer-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../src/browser/browser.js';
import { layoutScript } from '../src/pdf/print-steps.js';
import { pagedScript } from '../src/pdf/print-document.js';
import { repoRoot } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';

/** A chapter of paragraphs with one to five notes each, its text the same on every run;
 *  `css`: more style (Inkstone's print style sheet). */
function chapter(css = ''): string {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const han = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';
  const text = (n: number) => Array.from({ length: n }, () => han[Math.floor(random() * han.length)]).join('');
  let n = 0;
  const paragraphs = Array.from({ length: 60 }, () => {
    const notes = 1 + Math.floor(random() * 5);
    let body = '';
    for (let i = 0; i < notes; i++) {
      n += 1;
      body += `${text(20 + Math.floor(random() * 40))}<span class="print-note" data-n="${n}"><span class="footnote-number">${n}</span>${text(15 + Math.floor(random() * (i % 3 === 2 ? 120 : 40)))}。</span>`;
    }
    return `<p>${body}${text(10 + Math.floor(random() * 30))}。</p>`;
  });
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
    @page { size: 148mm 210mm; margin: 20mm 18mm; }
    body { font-size: 10.5pt; line-height: 1.8; }
    p { margin: 0; text-indent: 2em; text-align: justify; }
    .print-note { float: footnote; footnote-display: block; display: block; font-size: 8.5pt; line-height: 1.55; margin: 0; padding-bottom: 0.8mm; text-indent: 0; }
  </style><style>${css}</style></head><body><section>${paragraphs.join('\n')}</section></body></html>`;
}

describe.runIf(haveTools('chromium'))('a paragraph’s notes placed at once', () => {
  const browser = new SharedBrowser(false);
  afterAll(() => browser.close());

  /** Lays the chapter out; `oneByOne`: with Paged.js's own placement. Each page's text and
   *  note-area height, and how many notes went through Paged.js's moveFootnote. */
  async function layOut(oneByOne: boolean): Promise<{ pages: Array<{ text: string; notes: string }>; moved: number }> {
    const page: Page = await (await browser.get()).newPage();
    try {
      await page.setContent(chapter(), { waitUntil: 'load' });
      await page.addScriptTag({ path: pagedScript });
      await page.evaluate((keepOwn: boolean) => {
        type Handler = { prototype: Record<string, unknown> & { moveFootnote?: (...args: unknown[]) => unknown } };
        const paged = (window as unknown as { Paged?: { registeredHandlers: Handler[] }; PagedModule?: { registeredHandlers: Handler[] } });
        const footnotes = (paged.Paged ?? paged.PagedModule)?.registeredHandlers.find((handler) => typeof handler.prototype.moveFootnote === 'function');
        if (!footnotes) throw new Error('no footnote handler');
        const move = footnotes.prototype.moveFootnote as (...args: unknown[]) => unknown;
        (window as unknown as { moved: number }).moved = 0;
        footnotes.prototype.moveFootnote = function (...args: unknown[]) {
          (window as unknown as { moved: number }).moved += 1;
          return move.apply(this, args);
        };
        // marked as Inkstone's own: its placement at once is then not put in
        if (keepOwn) Object.assign(footnotes.prototype.findVisibleFootnotes as object, { inkstone: true });
      }, oneByOne);
      await page.evaluate(layoutScript([]));
      return await page.evaluate(() => ({
        pages: Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_page')).map((sheet) => ({
          text: sheet.querySelector('.pagedjs_page_content')?.textContent ?? '',
          notes: `${(sheet.querySelector('.pagedjs_area') as HTMLElement | null)?.style.getPropertyValue('--pagedjs-footnotes-height')} ${sheet.querySelector('.pagedjs_footnote_area')?.textContent ?? ''}`,
        })),
        moved: (window as unknown as { moved: number }).moved,
      }));
    } finally {
      await page.close();
    }
  }

  it('gives the pages Paged.js gives them note by note, with a fraction of its steps', { timeout: 120_000 }, async () => {
    const own = await layOut(true);
    const atOnce = await layOut(false);
    expect(own.pages.length).toBeGreaterThan(5);
    expect(atOnce.pages).toEqual(own.pages);
    expect(own.moved).toBeGreaterThanOrEqual(150);
    // the notes placed one by one: a paragraph with a single note, and those Paged.js is left
    // (from the first of a paragraph's notes that does not fit on its page: 63 when all of them
    // were left to it)
    expect(atOnce.moved).toBeLessThan(own.moved / 2);
    expect(atOnce.moved).toBeLessThanOrEqual(50);
  });

  it('sizes the note area without restyling the page’s text: the height is not inherited by it', { timeout: 120_000 }, async () => {
    const page: Page = await (await browser.get()).newPage();
    try {
      await page.setContent(chapter(readFileSync(path.join(repoRoot, 'templates/print/paged.css'), 'utf8')), { waitUntil: 'load' });
      await page.addScriptTag({ path: pagedScript });
      await page.evaluate(layoutScript([]));
      const pages = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_page'))
          .map((sheet) => {
            const value = (element: Element | null) => (element ? getComputedStyle(element).getPropertyValue('--pagedjs-footnotes-height').trim() : 'none');
            const area = sheet.querySelector<HTMLElement>('.pagedjs_area');
            return {
              set: area?.style.getPropertyValue('--pagedjs-footnotes-height') ?? '',
              notes: sheet.querySelector('.pagedjs_footnote_area')?.getBoundingClientRect().height ?? 0,
              content: value(sheet.querySelector('.pagedjs_page_content')),
              text: value(sheet.querySelector('.pagedjs_page_content p')),
            };
          })
          .filter((sheet) => sheet.set !== ''),
      );
      expect(pages.length).toBeGreaterThan(5);
      for (const sheet of pages) {
        // the two boxes that use it have the page's value, and the note area is that tall …
        expect(parseFloat(sheet.content)).toBeCloseTo(parseFloat(sheet.set), 1);
        expect(sheet.notes).toBeCloseTo(parseFloat(sheet.set), 0);
        // … while the text of the page does not carry it
        expect(sheet.text).toBe('0px');
      }
    } finally {
      await page.close();
    }
  });
});
