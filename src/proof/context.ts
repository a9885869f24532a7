/** What every proof rule reads: the pages with their lines, the text blocks, the book's kind. */
import { textBlock, type Margins } from '../pdf/geometry.js';
import { pageLines, type Line } from './lines.js';
import type { Box, ProofPage, ProofPdf } from './read-pdf.js';
import type { StructureMap } from './structure.js';
import type { ProofRule } from './thresholds.js';

export interface Finding {
  rule: ProofRule;
  page: number;
  message: string;
  /** Text to look for in the manuscript (to name its file and line). */
  text?: string;
}

export interface ProofPageView extends ProofPage {
  lines: Line[];
  block: Box;
  /** Lines of the text flow: tagged, inside the text block's height. */
  body: Line[];
}

export interface ProofContext {
  pdf: ProofPdf;
  pages: ProofPageView[];
  vertical: boolean;
  /** Notes at the foot of the page (horizontal books) rather than at the end of a chapter. */
  footnotes: boolean;
  /** The body text's size (the most common size of paragraph lines). */
  bodySize: number;
  /** First page of the first chapter: before it, the title page, colophon and contents. */
  firstChapterPage: number;
  /** Heading levels the contents hold (`toc-depth`), from the book's top heading level. */
  tocDepth: number;
  /** The book's text in reading order (book/texts.ts `flowText`), when the book is at hand. */
  bookText: string | undefined;
}

const headingRoles = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
export const isHeading = (line: Line): boolean => Boolean(line.block && headingRoles.has(line.block.role));

export function createContext(pdf: ProofPdf, structure: StructureMap | undefined, vertical: boolean, tocDepth = 2, margins?: Margins, bookText?: string): ProofContext {
  const pages = pdf.pages.map((page) => {
    const block = textBlock(page, vertical, margins);
    const lines = pageLines(page, structure, vertical);
    const body = lines.filter((l) => !l.artifact && l.y1 > block.y0 - 2 && l.y0 < block.y1 + 2);
    return { ...page, lines, block, body };
  });
  const sizes = new Map<number, number>();
  for (const page of pages) for (const line of page.body) if (line.block?.role === 'P') sizes.set(Math.round(line.size * 10), (sizes.get(Math.round(line.size * 10)) ?? 0) + line.glyphs.length);
  const bodySize = ([...sizes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 105) / 10;
  const chapterPages = pdf.outline.filter((e) => e.level === 1 && e.page > 0).map((e) => e.page);
  return {
    pdf,
    pages,
    vertical,
    footnotes: !vertical,
    bodySize,
    firstChapterPage: chapterPages.length ? Math.min(...chapterPages) : 1,
    tocDepth,
    bookText,
  };
}

/** Letters, digits and ideographs only: how texts are compared across the PDF, the contents
 *  and the manuscript (spacing, punctuation and markup differ between them). */
export const comparable = (text: string): string => text.replace(/[^\p{L}\p{N}]/gu, '');
/** One character that `comparable` keeps. */
export const comparableChar = /[\p{L}\p{N}]/u;

/** `comparable(raw)`, and the offset in `raw` of each of its UTF-16 units (an Extension B
 *  character is two, and indexOf counts units): to find a text and quote or place it. */
export function comparableIndex(raw: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let offset = 0;
  for (const char of raw) {
    if (comparableChar.test(char)) {
      text += char;
      for (let unit = 0; unit < char.length; unit++) offsets.push(offset);
    }
    offset += char.length;
  }
  return { text, offsets };
}

/** A quotation of a line in a message: its first `length` characters. */
export function clip(text: string, length = 24): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

export const mm = (points: number): string => `${((points * 25.4) / 72).toFixed(1)} mm`;

/** The page's text flow in reading order, without notes (smaller type at the foot; code is
 *  smaller too, but in the flow: a line of text with code in it counts by its largest type, not
 *  its median, which was the code's where code filled half the line). */
export function flowLines(ctx: ProofContext, page: ProofPageView): Line[] {
  const largest = (l: Line) => l.glyphs.reduce((size, g) => Math.max(size, g.size), 0);
  return page.body.filter((l) => l.block !== undefined && (largest(l) >= ctx.bodySize * 0.9 || l.code) && !/^\d+$/.test(l.text));
}
