/**
 * Code that runs inside the Chromium page (serialised by puppeteer's `evaluate`), so each
 * function is self-contained and uses only browser globals: loading every font the text needs,
 * running Paged.js with one extra handler for Inkstone's note numbers, filling in the contents.
 */

export interface LayoutReport {
  pages: number;
  /** Milliseconds of Paged.js layout. */
  layoutMs: number;
}

interface PagedHandlerBase {
  new (chunker: unknown, polisher: unknown, caller: unknown): object;
}

interface PagedGlobal {
  Handler: PagedHandlerBase;
  Previewer: new () => { preview(): Promise<{ total: number }> };
  registerHandlers(...handlers: unknown[]): void;
}

/** Loads every font face the text needs before anything is measured. Returns milliseconds. */
export async function loadFontsInPage(families: string[]): Promise<number> {
  const started = performance.now();
  const text = document.body.textContent ?? '';
  await Promise.all(
    families.flatMap((family) => ['400', '700'].map((weight) => document.fonts.load(`${weight} 16px "${family}"`, text))),
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

/** Runs Paged.js (fonts must be loaded first), then fills in notes' anchors and the contents. */
export async function paginateInPage(): Promise<LayoutReport> {
  const started = performance.now();

  const Paged = (window as unknown as { Paged: PagedGlobal }).Paged;
  const numbers = new Map<string, string>();

  const number = (call: HTMLElement) => {
    call.dataset['n'] = numbers.get(call.dataset['footnoteCall'] ?? '') ?? '';
  };

  // Gives each note call Paged.js creates the number of its note as it is laid out, so the
  // call's width is right while lines are broken.
  class InkstoneNotes extends Paged.Handler {
    afterParsed(parsed: DocumentFragment) {
      for (const note of Array.from(parsed.querySelectorAll<HTMLElement>('.print-note'))) {
        if (note.dataset['ref']) numbers.set(note.dataset['ref'], note.dataset['n'] ?? '');
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
      for (const call of calls) number(call);
    }
    afterPageLayout(page: HTMLElement) {
      for (const call of Array.from(page.querySelectorAll<HTMLElement>('a[data-footnote-call]:not([data-n])'))) number(call);
    }
  }
  Paged.registerHandlers(InkstoneNotes);
  await new Paged.Previewer().preview();

  // Paged.js names notes `note-<ref>`; give calls and notes Inkstone's anchors back, so that
  // the call and the note link to each other in the PDF.
  for (const note of Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_footnote_area .print-note:not([data-split-from])'))) {
    const ref = note.dataset['ref'];
    if (note.dataset['noteId']) note.id = note.dataset['noteId'];
    const call = ref ? document.querySelector<HTMLAnchorElement>(`a[data-footnote-call="${ref}"]`) : null;
    if (call && note.dataset['callId']) {
      call.id = note.dataset['callId'];
      call.setAttribute('href', `#${note.id}`);
    }
  }

  const pages = Array.from(document.querySelectorAll<HTMLElement>('.pagedjs_page'));
  const pageOf = (element: Element) => pages.indexOf(element.closest('.pagedjs_page') as HTMLElement) + 1;
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('.toc a[href^="#"]'))) {
    const target = document.getElementById(decodeURIComponent(link.getAttribute('href')?.slice(1) ?? ''));
    const slot = link.querySelector('.toc-page');
    if (slot && target && pageOf(target) > 0) slot.textContent = String(pageOf(target));
  }
  return { pages: pages.length, layoutMs: performance.now() - started };
}
