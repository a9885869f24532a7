/**
 * The faces a book chose for its text, headings, quotations and code (book.yaml's `font.*`, or its
 * theme's): a face Inkstone knows by name (catalogue.ts), or a TrueType file of the manuscript.
 * Every one is subset and embedded the same way as the default face (subset.ts), and must have
 * TrueType outlines: Chromium writes a PostScript-outline (CFF) face into a PDF as Type 3 or
 * Type 1C, which presses and PDF/X reject and which Inkstone never ships.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fontverter from 'fontverter';
import * as harfbuzz from 'harfbuzzjs';
import { faceNames, familyFor, type FamilyKey } from './catalogue.js';
import { cjkFaces, faceChain, fontsourceFace, monoFont, type BookFont } from './fonts.js';

export type FontRole = 'body' | 'heading' | 'quote' | 'code';

/** A face as chosen: a name of the catalogue (`body` for the text's own face), or a file. */
export type FaceChoice = { kind: 'named'; name: string } | { kind: 'file'; regular: string; bold?: string | undefined; info: FaceFileInfo };

export interface FaceFileInfo {
  /** The face's family name (name table), for the PDF's font names. */
  family: string;
  /** Variation axes with their defaults: a variable face is pinned at each weight. */
  axes: Record<string, number>;
}

/** The faces of a book by role. A role without its own face uses the text's. */
export interface BookFaces {
  /** The text's chain: the chosen face, then the language's faces for what it lacks. */
  body: BookFont[];
  /** The headings' face (and the faces of its style that draw what it lacks), when not the text's. */
  heading: BookFont[] | undefined;
  quote: BookFont[] | undefined;
  code: BookFont;
}

export class FaceRefused extends Error {}

const isSans = (font: BookFont) => /^@fontsource\/noto-sans-(sc|tc|jp|kr)$/.test(font.packageName);

/** Reads a face file of the manuscript: TrueType outlines, one face (not a collection). */
export async function readFaceFile(file: string): Promise<FaceFileInfo> {
  const data = await readFile(file);
  const magic = data.subarray(0, 4).toString('latin1');
  if (magic === 'ttcf') throw new FaceRefused('is a font collection (.ttc): extract the one face the book uses into a .ttf');
  let sfnt: Buffer;
  try {
    sfnt = magic === 'wOFF' || magic === 'wOF2' ? Buffer.from(await fontverter.convert(data, 'truetype')) : data;
  } catch {
    throw new FaceRefused('is not a font file Inkstone can read (TrueType .ttf, or .woff/.woff2 with TrueType outlines)');
  }
  const tag = sfnt.subarray(0, 4).toString('latin1');
  if (tag === 'OTTO') {
    throw new FaceRefused(
      'has PostScript (CFF) outlines: Chromium would print it as a Type 3 or Type 1C font, which presses reject. Use the face’s TrueType version (Google Fonts’ .ttf files are), or convert it (fontTools: otf2ttf)',
    );
  }
  if (tag !== '\0\x01\0\0' && tag !== 'true') throw new FaceRefused('is not a font file Inkstone can read (TrueType .ttf, or .woff/.woff2 with TrueType outlines)');
  const face = new harfbuzz.Face(new harfbuzz.Blob(sfnt));
  const family = face.getName(16, 'en') || face.getName(1, 'en') || path.basename(file).replace(/\.[^.]+$/, '');
  const axes = Object.fromEntries(Object.entries(face.getAxisInfos()).map(([axis, info]) => [axis, info.default]));
  return { family, axes };
}

/** The Kai for a language: LXGW WenKai TC (Taiwan's standard forms) for Traditional Chinese,
 *  LXGW WenKai for Simplified; none for Japanese and Korean, which keep the text's face. */
function kaiFace(lang: string): FamilyKey | undefined {
  const script = familyFor(lang);
  return script === 'zh-Hant' ? 'lxgw-wenkai-tc' : script === 'zh-Hans' ? 'lxgw-wenkai' : undefined;
}

/** A face from a file of the manuscript: the bold file, or the regular one for bold too (no
 *  synthetic bold: print/base.css). A variable face is pinned at 400 and 700 (subset.ts). */
function fileFace(choice: Extract<FaceChoice, { kind: 'file' }>): BookFont {
  const { regular, bold, info } = choice;
  const axes = Object.keys(info.axes).length ? info.axes : undefined;
  return {
    family: info.family,
    packageName: path.basename(regular),
    dir: path.dirname(regular),
    weights: bold || (axes && 'wght' in axes) ? [400, 700] : [400],
    wholeFile: (weight) => (weight >= 700 && bold ? bold : regular),
    sliceFiles: () => [],
    ...(axes ? { axes: (weight: number) => ('wght' in axes ? { ...axes, wght: weight } : axes) } : {}),
  };
}

/** The face a name stands for in a language's book: `body` (the text's own), `kai`, or a name of
 *  the catalogue. FaceRefused for a name Inkstone does not know. */
export function namedFace(name: string, lang: string): FamilyKey | 'body' {
  if (name === 'body') return 'body';
  // A Kai (楷体) is how Chinese books set quotations; Japanese and Korean books keep their face.
  if (name === 'kai') return kaiFace(lang) ?? 'body';
  const key = faceNames[name]?.(lang);
  if (!key) throw new FaceRefused(`is not a face Inkstone knows; use one of ${['body', 'kai', ...Object.keys(faceNames)].join(', ')}, or a .ttf file of the manuscript`);
  return key;
}

function chosen(choice: FaceChoice, lang: string, root: string): BookFont | 'body' {
  if (choice.kind === 'file') return fileFace(choice);
  const key = namedFace(choice.name, lang);
  return key === 'body' ? 'body' : fontsourceFace(key, root);
}

/** The book's faces from its choices (FaceUnavailable when a named face's package is missing). */
export function bookFaces(lang: string, choices: Partial<Record<FontRole, FaceChoice>>, root: string): BookFaces {
  const own = choices.body ? chosen(choices.body, lang, root) : 'body';
  // A sans text falls back to sans faces (the CJK ones; Greek, Cyrillic and other scripts come
  // from the serif faces Inkstone has).
  const defaults = faceChain(lang, own !== 'body' && isSans(own) ? 'sans' : 'serif');
  const body = own === 'body' ? defaults : [own, ...defaults.filter((font) => font.packageName !== own.packageName)];
  const first = body[0];
  const apart = (role: 'heading' | 'quote'): BookFont[] | undefined => {
    const choice = choices[role];
    const font = choice ? chosen(choice, lang, root) : 'body';
    if (font === 'body' || font.wholeFile(400) === first?.wholeFile(400)) return undefined;
    // A Noto CJK face for headings: its sister faces draw what it lacks, in its own style.
    const sisters = /^@fontsource\/noto-(serif|sans)-(sc|tc|jp|kr)$/.test(font.packageName) ? cjkFaces(lang, isSans(font) ? 'sans' : 'serif').map((key) => fontsourceFace(key, root)) : [];
    return [font, ...sisters.filter((sister) => sister.packageName !== font.packageName)];
  };
  const code = choices.code ? chosen(choices.code, lang, root) : 'body';
  return { body, heading: apart('heading'), quote: apart('quote'), code: code === 'body' ? monoFont() : code };
}
