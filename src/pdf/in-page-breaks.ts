/**
 * Where Paged.js may break a page, mended in the Chromium page (serialised by puppeteer's
 * `evaluate`: self-contained, browser globals only). Registered before Paged.js lays out
 * (render-pdf.ts, paginate). Written here because Paged.js 0.4 has none of it: it ignores
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
 *   before it when it has only three;
 *   before a heading that would be left at the foot, with fewer than two lines of what follows
 *   (and before a short lead-in ending with a colon, left at the foot without its figure).
 *   Never to the top of the page: a page is not left empty.
 */

interface PagedHandlerBase {
  new (chunker: unknown, polisher: unknown, caller: unknown): object;
}

export function breaksInPage(): void {
  const global = window as unknown as { Paged?: { Handler: PagedHandlerBase; registerHandlers(...handlers: unknown[]): void }; PagedModule?: typeof global.Paged };
  const Paged = global.Paged ?? global.PagedModule;
  if (!Paged) return;

  const keepTogether = '.toc li, figure';
  const blocks = 'p, li, dd, dt, blockquote, pre, figcaption';
  const headings = /^H[1-6]$/;
  /** A heading, or what stands for one: a short paragraph all in bold (“**注意**”, a table's
   *  title “**表格 1.8 …**” above it, as converted manuals have them). */
  const isHeading = (element: Element | null | undefined): element is Element => {
    if (!element) return false;
    if (headings.test(element.tagName)) return true;
    if (element.tagName !== 'P') return false;
    // A short lead-in ending with a colon, right before the figure, table or code it introduces
    // (“手机截图：” over the screenshot): it goes over with them, like a heading.
    const lead = (element.textContent ?? '').trim();
    if (/[：:]$/.test(lead) && lead.length <= 80 && /^(FIGURE|TABLE|PRE)$/.test(element.nextElementSibling?.tagName ?? '')) return true;
    const only = element.children.length === 1 ? element.children[0] : undefined;
    const text = (element.textContent ?? '').trim();
    return Boolean(only && /^(STRONG|B)$/.test(only.tagName) && (only.textContent ?? '').trim() === text && text.length > 0 && text.length <= 60);
  };

  /** Line boxes of a range: the distinct bottoms of its rectangles (a raised note call is on its line). */
  const lines = (range: Range, lineHeight: number): number[] => {
    const bottoms = Array.from(range.getClientRects())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => r.bottom)
      .sort((a, b) => a - b);
    const result: number[] = [];
    for (const bottom of bottoms) if (!result.length || bottom - (result[result.length - 1] ?? 0) > lineHeight * 0.6) result.push(bottom);
    return result;
  };

  /** The node a range starts at: a text node, or the element it starts before. */
  const nodeAt = (range: Range): Node => {
    const container = range.startContainer;
    return container.nodeType === Node.ELEMENT_NODE ? (container.childNodes[range.startOffset] ?? container) : container;
  };
  const elementOf = (node: Node): Element | null => (node instanceof Element ? node : node.parentElement);

  class InkstoneBreaks extends Paged.Handler {
    onOverflow(overflow: Range | undefined, rendered: HTMLElement): Range | undefined {
      if (!overflow) return undefined;
      // Paged.js lays a page out in columns and finds the break where content runs into the
      // next column: an element split there has one box per column, the first on this page.
      const top = rendered.getBoundingClientRect().top + 2;
      const movable = (element: Element | null | undefined): element is Element =>
        Boolean(element && rendered.contains(element) && (element.getClientRects()[0]?.top ?? top) > top);
      /** `element`, or the first of the headings right above it that can go over with it. */
      const withHeadingsAbove = (element: Element): Element => {
        let first = element;
        while (isHeading(first.previousElementSibling) && movable(first.previousElementSibling)) first = first.previousElementSibling;
        return first;
      };
      const at = elementOf(nodeAt(overflow));
      if (!at) return undefined;

      // Whole units: a contents entry, a figure.
      const unit = at.closest(keepTogether);
      if (movable(unit) && unit !== at) {
        overflow.setStartBefore(withHeadingsAbove(unit));
        return overflow;
      }

      // A table whose header would stay here without a row of its body goes over whole.
      const table = at.closest('table');
      if (table && rendered.contains(table) && !table.hasAttribute('data-split-from')) {
        const rows = Array.from(table.querySelectorAll(':scope > tbody > tr, :scope > tr'));
        const rowsHere = rows.filter((row) => overflow.comparePoint(row, row.childNodes.length) < 0);
        if (!rowsHere.length && movable(table)) {
          overflow.setStartBefore(withHeadingsAbove(table));
          return overflow;
        }
      }

      // The paragraph the break falls in, and what opens the next page.
      let next: Element | null = at.closest(blocks);
      let moved = false;
      /** Nothing of `next` stays on this page. */
      let startsNext = true;
      if (next && rendered.contains(next)) {
        const style = getComputedStyle(next);
        const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
        const before = document.createRange();
        before.setStart(next, 0);
        before.setEnd(overflow.startContainer, overflow.startOffset);
        const after = document.createRange();
        after.setStart(overflow.startContainer, overflow.startOffset);
        after.setEnd(next, next.childNodes.length);
        const here = lines(before, lineHeight);
        const there = lines(after, lineHeight);
        if ((here.length === 1 || (here.length === 2 && there.length === 1)) && movable(next)) {
          // an orphan (the first line alone at the foot), or a paragraph of three lines that would
          // leave its last alone overleaf: the whole paragraph goes over
          overflow.setStartBefore(next);
          moved = true;
        } else if (there.length === 1 && here.length >= 3) {
          // widow: its last line alone overleaf; the line before it goes over too
          const last = here[here.length - 1] ?? 0;
          const rect = Array.from(before.getClientRects()).find((r) => r.width > 0 && Math.abs(r.bottom - last) < lineHeight * 0.6);
          const caret = rect ? document.caretRangeFromPoint(rect.left + 1, rect.top + rect.height / 2) : null;
          if (caret && next.contains(caret.startContainer)) overflow.setStart(caret.startContainer, caret.startOffset);
          return overflow;
        } else if (here.length >= 2) {
          return undefined; // two lines or more stay with whatever heads them
        }
        startsNext = moved || here.length === 0;
      } else {
        next = at;
      }
      // A heading left at the foot, its text overleaf.
      let opening: Element | null = next;
      while (opening && opening.parentElement !== rendered && !opening.previousElementSibling && opening.parentElement) opening = opening.parentElement;
      const heading = opening?.previousElementSibling;
      if (isHeading(heading) && startsNext && movable(heading)) {
        // and a heading right before it (14.4.1 over “**主服务器**” over its list)
        overflow.setStartBefore(withHeadingsAbove(heading));
        return overflow;
      }
      return moved ? overflow : undefined;
    }
  }
  // Each table's columns are sized once, from all its rows, at the width of the text block, and
  // fixed: laid out page by page, each part of a long table would size its columns anew. Words
  // are not broken inside a cell unless the table cannot fit otherwise.
  const tables = Array.from(document.querySelectorAll<HTMLTableElement>('body table'));
  if (tables.length) {
    const probe = document.createElement('div');
    probe.style.cssText = 'position: absolute; left: -10000px; top: 0; width: var(--ink-block-width, 120mm)';
    document.body.appendChild(probe);
    for (const table of tables) {
      const copy = probe.appendChild(table.cloneNode(true) as HTMLTableElement);
      const cells = Array.from(copy.querySelectorAll<HTMLElement>('td, th'));
      for (const cell of cells) cell.style.overflowWrap = 'normal';
      if (copy.getBoundingClientRect().width > probe.getBoundingClientRect().width + 0.5) for (const cell of cells) cell.style.overflowWrap = '';
      const row = Array.from(copy.rows).find((r) => r.cells.length && Array.from(r.cells).every((c) => c.colSpan === 1));
      const width = copy.getBoundingClientRect().width;
      if (row && width > 0 && !table.querySelector(':scope > colgroup')) {
        const group = document.createElement('colgroup');
        for (const cell of Array.from(row.cells)) group.appendChild(document.createElement('col')).style.width = `${(cell.getBoundingClientRect().width / width) * 100}%`;
        table.insertBefore(group, table.firstChild);
        table.style.width = `${width}px`;
        table.style.tableLayout = 'fixed';
      }
      copy.remove();
    }
    probe.remove();
  }

  class InkstoneTables extends Paged.Handler {
    renderNode(clone: Node, source: Node) {
      const element = clone instanceof Element ? clone : clone.parentElement;
      const table = element?.closest<HTMLTableElement>('table[data-split-from]');
      if (!table || table.dataset['repeated'] || element === table) return;
      table.dataset['repeated'] = 'true';
      const sourceElement = source instanceof Element ? source : source.parentElement;
      const columns = sourceElement?.closest('table')?.querySelector(':scope > colgroup');
      if (columns && !table.querySelector(':scope > colgroup')) table.insertBefore(columns.cloneNode(true), table.firstChild);
      const head = sourceElement?.closest('table')?.querySelector(':scope > thead');
      if (head && !table.querySelector(':scope > thead')) {
        const copy = head.cloneNode(true) as HTMLElement;
        for (const node of [copy, ...Array.from(copy.querySelectorAll('*'))]) node.removeAttribute('data-ref');
        copy.setAttribute('aria-hidden', 'true');
        table.insertBefore(copy, table.querySelector(':scope > tbody, :scope > tr'));
      }
      if (table.dataset['continued']) {
        const caption = document.createElement('caption');
        caption.className = 'table-continued';
        caption.textContent = table.dataset['continued'];
        table.insertBefore(caption, table.firstChild);
      }
    }
  }
  Paged.registerHandlers(InkstoneBreaks, InkstoneTables);
}
