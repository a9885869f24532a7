/**
 * The print document: the book (or one part of it) as HTML, and every file its page loads —
 * for Chromium here, and for `inkstone watch`'s preview.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Book } from '../book/model.js';
import { bookSheets } from '../book/presentation.js';
import type { Route } from '../browser/page-server.js';
import { bookFont, fontRoutes, type FontRoutes } from '../fonts/fonts.js';
import type { FontSubset } from '../fonts/subset.js';
import { readTemplate } from '../templates.js';
import { svgWithFonts } from './svg-fonts.js';
import { PrintAnchors, printHtml, type PrintPart } from './print-html.js';
import type { ChapterPrints } from './chapter-prints.js';

const require = createRequire(import.meta.url);
/** Paged.js's browser build, minified (the package exports only its module entry points). */
export const pagedScript = path.join(path.dirname(require.resolve('pagedjs')), '..', 'dist', 'paged.min.js');

export interface PrintDocument {
  fonts: FontRoutes;
  anchors: PrintAnchors;
  /** The print HTML. */
  html: string;
  /** Everything else the page may load, by path (the same for every part of a book). */
  routes: Map<string, Route>;
}

/**
 * How the print pages get the book's faces: their subsets (the full face alone without subsets).
 * Made once per book: every part shares it.
 */
export function printFonts(book: Book, subsets: FontSubset[] = [], missing = ''): FontRoutes {
  return fontRoutes(bookFont(book.metadata.lang), subsets, missing);
}

/**
 * A print document (the whole book, or one part of it) and every file it uses: for Chromium
 * here, and for `inkstone watch`'s preview.
 */
export function printDocument(book: Book, part?: PrintPart, anchors = new PrintAnchors(), fonts = printFonts(book), prints?: ChapterPrints): PrintDocument {
  const vertical = book.metadata.writingMode === 'vertical-rl';
  const layoutCss = vertical ? '/print/vertical.css' : '/print/paged.css';
  // fonts.css declares the subsets; Paged.js need not process it, but it is small
  const html = printHtml(
    book,
    {
      fontStylesheets: fonts.stylesheets,
      styles: [readTemplate('css/typography.css'), readTemplate('print/base.css'), readTemplate(layoutCss.slice(1)), fonts.css, ...bookSheets(book, 'pdf')],
      notes: vertical ? 'endnote' : 'footnote',
      missing: fonts.missing,
    },
    anchors,
    part,
    prints,
  );
  const routes = new Map<string, Route>([
    ['/paged.js', { file: pagedScript, type: 'text/javascript; charset=utf-8' }],
    ...fonts.files,
    ...book.images.map((image): [string, Route] => [`/images/${image.fileName}`, { body: image.svgText ? svgWithFonts(image.data, fonts.svg, fonts.missing) : image.data, type: image.mediaType }]),
  ]);
  return { fonts, anchors, html, routes };
}
