/**
 * Joins the PDFs of a book printed in parts into one, keeping what makes it a book: pages in
 * order (with blank pages where a chapter must open on the right), the tagged structure
 * (structure trees and parent trees renumbered into one), named destinations for every anchor
 * and links between parts turned into links within the file. A part's objects are moved in, not
 * copied (move-objects.ts); the structure-tree merge is hand-written (pdf-lib has none).
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  PDFString,
  ParseSpeeds,
  type PDFObject,
} from 'pdf-lib';
// pdf-lib's pools of names and references answered from memos (parsing the parts is most of it)
import './pdf-lib-pools.js';
import { flattenTextLeaves, kidsOf } from './flatten-structure.js';
import { ObjectMover } from './move-objects.js';

export interface PrintedPart {
  /** The part parsed (a long book's parts are parsed as they arrive, while Chromium lays out
   *  the next ones) or read from the build cache. */
  parsed: Promise<PDFDocument>;
  /** Add an empty page before this part (a chapter opening on a right-hand page). */
  blankBefore: boolean;
}

export interface AnchorPlace {
  id: string;
  /** 1-based page of the joined book. */
  page: number;
  /** From the top of the page, in points. */
  top: number;
}

/** Links between parts are printed as `<linkPrefix><id>` URLs and become internal links here. */
export const linkPrefix = 'https://inkstone.invalid/#';

/** A PDF string's text (literal or hex), else undefined. */
export function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** A printed part, parsed for joining, its text leaves folded (flatten-structure.ts: done as it
 *  is parsed, while later parts are laid out, not when it is joined). */
export async function parsePart(bytes: Uint8Array): Promise<PDFDocument> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  flattenTextLeaves(doc);
  return doc;
}

/** The joined structure tree, as the parts add to it. */
interface Structure {
  rootRef: PDFRef;
  documentRef: PDFRef;
  kids: PDFObject[];
  /** The parent tree's Nums: key, value, key, value … */
  nums: PDFObject[];
  nextKey: number;
  lang: PDFObject | undefined;
}

/** A part's pages and structure elements, copied into the joined file, and its place. */
interface Copied {
  pages: Array<{ leaf: PDFPageLeaf; ref: PDFRef }>;
  kids: PDFObject[];
  blankBefore: boolean;
  size: [number, number];
}

/**
 * Joins a book's parts as they are printed: each part's objects are copied when it is added
 * (while later parts are laid out), and the pages and the structure take their order at the
 * end. Parts must be added in the same order every time (print-parts.ts adds the groups of
 * chapters in order, then the front matter): the same parts then make the same bytes.
 */
export class PartMerger {
  private readonly slots: Copied[] = [];
  private readonly structure: Structure;

  private constructor(private readonly merged: PDFDocument) {
    const { context } = merged;
    this.structure = { rootRef: context.nextRef(), documentRef: context.nextRef(), kids: [], nums: [], nextKey: 0, lang: undefined };
  }

  static async start(): Promise<PartMerger> {
    return new PartMerger(await PDFDocument.create({ updateMetadata: false }));
  }

  /** Copies `part` into the joined file as its `slot`th part (0: the first pages). */
  async add(slot: number, part: PrintedPart): Promise<void> {
    const source = await part.parsed;
    const copier = new ObjectMover(source.context, this.merged.context);
    const first = source.getPage(0);
    const kids = detachedKids(source, this.structure);
    const pages = copyPages(source, copier, this.merged, this.structure.nextKey);
    this.slots[slot] = { pages, kids: copyStructure(source, kids, copier, this.merged, this.structure), blankBefore: part.blankBefore, size: [first.getWidth(), first.getHeight()] };
  }

  /** The joined file: pages in order (a blank page where a part asks for one), one structure
   *  tree, a named destination for every anchor, links between parts made internal. */
  finish(anchors: AnchorPlace[]): PDFDocument {
    const { merged, structure } = this;
    for (const slot of this.slots) {
      if (slot.blankBefore) merged.addPage(slot.size);
      for (const { leaf, ref } of slot.pages) merged.addPage(PDFPage.of(leaf, ref, merged));
      structure.kids.push(...slot.kids);
    }
    writeStructure(merged, structure);
    addDestinations(merged, anchors);
    linksWithin(merged);
    return merged;
  }
}

/** The part's structure: its Document element's children, to move under the joined Document
 *  (their parent link cut, or the copier would bring the old tree along). */
