/** Proof rules about lines and paragraphs: spacing, breaks, widows and orphans, tables. */
import { clip, comparable, flowLines, isHeading, type Finding, type ProofContext, type ProofPageView } from './context.js';
import { median, type Line } from './lines.js';
import type { Glyph } from './read-pdf.js';
import { closest } from './structure.js';
import { blockEndsAt } from './rules-flow.js';
import { openingMarks, opensWithClosingMark, thresholds } from './thresholds.js';

const isWide = (g: Glyph) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]/u.test(g.text);

/** Justified lines spread too far: the typical gap between ideographs, or at word spaces. */
export function stretchedLines(ctx: ProofContext): Finding[] {
  if (ctx.vertical) return [];
  const findings: Finding[] = [];
  // Front matter is not justified text (the contents spread entries to their page numbers).
  for (const page of ctx.pages.filter((p) => p.number >= ctx.firstChapterPage)) {
    for (const line of page.body) {
      // Only full lines are justified: a paragraph's last line ends short of the right edge.
      if (line.x1 < page.block.x1 - line.size || line.glyphs.length < 2 || isHeading(line)) continue;
      const all = page.glyphs.filter((g) => g.y1 > line.y0 && g.y0 < line.y1);
      const spaces = all.filter((g) => g.text === ' ');
      const cjk: number[] = [];
      const word: number[] = [];
      const glyphs = line.glyphs;
      for (let i = 1; i < glyphs.length; i++) {
        const a = glyphs[i - 1]!;
        const b = glyphs[i]!;
        // Font changes (inline code, a note call) and boxes in between (padding) are not spacing.
        if (a.font !== b.font || Math.abs(a.size - b.size) > 0.1) continue;
        const start = a.x0 + a.advance;
        if (all.some((g) => g !== a && g !== b && g.x0 >= start - 0.1 && g.x0 < b.x0 && g.text.trim() !== '')) continue;
        const extra = (b.x0 - start) / a.size;
        // A word space: its natural width is not stretching.
        const between = spaces.filter((g) => g.x0 >= start - 0.1 && g.x1 <= b.x0 + 0.1);
        if (between.length) word.push(extra - between.reduce((w, g) => w + g.advance, 0) / a.size);
        else if (isWide(a) || isWide(b)) cjk.push(extra);
      }
      const cjkGap = median(cjk);
      const wordGap = median(word);
      if (cjk.length && cjkGap > thresholds.stretchCjkEm) {
        findings.push({ rule: 'line-stretched', page: page.number, message: `line spread by ${cjkGap.toFixed(2)} em between characters: “${clip(line.text)}”`, text: line.text });
      } else if (word.length && wordGap > thresholds.stretchWordEm) {
        findings.push({ rule: 'line-stretched', page: page.number, message: `word spaces stretched by ${wordGap.toFixed(2)} em: “${clip(line.text)}”`, text: line.text });
      }
    }
  }
  return findings;
}

/** Paragraph lines alone at a page break: the first at the foot (orphan), the last at the top (widow). */
export function widowsAndOrphans(ctx: ProofContext): Finding[] {
  if (ctx.vertical) return [];
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    const next = ctx.pages[page.number];
    if (!next) continue;
    const here = flowLines(ctx, page);
    const there = flowLines(ctx, next);
    const last = here[here.length - 1];
    const first = there[0];
    if (!last || !first || last.block?.role !== 'P' || first.block?.role !== 'P') continue;
    // The paragraph runs on: its last line here is full, and the next page starts without an indent.
    const runsOn = last.x1 >= page.block.x1 - last.size && first.x0 <= next.block.x0 + 0.5 * first.size;
    if (!runsOn) continue;
    const linesHere = here.filter((l) => l.block === last.block).length;
    const linesThere = there.filter((l) => l.block === first.block).length;
    const isFirstLine = last.x0 > page.block.x0 + 0.5 * last.size || here[here.length - 2]?.block !== last.block;
    if (linesHere === 1 && isFirstLine && here.length > 1) findings.push({ rule: 'orphan', page: page.number, message: `the first line of a paragraph is alone at the foot of the page: “${clip(last.text)}”`, text: last.text });
    const endsShort = first.x1 < next.block.x1 - first.size;
    if (linesThere === 1 && endsShort && there.length > 1) findings.push({ rule: 'widow', page: next.number, message: `the last line of a paragraph is alone at the top of the page: “${clip(first.text)}”`, text: first.text });
  }
  return findings;
}

