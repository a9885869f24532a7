/**
 * A printed part's objects as the build cache keeps them: numbers, not PDF text. A rebuild of a
 * long book took every unchanged part from the cache as PDF bytes and parsed them again with
 * pdf-lib's tokenizer: on the 300,000-character book, 20 parts and some 0.5 s of this process,
 * while the changed part was laid out. Here each object is written as a run of numbers in a
 * Float64Array (a kind, then what it holds), its texts (names, strings) in a list and its
 * streams' bytes in one buffer; reading it back builds the objects as the part held them when it
 * was printed and parsed (a dictionary's class by its /Type, as the parser chooses it; a stream
 * as a raw stream), in the same order, so the joined file has the same bytes as a first build.
 * (Closer than the PDF was: written out, a stream's indirect /Length became a direct one.)
 * (Hand-written: pdf-lib has no other form for its objects than PDF.)
 */
import { entriesOf } from './move-objects.js';
import {
  PDFArray,
  PDFBool,
  PDFCatalog,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFPageLeaf,
  PDFPageTree,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

/** A part's objects, as kept. */
export interface PartObjects {
  /** Each object: its kind, then its content (see `Kind`). The indirect objects come first, as
   *  a reference and an object each; the trailer's Root, Encrypt, Info and ID last. */
  ops: Float64Array;
  /** Names (without their slash, as written), literal strings and hex strings, by index. */
  texts: string[];
  /** The streams' contents, one after another. */
  data: Uint8Array;
  /** How many indirect objects `ops` begins with. */
  count: number;
}

const enum Kind {
  Number,
  Name,
  String,
  Hex,
  Ref,
  True,
  False,
  Null,
  Array,
  Dict,
  Stream,
  /** The trailer has no such entry. */
  None,
}

/** An object this form cannot hold (pdf-lib's own streams, invalid objects): the part is not
 *  kept, and is laid out again next time. */
export class UnkeptObject extends Error {}

/** `doc`'s objects as the cache keeps them. Throws UnkeptObject for an object it cannot hold. */
export function encodePart(doc: PDFDocument): PartObjects {
  const ops: number[] = [];
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const text = (value: string) => {
    let index = textIndex.get(value);
    if (index === undefined) textIndex.set(value, (index = texts.push(value) - 1));
    ops.push(index);
  };
  const put = (object: PDFObject | undefined): void => {
    if (object === undefined) ops.push(Kind.None);
    else if (object instanceof PDFNumber) ops.push(Kind.Number, object.asNumber());
    else if (object instanceof PDFName) (ops.push(Kind.Name), text(object.asString().slice(1)));
    else if (object instanceof PDFRef) ops.push(Kind.Ref, object.objectNumber, object.generationNumber);
    else if (object instanceof PDFDict) {
      const entries = entriesOf(object);
      ops.push(Kind.Dict, entries.size);
      for (const [key, value] of entries) (text(key.asString().slice(1)), put(value));
    } else if (object instanceof PDFArray) {
      ops.push(Kind.Array, object.size());
      for (let i = 0; i < object.size(); i++) put(object.get(i));
    } else if (object instanceof PDFRawStream) {
      ops.push(Kind.Stream, size, object.contents.length);
      chunks.push(object.contents);
      size += object.contents.length;
      put(object.dict);
    } else if (object instanceof PDFString) (ops.push(Kind.String), text(object.asString()));
    else if (object instanceof PDFHexString) (ops.push(Kind.Hex), text(object.asString()));
    else if (object === PDFBool.True) ops.push(Kind.True);
    else if (object === PDFBool.False) ops.push(Kind.False);
    else if (object === PDFNull) ops.push(Kind.Null);
    else throw new UnkeptObject(`a ${object.constructor.name} is not kept`);
  };
  const objects = doc.context.enumerateIndirectObjects();
  for (const [ref, object] of objects) (put(ref), put(object));
  const { Root, Encrypt, Info, ID } = doc.context.trailerInfo;
  for (const entry of [Root, Encrypt, Info, ID]) put(entry);
  const data = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) (data.set(chunk, offset), (offset += chunk.length));
  return { ops: Float64Array.from(ops), texts, data, count: objects.length };
}

