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
import { PDFName, PDFNumber, type PDFContext, type PDFDocument, type PDFRef } from 'pdf-lib';
import { realName, type FontSubset } from '../fonts/subset.js';
import { subsetGlyphs } from '../fonts/glyph-subset.js';
import { renameFace } from '../fonts/rename.js';
import {
  characterMap,
  cmapStream,
  defaultWidth,
  drawnGlyphs,
  embeddedFonts,
  mostCommon,
  repoint,
  sfntFace,
  subsetTag,
  toUnicode,
  widthArray,
  widths,
  type Embedded,
} from './font-objects.js';

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

/** The PostScript name in a face's `name` table. */
export function postscriptNameOf(bytes: Uint8Array): string {
  return sfntFace(bytes).getName(6, 'en') ?? '';
}

/** Whether the glyph ids of an embedded subset are those of `source` (by its character map). */
function sameGlyphSpace(embedded: Map<number, number>, source: Map<number, number>): boolean {
  for (const [unicode, glyph] of embedded) if (source.get(unicode) !== glyph) return false;
  return true;
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
  const replaced = new Map<string, PDFRef>();
  for (const [source, { map, members }] of facesOf(fonts, sources)) {
    const [keep, ...others] = members as [Embedded, ...Embedded[]];
    writeJoined(context, keep, source, joined(context, members, map));
    for (const other of others) {
      replaced.set(other.ref.toString(), keep.ref);
      for (const ref of [other.ref, ...other.data, ...other.parts]) context.delete(ref);
    }
  }
  if (replaced.size) repoint(context, replaced);
  return { before: fonts.length, after: fonts.length - replaced.size };
}

/** The embedded fonts of each source face. */
function facesOf(fonts: Embedded[], sources: readonly FaceSource[]): Map<FaceSource, { map: Map<number, number>; members: Embedded[] }> {
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
  return groups;
}

/** What the subsets of one face say together: glyphs, widths, texts, the characters drawn. */
interface Joined {
  glyphs: Set<number>;
  widths: Map<number, number>;
  unicodes: Map<number, string>;
  /** The default width all the subsets share, if they do. */
  commonDefault: number | undefined;
  /** Characters of the face whose glyphs are used. */
  used: Set<number>;
}

function joined(context: PDFContext, members: Embedded[], sourceMap: Map<number, number>): Joined {
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
  return { glyphs, widths: allWidths, unicodes, commonDefault, used };
}

/** `keep` becomes the face's one font: the face cut to the joined glyphs, under its real name. */
function writeJoined(context: PDFContext, keep: Embedded, source: FaceSource, face: Joined): void {
  // The program named as the PDF names it (fonts/rename.ts).
  const program = renameFace(subsetGlyphs(source.data, face.glyphs, face.used), source.family, source.style, source.realName);
  const name = PDFName.of(`${subsetTag(program)}+${source.realName}`);
  for (const ref of keep.data) context.delete(ref);
  keep.font.set(PDFName.of('BaseFont'), name);
  keep.cid.set(PDFName.of('BaseFont'), name);
  keep.descriptor.set(PDFName.of('FontName'), name);
  keep.descriptor.delete(PDFName.of('CIDSet'));
  keep.descriptor.set(PDFName.of('FontFile2'), context.register(context.flateStream(program, { Length1: program.length })));
  keep.cid.set(PDFName.of('W'), widthArray(context, face.widths));
  keep.cid.set(PDFName.of('DW'), PDFNumber.of(face.commonDefault ?? mostCommon([...face.widths.values()]) ?? 1000));
  keep.font.set(PDFName.of('ToUnicode'), cmapStream(context, face.unicodes));
}
