/**
 * Where Paged.js may break a page, mended in the Chromium page. Registered before Paged.js lays
 * out (print-steps.ts, paginate): the functions of `breakHelpers` are declared in the page first
 * (each self-contained: browser globals and one another only), then `breaksInPage` runs there. Written here because Paged.js 0.4 has none of it: it ignores
 * `orphans`/`widows`, honours `break-after: avoid` only between whole blocks, keeps nothing
 * together that it can split, and does not repeat a table's header.
 *
 * - A table that goes on over a page break starts the new page with its header row again,
 *   under a caption 续表 (the table's `data-continued`). Done as Paged.js lays out the page's
 *   first row, so the page is measured with them (its community handlers add the header after
 *   layout, which can push the last row off the page).
 * - Where a page would break (Paged.js's overflow range), the break moves up: before a contents
 *   entry or a figure it would cut; before a paragraph that would leave one line at the foot
 *   (an orphan); one line up when a paragraph would leave one line alone overleaf (a widow), or
 *   before it when it has only three; before a heading (or a lead-in, inkIsHeading) that would
 *   be left at the foot with fewer than two lines of what follows. Never to the top of a page.
 */

import { inkFixTableColumns, inkRepeatTableHead, inkTableBreak } from './in-page-tables.js';
import { inkBeforeNote, inkLineStart, inkLinesOver, inkNotesAfter, inkPlainText, inkRunsAfter } from './in-page-note-break.js';
import { inkMendTextToken, inkNoBlankAtFoot, inkNoHyphenInCode, inkSoftHyphenBreak, inkHangCodeOverleaf } from './in-page-text-token.js';

interface PagedHandlerBase {
  new (chunker: unknown, polisher: unknown, caller: unknown): object;
}

export function breaksInPage(): void {
  const global = window as unknown as { Paged?: { Handler: PagedHandlerBase; registerHandlers(...handlers: unknown[]): void }; PagedModule?: typeof global.Paged };
  const Paged = global.Paged ?? global.PagedModule;
  if (!Paged) return;
  class InkstoneBreaks extends Paged.Handler {
    onOverflow(overflow: Range | undefined, rendered: HTMLElement): Range | undefined {
      if (!overflow) return undefined;
      (window as unknown as { inkSoftHyphenBreak: typeof inkSoftHyphenBreak }).inkSoftHyphenBreak(overflow);
      return inkMendBreak(overflow, rendered, (this as { chunker?: { source?: ParentNode } }).chunker?.source) ?? overflow;
    }
    // (inkMendTextToken and inkNoHyphenInCode are declared in the page with the other helpers:
    // a name imported from another module is not the page's)
    onBreakToken(token: Parameters<typeof inkMendTextToken>[0], overflow: Range | undefined): undefined {
      if (overflow) (window as unknown as { inkMendTextToken: typeof inkMendTextToken }).inkMendTextToken(token, overflow);
      return undefined;
    }
    afterOverflowRemoved(removed: DocumentFragment | undefined, rendered: HTMLElement): void {
      (window as unknown as { inkNoHyphenInCode: typeof inkNoHyphenInCode }).inkNoHyphenInCode(rendered);
      (window as unknown as { inkNoBlankAtFoot: typeof inkNoBlankAtFoot }).inkNoBlankAtFoot(removed, rendered);
    }
  }
  // (declared in the page with the other helpers, like inkMendTextToken above)
  const page = window as unknown as { inkFixTableColumns: typeof inkFixTableColumns; inkRepeatTableHead: typeof inkRepeatTableHead; inkHangCodeOverleaf: typeof inkHangCodeOverleaf };
  page.inkFixTableColumns();
  class InkstoneContinued extends Paged.Handler {
    renderNode(clone: Node, source: Node) {
      page.inkRepeatTableHead(clone, source);
      page.inkHangCodeOverleaf(clone);
    }
  }
  Paged.registerHandlers(InkstoneBreaks, InkstoneContinued);
}

/** A short text whose sentence goes on into what follows it: it ends with a colon, or with a
 *  comma (“作为替代，” over a command, the Debian FAQ p. 105). */
function inkLeadsIn(element: Element): boolean {
  const lead = (element.textContent ?? '').trim();
  return /[：:，,]$/.test(lead) && lead.length <= 80;
}

/** A heading, or what stands for one: a short paragraph all in bold (“**注意**”, a table's
 *  title “**表格 1.8 …**” above it, as converted manuals have them), one all in italic over the
 *  figure, table or code it titles (Debian Edu p. 32), or a short lead-in (“手机截图：” over the
 *  screenshot): each goes over with what follows, like a heading. */
function inkIsHeading(element: Element | null | undefined): element is Element {
  if (!element) return false;
  if (/^H[1-6]$/.test(element.tagName)) return true;
  if (element.tagName !== 'P') return false;
  const display = /^(FIGURE|TABLE|PRE|UL|OL|DL|BLOCKQUOTE)$/.test(element.nextElementSibling?.tagName ?? '');
  if (inkLeadsIn(element) && display) return true;
  const only = element.children.length === 1 ? element.children[0] : undefined;
  const text = (element.textContent ?? '').trim();
  if (!only || (only.textContent ?? '').trim() !== text || text.length === 0 || text.length > 60) return false;
  return /^(STRONG|B)$/.test(only.tagName) || (/^(EM|I)$/.test(only.tagName) && display);
}

