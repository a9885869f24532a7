/**
 * The book's faces cut to its characters, kept in the build cache (src/build-cache.ts): a rebuild
 * whose text uses the same characters in the same roles takes the same subsets instead of
 * reading the faces (the Kai face alone is 16.5 MB) and cutting them again.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileIdentity, packageIdentity, type BuildCache } from '../build-cache.js';
import type { BookFont } from './fonts.js';
import type { BookFaces } from './faces.js';
import { subsetFonts, type BookFonts, type RoleTexts } from './subset.js';

/** A face as far as its subsets go: its names and axes, and its files — an npm package's by the
 *  package's version and the files' sizes, a system face's by its size and time (reading
 *  BabelStone Han's 51 MB for a hash cost a rebuild 0.3 s), a manuscript's by their content. */
function faceIdentity(font: BookFont): string {
  const packaged = font.dir.split(path.sep).includes('node_modules');
  const files = [...new Set(font.weights.concat(400, 700).map((weight) => font.wholeFile(weight)))].map((file) => {
    if (!packaged && !font.system) return `${file}\t${fileIdentity(file)}`;
    const info = statSync(file, { throwIfNoEntry: false });
    return `${file}\t${info?.size ?? 'missing'}${font.system ? `\t${info?.mtimeMs}` : ''}`;
  });
  return JSON.stringify([font.family, font.packageName, font.weights, files, packaged ? packageIdentity(font.dir) : '', font.axes?.(400), font.axes?.(700)]);
}

/** A cut as the cache holds it: the subsets (with their bytes) and what no face has. */
function isFonts(value: unknown): value is BookFonts {
  const fonts = value as BookFonts;
  return Array.isArray(fonts?.subsets) && fonts.subsets.every((subset) => Buffer.isBuffer(subset?.data) && typeof subset.text === 'string') && typeof fonts.missing === 'string' && typeof fonts.svgMissing === 'string';
}

export async function cachedSubsets(cache: BuildCache | undefined, faces: BookFaces, texts: RoleTexts, svgText: string): Promise<BookFonts> {
  if (!cache) return subsetFonts(faces, texts, svgText);
  const chains = [faces.body, faces.heading ?? [], faces.quote ?? [], [faces.code]].map((chain) => chain.map(faceIdentity));
  const key = cache.key('fonts', JSON.stringify(chains), JSON.stringify(texts), svgText);
  const { value, written } = await cache.remember(key, isFonts, () => subsetFonts(faces, texts, svgText));
  await written;
  return value;
}
