/**
 * A chapter's hast, dressed for print. Footnotes (horizontal books): the first call of a note
 * carries the note itself as a `float: footnote` span (Paged.js moves it to the foot of the
 * page and makes the call); later calls of the same note are plain links with the same number.
 * Endnotes (vertical books, paginated without Paged.js): calls are links and the notes follow
 * at the end of the chapter, linking back to every call.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { addClass, classList } from '../hast-class.js';
import { visit } from '../tree-visit.js';
import { keepLastLine } from './keep-last-line.js';
import type { Chapter, Note } from '../book/model.js';
import type { Labels } from '../templates.js';
import { tableName } from '../transform/rehype-table-captions.js';

export type NoteStyle = 'footnote' | 'endnote';

const blockTags = new Set([
  'p', 'div', 'blockquote', 'ul', 'ol', 'li', 'pre', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'figure',
  'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section', 'aside', 'dl', 'dt', 'dd',
]);

/**
 * Notes sit inside paragraphs at their call, where HTML allows only phrasing content:
 * block elements become spans that CSS displays as blocks again (`.fn-p`, `.fn-li`, …).
 */
function asPhrasing(nodes: ElementContent[]): ElementContent[] {
  const clone = structuredClone(nodes);
  const root: Root = { type: 'root', children: clone };
  const lead = clone[0];
  visit(root, 'element', (node: Element) => {
    if (!blockTags.has(node.tagName)) return;
    const own = (node.properties.className as string[] | undefined) ?? [];
    // The first paragraph runs on from the note number.
    const className = [`fn-${node.tagName}`, ...(node === lead && node.tagName === 'p' ? ['fn-lead'] : []), ...own];
    node.properties = { ...node.properties, className };
    node.tagName = 'span';
  });
  return clone;
}

/** An element as hastscript's h() makes it, written out: a book makes one per note call, and
 *  h() (its property lookups) was a third of the print document's notes. */
const element = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children });
const text = (value: string): ElementContent => ({ type: 'text', value });

/** A note at the foot of the page. Its number links back to its call; no ↩ glyphs on paper
 *  (the EPUB has them, for the calls after the first). */
function footnote(note: Note, callId: string): Element {
  const number = element('a', { href: `#${callId}`, className: ['footnote-number'] }, [text(String(note.number))]);
  return element('span', { className: ['print-note'], dataNoteId: note.id, dataN: String(note.number), dataCallId: callId }, [number, text(' '), ...asPhrasing(note.content)]);
}

/** A repeated call in a book with circled notes is laid out as ① (every circled number is as
 *  wide) and given its note's number once the page is made (in-page-layout.ts). */
function renderCalls(tree: Root | Element, notes: Map<string, Note>, style: NoteStyle, marker: 'number' | 'circled' = 'number'): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    const noteId = node.properties.dataNoteref;
    if (typeof noteId !== 'string' || !parent || index === undefined) return;
    const note = notes.get(noteId);
    if (!note) return;
    const callId = String(node.properties.id);
    parent.children[index] =
      style === 'footnote' && callId === note.callIds[0]
        ? footnote(note, callId)
        : element('a', { href: `#${note.id}`, id: callId, className: ['noteref'] }, [element('sup', {}, [text(style === 'footnote' && marker === 'circled' ? '①' : String(note.number))])]);
  });
}

function endnotes(chapter: Chapter, notes: Map<string, Note>, labels: Labels): Element {
  const items = chapter.notes.map((note) => {
    const content = structuredClone(note.content);
    renderCalls({ type: 'root', children: content }, notes, 'endnote');
    return h('li', { id: note.id }, [h('a', { href: `#${note.callIds[0]}`, class: 'footnote-number' }, String(note.number)), ...content]);
  });
  return h('section', { class: 'endnotes' }, [h('h2', { class: 'endnotes-title' }, labels.notes), h('ol', items)]);
}

/** Over a table's continuation: its label and number, when its caption starts with them
 *  (“表1.21（続き）”), else the bare label (续表). */
function continuedLabel(table: Element, labels: Labels): string {
  const caption = table.children.find((child): child is Element => child.type === 'element' && child.tagName === 'caption');
  const name = caption && tableName(toString(caption));
  return name ? labels.tableContinuedNamed.replace('{table}', name) : labels.tableContinued;
}


/** The chapter as a `<section>` for the print document. */
export function printChapter(chapter: Chapter, style: NoteStyle, labels: Labels, marker: 'number' | 'circled' = 'number'): Element {
  const body = structuredClone(chapter.body);
  const notes = new Map(chapter.notes.map((note) => [note.id, note]));
  keepLastLine(body);
  renderCalls(body, notes, style, marker);
  // In one walk (a note's calls are rendered before the walk goes into the note):
  // Notes cited inside notes: their spans were cloned into the parent note; number them too.
  // Links to other chapters are links within the one print document. A table carries the words
  // that head its continuation on the next page (in-page-breaks.ts repeats its header there).
  // A call right after another (²,³) is marked, and paged.css puts a comma between them: side
  // by side, 2 and 3 read as 23.
  visit(body, 'element', (node: Element) => {
    if (classList(node).includes('print-note')) renderCalls(node, notes, style, marker);
    delete node.properties.dataTargetChapter;
    if (node.tagName === 'table') node.properties.dataContinued = continuedLabel(node, labels);
    let previous = false;
    for (const child of node.children) {
      const classes = child.type === 'element' ? classList(child) : [];
      const call = classes.includes('print-note') || classes.includes('noteref');
      if (call && previous) addClass(child as Element, 'note-follows');
      previous = call;
    }
  });
  const children = body.children as ElementContent[];
  const h1 = children.findIndex((child) => child.type === 'element' && child.tagName === 'h1');
  if (h1 >= 0) {
    const heading = children[h1] as Element;
    heading.properties.dataRunning = chapter.shortTitle ?? chapter.title ?? '';
    if (chapter.number !== undefined) children.splice(h1, 0, h('p', { class: 'chapter-number', ariaHidden: 'true' }, String(chapter.number)));
  }
  if (style === 'endnote' && chapter.notes.length) children.push(endnotes(chapter, notes, labels));
  return h(
    'section',
    { id: chapter.id, class: `chapter chapter-${chapter.kind}${h1 >= 0 ? '' : ' chapter-untitled'}` },
    children,
  );
}