/** Line boxes of a range: the distinct bottoms of its rectangles (a raised note call is on its line). */
function inkLines(range: Range, lineHeight: number): number[] {
  const bottoms = Array.from(range.getClientRects())
    .filter((r) => r.width > 0 && r.height > 0)
    .map((r) => r.bottom)
    .sort((a, b) => a - b);
  const result: number[] = [];
  for (const bottom of bottoms) if (!result.length || bottom - (result[result.length - 1] ?? 0) > lineHeight * 0.6) result.push(bottom);
  return result;
}

/** Paged.js lays a page out in columns and finds the break where content runs into the next
 *  column: an element split there has one box per column, the first on this page. Can
 *  `element` go over (it is on this page, not at its top)? */
function inkMovable(element: Element | null | undefined, rendered: HTMLElement): element is Element {
  const top = rendered.getBoundingClientRect().top + 2;
  return Boolean(element && rendered.contains(element) && (element.getClientRects()[0]?.top ?? top) > top);
}

/** `element`, or the first of the headings right above it that can go over with it — also
 *  above the box it opens (a note's “**注记**” first in its quotation box, under 4.6's heading). */
function inkWithHeadingsAbove(element: Element, rendered: HTMLElement): Element {
  let first = element;
  for (;;) {
    while (inkIsHeading(first.previousElementSibling) && inkMovable(first.previousElementSibling, rendered)) first = first.previousElementSibling;
    const box = first.parentElement;
    if (first.previousElementSibling || !box || box === rendered || !rendered.contains(box)) return first;
    if (!inkIsHeading(box.previousElementSibling) || !inkMovable(box.previousElementSibling, rendered)) return first;
    first = box;
  }
}

/** The break Paged.js would make (`overflow`), moved up where it would cut what must stay
 *  together; undefined to leave it. */
function inkMendBreak(overflow: Range, rendered: HTMLElement, source: ParentNode | undefined): Range | undefined {
  const beforeNote = (window as unknown as { inkBeforeNote: typeof inkBeforeNote }).inkBeforeNote(overflow, rendered);
  const mended = inkMendBlocks(overflow, rendered, source) ?? (beforeNote ? overflow : undefined);
  return inkWholeItem(mended ?? overflow, rendered) ? overflow : mended;
}

/**
 * A list item whose text would start overleaf goes over whole: its marker is drawn with the
 * item, not its text, and stayed alone at the foot (the Debian FAQ's p. 44: a paragraph kept
 * from leaving its first line alone went over, its item's bullet did not).
 */
function inkWholeItem(range: Range, rendered: HTMLElement): boolean {
  const container = range.startContainer;
  const node = container.nodeType === Node.ELEMENT_NODE ? (container.childNodes[range.startOffset] ?? container) : container;
  const item = (node instanceof Element ? node : node.parentElement)?.closest('li');
  if (!item || !rendered.contains(item) || !inkMovable(item, rendered)) return false;
  const before = document.createRange();
  before.setStart(item, 0);
  before.setEnd(range.startContainer, range.startOffset);
  if (before.toString().trim()) return false;
  range.setStartBefore(inkWithHeadingsAbove(item, rendered));
  return true;
}

/** inkMendBreak's moves, whole units and paragraphs. */
function inkMendBlocks(overflow: Range, rendered: HTMLElement, source: ParentNode | undefined): Range | undefined {
  const container = overflow.startContainer;
  // The node the range starts at: a text node, or the element it starts before.
  const node = container.nodeType === Node.ELEMENT_NODE ? (container.childNodes[overflow.startOffset] ?? container) : container;
  const at = node instanceof Element ? node : node.parentElement;
  if (!at) return undefined;
  // Whole units: a contents entry, a figure.
  const unit = at.closest('.toc li, figure');
  if (inkMovable(unit, rendered) && unit !== at) {
    overflow.setStartBefore(inkLeadAbove(unit, rendered) ?? inkWithHeadingsAbove(unit, rendered));
    return overflow;
  }
  // Two rows of a table's body on each page at least (in-page-tables.ts).
  if ((window as unknown as { inkTableBreak: typeof inkTableBreak }).inkTableBreak(overflow, rendered, at, source)) return overflow;
  // The paragraph the break falls in, and what opens the next page.
  const next = at.closest('p, li, dd, dt, blockquote, pre, figcaption');
  if (!next || !rendered.contains(next)) return inkHeadingAtFoot(overflow, rendered, at, true, false);
  const verdict = inkParagraphBreak(overflow, rendered, next, source);
  if (verdict === 'keep' || verdict === 'widow') return verdict === 'widow' ? overflow : undefined;
  return inkHeadingAtFoot(overflow, rendered, next, verdict.startsNext, verdict.moved);
}

/**
 * A break inside paragraph `next`: an orphan (its first line alone at the foot), or a paragraph
 * of three lines that would leave its last alone overleaf, goes over whole (moved); a widow
 * (its last line alone overleaf) takes the line before it along ('widow'); two lines or more
 * stay with whatever heads them ('keep').
 */
