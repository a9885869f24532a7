/** Reads a tagged PDF's structure tree back with pdf-lib: its elements, the marked content each
 *  holds, and whether the parent tree names the same owner for every piece of content. */
import { readFileSync } from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, type PDFObject } from 'pdf-lib';

export interface PdfTags {
  /** Structure elements by role. */
  roles: Map<string, number>;
  /** Elements that are a run of text and nothing else (a NonStruct holding marked content only)
   *  under another element than the Document. */
  textLeaves: number;
  /** Marked content held by an element (page:mcid). */
  held: number;
  /** Parent-tree entries whose element does not hold that content, or content no entry names. */
  mismatched: string[];
}

const name = (key: string) => PDFName.of(key);
const kidsOf = (k: PDFObject | undefined): PDFObject[] => (k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k]);

export async function readTags(file: string): Promise<PdfTags> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const { context } = doc;
  const pageKey = new Map<string, number>();
  for (const page of doc.getPages()) {
    const key = page.node.get(name('StructParents'));
    if (key instanceof PDFNumber) pageKey.set(page.ref.toString(), key.asNumber());
  }
  const root = doc.catalog.lookup(name('StructTreeRoot'), PDFDict);
  const tags: PdfTags = { roles: new Map(), textLeaves: 0, held: 0, mismatched: [] };
  /** page key:mcid → the element holding it (by its reference). */
  const owner = new Map<string, string>();
  const stack = kidsOf(root.get(name('K')));
  while (stack.length) {
    const ref = stack.pop();
    const element = ref instanceof PDFRef ? context.lookup(ref, PDFDict) : undefined;
    if (!element || !(ref instanceof PDFRef)) continue;
    const role = element.get(name('S'))?.toString() ?? '';
    tags.roles.set(role, (tags.roles.get(role) ?? 0) + 1);
    const kids = kidsOf(element.get(name('K')));
    const content = kids.filter((kid) => kid instanceof PDFNumber || (kid instanceof PDFDict && kid.get(name('Type')) === name('MCR')));
    const parent = element.lookupMaybe(name('P'), PDFDict)?.get(name('S'));
    if (role === '/NonStruct' && content.length && content.length === kids.length && parent !== name('Document')) tags.textLeaves++;
    for (const kid of content) {
      const page = kid instanceof PDFDict ? kid.get(name('Pg')) : element.get(name('Pg'));
      const mcid = kid instanceof PDFDict ? kid.get(name('MCID')) : kid;
      owner.set(`${pageKey.get(String(page))}:${String(mcid)}`, ref.toString());
      tags.held++;
    }
    stack.push(...kids.filter((kid) => kid instanceof PDFRef));
  }
  const nums = root.lookup(name('ParentTree'), PDFDict).lookup(name('Nums'), PDFArray);
  const named = new Set<string>();
  for (let i = 0; i + 1 < nums.size(); i += 2) {
    const owners = nums.lookup(i + 1);
    if (!(owners instanceof PDFArray)) continue;
    owners.asArray().forEach((entry, mcid) => {
      const key = `${String(nums.get(i))}:${mcid}`;
      named.add(key);
      if (entry instanceof PDFRef && owner.get(key) !== entry.toString()) tags.mismatched.push(`${key} names ${entry.toString()}, held by ${owner.get(key)}`);
    });
  }
  for (const key of owner.keys()) if (!named.has(key)) tags.mismatched.push(`${key} is named by no parent-tree entry`);
  return tags;
}
