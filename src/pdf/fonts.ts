/**
 * The fonts the print PDF embeds: Noto Serif from npm (@fontsource), whose WOFF2 files have
 * TrueType outlines — Chromium embeds them as CID TrueType subsets, never as Type 3 — and which
 * make the PDF the same on every machine. Served to the page from node_modules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PrintFont {
  /** CSS family name. */
  family: string;
  /** npm package. */
  packageName: string;
  /** Absolute folder of the package. */
  dir: string;
  /** Weight stylesheets to load (fontsource's `400.css`, `700.css`). */
  weights: number[];
}

const require = createRequire(import.meta.url);

const families: Record<string, { family: string; packageName: string }> = {
  'zh-Hans': { family: 'Noto Serif SC', packageName: '@fontsource/noto-serif-sc' },
};

export function printFont(lang: string): PrintFont {
  void lang;
  const entry = families['zh-Hans'] as { family: string; packageName: string };
  const dir = path.dirname(require.resolve(`${entry.packageName}/package.json`));
  return { ...entry, dir, weights: [400, 700] };
}

/** Code points the font covers, from the package's unicode-range table. */
export function fontCoverage(font: PrintFont): (codePoint: number) => boolean {
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
