/**
 * Three mends of Paged.js 0.4.3 where a page breaks inside text, run in the Chromium page (its
 * handlers in in-page-breaks.ts; each function self-contained, like every function run there).
 * Written here because no release of Paged.js has them.
 *
 * inkMendTextToken — which source text node a page breaks in. Paged.js takes the first text node
 * of the source element whose text *contains* the rendered one's (pagedjs/pagedjs#208): in
 * 「<a>GNU</a> や <a>Linux</a> や <a>BSD</a> …」 a break in any 「 や 」 started the next page
 * again at the first, and the lines between were printed twice (the Debian Reference in
 * Japanese, its pages 6–7). The rendered text node is counted from the nearest element before
 * it (Paged.js gives every source element a data-ref, its rendered copy the same), and the same
 * count is taken in the source; the offset is measured from the source text's end (a rendered
 * text node is the whole source node, or its end when the page starts inside it). Where the
 * count leads to no text node ending with the rendered text, Paged.js's token stands.
 *
 * inkNoHyphenInCode — no hyphen added where a page breaks inside code or a web address.
 *
 * inkNoBlankAtFoot — no blank line at the foot of a page that breaks inside code.
 *
 * inkSoftHyphenBreak — a page that breaks where a line broke at a soft hyphen starts with the
 * line's first letter.
 *
 * inkHangCodeOverleaf — a line of code the page broke inside goes on hung overleaf.
 */
export function inkMendTextToken(token: { node?: Node | undefined; offset?: number | undefined } | undefined, overflow: Range): void {
  // The rendered text node the page breaks in, and where in it: the range starts in it, or
  // before it (then Paged.js's token is its element when it is the element's first text node).
  const start = overflow.startContainer;
  const container = start.nodeType === Node.TEXT_NODE ? start : start.childNodes[overflow.startOffset];
  const inOffset = start === container ? overflow.startOffset : 0;
  if (!token?.node || container?.nodeType !== Node.TEXT_NODE) return;
  const renderedParent = container.parentElement;
  const ref = renderedParent?.getAttribute('data-ref');
  const sourceParent = token.node.nodeType === Node.ELEMENT_NODE && (token.node as Element).getAttribute('data-ref') === ref ? (token.node as Element) : token.node.parentElement;
  if (!renderedParent || !sourceParent || !ref || sourceParent.getAttribute('data-ref') !== ref) return;
  // text nodes between the nearest element before it and it
  let count = 0;
  let anchor: Element | undefined;
  for (let sibling = container.previousSibling; sibling && !anchor; sibling = sibling.previousSibling) {
    if (sibling.nodeType === Node.ELEMENT_NODE) anchor = sibling as Element;
    else if (sibling.nodeType === Node.TEXT_NODE) count++;
  }
  let at: ChildNode | null;
  if (anchor) {
    const anchorRef = anchor.getAttribute('data-ref');
    const source = anchorRef ? Array.from(sourceParent.children).find((child) => child.getAttribute('data-ref') === anchorRef) : undefined;
    if (!source) return;
    at = source.nextSibling;
  } else {
    // (a page that starts inside the element: its first text node is the end of one before)
    if (renderedParent.hasAttribute('data-split-from')) return;
    at = sourceParent.firstChild;
  }
  for (;;) {
    while (at && at.nodeType !== Node.TEXT_NODE) {
      if (at.nodeType === Node.ELEMENT_NODE) return;
      at = at.nextSibling;
    }
    if (!at || count === 0) break;
    count--;
    at = at.nextSibling;
  }
  const text = at?.textContent ?? '';
  const rendered = container.textContent ?? '';
  if (!at || !text.endsWith(rendered)) return;
  const offset = text.length - rendered.length + inOffset;
  // (Paged.js's own token for a page that starts with the element's first text node: the element)
  if (at === token.node || (offset === 0 && at === sourceParent.firstChild && token.node === sourceParent)) return;
  token.node = at;
  token.offset = offset;
}

