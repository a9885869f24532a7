/**
 * Finishes Chromium's PDF with pdf-lib: the Info dictionary (title, authors, subject, keywords,
 * creator, fixed dates), the document language, right-to-left reading for vertical books, a
 * deterministic file ID, stable structure IDs (structure-ids.ts), and bookmarks. Chromium's own `outline: true` doubles titles of headings
 * split by the layout; Inkstone writes the outline from the contents tree instead, pointing each
 * entry at the named destination Chromium made for the heading's anchor.
 * (No maintained package writes PDF outlines; this is the small hand-written part.)
 */
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  ParseSpeeds,
  ReadingDirection,
  type PDFObject,
} from 'pdf-lib';
import type { Book, TocEntry } from '../book/model.js';
import { oneFontPerFace, type FaceSource, type OneFaceReport } from './one-face.js';
import { renumberStructureIds } from './structure-ids.js';
import { flattenTextLeaves } from './flatten-structure.js';
// pdf-lib's streams compressed by Node's zlib (zlib-deflate.ts)
import './zlib-deflate.js';
// and its pools of names and references answered from memos (pdf-lib-pools.ts)
import './pdf-lib-pools.js';
// and its dictionaries written without copying their entries (pdf-lib-dict-writes.ts)
import './pdf-lib-dict-writes.js';

interface OutlineItem {
  title: string;
  /** The destination array ([page /XYZ left top zoom]) Chromium made for the anchor. */
  dest: PDFObject;
  children: OutlineItem[];
}

/** Named destinations (`/Dests` in the catalog) by name. */
function destinations(doc: PDFDocument): Map<string, PDFArray> {
  const result = new Map<string, PDFArray>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [key, value] of dests?.entries() ?? []) {
    const array = doc.context.lookup(value);
    if (array instanceof PDFArray) result.set(key.decodeText(), array);
  }
  return result;
}

/** 1-based page of each of `ids` that Chromium made a named destination for. */
export async function namedDestinationPages(raw: Uint8Array, ids: string[]): Promise<Record<string, number>> {
  const doc = await PDFDocument.load(raw, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const refs = doc.getPages().map((page) => page.ref.toString());
  const dests = destinations(doc);
  const pages: Record<string, number> = {};
  for (const id of ids) {
    const page = dests.get(id)?.get(0);
    if (page instanceof PDFRef) pages[id] = refs.indexOf(page.toString()) + 1;
  }
  return pages;
}

function outlineItems(entries: TocEntry[], dests: Map<string, PDFArray>, anchor: (id: string) => string, mark: (text: string) => string = (text) => text): OutlineItem[] {
  return entries.flatMap((entry) => {
    const dest = dests.get(anchor(entry.id));
    if (!dest) return [];
    // A section's number (number-sections) is part of its heading as printed: 3.2 标题.
    const title = typeof entry.number === 'string' ? `${entry.number} ${entry.text}` : entry.text;
    return [{ title: mark(title), dest, children: outlineItems(entry.children, dests, anchor, mark) }];
  });
}

function writeOutline(doc: PDFDocument, items: OutlineItem[]): void {
  if (!items.length) return;
  const { context } = doc;
  const rootRef = context.nextRef();

  const writeLevel = (level: OutlineItem[], parentRef: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = level.map(() => context.nextRef());
    level.forEach((item, i) => {
      const dict = context.obj({}) as PDFDict;
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parentRef);
      dict.set(PDFName.of('Dest'), item.dest);
      const prev = refs[i - 1];
      const next = refs[i + 1];
      if (prev) dict.set(PDFName.of('Prev'), prev);
      if (next) dict.set(PDFName.of('Next'), next);
      const own = refs[i] as PDFRef;
      if (item.children.length) {
        const sub = writeLevel(item.children, own);
        dict.set(PDFName.of('First'), sub.first);
        dict.set(PDFName.of('Last'), sub.last);
        dict.set(PDFName.of('Count'), PDFNumber.of(-sub.count)); // closed: sections fold under chapters
      }
      context.assign(own, dict);
    });
    return { first: refs[0] as PDFRef, last: refs[refs.length - 1] as PDFRef, count: level.length };
  };

  const top = writeLevel(items, rootRef);
  const root = context.obj({}) as PDFDict;
  root.set(PDFName.of('Type'), PDFName.of('Outlines'));
  root.set(PDFName.of('First'), top.first);
  root.set(PDFName.of('Last'), top.last);
  root.set(PDFName.of('Count'), PDFNumber.of(top.count));
  context.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

export interface FinishOptions {
  /** Text that identifies the laid-out content (the print HTML): the file ID is derived from it. */
  contentKey: string;
  /** Pages read right to left (vertical books). */
  rtl: boolean;
  /** The print document's anchor for a Book id. */
  anchor: (id: string) => string;
  /** A bookmark's text as the page prints it (〓 for a character no face has). */
  mark?: (text: string) => string;
  /** The faces Chromium was given: their subsets in the PDF become one font per face. */
  faces?: readonly FaceSource[];
}

export async function finishPdf(input: Uint8Array | PDFDocument, book: Book, options: FinishOptions): Promise<{ bytes: Buffer; pages: number; fonts: OneFaceReport }> {
  const { metadata } = book;
  // (a book joined from parts had each part's text leaves folded when the part was parsed)
  const doc = input instanceof PDFDocument ? input : await PDFDocument.load(input, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  if (!(input instanceof PDFDocument)) flattenTextLeaves(doc);
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor([...metadata.authors, ...metadata.translators].join(', '));
  doc.setSubject(metadata.description ?? metadata.subtitle ?? metadata.title);
  doc.setKeywords([metadata.title, metadata.subtitle, ...metadata.authors, metadata.publisher].filter((k): k is string => !!k));
  doc.setCreator(metadata.generator);
  doc.setProducer(`${metadata.generator} (Chromium Skia/PDF, pdf-lib)`);
  doc.setCreationDate(metadata.modified);
  doc.setModificationDate(metadata.modified);
  doc.setLanguage(metadata.lang);
  if (options.rtl) doc.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L);

  writeOutline(doc, outlineItems(book.toc, destinations(doc), options.anchor, options.mark));
  renumberStructureIds(doc);
  const fonts = oneFontPerFace(doc, options.faces ?? []);

  // A file ID from the content (Chromium's is random): same book, same bytes.
  const digest = createHash('sha256').update(metadata.identifier).update(options.contentKey).digest('hex').slice(0, 32);
  const id = PDFHexString.of(digest);
  doc.context.trailerInfo.ID = doc.context.obj([id, id]) as PDFArray;

  const bytes = Buffer.from(await doc.save({ useObjectStreams: true, updateFieldAppearances: false, objectsPerTick: Infinity }));
  return { bytes, pages: doc.getPageCount(), fonts };
}
