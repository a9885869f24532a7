/**
 * Reading and writing a PDF's Type0 fonts as Chromium (Skia) writes them: the fonts and their
 * parts, /W widths, /DW, ToUnicode CMaps, the programs' glyphs and character maps, subset tags,
 * and the /Font resources that point at them. For one-face.ts.
 * (No maintained package reads or writes these: pdf-lib gives the objects, harfbuzzjs the faces.)
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import * as harfbuzz from 'harfbuzzjs';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFContext, type PDFDocument, type PDFObject } from 'pdf-lib';

export interface Embedded {
  ref: PDFRef;
  font: PDFDict;
  cid: PDFDict;
  descriptor: PDFDict;
  /** The PostScript name without the subset tag. */
  name: string;
  program: Uint8Array;
  /** Its font program, ToUnicode map, widths and CID set (replaced when joined). */
  data: PDFRef[];
  /** Its CIDFont and font descriptor. */
  parts: PDFRef[];
}

/** A stream's decoded bytes. Flate alone (how Skia writes every stream) is inflated by Node's
 *  zlib: pdf-lib's inflate, in JavaScript, took a tenth of a second for a long book's faces. */
export function streamBytes(stream: PDFObject | undefined): Uint8Array | undefined {
  if (!(stream instanceof PDFRawStream)) return undefined;
  const filter = stream.dict.get(PDFName.of('Filter'));
  const only = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
  if (only === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // (what zlib refuses, pdf-lib reads as far as it can)
    }
  }
  return decodePDFRawStream(stream).decode();
}

export function sfntFace(bytes: Uint8Array) {
  return new harfbuzz.Face(new harfbuzz.Blob(bytes));
}

/** Glyph ids with outlines in a TrueType program (`loca` says which have data). */
export function drawnGlyphs(program: Uint8Array): number[] {
  const face = sfntFace(program);
  const head = face.referenceTable('head');
  const loca = face.referenceTable('loca');
  if (!head || !loca) return [];
  const long = new DataView(head.buffer, head.byteOffset).getInt16(50) === 1;
  const view = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
  const count = loca.byteLength / (long ? 4 : 2) - 1;
  const offset = (i: number) => (long ? view.getUint32(i * 4) : view.getUint16(i * 2) * 2);
  const glyphs: number[] = [];
  for (let i = 0; i < count; i++) if (offset(i + 1) > offset(i)) glyphs.push(i);
  return glyphs;
}

/** Character → glyph id pairs of a face's character map. */
export function characterMap(program: Uint8Array): Map<number, number> {
  const face = sfntFace(program);
  const font = new harfbuzz.Font(face);
  const map = new Map<number, number>();
  for (const unicode of face.collectUnicodes()) {
    const glyph = font.glyph(unicode);
    if (glyph !== undefined) map.set(unicode, glyph);
  }
  return map;
}

export function lookupDict(context: PDFContext, value: PDFObject | undefined): PDFDict | undefined {
  const object = value instanceof PDFRef ? context.lookup(value) : value;
  return object instanceof PDFDict ? object : undefined;
}

/** Every Type0 font of the document with its parts. */
export function embeddedFonts(doc: PDFDocument): Embedded[] {
  const fonts: Embedded[] = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const kids = object.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
    const cidRef = kids?.get(0);
    const cid = lookupDict(doc.context, cidRef);
    const descriptorRef = cid?.get(PDFName.of('FontDescriptor'));
    const descriptor = lookupDict(doc.context, descriptorRef);
    const programRef = descriptor?.get(PDFName.of('FontFile2'));
    const program = streamBytes(programRef instanceof PDFRef ? doc.context.lookup(programRef) : undefined);
    const base = object.get(PDFName.of('BaseFont'));
    if (!cid || !descriptor || !program || !(base instanceof PDFName)) continue;
    if (cid.get(PDFName.of('CIDToGIDMap')) !== PDFName.of('Identity')) continue;
    const refs = (list: Array<PDFObject | undefined>) => list.filter((value): value is PDFRef => value instanceof PDFRef);
    fonts.push({
      ref,
      font: object,
      cid,
      descriptor,
      name: base.decodeText().replace(/^[A-Z]{6}\+/, ''),
      program,
      data: refs([programRef, object.get(PDFName.of('ToUnicode')), cid.get(PDFName.of('W')), descriptor.get(PDFName.of('CIDSet'))]),
      parts: refs([cidRef, descriptorRef]),
    });
  }
  return fonts;
}