function detachedKids(source: PDFDocument, structure: Structure): PDFObject[] {
  const sourceRoot = source.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const sourceDocument = sourceRoot?.lookupMaybe(PDFName.of('K'), PDFDict);
  structure.lang ??= sourceDocument?.get(PDFName.of('Lang'));
  // K is an array of elements, or one element alone (a part of a single element: a chapter
  // of one paragraph after a blank page).
  const k = sourceDocument?.get(PDFName.of('K'));
  const kidList = kidsOf(k);
  for (const kid of kidList) {
    const element = kid instanceof PDFRef ? source.context.lookupMaybe(kid, PDFDict) : kid instanceof PDFDict ? kid : undefined;
    element?.delete(PDFName.of('P'));
  }
  return kidList;
}

/** The part's pages, copied, their structure keys moved past the parts copied before. */
function copyPages(source: PDFDocument, copier: ObjectMover, merged: PDFDocument, offset: number): Copied['pages'] {
  const { context } = merged;
  const pages: Copied['pages'] = [];
  for (const pageRef of source.getPages().map((page) => page.ref)) {
    const copiedRef = copier.move(pageRef) as PDFRef;
    const leaf = context.lookup(copiedRef) as PDFPageLeaf;
    const parents = leaf.get(PDFName.of('StructParents'));
    if (parents instanceof PDFNumber) leaf.set(PDFName.of('StructParents'), PDFNumber.of(parents.asNumber() + offset));
    const annots = leaf.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots?.lookupMaybe(i, PDFDict);
      const parent = annot?.get(PDFName.of('StructParent'));
      if (annot && parent instanceof PDFNumber) annot.set(PDFName.of('StructParent'), PDFNumber.of(parent.asNumber() + offset));
    }
    pages.push({ leaf, ref: copiedRef });
  }
  return pages;
}

/** The part's structure elements, copied under the joined Document (returned), its parent tree
 *  after those of the parts copied before. */
function copyStructure(source: PDFDocument, kids: PDFObject[], copier: ObjectMover, merged: PDFDocument, structure: Structure): PDFObject[] {
  const { context } = merged;
  const copiedKids: PDFObject[] = [];
  for (const kid of kids) {
    const copied = copier.move(kid);
    const element = copied instanceof PDFRef ? context.lookupMaybe(copied, PDFDict) : undefined;
    element?.set(PDFName.of('P'), structure.documentRef);
    copiedKids.push(copied);
  }
  const sourceRoot = source.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const parentTree = sourceRoot?.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
  const sourceNums = parentTree?.lookupMaybe(PDFName.of('Nums'), PDFArray);
  for (let i = 0; i + 1 < (sourceNums?.size() ?? 0); i += 2) {
    const key = sourceNums?.get(i);
    if (!(key instanceof PDFNumber)) continue;
    structure.nums.push(PDFNumber.of(key.asNumber() + structure.nextKey), copier.move(sourceNums?.get(i + 1) as PDFObject));
  }
  const sourceNext = sourceRoot?.get(PDFName.of('ParentTreeNextKey'));
  structure.nextKey += sourceNext instanceof PDFNumber ? sourceNext.asNumber() : sourceNums ? sourceNums.size() / 2 : 0;
  return copiedKids;
}

function writeStructure(merged: PDFDocument, { rootRef, documentRef, kids, nums, nextKey, lang }: Structure): void {
  const { context } = merged;
  const document = context.obj({ Type: 'StructElem', S: 'Document', P: rootRef, K: kids }) as PDFDict;
  if (lang) document.set(PDFName.of('Lang'), lang);
  context.assign(documentRef, document);
  context.assign(
    rootRef,
    context.obj({ Type: 'StructTreeRoot', K: documentRef, ParentTree: context.obj({ Nums: nums }), ParentTreeNextKey: nextKey }),
  );
  merged.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  merged.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
}

/** Named destinations for every anchor. */
function addDestinations(merged: PDFDocument, anchors: AnchorPlace[]): void {
  const { context } = merged;
  const pages = merged.getPages();
  // (each page's height read once: pdf-lib reads its MediaBox again at every call)
  const heights = pages.map((page) => page.getHeight());
  const dests = context.obj({}) as PDFDict;
  for (const anchor of anchors) {
    const page = pages[anchor.page - 1];
    if (!page) continue;
    const y = Math.round((heights[anchor.page - 1] ?? 0) - anchor.top);
    dests.set(PDFName.of(anchor.id), context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNumber.of(y), PDFNull]));
  }
  merged.catalog.set(PDFName.of('Dests'), context.register(dests));
}

/** Links printed as `<linkPrefix><id>` URLs go to the named destination instead. */
function linksWithin(merged: PDFDocument): void {
  for (const page of merged.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots?.lookupMaybe(i, PDFDict);
      const action = annot?.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = text(action?.get(PDFName.of('URI')));
      if (!annot || !uri?.startsWith(linkPrefix)) continue;
      annot.delete(PDFName.of('A'));
      annot.set(PDFName.of('Dest'), PDFName.of(decodeURIComponent(uri.slice(linkPrefix.length))));
    }
  }
}
