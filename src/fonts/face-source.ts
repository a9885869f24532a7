/** The faces' source files, decompressed and with the code points they cover (both kept on disk
 *  in node_modules/.cache/inkstone/fonts, named by the file's name, size and time). */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

/** Decompressed source fonts and what they cover, each read once and kept for the life of the
 *  process (watch, editions), by the file's path and version (identify). */
const covered = new Map<string, Promise<Set<number>>>();
const decompressions = new Map<string, Promise<Buffer>>();

function once<T>(map: Map<string, T>, key: string, make: () => T): T {
  if (!map.has(key)) map.set(key, make());
  return map.get(key) as T;
}

/** A name for what is kept on disk of a face file: its name, size and time. */
function cacheName(file: string, size: number, mtimeMs: number): string {
  return `${path.basename(file).replace(/\.(woff2|ttf)$/, '')}-${size}-${Math.round(mtimeMs)}`;
}

/** Decompressing WOFF2 costs a fifth of a second per weight: the result is kept on disk. */
async function decompressed(file: string, name: string): Promise<Buffer> {
  if (file.endsWith('.ttf')) return readFile(file);
  return cached('fonts', `${name}.ttf`, async () => Buffer.from(await fontverter.convert(await readFile(file), 'truetype')));
}

/** The code points a face has. Reading them takes HarfBuzz a copy of the whole face (16.5 MB for
 *  the Kai): the list is kept on disk beside the decompressed face, as 32-bit numbers. */
async function coverage(file: string, name: string, sfnt: () => Promise<Buffer>): Promise<Set<number>> {
  const read = async () => Buffer.from(Uint32Array.from(new harfbuzz.Face(new harfbuzz.Blob(await sfnt())).collectUnicodes()).buffer);
  let list = await cached('fonts', `${name}${path.extname(file)}.unicodes`, read);
  // (a list cut short or emptied on disk is read from the face again)
  if (!list.length || list.length % 4) list = await read();
  return new Set(new Uint32Array(list.buffer.slice(list.byteOffset, list.byteOffset + list.byteLength)));
}

/** The face file as its path and version name it: a manuscript's face file replaced while
 *  `inkstone watch` runs is read again. */
function identify(file: string): { key: string; name: string } {
  const { size, mtimeMs } = statSync(file, { throwIfNoEntry: false }) ?? { size: 0, mtimeMs: 0 };
  // (one look at the file names both its copies on disk)
  return { key: `${file}\0${size}\0${mtimeMs}`, name: cacheName(file, size, mtimeMs) };
}

/** What a face covers, without its outlines (a book's fallback chain asks a dozen faces about a
 *  few symbols, and draws with two or three of them). */
export function coverageOf(file: string): Promise<Set<number>> {
  return coverageFor(file, identify(file));
}

export function source(file: string): Promise<Source> {
  const face = identify(file);
  return Promise.all([outlines(file, face), coverageFor(file, face)]).then(([sfnt, covers]) => ({ sfnt, covers }));
}

function coverageFor(file: string, face: { key: string; name: string }): Promise<Set<number>> {
  return once(covered, face.key, () => coverage(file, face.name, () => outlines(file, face)));
}

/** The decompressed face, once per file (a coverage list not on disk yet is read from it too). */
function outlines(file: string, face: { key: string; name: string }): Promise<Buffer> {
  return once(decompressions, face.key, () => decompressed(file, face.name));
}

/** Start decompressing the face's whole-script files, so subsetting later is quick. */
export function preloadFonts(font: BookFont | undefined): void {
  if (font)
    for (const weight of font.weights) void source(font.wholeFile(weight)).catch(() => {});
}
