/**
 * Editions in the other script: `--variant zh-Hant` builds a Traditional Chinese edition of a
 * Simplified manuscript (and `zh-Hans` the reverse) with its own language, fonts, identifier
 * and file name, without touching the manuscript.
 */
import { InkstoneError } from '../diagnostics/errors.js';
import { deriveIdentifier } from './identifier.js';
import type { ResolvedConfig } from './resolve-config.js';

export interface Variant {
  /** As given on the command line; also the file name suffix. */
  name: string;
  lang: string;
  /** OpenCC locales (opencc-js). */
  from: 'cn' | 'tw' | 'hk';
  to: 'cn' | 'twp' | 'hk';
}

const variants: Record<string, Omit<Variant, 'name'>> = {
  'zh-Hant': { lang: 'zh-TW', from: 'cn', to: 'twp' },
  'zh-TW': { lang: 'zh-TW', from: 'cn', to: 'twp' },
  'zh-HK': { lang: 'zh-HK', from: 'cn', to: 'hk' },
  'zh-Hans': { lang: 'zh-CN', from: 'tw', to: 'cn' },
  'zh-CN': { lang: 'zh-CN', from: 'tw', to: 'cn' },
};

export const variantNames = Object.keys(variants);

export function findVariant(name: string): Variant {
  const found = variants[name];
  if (!found) throw new InkstoneError(`unknown variant “${name}”: use one of ${variantNames.join(', ')}`, { kind: 'usage' });
  return { name, ...found };
}

/** The configuration of the edition: its language, and an identifier of its own. */
export function applyVariant(config: ResolvedConfig, variant: Variant): ResolvedConfig {
  const metadata = { ...config.metadata, lang: variant.lang };
  const identifier = config.metadata.identifier
    ? deriveIdentifier({ ...metadata, title: `${config.metadata.identifier}#${variant.name}` })
    : undefined;
  return { ...config, metadata: { ...metadata, identifier } };
}
