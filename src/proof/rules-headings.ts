/** Proof rules about headings, and about short lead-ins that go with what they introduce as a
 *  heading does. */
import { clip, comparable, flowLines, isHeading, type Finding, type ProofContext } from './context.js';
import type { Line } from './lines.js';
import { closest } from './structure.js';

/** A heading set smaller than the text it heads (a browser's h5 is 0.83 em, its h6 0.67 em). */
export function smallHeadings(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<unknown>();
  for (const page of ctx.pages) {
    for (const line of page.body) {
      // (once a heading, at its first line; not its ruby or emphasis dots, half its size)
      if (!isHeading(line) || line.size >= ctx.bodySize - 0.05 || line.size < ctx.bodySize * 0.6 || !comparable(line.text) || seen.has(line.block)) continue;
      seen.add(line.block);
      findings.push({ rule: 'heading-small', page: page.number, message: `heading “${clip(line.text)}” is set at ${line.size.toFixed(1)} pt, smaller than the text (${ctx.bodySize} pt)`, text: line.text });
    }
  }
  return findings;
}

/**
 * A heading that ends a page's text flow, with more text after it on the next pages — alone, or
 * with one line of its own below it (a poem's author, a one-line lead) while what it heads
 * starts overleaf.
 */
export function strandedHeadings(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    const lines = flowLines(ctx, page);
    const next = ctx.pages[page.number];
    const first = next && flowLines(ctx, next)[0];
    if (!first || lines.every(isHeading)) continue;
    const last = lines[lines.length - 1] as Line;
    if (isHeading(last)) {
      findings.push({ rule: 'heading-stranded', page: page.number, message: `heading “${clip(last.text)}” is the last line of the page`, text: last.text });
      continue;
    }
    // a block of one line between the heading and the page's end, its next block overleaf
    const above = lines[lines.length - 2];
    if (!above || !isHeading(above) || isHeading(first) || !last.block || last.block === above.block) continue;
    findings.push({ rule: 'heading-stranded', page: page.number, message: `heading “${clip(above.text)}” and the one line under it (“${clip(last.text)}”) end the page; what they head starts overleaf`, text: above.text });
  }
  return findings;
}

/** A heading of two lines or more whose last holds one or two characters (“…对硬件外设的访” / “问？”):
 *  its lines were not balanced. */
export function unbalancedHeadings(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    const lines = flowLines(ctx, page);
    lines.forEach((line, i) => {
      const prev = lines[i - 1];
      if (!isHeading(line) || !prev || prev.block !== line.block || lines[i + 1]?.block === line.block) return;
      const letters = [...line.text.replace(/[\p{P}\p{S}\s]/gu, '')];
      if (letters.length === 0 || letters.length > 2 || [...prev.text].length < 6) return;
      findings.push({ rule: 'heading-unbalanced', page: page.number, message: `heading “${clip(prev.text + line.text)}” ends with a line of ${letters.length === 1 ? 'one character' : 'two characters'}: “${line.text}”`, text: prev.text + line.text });
    });
  }
  return findings;
}

/** A one-line lead-in (“作为替代，”, “应用和调整配置：”: a colon or a comma, 80 characters at most)
 *  that ends a page's text while the code, table, figure, list or quotation it introduces starts
 *  the next (horizontal books: Chromium lays out vertical ones, without this rule). */
export function strandedLeadIns(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    const lines = flowLines(ctx, page);
    const next = ctx.pages[page.number];
    const first = next && flowLines(ctx, next)[0];
    const last = lines.at(-1);
    if (ctx.vertical || !first || !last?.block || isHeading(last) || lines.at(-2)?.block === last.block || first.block?.id === last.block.id) continue;
    const text = last.text.trim();
    if (!/[：:，,]$/.test(text) || [...text].length > 80 || !opensDisplay(first) || within(last, first, 'LI') || within(last, first, 'BlockQuote') || within(last, first, 'Table')) continue;
    findings.push({ rule: 'lead-in-stranded', page: page.number, message: `“${clip(text)}” ends the page; what it leads in to starts overleaf`, text });
  }
  return findings;
}

/** A code block's, table's, figure's, list's or quotation's line (not inline code, which is its
 *  paragraph's). */
const opensDisplay = (line: Line): boolean => line.block?.role === 'Code' || closest(line.block, ['Table', 'Figure', 'L', 'BlockQuote']) !== undefined;

/** Both lines inside a `role` at the same depth: items of one list (“woody 是牛仔胡迪，” over
 *  “sarge 是…，”, the FAQ p. 53), paragraphs of one quotation, rows of one table — not a lead-in
 *  and what it introduces. (A list the page splits is two lists in the PDF's structure.) */
const within = (a: Line, b: Line, role: string): boolean => {
  const depth = (line: Line) => {
    let n = 0;
    for (let element = line.block; element; element = element.parent) if (element.role === role) n++;
    return n;
  };
  return depth(a) > 0 && depth(a) === depth(b);
};
