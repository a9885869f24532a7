/**
 * Paged.js's layout in the Chromium page, with Inkstone's note numbers (serialised by puppeteer's
 * `evaluate`): `paginateInPage` runs there after the functions of `paginateHelpers` are declared
 * in the page (print-steps.ts), each self-contained — browser globals and one another only.
 */
import { inkAreaHeight, inkFitting, inkNotesAtOnce, inkPlaceNotesAtOnce, type FootnoteHandler } from './in-page-notes-at-once.js';

export interface LayoutReport {
  pages: number;
  /** Milliseconds of Paged.js layout. */
  layoutMs: number;
  /** Inkstone ids of notes whose call was laid out but whose text Paged.js left off every page. */
  droppedNotes: string[];
}

interface PagedHandlerBase {
  new (chunker: unknown, polisher: unknown, caller: unknown): object;
}

interface PagedGlobal {
  Handler: PagedHandlerBase;
  Previewer: new (options?: { hyphenGlyph?: string }) => { preview(): Promise<{ total: number }> };
  registerHandlers(...handlers: unknown[]): void;
  registeredHandlers: Array<{ prototype: Partial<FootnoteHandler> }>;
}

/** Each note by Paged.js's ref: its number and Inkstone's anchors for it and its call. */
type NoteRefs = Map<string, { n: string; noteId: string | undefined; callId: string | undefined }>;

/** Runs Paged.js (fonts must be loaded first), then fills in notes' anchors and the contents.
 *  Calls the functions of `paginateHelpers`, declared in the page first. */
export async function paginateInPage(): Promise<LayoutReport> {
  const started = performance.now();
  // paged.js exposes `Paged`, its minified build `PagedModule`
  const global = window as unknown as { Paged?: PagedGlobal; PagedModule?: PagedGlobal };
  const Paged = (global.Paged ?? global.PagedModule) as PagedGlobal;
  const notes: NoteRefs = new Map();
  // `footnotes.marker: circled`: ①②… restarting on every page. A call gets ① as it is made (every
  // circled number is as wide), and its page's calls and notes are numbered once it is laid out.
  const circled = document.documentElement.dataset['noteMarker'] === 'circled';
  const finished: HTMLElement[] = [];
  inkNumberNotes(Paged, notes, circled, finished);
  // A page that breaks inside a word ends with a hyphen Paged.js adds to the text (its default is
  // U+2011). Where the line had broken at a soft hyphen, it was as wide as the hyphen Chromium drew
  // there only as '-': with U+2011 or U+2010 the line no longer fitted, wrapped, and `widows` took
  // it into the page's next column, never printed (inkSoftHyphenBreak, in-page-text-token.ts).
  await new Paged.Previewer({ hyphenGlyph: '-' }).preview();
  for (const page of finished) page.style.removeProperty('content-visibility');
  inkNoteAnchors();
  const droppedNotes = inkDroppedNotes(notes);
  // A note cited again: its call shows the number the note got on its page.
  if (circled) {
    for (const again of Array.from(document.querySelectorAll<HTMLAnchorElement>('.pagedjs_area a.noteref[href^="#"]'))) {
      const note = document.getElementById(decodeURIComponent(again.getAttribute('href')?.slice(1) ?? ''));
      const n = note?.querySelector('.footnote-number')?.textContent;
      const sup = again.querySelector('sup');
      if (n && sup) sup.textContent = n;
    }
  }
  const pages = Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_page'));
  const pageOf = (element: Element) => pages.indexOf(element.closest('.pagedjs_page') as HTMLElement) + 1;
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('.toc a[href^="#"]'))) {
    const target = document.getElementById(decodeURIComponent(link.getAttribute('href')?.slice(1) ?? ''));
    const slot = link.querySelector('.toc-page');
    if (slot && target && pageOf(target) > 0) slot.textContent = String(pageOf(target));
  }
  return { pages: pages.length, layoutMs: performance.now() - started, droppedNotes };
}

