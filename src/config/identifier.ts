import { createHash } from 'node:crypto';
import type { ConfigMetadata } from './resolve-config.js';

/** A name-based UUID (RFC 9562 version 5 layout, SHA-256 truncated) of the book's identity. */
export function deriveIdentifier(meta: ConfigMetadata): string {
  const identity = JSON.stringify([meta.title, meta.subtitle ?? '', meta.authors, meta.translators, meta.publisher ?? '', meta.lang, meta.date ?? '']);
  const hex = createHash('sha256').update(`inkstone:${identity}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
