/**
 * Gathers the book's metadata once, from the manuscript's configuration, the injected clock and
 * Inkstone's version. Nothing here reads the environment or the clock.
 */
import type { ConfigMetadata } from '../config/resolve-config.js';
import { deriveIdentifier } from '../config/identifier.js';
import type { Metadata } from './model.js';

export interface MetadataContext {
  /** SOURCE_DATE_EPOCH in seconds, if set. */
  sourceDateEpoch: number | undefined;
  /** The manuscript's last change. */
  lastModified: Date;
  version: string;
  release?: string | undefined;
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