function inkParagraphBreak(overflow: Range, rendered: HTMLElement, next: Element, source: ParentNode | undefined): 'keep' | 'widow' | { moved: boolean; startsNext: boolean } {
  const style = getComputedStyle(next);
  const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
  const before = document.createRange();
  before.setStart(next, 0);
  before.setEnd(overflow.startContainer, overflow.startOffset);
  const notes = window as unknown as { inkRunsAfter: typeof inkRunsAfter; inkLinesOver: typeof inkLinesOver; inkNotesAfter: typeof inkNotesAfter; inkLineStart: typeof inkLineStart };
  const after = notes.inkRunsAfter(overflow, next, source);
  const here = inkLines(before, lineHeight);
  // lines overleaf (text not laid out yet, more than the mark after a call: a line more, to be safe)
  const there = notes.inkLinesOver(after.runs, next.clientWidth, lineHeight) + (after.more > 2 ? 1 : 0);
  // A widow mended by leaving more than 2½ lines blank at the foot (the lines that go over, and
  // the notes called in them) is worse than the widow: the 300k book's p. 85 lost 4.8 lines.
  const blank = (point: Range, lines: number) => lines * lineHeight + notes.inkNotesAfter(point, rendered) > 2.5 * lineHeight;
  const whole = document.createRange();
  whole.setStartBefore(next);
  if ((here.length === 1 || (here.length === 2 && there === 1 && !blank(whole, 2))) && inkMovable(next, rendered)) {
    overflow.setStartBefore(next);
    return { moved: true, startsNext: true };
  }
  if (there === 1 && here.length >= 3) {
    const point = overflow.cloneRange();
    point.collapse(true);
    const start = notes.inkLineStart(next, point);
    if (!start) return 'widow';
    point.setStart(start.node, start.offset);
    if (blank(point, 1)) return 'keep';
    overflow.setStart(start.node, start.offset);
    return 'widow';
  }
  if (here.length >= 2) return 'keep';
  return { moved: false, startsNext: here.length === 0 };
}

/** A heading with one line of its own under it (a poem's author, “有几种桌面环境可用：”) right
 *  before `element`, which opens the next page: where the page must break instead (before the
 *  heading, and headings right above it), if they can go over. */
function inkLeadAbove(element: Element, rendered: HTMLElement): Element | undefined {
  const lead = element.previousElementSibling;
  const heading = lead?.previousElementSibling;
  if (lead?.tagName !== 'P' || !/^H[1-6]$/.test(heading?.tagName ?? '') || !inkMovable(heading, rendered)) return undefined;
  const range = document.createRange();
  range.selectNodeContents(lead);
  const lineHeight = parseFloat(getComputedStyle(lead).lineHeight) || parseFloat(getComputedStyle(lead).fontSize) * 1.6;
  return inkLines(range, lineHeight).length === 1 ? inkWithHeadingsAbove(heading as Element, rendered) : undefined;
}

/** A heading left at the foot, its text overleaf: it goes over too (and a heading right before
 *  it: 14.4.1 over “**主服务器**” over its list), as does a list item leading in to it. */
function inkHeadingAtFoot(overflow: Range, rendered: HTMLElement, next: Element, startsNext: boolean, moved: boolean): Range | undefined {
  let opening: Element | null = next;
  while (opening && opening.parentElement !== rendered && !opening.previousElementSibling && opening.parentElement) opening = opening.parentElement;
  const heading = opening?.previousElementSibling;
  if (inkIsHeading(heading) && startsNext && inkMovable(heading, rendered)) {
    overflow.setStartBefore(inkWithHeadingsAbove(heading, rendered));
    return overflow;
  }
  const withLead = startsNext && opening ? inkLeadAbove(opening, rendered) : undefined;
  if (withLead) {
    overflow.setStartBefore(withLead);
    return overflow;
  }
  // A list whose last item leads in to what opens the next page (“应用和调整配置：” over its
  // command, Debian Edu 12-upgrades): that item goes over with it.
  const item = heading && /^(UL|OL)$/.test(heading.tagName) ? heading.lastElementChild : null;
  if (item?.tagName === 'LI' && startsNext && !/^H[1-6]$/.test(opening?.tagName ?? '') && inkLeadsIn(item) && inkMovable(item, rendered)) {
    overflow.setStartBefore(item);
    return overflow;
  }
  return moved ? overflow : undefined;
}

export const breakHelpers = [inkLeadsIn, inkBeforeNote, inkLineStart, inkRunsAfter, inkLinesOver, inkNotesAfter, inkPlainText, inkLeadAbove, inkMendTextToken, inkNoHyphenInCode, inkNoBlankAtFoot, inkSoftHyphenBreak, inkHangCodeOverleaf, inkIsHeading, inkLines, inkMovable, inkWithHeadingsAbove, inkMendBreak, inkWholeItem, inkMendBlocks, inkParagraphBreak, inkHeadingAtFoot, inkFixTableColumns, inkRepeatTableHead, inkTableBreak];
