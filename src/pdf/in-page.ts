/**
 * Code that runs inside the Chromium page (serialised by puppeteer's `evaluate`), so each
 * function is self-contained and uses only browser globals: loading every font the text needs,
 * filling in the contents, reading where anchors and pages are, numbering a part. (Paged.js's
 * layout itself: in-page-layout.ts.)
 */

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