/**
 * No hyphen where a page breaks inside code or a web address. Paged.js (0.4.3,
 * hyphenateAtBreak) adds a hyphen (U+2011, '-' as Inkstone sets it) after the letter a page
 * breaks at: in a command or a URL it is a character the reader would copy (“users-a‑” /
 * “nd-groups.html”), and in a code block the line, one character longer, wrapped again below
 * the page's foot — the first visual line of a long code line was printed on neither page.
 */
export function inkNoHyphenInCode(rendered: Element): void {
  for (const element of Array.from(rendered.querySelectorAll('.pagedjs_hyphen'))) {
    const link = element.closest('a');
    const literal = element.closest('pre, code, kbd, samp') ?? (link && /:\/\/|^www\./.test(link.textContent ?? '') ? link : null);
    if (!literal) continue;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) last = node;
    if (last?.textContent?.endsWith('-')) last.textContent = last.textContent.slice(0, -1);
    element.classList.remove('pagedjs_hyphen');
  }
}

/**
 * No blank line at the foot of a page that breaks inside a code block after a line break. The
 * page keeps the text up to the break, so its code ends in “\n\n” — an empty line — and `widows`
 * (2 by default) took the line above along with it into the page's next column, which is never
 * printed: the Debian Edu manual lost “and ^c to abort.” at its page 18's foot. The next page
 * starts after the break as before; only the rendered page's trailing line breaks go.
 */
export function inkNoBlankAtFoot(removed: DocumentFragment | undefined, rendered: Element): void {
  for (const pre of Array.from(rendered.querySelectorAll('pre[data-ref]'))) {
    // (split here: the rest of it is in what Paged.js took off the page)
    if (!removed?.querySelector?.(`pre[data-ref="${pre.getAttribute('data-ref')}"]`)) continue;
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent) last = node;
    if (last?.textContent && /\n\s*$/.test(last.textContent)) last.textContent = last.textContent.replace(/\s+$/, '');
  }
}

/**
 * Where a line broke at a soft hyphen (“reg-|ular”), Chromium gives the next line's first letter
 * the box of the hyphen it drew at the end of the line before, so Paged.js (textBreak, letter by
 * letter) keeps that letter on the page: “regu” + “l” + its own hyphen, a line now too long,
 * which wrapped — and widows took the whole line along into the page's next column, which is
 * never printed (the Debian Edu manual lost “gosaDepartment from LDAP which is likely skole and
 * for regul”). The break moves back to the soft hyphen the line broke at: a soft hyphen drawn
 * (it has a width) in the word before the break. (Paged.js's hyphen is '-', in-page-layout.ts.)
 */
export function inkSoftHyphenBreak(overflow: Range): void {
  const node = overflow.startContainer;
  if (node.nodeType !== Node.TEXT_NODE) return;
  const text = node.textContent ?? '';
  const start = overflow.startOffset;
  for (let at = start; at > 0; at--) {
    const char = text[at - 1] ?? ' ';
    // (the break is at the start of a word, or right after a soft hyphen: nothing to mend)
    if (/\s/.test(char) || (char === '\u00AD' && at === start)) return;
    if (char !== '\u00AD') continue;
    const hyphen = document.createRange();
    hyphen.setStart(node, at - 1);
    hyphen.setEnd(node, at);
    if (hyphen.getBoundingClientRect().width > 0) overflow.setStart(node, at);
    return;
  }
}

/**
 * A line of code the page broke inside goes on overleaf with its wrapped lines, all of them hung
 * as on the page before (rehype-code-lines.ts): the line's hang (its `text-indent`, 2ch unless
 * its style says more) becomes its padding, and paged.css sets its indent to 0. Done as Paged.js
 * puts the line's rest on the page (its renderNode), before it measures the page: set after, the
 * narrower lines ran below the page's foot, never printed.
 */
export function inkHangCodeOverleaf(clone: Node): void {
  const line = (clone instanceof Element ? clone : clone.parentElement)?.closest<HTMLElement>('pre .line[data-split-from]');
  if (line && !line.style.paddingInlineStart) line.style.paddingInlineStart = `${parseFloat(line.style.textIndent) || 2}ch`;
}
