/** Proof rules about the page as a whole: margins, running heads, glyphs, notes, contents. */
import { clip, comparable, isHeading, mm, type Finding, type ProofContext } from './context.js';
import { boxOf, type Line } from './lines.js';
import type { Glyph } from './read-pdf.js';
import { closingMarks, hangingMarks, openingMarks, thresholds } from './thresholds.js';

/** A running head or folio on more than one line, or outside the text block's width. */
export function runningHeads(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  const tol = thresholds.edgePt;
  for (const page of ctx.pages) {
    const furniture = page.lines.filter((l) => l.artifact && (l.y0 >= page.block.y1 - tol || l.y1 <= page.block.y0 + tol));
    for (const band of [furniture.filter((l) => l.y0 >= page.block.y1 - tol), furniture.filter((l) => l.y1 <= page.block.y0 + tol)]) {
      const baselines = [...new Set(band.map((l) => Math.round(l.y0)))];
      const text = band.map((l) => l.text).join(' ');
      if (baselines.length > 1) {
        findings.push({ rule: 'running-head-wraps', page: page.number, message: `running head or folio “${text}” set on ${baselines.length} lines` });
        continue;
      }
      for (const line of band) {
        const past = Math.max(page.block.x0 - line.x0, line.x1 - page.block.x1, line.y1 - page.height, -line.y0);
        if (past > tol) findings.push({ rule: 'running-head-wraps', page: page.number, message: `running head or folio “${line.text}” ${mm(past)} outside its margin` });
      }
    }
  }
  return findings;
}

/** Text or images past the text block. */
export function overflow(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  const tol = thresholds.edgePt;
  for (const page of ctx.pages) {
    const b = page.block;
    for (const line of page.lines) {
      if (line.artifact) continue;
      // Past the sides, or below the bottom margin. A final full-width mark inks only the first
      // half of its em (its advance may reach past the edge); a hanging mark may pass it.
      const glyphs = line.glyphs.filter((g, i) => !(i === line.glyphs.length - 1 && hangingMarks.test(g.text) && g.x0 <= b.x1 + tol));
      if (!glyphs.length) continue;
      // Likewise a first full-width opening mark inks only the second half of its em.
      const x0 = Math.min(...glyphs.map((g, i) => (i === 0 && openingMarks.test(g.text) && g.advance >= 0.9 * g.size ? g.x0 + g.advance / 2 : g.x0)));
      const x1 = Math.max(...glyphs.map((g, i) => (i === glyphs.length - 1 && closingMarks.test(g.text) && g.advance >= 0.9 * g.size ? g.x0 + g.advance / 2 : g.x1)));
      const side = Math.max(b.x0 - x0, x1 - b.x1);
      const below = b.y0 - line.y0 - 0.2 * line.size;
      const above = line.y1 - b.y1;
      if (side > tol) findings.push({ rule: 'overflow', page: page.number, message: `line ${mm(side)} past the ${x1 - b.x1 > b.x0 - x0 ? 'right' : 'left'} edge of the text block: “${clip(line.text)}”`, text: line.text });
      else if (below > tol) findings.push({ rule: 'overflow', page: page.number, message: `line ${mm(below)} below the bottom margin: “${clip(line.text)}”`, text: line.text });
      else if (above > tol && !isHeading(line)) findings.push({ rule: 'overflow', page: page.number, message: `line ${mm(above)} above the top margin: “${clip(line.text)}”`, text: line.text });
    }
    // Vector drawings (an SVG, a table's rules): one finding a page, for all that pass the edges.
    const past = page.drawings.filter((d) => d.mcid >= 0 && (d.x0 < b.x0 - tol || d.x1 > b.x1 + tol || d.y0 < b.y0 - tol || d.y1 > b.y1 + tol));
    if (past.length) {
      const box = boxOf(past);
      const side = Math.max(b.x0 - box.x0, box.x1 - b.x1);
      const how = side > tol ? `${mm(side)} past the ${box.x1 - b.x1 > b.x0 - box.x0 ? 'right' : 'left'} edge` : `${mm(Math.max(b.y0 - box.y0, box.y1 - b.y1))} past the ${b.y0 - box.y0 > box.y1 - b.y1 ? 'bottom' : 'top'} margin`;
      findings.push({ rule: 'overflow', page: page.number, message: `a drawing (an SVG image, a table's rules) ${how} of the text block` });
    }
    for (const image of page.images) {
      const side = Math.max(b.x0 - image.x0, image.x1 - b.x1);
      const vertical = Math.max(b.y0 - image.y0, image.y1 - b.y1);
      if (side > tol || vertical > tol) {
        const how = side > tol ? `${mm(side)} past the ${image.x1 - b.x1 > b.x0 - image.x0 ? 'right' : 'left'} edge` : `${mm(vertical)} past the ${b.y0 - image.y0 > image.y1 - b.y1 ? 'bottom' : 'top'} margin`;
        findings.push({ rule: 'overflow', page: page.number, message: `image (${image.width}×${image.height} px) ${how} of the text block` });
      }
    }
  }
  return findings;
}

