/**
 * Stable IDs in the PDF's structure tree. Chromium names the structure elements that others
 * refer to (table header cells, for the /Headers of their data cells) after its DOM node ids
 * (`node00000511`), which count across the whole renderer process: the same book printed after
 * another edition, or beside another part, got other numbers, so its bytes differed from build to
 * build. The elements are renamed here in document order, their references follow, and the ID
 * tree is written anew (pdf-lib has no structure-tree API; hand-written, like merge.ts).
 */
import { PDFArray, PDFDict, PDFName, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { text } from './merge.js';

const names = {
  structTreeRoot: PDFName.of('StructTreeRoot'),
  idTree: PDFName.of('IDTree'),
  id: PDFName.of('ID'),
  k: PDFName.of('K'),
  a: PDFName.of('A'),
  s: PDFName.of('S'),
  headers: PDFName.of('Headers'),
  kids: PDFName.of('Kids'),
};

export function renumberStructureIds(doc: PDFDocument): void {
  const { context } = doc;
  const root = doc.catalog.lookupMaybe(names.structTreeRoot, PDFDict);
  if (!root) return;
  const { elements, named, renamed } = renamedElements(context, root);
  renameHeaders(context, elements, renamed);
  // The old ID tree goes; one flat tree of the new names (already in sorted order) replaces it.
  const dropTree = (value: PDFObject | undefined): void => {
    if (!(value instanceof PDFRef)) return;
    const node = context.lookup(value);
    if (node instanceof PDFDict) for (const kid of node.lookupMaybe(names.kids, PDFArray)?.asArray() ?? []) dropTree(kid);
    context.delete(value);
  };
  dropTree(root.get(names.idTree));
  root.delete(names.idTree);
  if (named.length) root.set(names.idTree, context.obj({ Names: named.flat() }));
}

/** Every structure element in tree order, each one with an ID renamed `node00000001` … */
function renamedElements(context: PDFDocument['context'], root: PDFDict) {
  const elements: PDFDict[] = [];
  const named: Array<[PDFString, PDFRef]> = [];
  const renamed = new Map<string, string>();
  const seen = new Set<PDFDict>();
  const walk = (value: PDFObject | undefined, ref?: PDFRef): void => {
    if (value instanceof PDFRef) return walk(context.lookup(value), value);
    if (value instanceof PDFArray) {
      for (const item of value.asArray()) walk(item);
      return;
    }
    // Marked-content and object references have no /S; only structure elements are walked.
    if (!(value instanceof PDFDict) || seen.has(value) || !value.has(names.s)) return;
    seen.add(value);
    elements.push(value);
    const old = text(value.get(names.id));
    if (old !== undefined && ref) {
      const id = PDFString.of(`node${String(named.length + 1).padStart(8, '0')}`);
      renamed.set(old, id.decodeText());
      value.set(names.id, id);
      named.push([id, ref]);
    }
    walk(value.get(names.k));
  };
  walk(root.get(names.k));
  return { elements, named, renamed };
}

/** Data cells name their header cells by ID: the new names. */
function renameHeaders(context: PDFDocument['context'], elements: PDFDict[], renamed: Map<string, string>): void {
  for (const element of elements) {
    const attributes = context.lookup(element.get(names.a));
    for (const owner of attributes instanceof PDFArray ? attributes.asArray() : [attributes]) {
      const dict = context.lookup(owner);
      const headers = dict instanceof PDFDict ? context.lookup(dict.get(names.headers)) : undefined;
      if (!(headers instanceof PDFArray)) continue;
      headers.asArray().forEach((header, i) => {
        const id = renamed.get(text(context.lookup(header)) ?? '');
        if (id !== undefined) headers.set(i, PDFString.of(id));
      });
    }
  }
}
