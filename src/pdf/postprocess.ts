/**
 * Finishes Chromium's PDF with pdf-lib: the Info dictionary (title, authors, subject, keywords,
 * creator, fixed dates), the document language, a deterministic file ID, and bookmarks built
 * from the contents tree at the places Paged.js reported — Chromium's own `outline: true`
 * doubles titles of headings split by the layout, so Inkstone writes the outline itself.
 * (No maintained package writes PDF outlines; this is the small hand-written part.)
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFRef } from 'pdf-lib';
import type { Book, TocEntry } from '../book/model.js';
import type { LayoutReport } from './in-page.js';

interface OutlineItem {
  title: string;
  page: number;
  /** From the top of the page, CSS px. */
  top: number;
  children: OutlineItem[];
}

function outlineItems(entries: TocEntry[], places: Map<string, { page: number; top: number }>): OutlineItem[] {
  return entries.flatMap((entry) => {
    const place = places.get(entry.id);
    if (!place) return [];
    return [{ title: entry.text, page: place.page, top: place.top, children: outlineItems(entry.children, places) }];
  });
}

function writeOutline(doc: PDFDocument, items: OutlineItem[], pxToPt: number): void {
  if (!items.length) return;
  const { context } = doc;
  const pages = doc.getPages();
  const rootRef = context.nextRef();

  const writeLevel = (level: OutlineItem[], parentRef: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = level.map(() => context.nextRef());
    let count = 0;
    level.forEach((item, i) => {
      const page = pages[Math.min(item.page, pages.length) - 1];
      if (!page) return;
      const y = page.getHeight() - item.top * pxToPt;
      const dict = context.obj({}) as PDFDict;
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parentRef);
      dict.set(PDFName.of('Dest'), context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNumber.of(Math.round(y)), PDFNull]));
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
      count += 1;
    });
    return { first: refs[0] as PDFRef, last: refs[refs.length - 1] as PDFRef, count };
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

/**
 * @param contentKey text that identifies the laid-out content (the print HTML); the file ID is
 *   derived from it, since Chromium's own ID is random.
 */
export async function finishPdf(raw: Uint8Array, book: Book, layout: LayoutReport, contentKey: string): Promise<Buffer> {
  const { metadata } = book;
  const doc = await PDFDocument.load(raw, { updateMetadata: false });
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor([...metadata.authors, ...metadata.translators].join(', '));
  doc.setSubject(metadata.description ?? metadata.subtitle ?? metadata.title);
  doc.setKeywords([metadata.title, metadata.subtitle, ...metadata.authors, metadata.publisher].filter((k): k is string => !!k));
  doc.setCreator(metadata.generator);
  doc.setProducer(`${metadata.generator} (Chromium Skia/PDF, pdf-lib)`);
  doc.setCreationDate(metadata.modified);
  doc.setModificationDate(metadata.modified);
  doc.setLanguage(metadata.lang);

  const places = new Map(layout.anchors.map((anchor) => [anchor.id, anchor]));
  const firstPage = doc.getPages()[0];
  const pxToPt = firstPage && layout.pageHeight ? firstPage.getHeight() / layout.pageHeight : 0.75;
  writeOutline(doc, outlineItems(book.toc, places), pxToPt);

  // A file ID from the content (Chromium's is random): same book, same bytes.
  const digest = createHash('sha256').update(metadata.identifier).update(contentKey).digest('hex').slice(0, 32);
  const id = PDFHexString.of(digest);
  doc.context.trailerInfo.ID = doc.context.obj([id, id]) as PDFArray;

  return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}
