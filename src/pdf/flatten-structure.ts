/**
 * Chromium tags every run of text as a structure element of its own: a `NonStruct` holding the
 * run's marked content, under the paragraph, heading or link it is part of. They say nothing a
 * reader of the tags needs, and each costs the join, the save and the file: folding them took
 * the 300,000-character book from 58,262 objects to 33,595 (its NonStruct elements from 32,378,
 * text runs and page boxes, to 8,395). Here each such leaf gives its marked content to its
 * parent (as a paragraph tagged by a word processor holds its text) and goes; the parent tree
 * names the parent for that content instead.
 * (Hand-written: pdf-lib has no structure-tree API, like merge.ts.)
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFContext, type PDFDocument, type PDFObject } from 'pdf-lib';

const names = {
  structTreeRoot: PDFName.of('StructTreeRoot'),
  parentTree: PDFName.of('ParentTree'),
  nums: PDFName.of('Nums'),
  k: PDFName.of('K'),
  s: PDFName.of('S'),
  pg: PDFName.of('Pg'),
  type: PDFName.of('Type'),
  mcr: PDFName.of('MCR'),
  mcid: PDFName.of('MCID'),
  nonStruct: PDFName.of('NonStruct'),
  document: PDFName.of('Document'),
};

/** What a leaf may carry: anything else (alternate text, a language, an ID) keeps it. */
const leafKeys = new Set(['Type', 'S', 'P', 'Pg', 'K']);

/** A structure element's kids, as a list (K is an array, one kid, or absent). */
export function kidsOf(k: PDFObject | undefined): PDFObject[] {
  return k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
}

/** The marked content of a text leaf (its MCIDs, or references to content on another page),
 *  else undefined. */
function leafContent(element: PDFDict): PDFObject[] | undefined {
  if (element.get(names.s) !== names.nonStruct) return undefined;
  for (const key of element.keys()) if (!leafKeys.has(key.decodeText())) return undefined;
  const kids = kidsOf(element.get(names.k));
  const content = kids.every((kid) => kid instanceof PDFNumber || (kid instanceof PDFDict && kid.get(names.type) === names.mcr));
  return content && kids.length ? kids : undefined;
}

/** `element`'s kids with each text leaf replaced by its content; the leaves found go in `gone`. */
function absorbLeaves(context: PDFContext, elementRef: PDFRef, element: PDFDict, gone: Map<PDFRef, PDFRef>, named: Map<PDFRef, number>): void {
  // (a part's Document element is dropped when the parts are joined: its kids must be elements)
  if (element.get(names.s) === names.document) return;
  const kids = kidsOf(element.get(names.k));
  let page = element.get(names.pg);
  let changed = false;
  const result: PDFObject[] = [];
  for (const kid of kids) {
    // (a leaf that two elements name is left: folded into one, the other would lose it)
    const leaf = kid instanceof PDFRef && (named.get(kid) ?? 0) === 1 ? context.lookup(kid) : undefined;
    const content = leaf instanceof PDFDict ? leafContent(leaf) : undefined;
    if (!content || !(kid instanceof PDFRef) || !(leaf instanceof PDFDict)) {
      result.push(kid);
      continue;
    }
    const leafPage = leaf.get(names.pg);
    // An MCID counts on its element's page: the parent takes the first leaf's page if it has
    // none; content on another page is referred to with its page.
    page ??= leafPage;
    for (const item of content) {
      const elsewhere = leafPage && leafPage !== page;
      if (item instanceof PDFNumber && elsewhere) result.push(context.obj({ Type: 'MCR', Pg: leafPage, MCID: item }));
      else if (item instanceof PDFDict && elsewhere && !item.has(names.pg)) result.push(context.obj({ Type: 'MCR', Pg: leafPage, MCID: item.get(names.mcid) ?? null }));
      else result.push(item);
    }
    gone.set(kid, elementRef);
    changed = true;
  }
  if (!changed) return;
  if (page && !element.has(names.pg)) element.set(names.pg, page);
  element.set(names.k, result.length === 1 ? (result[0] as PDFObject) : context.obj(result));
}

/** Every structure element under the tree's root, by reference (parents before their kids), and
 *  how many times each is named as a kid. */
function elements(context: PDFContext, root: PDFDict): { found: Array<[PDFRef, PDFDict]>; named: Map<PDFRef, number> } {
  const found: Array<[PDFRef, PDFDict]> = [];
  const named = new Map<PDFRef, number>();
  const seen = new Set<PDFRef>();
  const stack = kidsOf(root.get(names.k)).reverse();
  while (stack.length) {
    const kid = stack.pop();
    if (kid instanceof PDFRef) named.set(kid, (named.get(kid) ?? 0) + 1);
    if (!(kid instanceof PDFRef) || seen.has(kid)) continue;
    seen.add(kid);
    const element = context.lookup(kid);
    if (!(element instanceof PDFDict)) continue;
    found.push([kid, element]);
    stack.push(...kidsOf(element.get(names.k)).reverse());
  }
  return { found, named };
}

/** Folds the text leaves of `doc`'s structure tree into their parents (see the file's comment). */
export function flattenTextLeaves(doc: PDFDocument): void {
  const { context } = doc;
  const root = doc.catalog.lookupMaybe(names.structTreeRoot, PDFDict);
  if (!root) return;
  // (Chromium writes the parent tree as one flat list; a tree of nodes is left as it is)
  const nums = root.lookupMaybe(names.parentTree, PDFDict)?.lookupMaybe(names.nums, PDFArray);
  if (!nums) return;
  const gone = new Map<PDFRef, PDFRef>();
  // kids before their parents: an element left with content alone is a leaf its parent takes
  const { found, named } = elements(context, root);
  for (const [ref, element] of found.reverse()) absorbLeaves(context, ref, element, gone, named);
  const ownerOf = (ref: PDFRef): PDFRef => {
    let owner = ref;
    for (let next = gone.get(owner); next; next = gone.get(owner)) owner = next;
    return owner;
  };
  for (let i = 1; i < nums.size(); i += 2) {
    const value = nums.get(i);
    const owners = value instanceof PDFRef ? context.lookup(value) : value;
    if (owners instanceof PDFArray) {
      for (let j = 0; j < owners.size(); j++) {
        const owner = owners.get(j);
        if (owner instanceof PDFRef && gone.has(owner)) owners.set(j, ownerOf(owner));
      }
    } else if (value instanceof PDFRef && gone.has(value)) {
      nums.set(i, ownerOf(value));
    }
  }
  for (const leaf of gone.keys()) context.delete(leaf);
}
