/** An OpenCC converter (opencc-js) for an edition's script, e.g. Simplified → Taiwan Traditional.
 *  opencc-js and its dictionaries (2.3 MB of script) load only for an edition that converts. */
import type { Variant } from '../config/variant.js';
import type { Convert } from './remark-convert-script.js';

export async function createConverter(variant: Pick<Variant, 'from' | 'to'>): Promise<Convert> {
  const { Converter } = await import('opencc-js');
  return Converter({ from: variant.from, to: variant.to });
}
