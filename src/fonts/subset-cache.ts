/**
 * The book's faces cut to its characters, kept in the build cache (src/build-cache.ts): a rebuild
 * whose text uses the same characters in the same roles takes the same subsets instead of
 * reading the faces (the Kai face alone is 16.5 MB) and cutting them again.
 */
import { statSync } from 'node:fs';
import { folderListing, type BuildCache } from '../build-cache.js';
import type { BookFont } from './fonts.js';
import type { BookFaces } from './faces.js';
import { subsetFonts, type BookFonts, type RoleTexts } from './subset.js';

/** A face as far as its subsets go: its names, its package's version, its files as they are. */
function faceIdentity(font: BookFont): string {
  const files = [...new Set(font.weights.concat(400, 700).map((weight) => font.wholeFile(weight)))].map((file) => {
    try {
      const info = statSync(file);
      return `${file}\t${info.size}\t${Math.round(info.mtimeMs)}`;
    } catch {
      return `${file}\tmissing`;
    }
  });
  const listing = font.packageName ? folderListing(font.dir) : '';
  return JSON.stringify([font.family, font.packageName, font.dir, font.weights, files, listing, font.axes?.(400), font.axes?.(700)]);
}

export async function cachedSubsets(cache: BuildCache | undefined, faces: BookFaces, texts: RoleTexts, svgText: string): Promise<BookFonts> {
  if (!cache) return subsetFonts(faces, texts, svgText);
  const chains = [faces.body, faces.heading ?? [], faces.quote ?? [], [faces.code]].map((chain) => chain.map(faceIdentity));
  const key = cache.key('fonts', JSON.stringify(chains), JSON.stringify(texts), svgText);
  const known = await cache.get<BookFonts>(key);
  if (known) return known;
  const made = await subsetFonts(faces, texts, svgText);
  await cache.put(key, made);
  return made;
}
