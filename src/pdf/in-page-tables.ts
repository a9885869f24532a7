/**
 * Tables over page breaks, run in the Chromium page (in-page-breaks.ts registers them with
 * Paged.js; each function self-contained, like every function run there).
 */

/**
 * Each table's columns are sized once, from all its rows, at the width of the text block, and
 * fixed: laid out page by page, each part of a long table would size its columns anew. Words
 * are not broken inside a cell unless the table cannot fit otherwise.
 */
export function inkFixTableColumns(): void {
  const tables = Array.from(document.querySelectorAll<HTMLTableElement>('body table'));
  if (!tables.length) return;
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

/**
 * A break inside a table leaves two rows of its body on each page at least: with fewer here, the
 * table goes over whole (the Debian Reference zh-TW p. 21: its header over one row at a foot);
 * with one row overleaf, the row before it goes along (pp. 32, 81: a repeated header over one
 * row). Rows overleaf are counted in the source Paged.js lays out from (`data-ref`).
 */
export function inkTableBreak(overflow: Range, rendered: HTMLElement, at: Element, source: ParentNode | undefined): boolean {
  const page = window as unknown as { inkMovable(e: Element | null, r: HTMLElement): boolean; inkLeadAbove(e: Element, r: HTMLElement): Element | undefined; inkWithHeadingsAbove(e: Element, r: HTMLElement): Element };
  const table = at.closest('table');
  if (!table || !rendered.contains(table)) return false;
  const bodyRows = (t: Element) => Array.from(t.querySelectorAll(':scope > tbody > tr, :scope > tr'));
  const rows = bodyRows(table).filter((row) => overflow.comparePoint(row, row.childNodes.length) < 0);
  const ref = table.getAttribute('data-ref');
  const whole = ref ? source?.querySelector(`[data-ref="${ref}"]`) : null;
  const all = whole ? bodyRows(whole) : [];
  const rowsAfter = (row: Element) => (all.length ? all.length - 1 - all.findIndex((r) => r.getAttribute('data-ref') === row.getAttribute('data-ref')) : 0);
  // (a row Paged.js keeps on the page though it runs below the page's text block — into the
  // room the page's notes took after the row was laid out — is not printed: it goes over, with
  // the row before it when it is the table's last; where it is the page's first, the whole
  // table goes, or it stays)
  const foot = rendered.getBoundingClientRect().bottom + 0.5;
  const below = rows.findIndex((row) => row.getBoundingClientRect().bottom > foot);
  const rowsHere = below < 0 ? rows : rows.slice(0, below);
  const movable = !table.hasAttribute('data-split-from') && page.inkMovable(table, rendered);
  if (below >= 1 && (below >= 2 || !movable)) {
    overflow.setStartBefore(rows[below >= 3 && rowsAfter(rows[below] as Element) === 0 ? below - 1 : below] as Element);
    return true;
  }
  const last = rowsHere.at(-1);
  const after = last ? rowsAfter(last) : 0;
  if (rowsHere.length < 2 && movable) {
    overflow.setStartBefore(page.inkLeadAbove(table, rendered) ?? page.inkWithHeadingsAbove(table, rendered));
    return true;
  }
  if (last && after === 1 && rowsHere.length >= 3) {
    overflow.setStartBefore(last);
    return true;
  }
  return false;
}

/** A table going on over a page break: its columns, its header row again and 续表 on the new page. */
export function inkRepeatTableHead(clone: Node, source: Node): void {
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

/** The page-side helpers breaksInPage calls, declared in the page before it runs. */
