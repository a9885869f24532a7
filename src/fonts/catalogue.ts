/**
 * The faces Inkstone knows by name: fontsource's npm packages of Google's fonts, all with
 * TrueType outlines (checked: every file's sfnt has `glyf`, none is CFF), so Chromium embeds them
 * in PDFs as CID TrueType and never as Type 3. The default faces and the shipped themes' faces
 * (Noto Sans SC/TC/JP/KR, LXGW WenKai and its TC) are Inkstone's dependencies; the others are
 * installed on demand (`npm install @fontsource/…`, in the
 * manuscript's folder or Inkstone's), and a book that names one that is missing is told so.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export interface FamilyEntry {
  family: string;
  packageName: string;
  /** fontsource's name of the file that covers the whole script (`chinese-simplified`). */
  script: string;
  /** Whether fontsource's other files of the face (slices, Greek, …) may be asked too. */
  slices: boolean;
  /** The file weight of the regular and the bold face, where fontsource's differs (LXGW WenKai's
   *  Regular is fontsource's 500: its name table says Regular, weight class 400). */
  files?: Record<number, number>;
}

/** Faces from npm (fontsource's files of Google Fonts; TrueType outlines, SIL OFL). */
export const families = {
  'zh-Hans': { family: 'Noto Serif SC', packageName: '@fontsource/noto-serif-sc', script: 'chinese-simplified', slices: true },
  'zh-Hant': { family: 'Noto Serif TC', packageName: '@fontsource/noto-serif-tc', script: 'chinese-traditional', slices: true },
  ja: { family: 'Noto Serif JP', packageName: '@fontsource/noto-serif-jp', script: 'japanese', slices: true },
  ko: { family: 'Noto Serif KR', packageName: '@fontsource/noto-serif-kr', script: 'korean', slices: true },
  'sans-zh-Hans': { family: 'Noto Sans SC', packageName: '@fontsource/noto-sans-sc', script: 'chinese-simplified', slices: true },
  'sans-zh-Hant': { family: 'Noto Sans TC', packageName: '@fontsource/noto-sans-tc', script: 'chinese-traditional', slices: true },
  'sans-ja': { family: 'Noto Sans JP', packageName: '@fontsource/noto-sans-jp', script: 'japanese', slices: true },
  'sans-ko': { family: 'Noto Sans KR', packageName: '@fontsource/noto-sans-kr', script: 'korean', slices: true },
  // 霞鹜文楷: a Kai (楷体) for quotations; its one file holds the whole face.
  'lxgw-wenkai': { family: 'LXGW WenKai', packageName: '@fontsource/lxgw-wenkai', script: 'latin', slices: false, files: { 400: 500, 700: 700 } },
  'lxgw-wenkai-tc': { family: 'LXGW WenKai TC', packageName: '@fontsource/lxgw-wenkai-tc', script: 'chinese-traditional', slices: true },
  'zen-old-mincho': { family: 'Zen Old Mincho', packageName: '@fontsource/zen-old-mincho', script: 'japanese', slices: true },
  'shippori-mincho': { family: 'Shippori Mincho', packageName: '@fontsource/shippori-mincho', script: 'japanese', slices: true },
  'klee-one': { family: 'Klee One', packageName: '@fontsource/klee-one', script: 'japanese', slices: true, files: { 400: 400, 700: 600 } },
  // Greek, Cyrillic and the Latin the CJK faces lack; only their own script from the others.
  latin: { family: 'Noto Serif', packageName: '@fontsource/noto-serif', script: 'latin', slices: true },
  thai: { family: 'Noto Serif Thai', packageName: '@fontsource/noto-serif-thai', script: 'thai', slices: false },
  devanagari: { family: 'Noto Serif Devanagari', packageName: '@fontsource/noto-serif-devanagari', script: 'devanagari', slices: false },
  hebrew: { family: 'Noto Serif Hebrew', packageName: '@fontsource/noto-serif-hebrew', script: 'hebrew', slices: false },
  arabic: { family: 'Noto Naskh Arabic', packageName: '@fontsource/noto-naskh-arabic', script: 'arabic', slices: false },
  tibetan: { family: 'Noto Serif Tibetan', packageName: '@fontsource/noto-serif-tibetan', script: 'tibetan', slices: false },
  khmer: { family: 'Noto Serif Khmer', packageName: '@fontsource/noto-serif-khmer', script: 'khmer', slices: false },
  lao: { family: 'Noto Serif Lao', packageName: '@fontsource/noto-serif-lao', script: 'lao', slices: false },
  myanmar: { family: 'Noto Serif Myanmar', packageName: '@fontsource/noto-serif-myanmar', script: 'myanmar', slices: false },
  bengali: { family: 'Noto Serif Bengali', packageName: '@fontsource/noto-serif-bengali', script: 'bengali', slices: false },
  tamil: { family: 'Noto Serif Tamil', packageName: '@fontsource/noto-serif-tamil', script: 'tamil', slices: false },
  georgian: { family: 'Noto Serif Georgian', packageName: '@fontsource/noto-serif-georgian', script: 'georgian', slices: false },
  armenian: { family: 'Noto Serif Armenian', packageName: '@fontsource/noto-serif-armenian', script: 'armenian', slices: false },
  // Monochrome: it prints in the text's colour on any press; a colour emoji face would be Type 3.
  emoji: { family: 'Noto Emoji', packageName: '@fontsource/noto-emoji', script: 'emoji', slices: false },
  mono: { family: 'Noto Sans Mono', packageName: '@fontsource/noto-sans-mono', script: 'latin', slices: true },
} satisfies Record<string, FamilyEntry>;

