/**
 * The book's fonts: Noto Serif from npm (@fontsource), whose WOFF2 files have TrueType outlines
 * — Chromium embeds them in PDFs as CID TrueType subsets, never as Type 3 — and which make every
 * output the same on every machine. Chromium pages (PDF, cover) get them from node_modules;
 * the EPUB embeds a subset.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FontSubset } from './subset.js';
import { families, familyFor, packageDir, type FamilyEntry, type FamilyKey } from './catalogue.js';

export { familyFor };

export interface BookFont {
  /** CSS family name. */
  family: string;
  /** npm package. */
  packageName: string;
  /** Absolute folder of the package. */
  dir: string;
  /** Weight stylesheets to load (fontsource's `400.css`, `700.css`). */
  weights: number[];
  /** One whole-script file per weight (fontsource's `<script>` subset), the source for EPUB subsets. */
  wholeFile(weight: number): string;
  /** fontsource's slice files that claim (by unicode-range) to hold the code point. */
  sliceFiles(codePoint: number, weight: number): readonly string[];
  /** A variable face (a manuscript's file): the axes to pin for a weight. */
  axes?: (weight: number) => Record<string, number>;
  /** Installed on the system (a Debian package's file), not in npm's packages or the manuscript. */
  system?: boolean;
}

const fonts = new Map<string, BookFont>();

/** A fontsource face: its whole-script file first, then (if allowed) the other files that claim
 *  a character by their unicode-range (checked against the real map by the subsetter). */
export function fontsourceFace(key: FamilyKey, root?: string): BookFont {
  const known = fonts.get(key);
  if (known) return known;
  const entry: FamilyEntry = families[key];
  const dir = packageDir(entry.packageName, root);
  const stem = path.basename(entry.packageName);
  let sliceTable: ReturnType<typeof slices> | undefined;
  // Each character's slice files, by weight: a book asks for every character it has, in every
  // weight and role (the seed's faces spent a tenth of a second testing ranges before).
  const sliced = new Map<string, readonly string[]>();
  const font: BookFont = {
    family: entry.family,
    packageName: entry.packageName,
    dir,
    weights: [400, 700],
    wholeFile: (weight) => path.join(dir, 'files', `${stem}-${entry.script}-${entry.files?.[weight] ?? weight}-normal.woff2`),
    sliceFiles: (codePoint, weight) => {
      if (!entry.slices) return [];
      const key = `${weight} ${codePoint}`;
      let files = sliced.get(key);
      if (!files) {
        sliceTable ??= slices(font);
        files = sliceTable.filter((s) => s.name !== entry.script && s.covers(codePoint)).map((s) => path.join(dir, 'files', `${stem}-${s.name}-${entry.files?.[weight] ?? weight}-normal.woff2`));
        sliced.set(key, files);
      }
      return files;
    },
  };
  fonts.set(key, font);
  return font;
}

/** Noto Sans Mono for code: Latin, Greek, Cyrillic; the rest of code falls to the text faces. */
export function monoFont(): BookFont {
  return fontsourceFace('mono');
}

/** The book's own face (the first of its chain). */
export function bookFont(lang: string): BookFont {
  return fontsourceFace(familyFor(lang));
}

/**
 * Han beyond what the Noto faces hold (rare characters of classical texts, CJK Extensions A and
 * B): BabelStone Han, a TrueType Ming face of some 63,000 characters that Debian packages
 * (fonts-babelstone-han; scripts/setup.sh installs it). Asked last, and only for what the faces
 * before it lack; a machine without it reports those characters as missing.
 */
const rareHan = '/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf';

function systemFace(family: string, file: string): BookFont | undefined {
  if (!existsSync(file)) return undefined;
  return { family, packageName: path.basename(file), dir: path.dirname(file), weights: [400], wholeFile: () => file, sliceFiles: () => [], system: true };
}

/** The other scripts' faces (each asked only for what the faces before it lack). */
const scripts = ['thai', 'devanagari', 'hebrew', 'arabic', 'tibetan', 'khmer', 'lao', 'myanmar', 'bengali', 'tamil', 'georgian', 'armenian'] as const;

const cjkOrder: Record<ReturnType<typeof familyFor>, FamilyKey[]> = {
  'zh-Hans': ['zh-Hans', 'zh-Hant', 'ja', 'ko'],
  'zh-Hant': ['zh-Hant', 'zh-Hans', 'ja', 'ko'],
  ja: ['ja', 'zh-Hant', 'zh-Hans', 'ko'],
  ko: ['ko', 'zh-Hant', 'zh-Hans', 'ja'],
};

/**
 * The faces that draw a book, in the order they are asked for a character: the language's own
 * face, then the other CJK faces (a Traditional text's 爲 that Noto Serif TC lacks is in Noto
 * Serif SC; Hangul in Noto Serif KR), Noto Serif for Greek and Cyrillic, a Noto face for each
 * of twelve other scripts (Thai, Devanagari, Hebrew, Arabic, Tibetan, …), monochrome emoji, and
 * a face for rare Han. Each is asked by its real character map
 * (subset.ts), not by its unicode-range, and only the faces whose glyphs a book uses are
 * embedded: a Chinese book without Thai carries no Thai face.
 */
export function faceChain(lang: string, style: 'serif' | 'sans' = 'serif'): BookFont[] {
  const faces = [...cjkFaces(lang, style), 'latin', ...scripts, 'emoji'] as const;
  const chain = faces.map((key) => fontsourceFace(key));
  const han = systemFace('BabelStone Han', rareHan);
  return han ? [...chain, han] : chain;
}

