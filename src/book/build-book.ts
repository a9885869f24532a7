/**
 * Manuscript → Book: runs the unified processor on every chapter, then gives the book its
 * anchors, note numbers, contents and metadata.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import type { Manuscript } from '../manuscript/load-manuscript.js';
import { createProcessor, transformChapter } from '../transform/processor.js';
import { numberNotes, type NoteCounter } from './footnotes.js';
import { IdAllocator, fileStem } from './ids.js';
import { resolveMetadata } from './metadata.js';
import type { Book, Chapter, Heading } from './model.js';
import { buildToc } from './toc.js';

export interface BuildBookOptions {
  /** SOURCE_DATE_EPOCH in seconds; the injected clock. */
  sourceDateEpoch?: number | undefined;
  version: string;
}

export interface BuiltBook {
  book: Book;
  /** One vfile per chapter, carrying its messages (warnings). */
  files: VFile[];
}

const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

function collectHeadings(body: Root, ids: IdAllocator): Heading[] {
  const headings: Heading[] = [];
  visit(body, 'element', (node: Element) => {
    if (!headingTags.has(node.tagName)) return;
    const text = toString(node).trim();
    const id = ids.fromText(text, 'section');
    node.properties.id = id;
    headings.push({ id, depth: Number(node.tagName.slice(1)), text });
  });
  return headings;
}

function isEmpty(body: Root): boolean {
  return body.children.every((child) => child.type === 'text' && child.value.trim() === '');
}

export async function buildBook(manuscript: Manuscript, options: BuildBookOptions): Promise<BuiltBook> {
  const { config } = manuscript;
  const processor = createProcessor();
  const ids = new IdAllocator();
  const stems = new Set<string>();
  const counter: NoteCounter = { sequence: 0, number: 0 };
  let chapterNumber = 0;

  const chapters: Chapter[] = [];
  for (const [index, file] of manuscript.chapters.entries()) {
    const body = await transformChapter(processor, file);
    if (config.footnoteNumbering === 'chapter') counter.number = 0;
    const stem = fileStem(file.path, index, stems);
    const id = ids.reserve(`ch-${stem}`);
    const headings = collectHeadings(body, ids);
    const notes = numberNotes(body, file, counter);
    const h1 = headings.find((heading) => heading.depth === 1);
    const title = h1?.text || file.data.title || undefined;
    const kind = file.data.kind ?? 'body';
    const numbered = config.numberChapters && kind === 'body' && h1 !== undefined;
    chapters.push({
      index,
      id,
      fileStem: stem,
      kind,
      title,
      number: numbered ? ++chapterNumber : undefined,
      body,
      notes,
      headings,
      source: file.path,
    });
  }

  if (chapters.every((chapter) => isEmpty(chapter.body))) {
    throw new InkstoneError('the manuscript has no content: every chapter is empty', {
      file: config.configFile,
      ruleId: rules.emptyManuscript,
    });
  }

  const metadata = resolveMetadata(config.metadata, {
    sourceDateEpoch: options.sourceDateEpoch,
    lastModified: manuscript.lastModified,
    version: options.version,
  });
  const book: Book = { metadata, chapters, toc: buildToc(chapters), print: { ...config.page }, epub: { ...config.epub } };
  return { book, files: manuscript.chapters };
}

declare module 'vfile' {
  interface DataMap {
    kind: import('../config/schema.js').ChapterKind;
    title: string | undefined;
  }
}