function inkCircled(n: number): string {
  return n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
}

/** A call gets its note's number (① for circled markers until its page is laid out). */
function inkNumberCall(call: HTMLElement, notes: NoteRefs, circled: boolean): void {
  call.dataset['n'] = circled ? inkCircled(1) : (notes.get(call.dataset['footnoteCall'] ?? '')?.n ?? '');
}

/** Circled markers: a laid-out page's calls and notes numbered ①②… */
function inkNumberPage(page: HTMLElement): void {
  Array.from(page.querySelectorAll<HTMLElement>('.pagedjs_area a[data-footnote-call]')).forEach((call, i) => {
    call.dataset['n'] = inkCircled(i + 1);
    const note = page.querySelector(`.pagedjs_footnote_area [data-ref="${call.dataset['footnoteCall']}"] .footnote-number`);
    if (note) note.textContent = inkCircled(i + 1);
  });
}

/**
 * Gives each note call Paged.js creates the number of its note as it is laid out, so the call's
 * width is right while lines are broken; takes finished pages out of layout.
 */
function inkNumberNotes(Paged: PagedGlobal, notes: NoteRefs, circled: boolean, finished: HTMLElement[]): void {
  class InkstoneNotes extends Paged.Handler {
    afterParsed(parsed: DocumentFragment) {
      for (const note of Array.from(parsed.querySelectorAll<HTMLElement>('.print-note'))) {
        if (note.dataset['ref']) notes.set(note.dataset['ref'], { n: note.dataset['n'] ?? '', noteId: note.dataset['noteId'], callId: note.dataset['callId'] });
      }
    }
    renderNode(node: Node) {
      if (!(node instanceof HTMLElement)) return;
      // The call is made inside the rendered node, or — when the node is the note itself —
      // just before where the note was.
      const calls = node.matches('a[data-footnote-call]')
        ? [node]
        : node.dataset['note'] === 'footnote'
          ? Array.from(document.querySelectorAll<HTMLElement>(`a[data-footnote-call="${node.dataset['ref']}"]:not([data-n])`))
          : Array.from(node.querySelectorAll<HTMLElement>('a[data-footnote-call]:not([data-n])'));
      for (const call of calls) inkNumberCall(call, notes, circled);
    }
    afterPageLayout(page: HTMLElement) {
      for (const call of Array.from(page.querySelectorAll<HTMLElement>('a[data-footnote-call]:not([data-n])'))) inkNumberCall(call, notes, circled);
      if (circled) inkNumberPage(page);
      // Pages before this one are final: take them out of layout, or every later page's
      // measurements re-lay them out too and pagination grows with the square of the book.
      const earlier = page.previousElementSibling as HTMLElement | null;
      if (earlier) {
        inkJustifyPageEnd(earlier);
        earlier.style.contentVisibility = 'hidden';
        finished.push(earlier);
      }
    }
  }
  Paged.registerHandlers(InkstoneNotes);
  // Paged.js measures a call right after making it, to decide whether its note fits on the
  // page; numbered only later, the call then widened, its line could break differently, and a
  // call measured as past the page's edge stayed on the page with its note gone
  // (pagedjs/pagedjs#130). Calls get their number as they are made.
  const footnotes = Paged.registeredHandlers.find((handler) => typeof handler.prototype.createFootnoteCall === 'function');
  const createCall = footnotes?.prototype.createFootnoteCall;
  if (footnotes && createCall && !(createCall as { inkstone?: boolean }).inkstone) {
    const numbered = function (this: unknown, note: HTMLElement): HTMLElement {
      const call = createCall.call(this, note);
      inkNumberCall(call, notes, circled);
      return call;
    };
    footnotes.prototype.createFootnoteCall = Object.assign(numbered, { inkstone: true });
    // (another module's page function: called as the page's global it is there)
    (window as unknown as { inkPlaceNotesAtOnce: typeof inkPlaceNotesAtOnce }).inkPlaceNotesAtOnce(footnotes.prototype as FootnoteHandler);
  }
}

