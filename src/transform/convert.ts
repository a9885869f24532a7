/** An OpenCC converter (opencc-js) for an edition's script, e.g. Simplified → Taiwan Traditional. */
import { Converter } from 'opencc-js';
import type { Variant } from '../config/variant.js';
import type { Convert } from './remark-convert-script.js';

export function createConverter(variant: Pick<Variant, 'from' | 'to'>): Convert {
  return Converter({ from: variant.from, to: variant.to });
}