/** Raster images printed at too low a resolution for their printed size (soft on paper).
 *  `minPpi`: the press's floor for a press PDF, whose images are untagged (Ghostscript drops the
 *  structure): every image counts there, not only the tagged ones (not artifacts). */
export function lowResolution(ctx: ProofContext, minPpi: number = thresholds.minPpi, tagged = true): Finding[] {
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    for (const image of page.images) {
      const inches = Math.max(image.x1 - image.x0, image.y1 - image.y0) / 72;
      const pixels = image.x1 - image.x0 >= image.y1 - image.y0 ? image.width : image.height;
      if ((tagged && image.mcid < 0) || inches < 0.2 || !pixels) continue;
      const ppi = pixels / inches;
      if (ppi < minPpi) {
        findings.push({ rule: 'image-resolution', page: page.number, message: `image (${image.width}×${image.height} px) printed at ${Math.round(ppi)} ppi, below ${minPpi}: give a larger image, or print it smaller` });
      }
    }
  }
  return findings;
}

/** Type 3 fonts: the pages that use one. */
export function type3Fonts(ctx: ProofContext): Finding[] {
  const type3 = new Set(ctx.pdf.type3Fonts);
  if (!type3.size) return [];
  return ctx.pages.flatMap((page) => {
    const used = page.lines.find((line) => line.glyphs.some((g) => type3.has(g.font)));
    return used ? [{ rule: 'font-type3' as const, page: page.number, message: `text set in a Type 3 font (a synthetic bold?): “${clip(used.text)}”`, text: used.text }] : [];
  });
}

/** Characters their font cannot draw: blank on paper. */
export function blankGlyphs(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    for (const line of page.lines) {
      const blank = line.glyphs.filter((g) => g.blank || g.text.includes('\uFFFD'));
      if (!blank.length) continue;
      // A glyph the font lacks has no text in the PDF either: the line shows it as □.
      const known = [...new Set(blank.map((g) => g.text).filter((c) => (c.codePointAt(0) ?? 0) > 0x20 && c !== '\uFFFD'))];
      const named = known.length ? ` (${known.map((c) => `${c} U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ')})` : '';
      findings.push({ rule: 'glyph-blank', page: page.number, message: `${blank.length === 1 ? 'a character' : `${blank.length} characters`} printed blank${named}: “${clip(line.text, 40)}”`, text: line.text });
    }
  }
  return findings;
}

/**
 * Each footnote on the page of its first call. A note's number links back to that call
 * (`fnref-N`), so a back-link that leaves its page is a note away from its call; a call to a
 * note (`fn-N`) that leads nowhere is a note that was not printed.
 */
export function notesAway(ctx: ProofContext): Finding[] {
  if (!ctx.footnotes) return [];
  const findings: Finding[] = [];
  for (const page of ctx.pages) {
    for (const link of page.links) {
      const back = /^fnref-(\d+)$/.exec(link.dest ?? '');
      if (back && link.destPage && link.destPage !== page.number) {
        const note = page.lines.find((l) => l.y0 <= link.y1 && l.y1 >= link.y0 && l.x0 <= link.x1 + 1);
        findings.push({ rule: 'note-away', page: page.number, message: `note ${back[1]} is on page ${page.number}, not on page ${link.destPage} where it is cited`, ...(note ? { text: note.text } : {}) });
      }
      const call = /^fn-(\d+)$/.exec(link.dest ?? '');
      if (call && !link.destPage) findings.push({ rule: 'note-away', page: page.number, message: `note ${call[1]} is on no page` });
    }
  }
  return findings;
}

