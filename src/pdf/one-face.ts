/**
 * One embedded font per face, under the face's real name. Chromium embeds a subset of each face
 * in every PDF it prints, so a book printed in parts carries one subset per face per part (323
 * fonts in a 1,300-page book), each named after the face's PostScript name — for fontsource's
 * Noto files `NotoSerifSCExtraLight-Regular`, which a print shop's preflight reports as the
 * ExtraLight weight. Chromium (Skia) keeps the face's glyph ids in its subsets, so the subsets of
 * one face are parts of one glyph space: the face is cut once to the glyphs all of them use
 * (fonts/glyph-subset.ts, ids kept), their widths and ToUnicode maps are joined, and every page
 * uses that one font, named `XXXXXX+NotoSerifSC-Regular` (its program's name table too). A
 * subset whose glyph ids are not the book's face's (checked through its character map) is left
 * as it is.
 * (No maintained package joins PDF fonts; pdf-lib reads and writes the objects.)
 */
import { createHash } from 'node:crypto';
import * as harfbuzz from 'harfbuzzjs';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFContext, type PDFDocument, type PDFObject } from 'pdf-lib';
import { realName, type FontSubset } from '../fonts/subset.js';
import { subsetGlyphs } from '../fonts/glyph-subset.js';
import { renameFace } from '../fonts/rename.js';