/** A page whose last line stops short of the text block's edge while its paragraph goes on
 *  overleaf: the line is not the paragraph's last, and a justified paragraph's lines are full.
 *  (The next page's first line flush with the margin may open a block set so — a list item, a
 *  label —: the book's text says where its blocks end.) */
export function shortPageEnds(ctx: ProofContext): Finding[] {
  if (ctx.vertical) return [];
  return ctx.pages.flatMap((page) => {
    const next = ctx.pages[page.number];
    const last = flowLines(ctx, page).at(-1);
    if (!next || !last || last.block?.role !== 'P' || !goesOn(ctx, next) || blockEndsAt(ctx, page)) return [];
    const short = (page.block.x1 - last.x1) / last.size;
    if (short <= 0.25) return [];
    return [{ rule: 'page-end-short', page: page.number, message: `the last line stops ${short.toFixed(1)} em short of the margin, its paragraph going on overleaf: “${clip(last.text.slice(-16), 16)}”`, text: last.text }];
  });
}

const oneIdeograph = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}][\p{P}\p{S}]*$/u;

/** The page opens by going on with a paragraph from the page before: its first line of text is a
 *  paragraph's, not indented (a paragraph's first line is). */
function goesOn(ctx: ProofContext, page: ProofPageView): boolean {
  const first = flowLines(ctx, page)[0];
  return first?.block?.role === 'P' && Math.abs(first.x0 - page.block.x0) <= first.size * 0.5;
}

/** 孤字: a paragraph's last line holds a single ideograph. */
export function singleCharLines(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    const lines = flowLines(ctx, page);
    lines.forEach((line, i) => {
      const prev = lines[i - 1];
      if (line.block?.role !== 'P' || !prev || prev.block !== line.block || !oneIdeograph.test(line.text)) return;
      if (lines[i + 1]?.block === line.block) return;
      // the page's last line, its paragraph going on overleaf: not the paragraph's last line
      const next = ctx.pages[page.number];
      if (i === lines.length - 1 && next && goesOn(ctx, next)) return;
      findings.push({ rule: 'single-char-line', page: page.number, message: `the last line of a paragraph is one character: “${line.text}” after “${clip(prev.text.slice(-12), 12)}”`, text: prev.text + line.text });
    });
  }
  return findings;
}

/** Line-start and line-end prohibitions (禁則). */
export function kinsoku(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    // (not a code block's lines: code is set as written, `{` may end its line)
    const lines = page.body.filter((l) => l.block !== undefined && l.block.role !== 'Code');
    lines.forEach((line, i) => {
      // A line's start counts only where it continues the line before (same block).
      const continues = lines[i - 1]?.block === line.block;
      if (continues && opensWithClosingMark(line.text) && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(lines[i - 1]!.text)) {
        findings.push({ rule: 'kinsoku', page: page.number, message: `line starts with “${line.text[0]}”: “${clip(line.text)}”`, text: lines[i - 1]!.text.slice(-8) + line.text });
      }
      const continued = lines[i + 1]?.block === line.block;
      if (continued && openingMarks.test(line.text)) {
        findings.push({ rule: 'kinsoku', page: page.number, message: `line ends with “${line.text.slice(-1)}”: “${clip(line.text.slice(-24), 24)}”`, text: line.text });
      }
    });
    if (!ctx.vertical) findings.push(...callsAtLineStart(page), ...markAtPageTop(ctx, page));
  }
  return findings;
}

/** A page whose text opens on a closing mark, its paragraph going on from the page before (the
 *  first line not indented): the mark was cut from the word before it (“…自⁸³” / “；加关强…”). */
function markAtPageTop(ctx: ProofContext, page: ProofPageView): Finding[] {
  const first = flowLines(ctx, page)[0];
  const before = ctx.pages[page.number - 2];
  const last = before && flowLines(ctx, before).at(-1);
  if (!first || !last || last.block?.role !== 'P' || !opensWithClosingMark(first.text) || !goesOn(ctx, page)) return [];
  return [{ rule: 'kinsoku', page: page.number, message: `page starts with “${first.text[0]}”, cut from “${clip(last.text.slice(-8), 8)}” on page ${page.number - 1}: “${clip(first.text)}”`, text: last.text.slice(-8) + first.text }];
}

/** Note calls set at the start of a line, apart from the word they follow: a call (a link to a
 *  note, untagged) whose number stands at the text block's start edge. */
