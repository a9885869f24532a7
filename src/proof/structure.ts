/**
 * The tagged PDF's structure tree, read with pdf-lib: for each page, which structure elements
 * (a heading, a table row, a paragraph …) each marked-content id belongs to. pdf.js's own
 * per-page view of the tree has no element identities, and the proof must know that two pages
 * hold the same table row.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, type PDFObject } from 'pdf-lib';

export interface StructElement {
  /** Unique within the document. */
  id: number;
  role: string;
  parent: StructElement | undefined;
}

/** page number (1-based) → marked-content id → innermost element. */
export type StructureMap = Map<number, Map<number, StructElement>>;

/** The PDF's objects, read once for the structure and the press checks (press.ts). */
export function loadObjects(data: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(data, { updateMetadata: false, ignoreEncryption: true });
}

export function readStructure(doc: PDFDocument): StructureMap {
  const pageNumber = new Map<string, number>();
  doc.getPages().forEach((page, i) => pageNumber.set(page.ref.toString(), i + 1));
  const map: StructureMap = new Map();
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return map;
  let nextId = 1;
  const seen = new Set<PDFDict>();

  const record = (page: number | undefined, mcid: number, element: StructElement) => {
    if (page === undefined) return;
    let byMcid = map.get(page);
    if (!byMcid) map.set(page, (byMcid = new Map()));
    byMcid.set(mcid, element);
  };
  const pageOf = (dict: PDFDict): number | undefined => {
    const ref = dict.get(PDFName.of('Pg'));
    return ref instanceof PDFRef ? pageNumber.get(ref.toString()) : undefined;
  };

  // Iterative walk: structure trees of long books are deep and wide.
  const stack: Array<{ kid: PDFObject | undefined; parent: StructElement | undefined; page: number | undefined }> = [
    { kid: root.get(PDFName.of('K')), parent: undefined, page: undefined },
  ];
  while (stack.length) {
    const { kid, parent, page } = stack.pop()!;
    if (kid === undefined) continue;
    const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
    if (value instanceof PDFArray) {
      for (let i = value.size() - 1; i >= 0; i--) stack.push({ kid: value.get(i), parent, page });
    } else if (value instanceof PDFNumber) {
      if (parent) record(page, value.asNumber(), parent);
    } else if (value instanceof PDFDict) {
      const type = value.get(PDFName.of('Type'))?.toString();
      if (type === '/MCR') {
        const mcid = value.get(PDFName.of('MCID'));
        if (parent && mcid instanceof PDFNumber) record(pageOf(value) ?? page, mcid.asNumber(), parent);
      } else if (type === '/OBJR') {
        continue;
      } else if (!seen.has(value)) {
        seen.add(value);
        const role = value.get(PDFName.of('S'))?.toString().slice(1) ?? '';
        const element: StructElement = { id: nextId++, role, parent };
        stack.push({ kid: value.get(PDFName.of('K')), parent: element, page: pageOf(value) ?? page });
      }
    }
  }
  return map;
}

/** The nearest element of one of `roles`, from `element` up. */
export function closest(element: StructElement | undefined, roles: readonly string[]): StructElement | undefined {
  for (let e = element; e; e = e.parent) if (roles.includes(e.role)) return e;
  return undefined;
}