interface Embedded {
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

export interface FaceSource {
  /** The face file Chromium was given (its `name` table's PostScript name is what it embeds). */
  data: Buffer;
  /** The name to embed under, and the family and style the program's name table gets. */
  realName: string;
  family: string;
  style: string;
}

/** Faces for one-face.ts from the book's subsets: each file's PostScript name and real name. */
export function faceSources(subsets: readonly FontSubset[]): FaceSource[] {
  return subsets.map((subset) => ({ data: subset.data, realName: realName(subset.face, subset.style), family: subset.face, style: subset.style }));
}

const streamBytes = (stream: PDFObject | undefined): Uint8Array | undefined =>
  stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : undefined;

function sfntFace(bytes: Uint8Array) {
  return new harfbuzz.Face(new harfbuzz.Blob(bytes));
}

/** The PostScript name in a face's `name` table. */
export function postscriptNameOf(bytes: Uint8Array): string {
  return sfntFace(bytes).getName(6, 'en') ?? '';
}

/** Glyph ids with outlines in a TrueType program (`loca` says which have data). */
function drawnGlyphs(program: Uint8Array): number[] {
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
function characterMap(program: Uint8Array): Map<number, number> {
  const face = sfntFace(program);
  const font = new harfbuzz.Font(face);
  const map = new Map<number, number>();
  for (const unicode of face.collectUnicodes()) {
    const glyph = font.glyph(unicode);
    if (glyph !== undefined) map.set(unicode, glyph);
  }
  return map;
}

function lookupDict(context: PDFContext, value: PDFObject | undefined): PDFDict | undefined {
  const object = value instanceof PDFRef ? context.lookup(value) : value;
  return object instanceof PDFDict ? object : undefined;
}

/** Every Type0 font of the document with its parts. */
function embeddedFonts(doc: PDFDocument): Embedded[] {
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
function widths(cid: PDFDict): Map<number, number> {
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
function defaultWidth(cid: PDFDict): number {
  const dw = cid.get(PDFName.of('DW'));
  return dw instanceof PDFNumber ? dw.asNumber() : 1000;
}

/** A ToUnicode CMap's glyph → text entries (bfchar and bfrange, as Skia writes them). */
function toUnicode(context: PDFContext, value: PDFObject | undefined): Map<number, string> {
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

function cmapStream(context: PDFContext, entries: Map<number, string>): PDFRef {
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

function widthArray(context: PDFContext, entries: Map<number, number>): PDFArray {
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

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/** Six capital letters from the font's bytes (a subset tag that is the same for the same subset). */
function subsetTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  return [...digest.subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/** Whether the glyph ids of an embedded subset are those of `source` (by its character map). */
function sameGlyphSpace(embedded: Map<number, number>, source: Map<number, number>): boolean {
  for (const [unicode, glyph] of embedded) if (source.get(unicode) !== glyph) return false;
  return true;
}

/** Every /Font resource entry that names a font in `replaced` is pointed at its replacement. */
function repoint(context: PDFContext, replaced: Map<string, PDFRef>): void {
  const visit = (object: PDFObject | undefined, depth: number): void => {
    if (depth > 4) return;
    const dict = object instanceof PDFStream ? object.dict : object;
    if (!(dict instanceof PDFDict)) return;
    const fonts = lookupDict(context, dict.get(PDFName.of('Font')));
    for (const [key, value] of fonts?.entries() ?? []) {
      const target = value instanceof PDFRef ? replaced.get(value.toString()) : undefined;
      if (target) fonts?.set(key, target);
    }
    for (const [key, value] of dict.entries()) if (key !== PDFName.of('Font') && !(value instanceof PDFRef)) visit(value, depth + 1);
  };
  for (const [, object] of context.enumerateIndirectObjects()) visit(object, 0);
}

export interface OneFaceReport {
  /** Type0 fonts before and after. */
  before: number;
  after: number;
}

/** Joins each face's subsets into one font named after the face (see the file's comment). */
export function oneFontPerFace(doc: PDFDocument, sources: readonly FaceSource[]): OneFaceReport {
  const { context } = doc;
  const fonts = embeddedFonts(doc);
  const byName = new Map<string, { source: FaceSource; map: Map<number, number> }[]>();
  for (const source of sources) {
    const name = postscriptNameOf(source.data);
    byName.set(name, [...(byName.get(name) ?? []), { source, map: characterMap(source.data) }]);
  }
  const groups = new Map<FaceSource, { map: Map<number, number>; members: Embedded[] }>();
  for (const font of fonts) {
    const map = characterMap(font.program);
    // Every file Inkstone serves has its own name (fonts/subset.ts; a subset cut from another
    // shares that one's glyph ids): the name finds the source, the character map confirms it.
    const candidates = byName.get(font.name) ?? [];
    const found = map.size ? candidates.find((candidate) => sameGlyphSpace(map, candidate.map)) : candidates[0];
    if (!found) continue;
    const group = groups.get(found.source) ?? { map: found.map, members: [] };
    group.members.push(font);
    groups.set(found.source, group);
  }
  const replaced = new Map<string, PDFRef>();
  for (const [source, { map: sourceMap, members }] of groups) {
    const [keep, ...others] = members as [Embedded, ...Embedded[]];
    const glyphs = new Set<number>();
    const allWidths = new Map<number, number>();
    // A glyph's width from a part that uses it, before one from a /W run (Skia fills the gaps of
    // a run with 0 for glyphs the part does not use: taken first, such a 0 gave a glyph another
    // part draws no advance, and its text ran together).
    const rank = new Map<number, number>();
    const setWidth = (glyph: number, width: number, weight: number) => {
      if ((rank.get(glyph) ?? -1) >= weight) return;
      rank.set(glyph, weight);
      allWidths.set(glyph, width);
    };
    const unicodes = new Map<number, string>();
    // Parts with one default width (as Skia writes them: 1000, or 600 for a monospaced face)
    // keep it, and a glyph of that width stays out of /W (the components of composite glyphs,
    // which no text draws, among them).
    const defaults = new Set(members.map((member) => defaultWidth(member.cid)));
    const commonDefault = defaults.size === 1 ? [...defaults][0] : undefined;
    for (const member of members) {
      // The glyphs it uses: those with outlines (Skia's subsets keep only theirs), and those of
      // /W with a width (a space has no outline; Skia writes 0 for the glyphs between used ones
      // in a run, and leaves out those of the default width /DW). Its character map is no
      // guide: it names more.
      const own = widths(member.cid);
      const used = new Set([...drawnGlyphs(member.program), ...[...own].filter(([, width]) => width > 0).map(([glyph]) => glyph)]);
      for (const glyph of used) glyphs.add(glyph);
      for (const glyph of used) if (own.has(glyph) || commonDefault === undefined) setWidth(glyph, own.get(glyph) ?? defaultWidth(member.cid), 2);
      for (const [glyph, width] of own) setWidth(glyph, width, 0);
      for (const [glyph, text] of toUnicode(context, member.font.get(PDFName.of('ToUnicode')))) if (!unicodes.has(glyph)) unicodes.set(glyph, text);
    }
    const used = new Set([...sourceMap].filter(([, glyph]) => glyphs.has(glyph)).map(([unicode]) => unicode));
    // The program named as the PDF names it (fonts/rename.ts).
    const program = renameFace(subsetGlyphs(source.data, glyphs, used), source.family, source.style, source.realName);
    const name = PDFName.of(`${subsetTag(program)}+${source.realName}`);
    for (const ref of keep.data) context.delete(ref);
    keep.font.set(PDFName.of('BaseFont'), name);
    keep.cid.set(PDFName.of('BaseFont'), name);
    keep.descriptor.set(PDFName.of('FontName'), name);
    keep.descriptor.delete(PDFName.of('CIDSet'));
    keep.descriptor.set(PDFName.of('FontFile2'), context.register(context.flateStream(program, { Length1: program.length })));
    keep.cid.set(PDFName.of('W'), widthArray(context, allWidths));
    keep.cid.set(PDFName.of('DW'), PDFNumber.of(commonDefault ?? mostCommon([...allWidths.values()]) ?? 1000));
    keep.font.set(PDFName.of('ToUnicode'), cmapStream(context, unicodes));
    for (const other of others) {
      replaced.set(other.ref.toString(), keep.ref);
      for (const ref of [other.ref, ...other.data, ...other.parts]) context.delete(ref);
    }
  }
  if (replaced.size) repoint(context, replaced);
  return { before: fonts.length, after: fonts.length - replaced.size };
}
