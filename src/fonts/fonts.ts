/**
 * The book's fonts: Noto Serif from npm (@fontsource), whose WOFF2 files have TrueType outlines
 * — Chromium embeds them in PDFs as CID TrueType subsets, never as Type 3 — and which make every
 * output the same on every machine. Chromium pages (PDF, cover) get them from node_modules;
 * the EPUB embeds a subset.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

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
}

const require = createRequire(import.meta.url);

interface FamilyEntry {
  family: string;
  packageName: string;
  /** fontsource's name of the subset that covers the whole script. */
  script: string;
}

const families: Record<'zh-Hans' | 'zh-Hant' | 'ja', FamilyEntry> = {
  'zh-Hans': { family: 'Noto Serif SC', packageName: '@fontsource/noto-serif-sc', script: 'chinese-simplified' },
  'zh-Hant': { family: 'Noto Serif TC', packageName: '@fontsource/noto-serif-tc', script: 'chinese-traditional' },
  ja: { family: 'Noto Serif JP', packageName: '@fontsource/noto-serif-jp', script: 'japanese' },
};

/** The face for a language: Traditional Chinese and Japanese glyph forms differ from Simplified. */
export function familyFor(lang: string): keyof typeof families {
  const tag = lang.toLowerCase();
  if (/^zh-(tw|hk|mo|hant)/.test(tag)) return 'zh-Hant';
  if (tag.startsWith('ja')) return 'ja';
  return 'zh-Hans';
}

export function bookFont(lang: string): BookFont {
  const entry = families[familyFor(lang)];
  const dir = path.dirname(require.resolve(`${entry.packageName}/package.json`));
  const stem = path.basename(entry.packageName);
  return {
    family: entry.family,
    packageName: entry.packageName,
    dir,
    weights: [400, 700],
    wholeFile: (weight) => path.join(dir, 'files', `${stem}-${entry.script}-${weight}-normal.woff2`),
  };
}

/** Code points the font covers, from the package's unicode-range table. */
export function fontCoverage(font: BookFont): (codePoint: number) => boolean {
  const table = JSON.parse(readFileSync(path.join(font.dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const ranges: Array<[number, number]> = [];
  for (const value of Object.values(table)) {
    for (const part of value.split(',')) {
      const match = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
      if (!match?.[1]) continue;
      const start = parseInt(match[1].replace(/\?/g, '0'), 16);
      const end = match[2] ? parseInt(match[2], 16) : parseInt(match[1].replace(/\?/g, 'f'), 16);
      ranges.push([start, end]);
    }
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

/** What a Chromium page needs to use the font: stylesheet URLs and the folder they are served from. */
export function fontRoutes(font: BookFont): { stylesheets: string[]; folders: Map<string, string>; css: string } {
  const base = `/fonts/${path.basename(font.dir)}/`;
  return {
    stylesheets: font.weights.map((weight) => `${base}${weight}.css`),
    folders: new Map([[base, font.dir]]),
    css: `:root { --ink-serif: "${font.family}"; }\n`,
  };
}