/** A /W array as glyph → width. */
export function widths(cid: PDFDict): Map<number, number> {
  const result = new Map<number, number>();
  const list = cid.lookupMaybe(PDFName.of('W'), PDFArray)?.asArray() ?? [];
  const number = (value: PDFObject | undefined) => (value instanceof PDFNumber ? value.asNumber() : 0);
  for (let i = 0; i < list.length; ) {
    const first = number(list[i]);
    const next = cid.context.lookup(list[i + 1]);
    if (next instanceof PDFArray) {
      next.asArray().forEach((width, k) => result.set(first + k, number(width)));
      i += 2;
    } else {
      for (let glyph = first; glyph <= number(next); glyph++) result.set(glyph, number(list[i + 2]));
      i += 3;
    }
  }
  return result;
}

/** A CIDFont's /DW (1000 when absent, as the PDF specification says). */
export function defaultWidth(cid: PDFDict): number {
  const dw = cid.get(PDFName.of('DW'));
  return dw instanceof PDFNumber ? dw.asNumber() : 1000;
}

/** A ToUnicode CMap's glyph → text entries (bfchar and bfrange, as Skia writes them). */
export function toUnicode(context: PDFContext, value: PDFObject | undefined): Map<number, string> {
  const result = new Map<number, string>();
  const bytes = streamBytes(value instanceof PDFRef ? context.lookup(value) : value);
  if (!bytes) return result;
  const text = Buffer.from(bytes).toString('latin1');
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, glyph, target] of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) result.set(parseInt(glyph ?? '0', 16), target ?? '');
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, target] of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const start = parseInt(target ?? '0', 16);
      for (let glyph = parseInt(from ?? '0', 16), k = 0; glyph <= parseInt(to ?? '0', 16); glyph++, k++) {
        result.set(glyph, (start + k).toString(16).toUpperCase().padStart(target?.length ?? 4, '0'));
      }
    }
  }
  return result;
}

export function cmapStream(context: PDFContext, entries: Map<number, string>): PDFRef {
  const lines = [...entries].sort((a, b) => a[0] - b[0]).map(([glyph, target]) => `<${glyph.toString(16).toUpperCase().padStart(4, '0')}> <${target}>`);
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i += 100) {
    const chunk = lines.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  const text = [
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap',
    '/CIDSystemInfo\n<<  /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def',
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange',
    ...blocks,
    'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend',
  ].join('\n');
  return context.register(context.flateStream(text));
}

export function widthArray(context: PDFContext, entries: Map<number, number>): PDFArray {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  const list: PDFObject[] = [];
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i]?.[0] ?? 0;
    const run: PDFObject[] = [];
    while (i < sorted.length && sorted[i]?.[0] === first + run.length) run.push(PDFNumber.of(sorted[i++]?.[1] ?? 0));
    list.push(PDFNumber.of(first), context.obj(run));
  }
  return context.obj(list);
}

export function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/** Six capital letters from the font's bytes (a subset tag that is the same for the same subset). */
export function subsetTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  return [...digest.subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/** Every /Font resource entry that names a font in `replaced` is pointed at its replacement:
 *  in resource dictionaries that are objects of their own, and in those written into a page,
 *  form, pattern or Type 3 font — where Skia writes resources and pdf-lib's copier keeps them
 *  (a form field's default resources, /AcroForm /DR, are not looked at: Skia writes no form). */
export function repoint(context: PDFContext, replaced: Map<string, PDFRef>): void {
  const repointIn = (resources: PDFDict): void => {
    const fonts = lookupDict(context, resources.get(PDFName.of('Font')));
    for (const [key, value] of fonts?.entries() ?? []) {
      const target = value instanceof PDFRef ? replaced.get(value.toString()) : undefined;
      if (target) fonts?.set(key, target);
    }
  };
  for (const [, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? object.dict : object;
    if (!(dict instanceof PDFDict)) continue;
    repointIn(dict);
    const resources = dict.get(PDFName.of('Resources'));
    if (resources instanceof PDFDict) repointIn(resources);
  }
}
