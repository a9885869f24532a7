/**
 * The EPUB's page list from the print edition built in the same run: where each printed page
 * starts, found in the chapters' text, marked with `epub:type="pagebreak"` spans and listed in
 * the nav's `page-list`. Readers can then cite and go to the printed page numbers.
 *
 * The print side reports each page's first words of body text (pdf/in-page.ts,
 * pageStartsInPage); here they are found in the chapters' reading text — the text nodes of the
 * bodies in order, without note calls, compared without spaces, soft hyphens and joiners, and
 * with 〓 for what print marked — searching forward from the page before, so repeated words
 * land on the right page. Front-matter pages (title page, colophon, contents) point at their
 * documents; a page with no text at all (a blank verso) is marked where the next page starts.
 * Hand-written: no package maps a print layout onto an EPUB.
 */
import type { Element, Root, Text } from 'hast';
import type { Book } from '../book/model.js';
import { SKIP, visit } from '../tree-visit.js';

export interface PageStart {
  page: number;
  text: string;
  front: string | undefined;
}

/** A page-break marker: before the character `index` of the chapter's reading text. */
export interface PageMarker {
  page: number;
  index: number;
}

export interface PageList {
  /** Markers per chapter index, in text order. */
  markers: Map<number, PageMarker[]>;
  /** Every printed page: where the page list points (`file#id` or a front document). */
  entries: Array<{ page: number; chapter?: number; front?: string }>;
  /** Pages whose start was not found in the text (they point at the page before). */
  unplaced: number[];
}

/** A counted character: its node (a text, or an image), where in it, and the node's parent. */
type Place = { node: Text | Element; offset: number; parent: Element | Root };

const ignorable = /[\s\u00AD\u200B-\u200D\u2060\uFEFF]/u;

/** The reading text of a tree: each countable character with its text node and offset; an
 *  image counts as U+FFFC (print reports it so: a page can start with one). */
export function readingText(tree: Root | Element, missing: Set<string>): { text: string; places: Place[] } {
  let text = '';
  const places: Place[] = [];
  visit(tree, (node, _index, parent) => {
    if (!parent) return undefined;
    if (node.type === 'element' && typeof (node as Element).properties.dataNoteref === 'string') return SKIP;
    if (node.type === 'element' && (node as Element).properties['epub:type'] === 'pagebreak') return SKIP;
    if (node.type === 'element' && (node as Element).tagName === 'img') {
      text += '\uFFFC';
      places.push({ node: node as Element, offset: 0, parent });
      return SKIP;
    }
    if (node.type !== 'text') return undefined;
    let offset = 0;
    for (const char of (node as Text).value) {
      if (!ignorable.test(char)) {
        text += missing.has(char) ? '〓' : char;
        places.push({ node: node as Text, offset, parent });
      }
      offset += char.length;
    }
    return undefined;
  });
  return { text, places };
}

const normalize = (text: string) => [...text].filter((char) => !ignorable.test(char)).join('');

export function placePages(book: Book, starts: PageStart[], missing: string): PageList {
  const wanted = new Set(missing);
  const texts = book.chapters.map((chapter) => readingText(chapter.body, wanted).text);
  const markers = new Map<number, PageMarker[]>();
  const entries: PageList['entries'] = [];
  const unplaced: number[] = [];
  let chapter = 0;
  let position = 0;
  let blank: number[] = [];
  const mark = (index: number, at: number, page: number) => {
    const list = markers.get(index) ?? [];
    list.push({ page, index: at });
    markers.set(index, list);
    entries.push({ page, chapter: index });
  };
  for (const start of starts) {
    if (start.front) {
      entries.push({ page: start.page, front: start.front });
      continue;
    }
    const snippet = normalize(start.text).slice(0, 12);
    if (!snippet) {
      blank.push(start.page);
      continue;
    }
    let found = -1;
    let at = chapter;
    for (; at < texts.length; at++) {
      found = (texts[at] ?? '').indexOf(snippet, at === chapter ? position : 0);
      if (found >= 0) break;
    }
    if (found < 0) {
      unplaced.push(start.page, ...blank);
      for (const page of [...blank, start.page]) mark(chapter, position, page);
      blank = [];
      continue;
    }
    for (const page of blank) mark(at, found, page);
    blank = [];
    mark(at, found, start.page);
    chapter = at;
    position = found + 1;
  }
  for (const page of blank) mark(chapter, texts[chapter]?.length ?? 0, page);
  entries.sort((a, b) => a.page - b.page);
  return { markers, entries, unplaced };
}

/** Puts the page-break markers into a chapter's (cloned) body. */
export function insertMarkers(tree: Root | Element, markers: PageMarker[], missing: string): void {
  if (!markers.length) return;
  const { text, places } = readingText(tree, new Set(missing));
  // From the last to the first, so earlier offsets stay valid.
  for (const marker of [...markers].sort((a, b) => b.index - a.index || b.page - a.page)) {
    const span: Element = {
      type: 'element',
      tagName: 'span',
      properties: { id: `page-${marker.page}`, 'epub:type': 'pagebreak', role: 'doc-pagebreak', ariaLabel: String(marker.page) },
      children: [],
    };
    const place = places[marker.index];
    if (!place) {
      // at the very end of the text: after its last text node
      const last = places[text.length - 1];
      if (last) last.parent.children.splice(last.parent.children.indexOf(last.node) + 1, 0, span);
      continue;
    }
    splitBefore(place, span);
  }
}

/** The node keeps the text before the place (earlier markers in it stay valid); the span and a
 *  new node with the rest follow. Before an image, or a text's start, the span goes before it. */
function splitBefore({ node, offset, parent }: Place, span: Element): void {
  const index = parent.children.indexOf(node);
  if (offset === 0 || node.type !== 'text') {
    parent.children.splice(index, 0, span);
    return;
  }
  const after: Text = { type: 'text', value: node.value.slice(offset) };
  node.value = node.value.slice(0, offset);
  parent.children.splice(index + 1, 0, span, after);
}
