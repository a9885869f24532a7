/**
 * harfbuzzjs's subsetter WebAssembly (harfbuzz-subset.wasm, the build subset-font loads), called
 * directly where subset-font has no option for it: glyph ids kept (glyph-subset.ts) and a face
 * kept preprocessed between subsets (kept-faces.ts). Its memory is fixed at 65 MB per instance.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface HarfBuzz {
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
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_input_pin_axis_location(input: number, face: number, axis: number, value: number): number;
  hb_subset_or_fail(face: number, input: number): number;
  hb_subset_preprocess(face: number): number;
}

const MEMORY_MODE_WRITABLE = 2;

let module: WebAssembly.Module | undefined;

/** A HarfBuzz of its own (compiled once per process; each instance has its own memory). */
export function harfbuzzInstance(): HarfBuzz {
  module ??= new WebAssembly.Module(readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
  const hb = new WebAssembly.Instance(module, {}).exports as unknown as HarfBuzz;
  hb._initialize();
  return hb;
}

/** An OpenType tag (`wght`) as HarfBuzz's number. */
export const tag = (name: string) => [...name].reduce((value, char) => (value << 8) + char.charCodeAt(0), 0) >>> 0;

/** `sfnt` copied into `hb`'s memory as a face; `pointer` is its copy, freed by the caller after
 *  the face. */
export function loadFace(hb: HarfBuzz, sfnt: Uint8Array): { face: number; pointer: number } {
  const pointer = hb.malloc(sfnt.byteLength);
  if (!pointer) throw new Error('HarfBuzz has no room for the face');
  new Uint8Array(hb.memory.buffer).set(sfnt, pointer);
  const blob = hb.hb_blob_create(pointer, sfnt.byteLength, MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  return { face, pointer };
}

/** `face` subset by `input` (which it destroys), as bytes of its own (none: an empty subset). */
export function subsetBytes(hb: HarfBuzz, face: number, input: number): Buffer {
  let subset = 0;
  try {
    subset = hb.hb_subset_or_fail(face, input);
  } finally {
    hb.hb_subset_input_destroy(input);
  }
  if (!subset) throw new Error('HarfBuzz could not subset the face');
  const result = hb.hb_face_reference_blob(subset);
  try {
    return Buffer.from(new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(result, 0), hb.hb_blob_get_length(result)));
  } finally {
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
  }
}