export type FamilyKey = keyof typeof families;
type CjkFace = 'zh-Hans' | 'zh-Hant' | 'ja' | 'ko';

/** The face for a language: Traditional Chinese, Japanese and Korean glyph forms differ from Simplified. */
export function familyFor(lang: string): CjkFace {
  const tag = lang.toLowerCase();
  if (/^zh-(tw|hk|mo|hant)/.test(tag)) return 'zh-Hant';
  if (tag.startsWith('ja')) return 'ja';
  if (tag.startsWith('ko')) return 'ko';
  return 'zh-Hans';
}

/** What book.yaml's `font.body` (…) may name, and the face each name is for a language:
 *  `noto-serif` and `noto-sans` take the book's script (SC, TC, JP or KR). */
export const faceNames: Record<string, (lang: string) => FamilyKey> = {
  'noto-serif': (lang) => familyFor(lang),
  'noto-serif-sc': () => 'zh-Hans',
  'noto-serif-tc': () => 'zh-Hant',
  'noto-serif-jp': () => 'ja',
  'noto-serif-kr': () => 'ko',
  'noto-sans': (lang) => `sans-${familyFor(lang)}` as const,
  'noto-sans-sc': () => 'sans-zh-Hans',
  'noto-sans-tc': () => 'sans-zh-Hant',
  'noto-sans-jp': () => 'sans-ja',
  'noto-sans-kr': () => 'sans-ko',
  'lxgw-wenkai': () => 'lxgw-wenkai',
  'lxgw-wenkai-tc': () => 'lxgw-wenkai-tc',
  'zen-old-mincho': () => 'zen-old-mincho',
  'shippori-mincho': () => 'shippori-mincho',
  'klee-one': () => 'klee-one',
  'noto-sans-mono': () => 'mono',
};

export class FaceUnavailable extends Error {}

const ownRequire = createRequire(import.meta.url);

/** The folder of a face's npm package: Inkstone's own, else one installed in the manuscript's
 *  folder (or above it). */
export function packageDir(packageName: string, root?: string): string {
  for (const require of [ownRequire, ...(root ? [createRequire(path.join(root, 'book.yaml'))] : [])]) {
    try {
      return path.dirname(require.resolve(`${packageName}/package.json`));
    } catch {
      // not installed there
    }
  }
  throw new FaceUnavailable(`needs the npm package ${packageName}, which is not installed: run “npm install ${packageName}” in the manuscript’s folder`);
}
