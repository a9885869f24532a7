/**
 * Code that runs inside the Chromium page (serialised by puppeteer's `evaluate`), so each
 * function is self-contained and uses only browser globals: loading every font the text needs,
 * running Paged.js with one extra handler for Inkstone's note numbers, filling in the contents.
 */

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
  Previewer: new () => { preview(): Promise<{ total: number }> };
  registerHandlers(...handlers: unknown[]): void;
  registeredHandlers: Array<{ prototype: { createFootnoteCall?: (note: HTMLElement) => HTMLElement } }>;
}

/**
 * Loads every font face the text needs before anything is measured: each given face for its
 * characters (all of the document's text when none are given). Returns milliseconds.
 */
export async function loadFontsInPage(loads: Array<{ family: string; weight: number; text: string; except?: string }>): Promise<number> {
  const started = performance.now();
  const all = [...new Set(document.body.textContent ?? '')];
  await Promise.all(
    loads.map((load) => {
      const skip = new Set(load.except ?? '');
      const text = load.text || all.filter((char) => !skip.has(char) && char.trim()).join('');
      return text ? document.fonts.load(`${load.weight} 16px "${load.family}"`, text) : Promise.resolve([]);
    }),
  );
  await document.fonts.ready;
  return performance.now() - started;
}

/** Writes page numbers into the contents page (`.toc a[href="#id"] .toc-page`). */
export function fillContentsInPage(pages: Record<string, number>): void {
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('.toc a[href^="#"]'))) {
    const id = decodeURIComponent(link.getAttribute('href')?.slice(1) ?? '');
    const slot = link.querySelector('.toc-page');
    if (slot && pages[id]) slot.textContent = String(pages[id]);
  }
}

/** A blank page (no running head, no folio) before each of the elements `ids`. */
export function blankPagesInPage(ids: string[]): void {
  for (const id of ids) {
    const element = document.getElementById(id);
    const blank = document.createElement('div');
    blank.className = 'blank-page';
    element?.before(blank);
  }
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
  await new Paged.Previewer().preview();
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
export const paginateHelpers = [inkCircled, inkNumberCall, inkNumberPage, inkNumberNotes, inkNoteAnchors, inkDroppedNotes];

/** Where each of `ids` landed: page (1-based, within this document) and distance from its top. */
export function anchorsInPage(ids: string[]): Array<{ id: string; page: number; top: number }> {
  const pages = Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_page'));
  const places: Array<{ id: string; page: number; top: number }> = [];
  for (const id of ids) {
    const element = document.getElementById(id);
    const page = element?.closest<HTMLElement>('.pagedjs_page');
    if (!element || !page) continue;
    places.push({ id, page: pages.indexOf(page) + 1, top: element.getBoundingClientRect().top - page.getBoundingClientRect().top });
  }
  return places;
}

/**
 * Readies one part of a book printed in parts: its folios continue from `pageOffset`; when that
 * puts its first page on the left, left and right swap (margins mirror, so nothing reflows);
 * links point into the joined file (`linkPrefix` + id, made internal when the parts are joined).
 */
export function preparePartInPage(pageOffset: number, swapSides: boolean, linkPrefix: string): void {
  const style = document.createElement('style');
  style.textContent = `.pagedjs_pages { counter-reset: page ${pageOffset} !important; }`;
  document.head.appendChild(style);
  if (swapSides) {
    for (const page of Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_page'))) {
      const left = page.classList.contains('pagedjs_left_page');
      page.classList.toggle('pagedjs_left_page', !left);
      page.classList.toggle('pagedjs_right_page', left);
    }
  }
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href^="#"]'))) {
    link.setAttribute('href', linkPrefix + (link.getAttribute('href') ?? '#').slice(1));
  }
}

/**
 * Paged.js paces itself with animation frames: one frame (16.7 ms) per page, idle time for the
 * rest — a thousand-page book would wait 17 s for frames nobody looks at, and a page in the
 * background gets none. Before Paged.js loads, frames and idle callbacks become immediate
 * macrotasks (no painting is needed between pages: Paged.js measures synchronously).
 */
export function fastFramesInPage(): void {
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  const later = (run: () => void): number => {
    queue.push(run);
    channel.port2.postMessage(0);
    return queue.length;
  };
  window.requestAnimationFrame = (callback) => later(() => callback(performance.now()));
  window.requestIdleCallback = (callback) => later(() => callback({ didTimeout: false, timeRemaining: () => 50 }));
}

/**
 * The first words of the body text on each laid-out page (1-based within this document): where
 * the EPUB's page-break markers go (epub/page-list.ts finds them in the chapters). Running heads
 * (margin boxes), footnotes, note calls and chapter numbers are not body text; `front`: the page
 * holds the title page, colophon or contents.
 */
export function pageStartsInPage(): Array<{ page: number; text: string; front: string | undefined }> {
  const skip = '.print-note, .pagedjs_footnote_area, .pagedjs_margin, .chapter-number, .noteref, .footnote-number, .table-continued, script, style, [aria-hidden="true"]';
  return Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_page')).map((page, index) => {
    const content = page.querySelector('.pagedjs_page_content') ?? page;
    const box = page.getBoundingClientRect();
    // Text, and images as U+FFFC (a page of one screenshot starts at the screenshot).
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let text = '';
    let first: Node | null = null;
    const range = document.createRange();
    /** Drawn on this page: a fragment Paged.js moved on can stay in the page's DOM, unseen. */
    const shown = (node: Node) => {
      const rects = node instanceof Element ? [node.getBoundingClientRect()] : (range.selectNodeContents(node), Array.from(range.getClientRects()));
      return rects.some((r) => r.width > 0 && r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1);
    };
    for (let node = walker.nextNode(); node && text.replace(/\s+/g, '').length < 24; node = walker.nextNode()) {
      const image = node instanceof HTMLImageElement;
      if (node.nodeType === Node.ELEMENT_NODE && !image) continue;
      const parent = image ? (node as Element) : node.parentElement;
      if (!parent || parent.closest(skip) || (!image && !(node.textContent ?? '').trim()) || !shown(node)) continue;
      first ??= node;
      text += image ? '\uFFFC' : node.textContent;
    }
    // By class: Paged.js keeps an id on the first fragment of a split element only.
    const section = (first instanceof Element ? first : first?.parentElement)?.closest('.title-page, .colophon, .contents, section.chapter');
    const front = ['title-page', 'colophon', 'contents'].find((name) => section?.classList.contains(name));
    return { page: index + 1, text, front };
  });
}
