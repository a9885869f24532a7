/**
 * Subsets of a face asked for again in one process (the same build's next edition, `watch`'s
 * rebuilds, a session's books, the suite's fuzzing): from the second request for a source on,
 * the face stays in HarfBuzz, preprocessed (hb_subset_preprocess, made for subsetting one face
 * many times), and a subset of the 16.5 MB Kai takes about 2 ms instead of 50. The first request
 * goes to subset-font as before: preprocessing costs as much as three subsets, worth it only for
 * a face asked for again. The bytes are subset-font's (a test compares them).
 *
 * harfbuzzjs's build has a fixed memory of 65 MB, so each kept face has a HarfBuzz instance of
 * its own, and only faces that fit beside their tables are kept. subset-font exposes neither
 * the face nor preprocessing: this module calls the same WebAssembly (harfbuzz-wasm.ts).
 */
import subsetFont from 'subset-font';
import { harfbuzzInstance, loadFace, subsetBytes, tag, type HarfBuzz } from './harfbuzz-wasm.js';

const SETS_LAYOUT_FEATURE_TAG = 6;
/** A face kept beside its preprocessed tables must fit in the instance's 65 MB (BabelStone Han,
 *  51 MB, does; a larger face is subset by subset-font each time). */
const largestKept = 56 * 1024 * 1024;
/** The faces kept at once, in bytes: the least recently used go beyond it. (A fuzzed book with
 *  every script asks for about twenty files, 110 MB.) */
const mostKeptBytes = 256 * 1024 * 1024;

interface Kept {
  hb: HarfBuzz;
  face: number;
}

/** Requests per source (its bytes), and the faces kept, most recently used last. */
const asked = new WeakMap<Uint8Array, number>();
const kept = new Map<Uint8Array, Kept>();
/** Faces HarfBuzz could not hold: subset-font's way for the life of the process. */
const refused = new WeakSet<Uint8Array>();

/** `sfnt` cut to the characters of `text`, TrueType, every layout feature kept, variable axes
 *  pinned at `axes`: what `subsetFont(sfnt, text, { targetFormat: 'truetype', variationAxes })`
 *  gives. */
export async function subsetText(sfnt: Buffer, text: string, axes?: Record<string, number>): Promise<Uint8Array> {
  const times = (asked.get(sfnt) ?? 0) + 1;
  asked.set(sfnt, times);
  const face = times > 1 && sfnt.byteLength <= largestKept && !refused.has(sfnt) ? keep(sfnt) : undefined;
  if (face) {
    try {
      return cut(face, text, axes);
    } catch {
      // (HarfBuzz ran out of room, or the text asks what subset-font would refuse too)
      kept.delete(sfnt);
      refused.add(sfnt);
    }
  }
  return subsetFont(sfnt, text, { targetFormat: 'truetype', ...(axes ? { variationAxes: axes } : {}) });
}

/** Whether `sfnt` is held in HarfBuzz for its next subsets. */
export function isKept(sfnt: Uint8Array): boolean {
  return kept.has(sfnt);
}

function keep(sfnt: Uint8Array): Kept | undefined {
  const held = kept.get(sfnt);
  if (held) {
    kept.delete(sfnt);
    kept.set(sfnt, held);
    return held;
  }
  let bytes = sfnt.byteLength;
  for (const held of kept.keys()) bytes += held.byteLength;
  for (const oldest of kept.keys()) {
    if (bytes <= mostKeptBytes) break;
    bytes -= oldest.byteLength;
    kept.delete(oldest); // (its instance and memory go with it)
  }
  try {
    const hb = harfbuzzInstance();
    const { face: source } = loadFace(hb, sfnt);
    const face = hb.hb_subset_preprocess(source);
    hb.hb_face_destroy(source);
    kept.set(sfnt, { hb, face });
  } catch {
    refused.add(sfnt);
  }
  return kept.get(sfnt);
}

function cut({ hb, face }: Kept, text: string, axes: Record<string, number> | undefined): Uint8Array {
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Error('HarfBuzz could not start a subset');
  try {
    // every layout feature, as subset-font does by default (hb-subset's --layout-features=*)
    const features = hb.hb_subset_input_set(input, SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    hb.hb_set_invert(features);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const char of text) hb.hb_set_add(unicodes, char.codePointAt(0) ?? 0);
    for (const [axis, value] of Object.entries(axes ?? {})) {
      if (!hb.hb_subset_input_pin_axis_location(input, face, tag(axis), value)) throw new Error(`no axis ${axis}`);
    }
  } catch (error) {
    hb.hb_subset_input_destroy(input);
    throw error;
  }
  const bytes = subsetBytes(hb, face, input);
  // (subset-font refuses an empty subset too)
  if (!bytes.length) throw new Error('HarfBuzz made an empty subset');
  return bytes;
}
