/** The faces' source files, decompressed (once on disk) and with the code points they cover. */
import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import fontverter from 'fontverter';
import * as harfbuzz from 'harfbuzzjs';
import { cached } from '../disk-cache.js';
import type { BookFont } from './fonts.js';

export interface Source {
  sfnt: Buffer;
  /** Code points the face has. */
  covers: Set<number>;
}

/** Decompressed source fonts and what they cover, kept for the life of the process (watch, editions). */
const sources = new Map<string, Promise<Source>>();

/** Decompressing WOFF2 costs a fifth of a second per weight: the result is kept on disk. */
async function decompressed(file: string): Promise<Buffer> {
  if (file.endsWith('.ttf')) return readFile(file);
  const { size, mtimeMs } = await stat(file);
  return cached('fonts', `${path.basename(file, '.woff2')}-${size}-${Math.round(mtimeMs)}.ttf`, async () =>
    Buffer.from(await fontverter.convert(await readFile(file), 'truetype')),
  );
}

export function source(file: string): Promise<Source> {
  // By path and version: a manuscript's face file replaced while `inkstone watch` runs is read again.
  const { size, mtimeMs } = statSync(file, { throwIfNoEntry: false }) ?? { size: 0, mtimeMs: 0 };
  const key = `${file}\0${size}\0${mtimeMs}`;
  let loaded = sources.get(key);
  if (!loaded) {
    loaded = decompressed(file).then((sfnt) => {
      const face = new harfbuzz.Face(new harfbuzz.Blob(sfnt));
      return { sfnt, covers: new Set(face.collectUnicodes()) };
    });
    sources.set(key, loaded);
  }
  return loaded;
}

/** Start decompressing the face's whole-script files, so subsetting later is quick. */
export function preloadFonts(font: BookFont | undefined): void {
  if (font)
    for (const weight of font.weights) void source(font.wholeFile(weight)).catch(() => {});
}