/**
 * The last line of a page whose paragraph goes on overleaf is justified like the paragraph's
 * other lines (it is not the paragraph's last): Paged.js's own rule for this was switched off
 * (paged.css), since a page may break short of a line's end. So only a line at least 88 % full
 * is justified (at most 0.12 em more between ideographs of a 30-em line) — the page breaks
 * Inkstone mends fall at line starts; a line cut shorter stays as it is. (230 pages of the 300k
 * book ended ragged.) `text-align-last` justifies every line before a hard break too: so not in
 * a paragraph where such a line is short (the FAQ's “您也许可以：” over its text was spread across
 * the measure).
 */
function inkJustifyPageEnd(page: HTMLElement): void {
  for (const block of Array.from(page.querySelectorAll<HTMLElement>('.pagedjs_page_content :is(p, li, dd)[data-split-to]'))) {
    const style = getComputedStyle(block);
    if (style.textAlign !== 'justify' || block.querySelector('[data-split-to]')) continue;
    const box = block.getBoundingClientRect();
    const edge = box.right - parseFloat(style.paddingRight);
    const full = (range: Range) => {
      const last = Array.from(range.getClientRects()).filter((rect) => rect.width > 0).at(-1);
      return last !== undefined && edge - last.right < 0.12 * (edge - box.left);
    };
    const range = document.createRange();
    range.selectNodeContents(block);
    // (the page's last line first: the lines before hard breaks are measured only when it is full)
    const breaksFull = () =>
      Array.from(block.querySelectorAll('br')).every((br) => {
        const line = document.createRange();
        line.setStart(block, 0);
        line.setEndBefore(br);
        return full(line);
      });
    if (full(range) && breaksFull()) block.style.textAlignLast = 'justify';
  }
}

/** Paged.js names notes `note-<ref>`; calls and notes get Inkstone's anchors back, so that the
 *  call and the note link to each other in the PDF. */
function inkNoteAnchors(): void {
  for (const note of Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_footnote_area .print-note:not([data-split-from])'))) {
    const ref = note.dataset['ref'];
    if (note.dataset['noteId']) note.id = note.dataset['noteId'];
    const call = ref ? document.querySelector<HTMLAnchorElement>(`a[data-footnote-call="${ref}"]`) : null;
    if (call && note.dataset['callId']) {
      call.id = note.dataset['callId'];
      call.setAttribute('href', `#${note.id}`);
    }
  }
}

/** Paged.js (0.4.3) now and then drops a note whose call ends up on a page's last line
 *  (pagedjs/pagedjs#130): the call stays, the note is on no page. Such calls are reported and
 *  lose their link, whose target (`note-<random id>`) exists nowhere. */
function inkDroppedNotes(notes: NoteRefs): string[] {
  const droppedNotes: string[] = [];
  for (const call of Array.from(document.querySelectorAll<HTMLAnchorElement>('.pagedjs_page a[data-footnote-call]'))) {
    const ref = call.dataset['footnoteCall'] ?? '';
    if (document.querySelector(`.pagedjs_footnote_area [data-ref="${ref}"]`)) continue;
    const source = notes.get(ref);
    if (source?.noteId) droppedNotes.push(source.noteId);
    if (source?.callId) call.id = source.callId;
    call.removeAttribute('href');
  }
  return droppedNotes;
}

/** The page-side helpers paginateInPage calls, declared in the page before it runs. */
export const paginateHelpers = [inkPlaceNotesAtOnce, inkNotesAtOnce, inkFitting, inkAreaHeight, inkJustifyPageEnd, inkCircled, inkNumberCall, inkNumberPage, inkNumberNotes, inkNoteAnchors, inkDroppedNotes];