function callsAtLineStart(page: ProofPageView): Finding[] {
  return page.links.flatMap((link) => {
    if (!/^fn-\d+$/.test(link.dest ?? '')) return [];
    const inside = (g: Glyph) => g.x0 >= link.x0 - 0.5 && g.x1 <= link.x1 + 0.5 && g.y0 >= link.y0 - 0.5 && g.y1 <= link.y1 + 0.5;
    const digits = page.glyphs.filter((g) => inside(g) && /^[\d①-⑳]$/u.test(g.text)).sort((a, b) => a.x0 - b.x0);
    const call = digits[0];
    if (!call || Math.abs(call.x0 - page.block.x0) > 1.5) return [];
    const above = page.body.filter((l) => l.y0 > call.y1).sort((a, b) => a.y0 - b.y0)[0];
    return [{ rule: 'kinsoku', page: page.number, message: `line starts with a note call (${digits.map((g) => g.text).join('')}), apart from the text it follows${above ? `: “${clip(above.text.slice(-16), 16)}”` : ''}`, ...(above ? { text: above.text.slice(-12) } : {}) }];
  });
}

/**
 * A table row broken across pages. Paged.js splits a row into two rows of two tables, so the PDF
 * holds no single row on two pages: a split shows as a table that runs on over the break whose
 * row at the break is missing some of the table's columns on one side (a cell left behind or
 * carried over) or has its cells continue on both sides.
 */
export function tableRowsSplit(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    const next = ctx.pages[page.number];
    if (!next) continue;
    const here = page.body.filter((l) => l.block !== undefined && l.size >= ctx.bodySize * 0.7);
    const there = next.body.filter((l) => l.block !== undefined && l.size >= ctx.bodySize * 0.7);
    const last = here[here.length - 1];
    // A continued table starts its page with a caption (续表) and its header row again.
    const first = there.find((l) => l.block?.role !== 'Caption' && l.block?.role !== 'TH');
    if (!last || !first || !isCell(last) || !isCell(first)) continue;
    const rowHere = rowOf(last);
    const rowThere = rowOf(first);
    // The columns of the same table (a page may hold the end of one table and another whole).
    // (a cell's line may be inside code, a link … in the cell: counted by the row it is in)
    const colsHere = columns(here.filter((l) => rowOf(l) && rowOf(l) !== rowHere && tableOf(l) === tableOf(last)));
    const colsThere = columns(there.filter((l) => rowOf(l) && rowOf(l) !== rowThere && tableOf(l) === tableOf(first)));
    const lastCols = columns(here.filter((l) => rowOf(l) === rowHere));
    const firstCols = columns(there.filter((l) => rowOf(l) === rowThere));
    // Within 0.6 em: a cell that starts with an opening bracket starts half an em early (halt).
    const near = 0.6 * ctx.bodySize;
    const missing = (row: number[], table: number[]) => table.some((c) => !row.some((r) => Math.abs(r - c) < near));
    const headerRepeated = there.some((l) => l.block?.role === 'TH');
    // Overleaf, only a row without its first column: a row with an empty cell further on looks
    // the same in the PDF (Chromium tags no empty cell), and is common (the Debian reference's
    // `command1 || command2` row, whose second cell GFM leaves empty, topped page 82).
    const firstColumn = colsThere.length ? [Math.min(...colsThere)] : [];
    // Here, a row without one of its columns: its text goes on overleaf, where the first row
    // lacks a column too — or a whole row with an empty cell, when a full row follows overleaf
    // (the Japanese reference's `command1 || command2` at the foot of p. 97).
    const splitHere = colsHere.length && missing(lastCols, colsHere) && (!colsThere.length || missing(firstCols, colsThere));
    if (splitHere || (firstColumn.length && missing(firstCols, firstColumn) && !headerRepeated)) {
      findings.push({ rule: 'table-row-split', page: page.number, message: `a table row is broken across pages ${page.number} and ${next.number}: “${clip(last.text)}” / “${clip(first.text)}”`, text: last.text });
    }
  }
  return findings;
}

const isCell = (line: Line) => line.block?.role === 'TD' || line.block?.role === 'TH';
const ancestor = (role: string) => (line: Line) => closest(line.block, [role])?.id ?? 0;
const rowOf = ancestor('TR');
const tableOf = ancestor('Table');
function columns(lines: Line[]): number[] {
  const starts: number[] = [];
  for (const line of lines) {
    const x = Math.round(line.x0);
    if (!starts.some((s) => Math.abs(s - x) < 6)) starts.push(x);
  }
  return starts;
}
