/**
 * Gathers the book's metadata once, from the manuscript's configuration, the injected clock and
 * Inkstone's version. Nothing here reads the environment or the clock.
 */
import { createHash } from 'node:crypto';
import type { ConfigMetadata } from '../config/resolve-config.js';
import type { Metadata } from './model.js';

export interface MetadataContext {
  /** SOURCE_DATE_EPOCH in seconds, if set. */
  sourceDateEpoch: number | undefined;
  /** The manuscript's last change. */
  lastModified: Date;
  version: string;
  release?: string | undefined;
}

/** A name-based UUID (RFC 9562 version 5 layout, SHA-256 truncated) of the book's identity. */
export function deriveIdentifier(meta: ConfigMetadata): string {
  const identity = JSON.stringify([meta.title, meta.subtitle ?? '', meta.authors, meta.translators, meta.publisher ?? '', meta.lang, meta.date ?? '']);
  const hex = createHash('sha256').update(`inkstone:${identity}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function resolveMetadata(meta: ConfigMetadata, context: MetadataContext): Metadata {
  const seconds =
    context.sourceDateEpoch !== undefined ? context.sourceDateEpoch : Math.floor(context.lastModified.getTime() / 1000);
  return {
    title: meta.title,
    shortTitle: meta.shortTitle,
    subtitle: meta.subtitle,
    authors: meta.authors,
    translators: meta.translators,
    publisher: meta.publisher,
    lang: meta.lang,
    date: meta.date,
    identifier: meta.identifier ?? deriveIdentifier(meta),
    modified: new Date(seconds * 1000),
    rights: meta.rights,
    description: meta.description,
    source: meta.source,
    cover: meta.cover,
    writingMode: meta.writingMode,
    generator: `Inkstone ${context.version}`,
    release: context.release,
  };
}