/** Whether a cache entry's value has the shape of `PartObjects` (anything else is made again). */
export function isPartObjects(value: unknown): value is PartObjects {
  const part = value as PartObjects;
  return part?.ops instanceof Float64Array && Array.isArray(part.texts) && part.data instanceof Uint8Array && Number.isInteger(part.count);
}

/** The part as a document, its objects as the part held them when it was kept (see above). */
export function decodePart(part: PartObjects): PDFDocument {
  const context = PDFContext.create();
  const read = reader(part, context);
  for (let i = 0; i < part.count; i++) {
    const ref = read();
    if (!(ref instanceof PDFRef)) throw new Error('a kept part’s objects do not read: no reference where one starts');
    context.assign(ref, read() as PDFObject);
  }
  const [Root, Encrypt, Info, ID] = [read(), read(), read(), read()];
  if (!read.done()) throw new Error('a kept part’s objects do not read: more than its objects');
  context.trailerInfo = { Root, Encrypt, Info, ID };
  // (the constructor pdf-lib's `load` calls once it has parsed a file: not typed as public)
  const Document = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  return new Document(context, false, false);
}

/** A dictionary's class as the parser chooses it: by its /Type. */
function dictionaries() {
  const type = PDFName.of('Type');
  const classes = new Map<PDFName, typeof PDFDict>([
    [PDFName.of('Catalog'), PDFCatalog as unknown as typeof PDFDict],
    [PDFName.of('Pages'), PDFPageTree as unknown as typeof PDFDict],
    [PDFName.of('Page'), PDFPageLeaf as unknown as typeof PDFDict],
  ]);
  return { type, classes };
}

/** A kept part's texts by index, and its names (each made once). */
function textsOf(texts: string[]) {
  const textAt = (index: number): string => {
    const text = texts[index];
    if (typeof text !== 'string') throw new Error('a kept part’s text is missing');
    return text;
  };
  const names: PDFName[] = [];
  return { textAt, nameAt: (index: number): PDFName => (names[index] ??= PDFName.of(textAt(index))) };
}

/** Reads `part`'s objects one after another, made in `context`. */
function reader(part: PartObjects, context: PDFContext): (() => PDFObject | undefined) & { done: () => boolean } {
  const { ops, texts, data } = part;
  const { textAt, nameAt } = textsOf(texts);
  const { type, classes } = dictionaries();
  let at = 0;
  const next = (): number => ops[at++] as number;
  const read = (): PDFObject | undefined => {
    switch (next()) {
      case Kind.Number:
        return PDFNumber.of(next());
      case Kind.Name:
        return nameAt(next());
      case Kind.Ref:
        return PDFRef.of(next(), next());
      case Kind.Dict: {
        const map = new Map<PDFName, PDFObject>();
        for (let n = next(); n > 0; n--) map.set(nameAt(next()), read() as PDFObject);
        return (classes.get(map.get(type) as PDFName) ?? PDFDict).fromMapWithContext(map, context);
      }
      case Kind.Array: {
        const array = PDFArray.withContext(context);
        for (let n = next(); n > 0; n--) array.push(read() as PDFObject);
        return array;
      }
      case Kind.Stream: {
        const [start, length] = [next(), next()];
        if (!(start + length <= data.length)) throw new Error('a kept part’s stream is not in its bytes');
        return PDFRawStream.of(read() as PDFDict, data.subarray(start, start + length));
      }
      case Kind.String:
        return PDFString.of(textAt(next()));
      case Kind.Hex:
        return PDFHexString.of(textAt(next()));
      case Kind.True:
        return PDFBool.True;
      case Kind.False:
        return PDFBool.False;
      case Kind.Null:
        return PDFNull;
      case Kind.None:
        return undefined;
      default:
        throw new Error(`a kept part’s objects do not read at ${at - 1}`);
    }
  };
  return Object.assign(read, { done: () => at === ops.length });
}
