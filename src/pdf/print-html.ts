/**
 * Book → one HTML document for Chromium and Paged.js, from `templates/print/book.html.ejs`.
 */
import type { Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import type { Book, TocEntry } from '../book/model.js';
import { labelsFor, renderTemplate, rootClasses } from '../templates.js';
import { printChapter } from './print-content.js';

export interface PrintAssets {
  /** Stylesheet URLs (relative to the document) in cascade order. */
  stylesheets: string[];
}

const stringify = unified().use(rehypeStringify, { characterReferences: { useNamedReferences: false } });

function flatToc(entries: TocEntry[], level = 1): Array<TocEntry & { level: number }> {
  return entries.flatMap((entry) => [{ ...entry, level }, ...flatToc(entry.children, level + 1)]);
}

export function printHtml(book: Book, assets: PrintAssets): string {
  const { metadata, print } = book;
  const chapters: Root = { type: 'root', children: book.chapters.map((chapter) => printChapter(chapter)) };
  return renderTemplate('print/book.html.ejs', {
    book: metadata,
    labels: labelsFor(metadata.lang),
    page: { width: print.size.width, height: print.size.height, chapterStart: print.chapterStart },
    vertical: metadata.writingMode === 'vertical-rl',
    rootClass: rootClasses(book),
    stylesheets: assets.stylesheets,
    toc: flatToc(book.toc),
    body: stringify.stringify(chapters),
  });
}
