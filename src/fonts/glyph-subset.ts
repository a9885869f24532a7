/**
 * A face cut to a set of glyph ids that keep their numbers (HarfBuzz's subsetter with
 * RETAIN_GIDS), without the layout tables: what a PDF embeds. subset-font (used for the book's
 * subsets) asks by characters and renumbers the glyphs; the PDF's fonts are addressed by glyph
 * id, so joining the pages' subsets of one face (pdf/one-face.ts) needs the ids kept. This is the
 * same HarfBuzz build that subset-font loads (harfbuzzjs's harfbuzz-subset.wasm), called directly
 * for the two options subset-font does not expose: the glyph set and the retained ids.
 */
import { harfbuzzInstance, loadFace, subsetBytes, tag, type HarfBuzz } from './harfbuzz-wasm.js';

const SETS_DROP_TABLE_TAG = 3;
const FLAGS_RETAIN_GIDS = 0x2;
const FLAGS_NO_LAYOUT_CLOSURE = 0x200;
/** What a PDF never reads: OpenType layout (the glyphs are already chosen) and colour tables. */
const dropped = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'DSIG'];

let loaded: HarfBuzz | undefined;

/** `sfnt` cut to `glyphs` (ids kept: glyph n of the result is glyph n of the source), with a
 *  character map for `unicodes` (and their glyphs); `layout` keeps the OpenType layout tables
 *  (for a face that is still to shape text). */
export function subsetGlyphs(sfnt: Uint8Array, glyphs: Iterable<number>, unicodes: Iterable<number> = [], options: { layout?: boolean } = {}): Buffer {
  const hb = (loaded ??= harfbuzzInstance());
  const { face, pointer } = loadFace(hb, sfnt);
  try {
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('HarfBuzz could not start a subset');
    try {
      hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | FLAGS_RETAIN_GIDS | FLAGS_NO_LAYOUT_CLOSURE);
      const glyphSet = hb.hb_subset_input_glyph_set(input);
      for (const glyph of glyphs) hb.hb_set_add(glyphSet, glyph);
      const unicodeSet = hb.hb_subset_input_unicode_set(input);
      for (const unicode of unicodes) hb.hb_set_add(unicodeSet, unicode);
      const drop = hb.hb_subset_input_set(input, SETS_DROP_TABLE_TAG);
      if (!options.layout) for (const name of dropped) hb.hb_set_add(drop, tag(name));
    } catch (error) {
      hb.hb_subset_input_destroy(input);
      throw error;
    }
    return subsetBytes(hb, face, input);
  } finally {
    hb.hb_face_destroy(face);
    hb.free(pointer);
  }
}
