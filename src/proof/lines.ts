/**
 * Glyphs → lines. A line is a run of glyphs on one baseline (one column, in vertical text) in
 * one table cell (a cell's text never joins its neighbour's). Blank glyphs show as □.
 */
import type { Box, Glyph, ProofPage } from './read-pdf.js';
import { closest, type StructElement, type StructureMap } from './structure.js';

export const blockRoles = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'TD', 'TH', 'LI', 'LBody', 'Lbl', 'Caption', 'Figure', 'BlockQuote', 'Code', 'Table', 'TR', 'L'] as const;

/** Blocks whose code is inline code (a code block is never in them). */
const inlineCodeIn = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'Caption', 'TD', 'TH']);

export interface Line extends Box {
  page: number;
  glyphs: Glyph[];
  text: string;
  /** Dominant font size. */
  size: number;
  vertical: boolean;
  /** Innermost block element (paragraph, heading, cell …), when the content is tagged: a line
   *  that opens with inline code is its paragraph's, a code block's line its Code. */
  block: StructElement | undefined;
  /** Its first tagged glyph is code (inline, or a code block's). */
  code: boolean;
  /** Untagged (an artifact: running head, folio, a generated number). */
  artifact: boolean;
}

export function boxOf(items: Box[]): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of items) {
    x0 = Math.min(x0, b.x0);
    y0 = Math.min(y0, b.y0);
    x1 = Math.max(x1, b.x1);
    y1 = Math.max(y1, b.y1);
  }
  return { x0, y0, x1, y1 };
}

/** The middle value (the upper one of an even count); 0 for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Position across lines (the baseline) and along them, for either writing direction; PDF space,
 * y up. A glyph runs vertically when its font is a vertical one, or when it is the text of a
 * vertical book: Chromium sets vertical text with horizontal (Identity-H) fonts, a glyph at a
 * time down the column.
 */
const across = (g: Glyph, down: boolean) => (down ? (g.x0 + g.x1) / 2 : g.y0 + 0.12 * g.size);
const along = (g: Glyph, down: boolean) => (down ? -g.y1 : g.x0);

/** The page's lines; in a `vertical` book its tagged text runs in columns, right to left. */
export function pageLines(page: ProofPage, structure: StructureMap | undefined, vertical = false): Line[] {
  const elements = structure?.get(page.number);
  const blockOf = (g: Glyph) => {
    const block = g.mcid >= 0 ? closest(elements?.get(g.mcid), blockRoles) : undefined;
    // code inside a paragraph, heading, caption or cell is inline: the line is the block's
    const around = block?.role === 'Code' ? closest(block.parent, blockRoles) : undefined;
    return around && inlineCodeIn.has(around.role) ? around : block;
  };
  const isCode = (g: Glyph) => g.mcid >= 0 && closest(elements?.get(g.mcid), ['Code']) !== undefined;
  const cellOf = (g: Glyph) => (g.mcid >= 0 ? closest(elements?.get(g.mcid), ['TD', 'TH']) : undefined);
  const glyphs = page.glyphs.filter((g) => g.text.trim() !== '' || g.blank);
  // Sort by line (top to bottom; right to left in vertical text), then along it.
  const down = (g: Glyph) => g.vertical || (vertical && g.mcid >= 0);
  const sorted = [...glyphs].sort((a, b) => Number(down(a)) - Number(down(b)) || across(b, down(b)) - across(a, down(a)) || along(a, down(a)) - along(b, down(b)));
  const clusters: Glyph[][] = [];
  for (const g of sorted) {
    const last = clusters[clusters.length - 1];
    const ref = last?.[0];
    if (last && ref && down(ref) === down(g) && Math.abs(across(ref, down(ref)) - across(g, down(g))) <= 0.3 * Math.max(ref.size, g.size)) last.push(g);
    else clusters.push([g]);
  }
  const lines: Line[] = [];
  for (const cluster of clusters) {
    // Within a baseline: apart by cell, then by wide gaps.
    const byCell = new Map<number, Glyph[]>();
    for (const g of cluster) {
      const key = cellOf(g)?.id ?? 0;
      const list = byCell.get(key) ?? [];
      list.push(g);
      byCell.set(key, list);
    }
    for (const list of byCell.values()) {
      list.sort((a, b) => along(a, down(a)) - along(b, down(b)));
      const tagged = list.find((g) => g.mcid >= 0);
      lines.push({
        ...boxOf(list),
        page: page.number,
        glyphs: list,
        text: list.map((g) => (g.blank ? '□' : g.text)).join(''),
        size: median(list.map((g) => g.size)),
        vertical: list[0] ? down(list[0]) : false,
        block: tagged ? blockOf(tagged) : undefined,
        code: tagged ? isCode(tagged) : false,
        artifact: !tagged,
      });
    }
  }
  return lines;
}
