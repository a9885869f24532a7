/**
 * A mend of Paged.js 0.4.3 where a page breaks before a footnote that does not fit, run in the
 * Chromium page (called by inkMendBreak, in-page-breaks.ts; self-contained, like every function
 * run there). Written here because no release of Paged.js has it.
 *
 * Until Paged.js moves a note to the foot, the note is a block in the text, after its call's
 * text. When that block runs past the page, Paged.js keeps the call with its note (the note's
 * `break-before: avoid`) by breaking before the node right before the note — the whole text
 * node since the call before. That text often starts with the mark that ends the sentence of
 * the call before: the page broke between “…不成数自⁸³” and “；加关强…”, and the next page opened
 * with 「；」 (63 pages of a generated 300k-character book). The break moves to the start of the
 * line where that node ends: the line Chromium already made, so no mark starts a page, and the
 * call goes over with the last line before its note.
 */
export function inkBeforeNote(overflow: Range, rendered: HTMLElement): boolean {
  const container = overflow.startContainer;
  if (container.nodeType !== Node.ELEMENT_NODE) return false;
  const before = container.childNodes[overflow.startOffset];
  const note = before?.nextSibling;
  if (!before || !(note instanceof HTMLElement) || note.dataset['note'] !== 'footnote') return false;
  const block = (container as Element).closest('p, li, dd, dt, blockquote');
  const area = rendered.closest('.pagedjs_page_content')?.getBoundingClientRect();
  if (!block || !area) return false;
  const end = document.createRange();
  end.setStartAfter(before);
  const start = inkLineStart(block, end, area);
  if (start) overflow.setStart(start.node, start.offset);
  return Boolean(start);
}

/**
 * The first character of the line where `block`'s text before `point` (a collapsed range) ends,
 * found by walking back a character at a time (a point's caret, document.caretRangeFromPoint,
 * is null outside the window, and Paged.js lays pages out far below it). Undefined when that
 * line is the block's first here, when it is not in `area` (the page, when given), or in
 * vertical text. Text in a note still in the text is passed over.
 */
export function inkLineStart(block: Element, point: Range, area?: DOMRect): { node: Text; offset: number } | undefined {
  if (getComputedStyle(block).writingMode !== 'horizontal-tb') return undefined;
  const texts: Text[] = [];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && point.comparePoint(node, 0) < 0; node = walker.nextNode()) {
    if (!node.parentElement?.closest('[data-note="footnote"]')) texts.push(node as Text);
  }
  const range = document.createRange();
  let line: number | undefined;
  let start: { node: Text; offset: number } | undefined;
  for (const text of texts.reverse()) {
    const last = text === point.startContainer ? point.startOffset : text.length;
    for (let i = last - 1; i >= 0; i--) {
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const rect = range.getBoundingClientRect();
      if (!rect.width || !rect.height) continue;
      const middle = rect.top + rect.height / 2;
      if (line === undefined && area && (rect.left >= area.right || middle >= area.bottom)) return undefined;
      line ??= middle;
      // a character of the line above: `start` is the line's first
      if (Math.abs(middle - line) > rect.height / 2) return start;
      start = { node: text, offset: i };
    }
  }
  return undefined;
}

/**
 * The boxes of `block`'s text after the break (`overflow`'s start), in runs split where a note
 * still in the text stands: Paged.js sets such a note as a block, so the text after it starts a
 * new line, which it will not once the note is at the foot (“…意据任⁷⁰¹” / “。” is one line:
 * inkLinesOver counts them). `more`: how many characters of the block Paged.js has not laid out
 * yet (its source, `source`, goes on).
 */
export function inkRunsAfter(overflow: Range, block: Element, source: ParentNode | undefined): { runs: DOMRect[][]; more: number } {
  const runs: DOMRect[][] = [[]];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let note: Element | null | undefined;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (overflow.comparePoint(node, node.textContent?.length ?? 0) < 0) continue;
    const inNote = node.parentElement?.closest('[data-note="footnote"]');
    if (inNote) {
      if (inNote !== note) runs.push([]);
      note = inNote;
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    if (overflow.comparePoint(node, 0) < 0) range.setStart(overflow.startContainer, overflow.startOffset);
    runs[runs.length - 1]?.push(...Array.from(range.getClientRects()));
  }
  const ref = block.getAttribute('data-ref');
  const whole = ref ? source?.querySelector(`[data-ref="${ref}"]`) : null;
  const here = inkPlainText(block);
  const all = whole ? inkPlainText(whole) : here;
  return { runs, more: Math.max(0, all.length - (all.indexOf(here) + here.length)) };
}

/**
 * Lines overleaf from inkRunsAfter's runs: each run's lines (its boxes grouped by their bottom,
 * `lineHeight` apart), and a run's first line joins the line before when both fit in `width`.
 */
export function inkLinesOver(runs: DOMRect[][], width: number, lineHeight: number): number {
  let lines = 0;
  let last = width;
  for (const run of runs) {
    const widths: number[] = [];
    let bottom = -Infinity;
    for (const rect of run.filter((r) => r.width > 0 && r.height > 0).sort((a, b) => a.bottom - b.bottom)) {
      if (rect.bottom - bottom > lineHeight * 0.6) widths.push(0);
      bottom = rect.bottom;
      widths[widths.length - 1] = (widths[widths.length - 1] ?? 0) + rect.width;
    }
    if (!widths.length) continue;
    const first = widths[0] ?? 0;
    const joins = last + first <= width + 1;
    lines += widths.length - (joins ? 1 : 0);
    last = widths.length === 1 && joins ? last + first : (widths[widths.length - 1] ?? 0);
  }
  return lines;
}

/** The height of the notes at the page's foot whose calls come after `point` in `rendered`:
 *  they go over with the text there, and leave their space blank. */
export function inkNotesAfter(point: Range, rendered: HTMLElement): number {
  const area = rendered.closest('.pagedjs_area')?.querySelector('.pagedjs_footnote_area');
  let height = 0;
  for (const call of Array.from(rendered.querySelectorAll<HTMLElement>('a[data-footnote-call]'))) {
    if (point.comparePoint(call, 0) < 0) continue;
    height += area?.querySelector(`[data-ref="${call.dataset['footnoteCall'] ?? ''}"]`)?.getBoundingClientRect().height ?? 0;
  }
  return height;
}

/** An element's text without the notes still in it. */
export function inkPlainText(element: Element): string {
  let text = '';
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('[data-note="footnote"]')) text += node.textContent ?? '';
  }
  return text;
}
