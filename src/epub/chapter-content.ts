/**
 * A chapter's hast, dressed for EPUB: note calls become `epub:type="noteref"` links, and the
 * chapter's notes follow as `<aside epub:type="footnote">` in the same file, each linking back
 * to every call — what pop-up footnote readers (Apple Books, Kobo, Thorium) look for.
 */
import { insertMarkers, type PageMarker } from './page-list.js';
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from '../tree-visit.js';
import type { Chapter, Note } from '../book/model.js';
import type { Labels } from '../templates.js';

function noteCall(note: Note, callId: string): Element {
  return h('a', { 'epub:type': 'noteref', role: 'doc-noteref', href: `#${note.id}`, id: callId, class: 'noteref' }, [
    h('sup', String(note.number)),
  ]);
}

function renderCalls(tree: Root | Element, notes: Map<string, Note>): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    const noteId = node.properties.dataNoteref;
    if (typeof noteId !== 'string' || !parent || index === undefined) return;
    const note = notes.get(noteId);
    if (!note) return;
    parent.children[index] = noteCall(note, String(node.properties.id));
  });
}

function noteAside(note: Note, labels: Labels, notes: Map<string, Note>): Element {
  const content = structuredClone(note.content);
  const back = note.callIds.map((callId, i) =>
    h('a', { href: `#${callId}`, role: 'doc-backlink', class: 'footnote-back', title: labels.backToText }, i === 0 ? String(note.number) : `↩\uFE0E${i + 1}`),
  );
  const [first, ...rest] = back;
  const firstBlock = content[0];
  if (first && firstBlock?.type === 'element' && firstBlock.tagName === 'p') {
    firstBlock.children.unshift(first, { type: 'text', value: ' ' });
  } else if (first) {
    content.unshift(h('p', [first]));
  }
  if (rest.length) {
    const lastBlock = content[content.length - 1];
    const target = lastBlock?.type === 'element' && lastBlock.tagName === 'p' ? lastBlock : h('p');
    if (target !== lastBlock) content.push(target);
    for (const link of rest) target.children.push({ type: 'text', value: ' ' }, link);
  }
  const aside = h('aside', { id: note.id, 'epub:type': 'footnote', role: 'doc-footnote', class: 'footnote' }, content);
  renderCalls(aside, notes);
  return aside;
}

/** A link to another chapter points into that chapter's file. */
function renderCrossLinks(tree: Root | Element, chapter: Chapter, fileOf: (index: number) => string): void {
  visit(tree, 'element', (node: Element) => {
    const target = node.properties.dataTargetChapter;
    if (target === undefined) return;
    delete node.properties.dataTargetChapter;
    const index = Number(target);
    if (index !== chapter.index) node.properties.href = `${fileOf(index)}${String(node.properties.href)}`;
  });
}

/** The chapter's body content for its EPUB content document. */
export function epubChapterNodes(chapter: Chapter, labels: Labels, fileOf: (index: number) => string, pages?: { markers: PageMarker[]; missing: string }): ElementContent[] {
  const body = structuredClone(chapter.body);
  // The print edition's page breaks, found in the text as written (before calls are rendered).
  if (pages) insertMarkers(body, pages.markers, pages.missing);
  const notes = new Map(chapter.notes.map((note) => [note.id, note]));
  renderCalls(body, notes);
  renderCrossLinks(body, chapter, fileOf);
  const children = body.children as ElementContent[];
  if (chapter.number !== undefined) {
    const h1 = children.findIndex((child) => child.type === 'element' && child.tagName === 'h1');
    if (h1 >= 0) children.splice(h1, 0, h('p', { class: 'chapter-number', 'aria-hidden': 'true' }, String(chapter.number)));
  }
  const section: Element = h(
    'section',
    { id: chapter.id, class: `chapter chapter-${chapter.kind}`, 'epub:type': epubType(chapter), role: role(chapter) },
    children,
  );
  if (chapter.notes.length) {
    const asides = h('section', { class: 'footnotes', 'aria-label': labels.notes }, chapter.notes.map((note) => noteAside(note, labels, notes)));
    renderCrossLinks(asides, chapter, fileOf);
    section.children.push(asides);
  }
  return [section];
}

function epubType(chapter: Chapter): string {
  return { front: 'frontmatter', body: 'bodymatter chapter', back: 'backmatter', part: 'bodymatter part' }[chapter.kind];
}

function role(chapter: Chapter): string | undefined {
  return chapter.kind === 'part' ? 'doc-part' : chapter.kind === 'body' ? 'doc-chapter' : undefined;
}
