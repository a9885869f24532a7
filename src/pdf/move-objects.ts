/**
 * Moves a part's objects into the joined file, renumbered, without copying them. pdf-lib's
 * PDFObjectCopier clones every dictionary, array and stream (a stream's bytes too) and then sets
 * each entry again; a part is parsed for the join alone, so its objects can be taken as they are
 * — their references renumbered in place, their context made the joined file's. On the
 * 300,000-character book's rebuild the copier was 0.7 s of this process and much of its garbage.
 * It walks exactly as the copier does (a reference is numbered before what it points at, entries
 * in order), so the joined file's objects get the same numbers: the same bytes as with the
 * copier.
 * (Hand-written: pdf-lib has no moving copier.)
 */
import { PDFArray, PDFDict, PDFName, PDFPageLeaf, PDFRef, PDFStream, type PDFContext, type PDFObject } from 'pdf-lib';

/** A dictionary's or array's context, which pdf-lib declares read-only. */
type Rehomed = { context: PDFContext };

/** A dictionary's entries as pdf-lib keeps them: `entries()` copies them into a new array (one
 *  per dictionary moved: most of a part's objects). Setting a key the map has keeps its place. */
export const entriesOf = (dict: PDFDict): Map<PDFName, PDFObject> => (dict as unknown as { dict: Map<PDFName, PDFObject> }).dict;

export class ObjectMover {
  /** Old reference → new one. */
  private readonly numbers = new Map<PDFRef, PDFRef>();
  /** Dictionaries, arrays and streams already moved (a direct object may be shared). */
  private readonly seen = new Set<PDFObject>();

  constructor(
    private readonly src: PDFContext,
    private readonly dest: PDFContext,
  ) {}

  /** `object`, now the joined file's (a reference: its new number, its object moved). */
  move = (object: PDFObject): PDFObject => {
    if (object instanceof PDFRef) return this.moveIndirect(object);
    if (object instanceof PDFPageLeaf) return this.movePage(object);
    if (object instanceof PDFDict) return this.moveDict(object);
    if (object instanceof PDFArray) return this.moveArray(object);
    if (object instanceof PDFStream) {
      this.moveDict(object.dict);
      return object;
    }
    // names, numbers, strings, booleans, null: nothing in them points elsewhere
    return object;
  };

  private moveIndirect(ref: PDFRef): PDFRef {
    const known = this.numbers.get(ref);
    if (known) return known;
    const renumbered = this.dest.nextRef();
    this.numbers.set(ref, renumbered);
    const value = this.src.lookup(ref);
    if (value) this.dest.assign(renumbered, this.move(value));
    return renumbered;
  }

  /** A page keeps what it inherits from its page tree, and leaves the tree behind. */
  private movePage(page: PDFPageLeaf): PDFPageLeaf {
    if (this.seen.has(page)) return page;
    for (const entry of PDFPageLeaf.InheritableEntries) {
      const key = PDFName.of(entry);
      const value = page.getInheritableAttribute(key);
      if (!page.get(key) && value) page.set(key, value);
    }
    page.delete(PDFName.of('Parent'));
    return this.moveDict(page);
  }

  private moveDict<T extends PDFDict>(dict: T): T {
    if (this.seen.has(dict)) return dict;
    this.seen.add(dict);
    (dict as unknown as Rehomed).context = this.dest;
    for (const [key, value] of entriesOf(dict)) {
      const moved = this.move(value);
      if (moved !== value) dict.set(key, moved);
    }
    return dict;
  }

  private moveArray(array: PDFArray): PDFArray {
    if (this.seen.has(array)) return array;
    this.seen.add(array);
    (array as unknown as Rehomed).context = this.dest;
    for (let i = 0; i < array.size(); i++) {
      const value = array.get(i);
      const moved = this.move(value);
      if (moved !== value) array.set(i, moved);
    }
    return array;
  }
}
