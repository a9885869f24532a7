/** Reads a PDF's structure back with pdf-lib: named destinations, links, bookmarks, metadata. */
import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';

export interface PdfLink {
  /** 1-based page the link is on. */
  page: number;
  /** Named destination, for internal links. */
  dest?: string;
  uri?: string;
}

export interface Bookmark {
  title: string;
  page: number;
  children: Bookmark[];
}

export interface PdfStructure {
  pages: number;
  /** Named destination → 1-based page. */
  dests: Map<string, number>;
  links: PdfLink[];
  bookmarks: Bookmark[];
  lang: string | undefined;
  creationDate: Date | undefined;
}

function text(value: unknown): string {
  if (value instanceof PDFHexString || value instanceof PDFString) return value.decodeText();
  if (value instanceof PDFName) return value.decodeText();
  return String(value);
}

export async function readPdf(file: string): Promise<PdfStructure> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const pageRefs = doc.getPages().map((page) => page.ref);
  const pageOf = (ref: unknown) => (ref instanceof PDFRef ? pageRefs.findIndex((r) => r === ref || r.toString() === ref.toString()) + 1 : 0);

  const dests = new Map<string, number>();
  const destDict = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [key, value] of destDict?.entries() ?? []) {
    const array = doc.context.lookup(value);
    if (array instanceof PDFArray) dests.set(key.decodeText(), pageOf(array.get(0)));
  }

  const links: PdfLink[] = [];
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let k = 0; k < (annots?.size() ?? 0); k++) {
      const annot = annots?.lookup(k, PDFDict);
      if (annot?.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
      const dest = annot.get(PDFName.of('Dest'));
      const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = action?.get(PDFName.of('URI'));
      links.push({ page: i + 1, ...(dest ? { dest: text(dest) } : {}), ...(uri ? { uri: text(uri) } : {}) });
    }
  });

  const readOutline = (first: unknown): Bookmark[] => {
    const items: Bookmark[] = [];
    let node = first instanceof PDFRef ? doc.context.lookup(first, PDFDict) : undefined;
    while (node) {
      const dest = node.lookup(PDFName.of('Dest'));
      items.push({
        title: text(node.get(PDFName.of('Title'))),
        page: dest instanceof PDFArray ? pageOf(dest.get(0)) : 0,
        children: readOutline(node.get(PDFName.of('First'))),
      });
      const next = node.get(PDFName.of('Next'));
      node = next instanceof PDFRef ? doc.context.lookup(next, PDFDict) : undefined;
    }
    return items;
  };
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const lang = doc.catalog.get(PDFName.of('Lang'));
  return {
    pages: doc.getPageCount(),
    dests,
    links,
    bookmarks: readOutline(outlines?.get(PDFName.of('First'))),
    lang: lang ? text(lang) : undefined,
    creationDate: doc.getCreationDate(),
  };
}
