/**
 * Paged.js (0.4.3) places the notes of a laid-out node one at a time (`findVisibleFootnotes` →
 * `moveFootnote`): each note costs two layouts of its page — the call measured once the note has
 * moved into the note area, then the page measured again once that area has grown — each one
 * depending on the one before. On the 300,000-character book's parts, that was over half of
 * Paged.js's time. Here a node's notes are placed at once and checked with one layout. When every
 * call stays on the page, above the note area grown to hold all of them, Paged.js's own steps
 * take the same branch for each note ("the note fits"), and leave the same calls, notes,
 * attributes and note-area height. Otherwise the notes from the first whose call does not pass
 * are put back as they were, the area is given the height of those before it, and Paged.js
 * places the rest its own way.
 * One case differs, for the better: Paged.js measures each later note while it is still a block
 * in the text, under the whole line of its call (line spacing included), so a note whose call
 * fits by less than that was skipped, and its line sent overleaf with it; here it stays on its
 * page. Of the books measured, only the 300k book has such a note (its pp. 168–169: a widow less).
 * The functions run in the page (serialised by puppeteer): browser globals and one another only.
 * (Hand-written: an override of Paged.js's footnote handler, which has no batched form.)
 */

/** The parts of Paged.js's footnote handler this uses. */
export interface FootnoteHandler {
  findVisibleFootnotes(notes: ArrayLike<HTMLElement>, node: HTMLElement): void;
  createFootnoteCall(note: HTMLElement): HTMLElement;
  marginsHeight(element: HTMLElement): number;
  paddingHeight(element: HTMLElement): number;
  borderHeight(element: HTMLElement): number;
}

/** Replaces the handler's `findVisibleFootnotes`: of two notes or more, those that fit are
 *  placed at once (inkNotesAtOnce); the rest — and a single note — as Paged.js places them. */
export function inkPlaceNotesAtOnce(prototype: FootnoteHandler): void {
  const oneByOne = prototype.findVisibleFootnotes;
  if ((oneByOne as { inkstone?: boolean }).inkstone) return;
  const atOnce = function (this: FootnoteHandler, notes: ArrayLike<HTMLElement>, node: HTMLElement): void {
    const list = Array.from(notes);
    const placed = list.length < 2 ? 0 : inkNotesAtOnce(this, list, node);
    if (placed < list.length) oneByOne.call(this, list.slice(placed), node);
  };
  prototype.findVisibleFootnotes = Object.assign(atOnce, { inkstone: true });
}

/** Places the first of `notes` (of `node`, just laid out) that fit as Paged.js's moveFootnote
 *  does, all at once: how many (0: nothing changed). */
export function inkNotesAtOnce(handler: FootnoteHandler, notes: HTMLElement[], node: HTMLElement): number {
  const pageArea = node.closest<HTMLElement>('.pagedjs_area');
  const content = pageArea?.querySelector<HTMLElement>('.pagedjs_page_content');
  const noteArea = pageArea?.querySelector<HTMLElement>('.pagedjs_footnote_area');
  const noteContent = noteArea?.querySelector<HTMLElement>('.pagedjs_footnote_content');
  const inner = noteContent?.querySelector<HTMLElement>('.pagedjs_footnote_inner_content');
  if (!pageArea || !content || content !== node.closest('.pagedjs_page_content') || !noteArea || !noteContent || !inner) return 0;
  const box = content.getBoundingClientRect();
  const right = box.left + box.width;
  // Paged.js skips a note laid out past the page (the first is measured here as it measures it;
  // each later one it measures once the notes before it have moved, a block under its call's
  // line: see above), and takes a note split from the page before another way: such nodes are
  // left to it.
  if ((notes[0] as HTMLElement).getBoundingClientRect().left >= right || notes.some((note) => inner.querySelector(`[data-ref="${note.dataset['ref']}"]`))) return 0;
  const before = {
    height: pageArea.style.getPropertyValue('--pagedjs-footnotes-height'),
    empty: noteContent.classList.contains('pagedjs_footnote_empty'),
    attributes: notes.map((note) => ['id', 'data-break-before', 'data-footnote-marker'].map((name) => [name, note.getAttribute(name)] as const)),
  };
  // moveFootnote's changes, note by note, in its order
  const calls = notes.map((note) => {
    const call = handler.createFootnoteCall(note);
    note.removeAttribute('data-break-before');
    inner.appendChild(note);
    noteContent.classList.remove('pagedjs_footnote_empty');
    note.dataset['footnoteMarker'] = note.dataset['ref'];
    note.id = `note-${note.dataset['ref']}`;
    return call;
  });
  const fit = inkFitting(handler, calls, { pageArea, noteArea, noteContent, right });
  // the notes from the first that does not fit go back to the text, as they were
  for (let index = notes.length - 1; index >= fit; index--) {
    const note = notes[index] as HTMLElement;
    calls[index]?.replaceWith(note);
    for (const [name, value] of before.attributes[index] ?? []) {
      if (value === null) note.removeAttribute(name);
      else note.setAttribute(name, value);
    }
  }
  if (fit === 0) {
    if (before.empty) noteContent.classList.add('pagedjs_footnote_empty');
    if (before.height) pageArea.style.setProperty('--pagedjs-footnotes-height', before.height);
    else pageArea.style.removeProperty('--pagedjs-footnotes-height');
  } else if (fit < notes.length) {
    // (the height moveFootnote gives the area for the last note that stays)
    pageArea.style.setProperty('--pagedjs-footnotes-height', inkAreaHeight(handler, noteContent, noteContent.scrollHeight));
  }
  return fit;
}

/** The note area's height as moveFootnote sets it when a note fits: its content's, with the
 *  content box's margins and borders (not its padding: Paged.js's own formula). */
export function inkAreaHeight(handler: FootnoteHandler, noteContent: HTMLElement, height: number): string {
  return `${height + handler.marginsHeight(noteContent) + handler.borderHeight(noteContent)}px`;
}

/**
 * With the notes moved: the note area's height set as moveFootnote sets it for the last one, and
 * how many calls, from the first, pass moveFootnote's test for "the note fits" — on the page, and
 * above the area (`noteCallPosition < noteAreaBounds.top - contentDelta`). The area's foot stays
 * where it is as it grows, and each note only raises its top, so a call above the top that all
 * the notes make was above the top of each step before.
 */
export function inkFitting(handler: FootnoteHandler, calls: HTMLElement[], page: { pageArea: HTMLElement; noteArea: HTMLElement; noteContent: HTMLElement; right: number }): number {
  const { pageArea, noteArea, noteContent, right } = page;
  const height = noteContent.scrollHeight;
  const area = noteArea.getBoundingClientRect();
  const total = handler.marginsHeight(noteContent) + handler.paddingHeight(noteContent) + handler.borderHeight(noteContent);
  const limit = area.top + area.height - (height + total);
  pageArea.style.setProperty('--pagedjs-footnotes-height', inkAreaHeight(handler, noteContent, height));
  const fits = (call: HTMLElement) => {
    const range = new Range();
    range.setStartBefore(call.previousSibling ?? call);
    range.setEndAfter(call);
    return call.getBoundingClientRect().left < right && range.getBoundingClientRect().bottom < limit;
  };
  const misfit = calls.findIndex((call) => !fits(call));
  return misfit < 0 ? calls.length : misfit;
}
