/**
 * A face cut to a set of glyph ids that keep their numbers (HarfBuzz's subsetter with
 * RETAIN_GIDS), without the layout tables: what a PDF embeds. subset-font (used for the book's
 * subsets) asks by characters and renumbers the glyphs; the PDF's fonts are addressed by glyph
 * id, so joining the pages' subsets of one face (pdf/one-face.ts) needs the ids kept. This is the
 * same HarfBuzz build that subset-font loads (harfbuzzjs's harfbuzz-subset.wasm), called directly
 * for the two options subset-font does not expose: the glyph set and the retained ids.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface HarfBuzzSubset {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const MEMORY_MODE_WRITABLE = 2;
const SETS_DROP_TABLE_TAG = 3;
const FLAGS_RETAIN_GIDS = 0x2;
const FLAGS_NO_LAYOUT_CLOSURE = 0x200;
/** What a PDF never reads: OpenType layout (the glyphs are already chosen) and colour tables. */
const dropped = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'DSIG'];

let loaded: HarfBuzzSubset | undefined;

function harfbuzz(): HarfBuzzSubset {
  if (!loaded) {
    const module = new WebAssembly.Module(readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
    loaded = new WebAssembly.Instance(module, {}).exports as unknown as HarfBuzzSubset;
    loaded._initialize();
  }
  return loaded;
}

const tag = (name: string) => [...name].reduce((value, char) => (value << 8) + char.charCodeAt(0), 0) >>> 0;

/** `sfnt` cut to `glyphs` (ids kept: glyph n of the result is glyph n of the source), with a
 *  character map for `unicodes` (and their glyphs); `layout` keeps the OpenType layout tables
 *  (for a face that is still to shape text). */
export function subsetGlyphs(sfnt: Uint8Array, glyphs: Iterable<number>, unicodes: Iterable<number> = [], options: { layout?: boolean } = {}): Buffer {
  const hb = harfbuzz();
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Error('HarfBuzz could not start a subset');
  const pointer = hb.malloc(sfnt.byteLength);
  new Uint8Array(hb.memory.buffer).set(sfnt, pointer);
  const blob = hb.hb_blob_create(pointer, sfnt.byteLength, MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  try {
    hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | FLAGS_RETAIN_GIDS | FLAGS_NO_LAYOUT_CLOSURE);
    const glyphSet = hb.hb_subset_input_glyph_set(input);
    for (const glyph of glyphs) hb.hb_set_add(glyphSet, glyph);
    const unicodeSet = hb.hb_subset_input_unicode_set(input);
    for (const unicode of unicodes) hb.hb_set_add(unicodeSet, unicode);
    const drop = hb.hb_subset_input_set(input, SETS_DROP_TABLE_TAG);
    if (!options.layout) for (const name of dropped) hb.hb_set_add(drop, tag(name));
    const subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('HarfBuzz could not subset the face');
    const result = hb.hb_face_reference_blob(subset);
    const data = hb.hb_blob_get_data(result, 0);
    const bytes = Buffer.from(new Uint8Array(hb.memory.buffer, data, hb.hb_blob_get_length(result)));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    return bytes;
  } finally {
    hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(pointer);
  }
}
