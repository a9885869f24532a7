/**
 * Code that runs inside the Chromium page (serialised by puppeteer's `evaluate`), so it may use
 * only browser globals. It loads every font the text needs, runs Paged.js with one extra
 * handler for Inkstone's note numbers, then fills in the contents page and reports where
 * each anchor landed (for PDF bookmarks and checks).
 */

export interface AnchorPlace {
  id: string;
  /** 1-based page number. */
  page: number;
  /** Distance from the top of the page, CSS px. */
  top: number;
}

export interface LayoutReport {
  pages: number;
  /** Page size in CSS px. */
  pageWidth: number;
  pageHeight: number;
  anchors: AnchorPlace[];
  /** Milliseconds: font loading, Paged.js layout. */
  fontsMs: number;
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

export async function paginateInPage(families: string[], anchorIds: string[]): Promise<LayoutReport> {
  const started = performance.now();
  const text = document.body.textContent ?? '';
  await Promise.all(
    families.flatMap((family) => ['400', '700'].map((weight) => document.fonts.load(`${weight} 16px "${family}"`, text))),
  );
  await document.fonts.ready;
  const fontsDone = performance.now();

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
  const laidOut = performance.now();

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
  const place = (element: Element): { page: number; top: number } | undefined => {
    const page = element.closest('.pagedjs_page');
    if (!page) return undefined;
    return { page: pages.indexOf(page as HTMLElement) + 1, top: element.getBoundingClientRect().top - page.getBoundingClientRect().top };
  };

  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('.toc a[href^="#"]'))) {
    const target = document.getElementById(decodeURIComponent(link.getAttribute('href')?.slice(1) ?? ''));
    const slot = link.querySelector('.toc-page');
    const where = target && place(target);
    if (slot && where) slot.textContent = String(where.page);
  }

  const anchors: AnchorPlace[] = [];
  for (const id of anchorIds) {
    const element = document.getElementById(id);
    const where = element && place(element);
    if (where) anchors.push({ id, ...where });
  }
  const first = pages[0]?.getBoundingClientRect();
  return {
    pages: pages.length,
    pageWidth: first?.width ?? 0,
    pageHeight: first?.height ?? 0,
    anchors,
    fontsMs: fontsDone - started,
    layoutMs: laidOut - fontsDone,
  };
}
