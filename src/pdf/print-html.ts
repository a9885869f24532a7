/**
 * Book → one HTML document for Chromium and Paged.js, from `templates/print/book.html.ejs`.
 */
import type { Element, Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from '../tree-visit.js';
import type { Book, Chapter, TocEntry } from '../book/model.js';
import type { ChapterPrints } from './chapter-prints.js';
import { colophonRows, rootClasses } from '../book/presentation.js';
import { labelsFor, renderTemplate } from '../templates.js';
import { printChapter, type NoteStyle } from './print-content.js';

export interface PrintAssets {
  /** Font stylesheets (only @font-face rules): left out of Paged.js's CSS processing. */
  fontStylesheets: string[];
  /** Stylesheets, in cascade order, inlined: Paged.js reads them without a request each. */
  styles: string[];
  /** Footnotes at the foot of the page (Paged.js), or endnotes per chapter. */
  notes: NoteStyle;
  /** Characters no face of the book has: printed as 〓 (book/glyph-coverage.ts reports them). */
  missing?: string;
}

/** A character no face has would print blank or as a box: paper shows the typesetter's 〓,
 *  wherever the print document has it (text, title page, contents, running heads). */
export function markMissing(text: string, missing: string): string {
  if (!missing) return text;
  const wanted = new Set(missing);
  return [...text].map((char) => (wanted.has(char) ? '〓' : char)).join('');
}

/** Which part of the book a print document holds (the whole book by default). */
export interface PrintPart {
  /** Title page, colophon and contents. */
  front: boolean;
  /** Indexes of the chapters. */
  chapters: number[];
}

/** A CSS string literal (for `content:`), safe inside a <style> element. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, ' ').replace(/</g, '\\3c ')}"`;
}

const stringify = unified().use(rehypeStringify, { characterReferences: { useNamedReferences: false } });

/**
 * Anchors for the print document. Chromium names a PDF destination after its anchor,
 * percent-encoding anything but ASCII, so a Chinese heading id becomes a name longer than PDF
 * readers accept (127 bytes). Readable ids stay where they are short ASCII; others get `a1`, `a2` …
 * in document order (the print document is internal; the EPUB keeps the readable ids).
 */
export class PrintAnchors {
  private readonly map = new Map<string, string>();
  private next = 1;

  get(id: string, asked?: string[]): string {
    asked?.push(id);
    let short = this.map.get(id);
    if (!short) {
      short = /^[A-Za-z][A-Za-z0-9_-]{0,47}$/.test(id) ? id : `a${this.next++}`;
      this.map.set(id, short);
    }
    return short;
  }

  /** Rewrites ids and in-document links of `tree`; `asked` gets each anchor asked for, in order. */
  apply(tree: Root, asked: string[] = []): void {
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') node.properties.id = this.get(node.properties.id, asked);
      const href = node.properties.href;
      if (typeof href === 'string' && href.startsWith('#')) node.properties.href = `#${this.get(href.slice(1), asked)}`;
    });
  }
}

function flatToc(entries: TocEntry[], anchors: PrintAnchors, level = 1): Array<TocEntry & { level: number }> {
  return entries.flatMap((entry) => [{ ...entry, id: anchors.get(entry.id), level }, ...flatToc(entry.children, anchors, level + 1)]);
}

/** `prints`: the chapters' HTML kept from an earlier build (chapter-prints.ts). */
export function printHtml(book: Book, assets: PrintAssets, anchors: PrintAnchors, part?: PrintPart, prints?: ChapterPrints): string {
  const { metadata, print } = book;
  const labels = labelsFor(metadata.lang);
  const included = part ? part.chapters.map((i) => book.chapters[i]).filter((c) => c !== undefined) : book.chapters;
  // Each chapter stringified on its own, in order: the same HTML as all of them in one tree.
  const make = (chapter: Chapter) => (asked: string[]) => {
    const tree: Root = { type: 'root', children: [printChapter(chapter, assets.notes, labels, print.noteMarker)] };
    anchors.apply(tree, asked);
    return stringify.stringify(tree);
  };
  const made = JSON.stringify([assets.notes, labels, print.noteMarker]);
  const body = included.map((chapter) => (prints ? prints.html(chapter, made, anchors, make(chapter)) : make(chapter)([]))).join('');
  const html = renderTemplate('print/book.html.ejs', {
    book: metadata,
    runningTitle: cssString(metadata.shortTitle ?? metadata.title),
    front: part?.front ?? true,
    paged: assets.notes === 'footnote',
    noteMarker: print.noteMarker,
    labels,
    page: { width: print.size.width, height: print.size.height, chapterStart: print.chapterStart, margins: book.style.margins },
    vertical: metadata.writingMode === 'vertical-rl',
    rootClass: rootClasses(book),
    styles: assets.styles.map((css) => css.replace(/<\/style/gi, '<\\/style')),
    fontStylesheets: assets.fontStylesheets,
    toc: flatToc(book.toc, anchors),
    colophon: book.colophon ? colophonRows(metadata, labels) : [],
    body,
  });
  return markMissing(html, assets.missing ?? '');
}