/** Chapter and section headings in the contents and the bookmarks, at the pages they are on. */
export function contents(ctx: ProofContext): Finding[] {
  const findings: Finding[] = [];
  // The contents: front-matter links to a heading, with the page number printed on their line.
  const entries: Array<{ text: string; printed: number | undefined; target: number | undefined; page: number }> = [];
  for (const page of ctx.pages.filter((p) => p.number < ctx.firstChapterPage)) {
    for (const link of page.links) {
      if (link.url || !link.destPage) continue;
      const lines = page.lines.filter((l) => l.y0 < link.y1 && l.y1 > link.y0 && l.x0 >= link.x0 - 1 && l.x1 <= link.x1 + 1);
      // The entry's text, and its page number: digits set apart at the end of a line (the first
      // line, where a long title wraps beside a number aligned with its start).
      let printed: number | undefined;
      const text = lines.map((l) => {
        const number = pageNumberAt(l.glyphs);
        if (number === undefined) return l.glyphs.map((g) => g.text).join('');
        printed = number.value;
        return l.glyphs.slice(0, number.start).map((g) => g.text).join('');
      });
      entries.push({
        text: comparable(text.join('')),
        printed,
        target: link.destPage,
        page: page.number,
      });
    }
  }
  const hasContents = entries.length > 0;
  for (const entry of entries) {
    if (entry.printed !== undefined && entry.target !== undefined && entry.printed !== entry.target) {
      findings.push({ rule: 'contents', page: entry.page, message: `the contents give page ${entry.printed} for “${entry.text}”, which is on page ${entry.target}` });
    }
  }
  const outline = ctx.pdf.outline.map((e) => ({ ...e, text: comparable(e.title) }));
  // The levels the contents hold: from the book's top heading level (a manual in one file may
  // start at H2), `toc-depth` of them.
  const chapterPages = ctx.pages.filter((p) => p.number >= ctx.firstChapterPage);
  const levelOf = (line: Line) => Number(/^H([1-6])$/.exec(line.block?.role ?? '')?.[1] ?? 0);
  const top = Math.min(7, ...chapterPages.flatMap((p) => p.body.map(levelOf).filter((n) => n > 0)));
  for (const page of chapterPages) {
    const headings = page.body.filter((l) => levelOf(l) >= top && levelOf(l) < top + ctx.tocDepth);
    // A heading set on several lines is one element.
    const byElement = new Map<number, string>();
    for (const line of headings) byElement.set(line.block!.id, (byElement.get(line.block!.id) ?? '') + line.text);
    for (const raw of byElement.values()) {
      const text = comparable(raw);
      if (!text) continue;
      // Entries may carry a chapter number before the title.
      const inContents = entries.find((e) => sameTitle(e.text, text));
      const inOutline = outline.find((e) => sameTitle(e.text, text));
      if (hasContents && !inContents) findings.push({ rule: 'contents', page: page.number, message: `heading “${raw}” is missing from the contents`, text: raw });
      else if (inContents && inContents.target !== page.number) findings.push({ rule: 'contents', page: page.number, message: `the contents link “${raw}” to page ${inContents.target}, but it is on page ${page.number}`, text: raw });
      if (!inOutline) findings.push({ rule: 'contents', page: page.number, message: `heading “${raw}” has no bookmark`, text: raw });
      else if (inOutline.page !== page.number) findings.push({ rule: 'contents', page: page.number, message: `the bookmark “${inOutline.title}” points to page ${inOutline.page}, but the heading is on page ${page.number}`, text: raw });
    }
  }
  return findings;
}

/** Digits at the end of a line, set apart from what precedes them by more than an em. */
function pageNumberAt(glyphs: Glyph[]): { start: number; value: number } | undefined {
  let cut = glyphs.length;
  while (cut > 0 && /^\d$/.test(glyphs[cut - 1]!.text) && (cut === glyphs.length || glyphs[cut]!.x0 - glyphs[cut - 1]!.x1 < glyphs[cut]!.size)) cut--;
  const apart = cut < glyphs.length && cut > 0 && glyphs[cut]!.x0 - glyphs[cut - 1]!.x1 > glyphs[cut]!.size;
  return apart ? { start: cut, value: Number(glyphs.slice(cut).map((g) => g.text).join('')) } : undefined;
}

/** An entry's title is the heading's, perhaps after a number (1, 第一章 …). */
function sameTitle(entry: string, heading: string): boolean {
  return entry === heading || (entry.endsWith(heading) && /^[\p{N}第章节節部篇卷]*$/u.test(entry.slice(0, -heading.length)));
}