/** The CJK faces in the order a language asks them, serif or sans: a sans text's 爲, which Noto
 *  Sans TC lacks, comes from Noto Sans SC, not from a serif face. */
export function cjkFaces(lang: string, style: 'serif' | 'sans' = 'serif'): FamilyKey[] {
  return cjkOrder[familyFor(lang)].map((key) => (style === 'sans' ? (`sans-${key}` as FamilyKey) : key));
}

/** A test for a CSS unicode-range list (`U+4e00-9fff,U+3000`). */
function rangeTest(list: string): (codePoint: number) => boolean {
  const ranges: Array<[number, number]> = [];
  for (const part of list.split(',')) {
    const match = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
    if (!match?.[1]) continue;
    const start = parseInt(match[1].replace(/\?/g, '0'), 16);
    const end = match[2] ? parseInt(match[2], 16) : parseInt(match[1].replace(/\?/g, 'f'), 16);
    ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return (codePoint) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const range = ranges[mid] as [number, number];
      if (codePoint < range[0]) hi = mid - 1;
      else if (codePoint > range[1]) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

export interface FontLoad {
  family: string;
  weight: number;
  /** Characters to load the face for ('' for all of the document's text). */
  text: string;
  /** Leave these characters out (those a face before it covers). */
  except?: string;
}

export interface FontRoutes {
  /** Stylesheets with @font-face rules only. */
  stylesheets: string[];
  /** Folders served under a path prefix (fontsource's files). */
  folders: Map<string, string>;
  /** Files served at a path (the subsets). */
  files: Map<string, { body: Buffer; type: string }>;
  /** CSS that names the faces (`--ink-font-body`, …) and declares the subsets. */
  css: string;
  /** What to load before anything is measured. */
  loads: FontLoad[];
  /** Characters no face has (print shows 〓 for them). */
  missing: string;
  /** The faces for the text of SVG images (pdf/svg-fonts.ts). */
  svg: FontSubset[];
}



/** The families of a role's subsets, in order, as a CSS list. */
export function roleFamilies(subsets: readonly FontSubset[], role: FontSubset['role']): string {
  return [...new Set(subsets.filter((s) => s.role === role).map((s) => `"${s.family}"`))].join(', ');
}

/**
 * The faces by role, as the custom properties every stylesheet uses (and a theme or a
 * manuscript's CSS may use): --ink-font-body, --ink-font-heading, --ink-font-quote,
 * --ink-font-code. A role without a face of its own falls to the text's faces, which hold every
 * character of the book (a heading face's subset holds only what it has of the headings).
 */
export function roleVariables(subsets: readonly FontSubset[]): string {
  const body = roleFamilies(subsets, 'serif') || 'serif';
  const own = (role: FontSubset['role']) => roleFamilies(subsets, role);
  const withBody = (list: string) => (list ? `${list}, ${body}` : body);
  return `:root { --ink-font-body: ${body}; --ink-font-heading: ${withBody(own('heading'))}; --ink-font-quote: ${withBody(own('quote'))}; --ink-font-code: ${withBody(own('mono'))}; }`;
}

/** fontsource's slices of the face (`[4]`, `latin`, …) with their unicode ranges. */
function slices(font: BookFont): Array<{ name: string; ranges: string; covers: (codePoint: number) => boolean }> {
  const table = JSON.parse(readFileSync(path.join(font.dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  return Object.entries(table).map(([key, ranges]) => ({ name: key.replace(/^\[(.*)\]$/, '$1'), ranges, covers: rangeTest(ranges) }));
}

/**
 * What a Chromium page needs to use the book's face: the subsets (a few small files per weight,
 * which together hold every character the faces have; subset.ts). (Every face a page declares
 * gets loaded by Paged.js; the full face comes in two hundred slices.) Without subsets, the full
 * face.
 */
export function fontRoutes(
  font: BookFont,
  subsets: readonly FontSubset[] = [],
  missing = '',
): FontRoutes {
  // The faces of SVG text travel inside the SVG images (pdf/svg-fonts.ts), not in the page.
  const svg = subsets.filter((subset) => subset.role.startsWith('svg'));
  subsets = subsets.filter((subset) => !subset.role.startsWith('svg'));
  const base = `/fonts/${path.basename(font.dir)}/`;
  const folders = new Map([[base, font.dir]]);
  if (!subsets.length) {
    return {
      stylesheets: font.weights.map((weight) => `${base}${weight}.css`),
      folders,
      files: new Map(),
      css: `:root { --ink-font-body: "${font.family}"; --ink-font-heading: var(--ink-font-body); --ink-font-quote: var(--ink-font-body); --ink-font-code: var(--ink-font-body); }\n`,
      loads: font.weights.map((weight) => ({ family: font.family, weight, text: '' })),
      missing,
      svg,
    };
  }
  const files = new Map(subsets.map((subset) => [`/fonts/book/${subset.filename}`, { body: subset.data, type: 'font/ttf' }]));
  const faces = subsets.map((s) => `@font-face { font-family: "${s.family}"; font-weight: ${s.weight}; src: url(/fonts/book/${s.filename}) format("truetype"); }`);
  const loads: FontLoad[] = subsets.map((s) => ({ family: s.family, weight: s.weight, text: s.text }));
  return { stylesheets: [], folders, files, css: `${faces.join('\n')}\n${roleVariables(subsets)}\n`, loads, missing, svg };
}
