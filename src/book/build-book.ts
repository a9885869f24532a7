/**
 * Manuscript → Book: runs the unified processor on every chapter, then gives the book its
 * anchors, note numbers, contents and metadata.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { visit } from '../tree-visit.js';
import GithubSlugger from 'github-slugger';
import { VFile } from 'vfile';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { applyVariant, type Variant } from '../config/variant.js';
import type { ConfigMetadata } from '../config/resolve-config.js';
import { AssetResolver } from '../manuscript/assets.js';
import type { Manuscript } from '../manuscript/load-manuscript.js';
import { labelsFor } from '../templates.js';
import { createConverter } from '../transform/convert.js';
import { numberSections } from './section-numbers.js';
import { createProcessor } from '../transform/processor.js';
import { transformCached, type ChapterStore } from './chapter-cache.js';
import type { Convert } from '../transform/remark-convert-script.js';
import { numberNotes, type NoteCounter } from './footnotes.js';
import { IdAllocator, fileStem } from './ids.js';
import { numberFigures, placeImages, prefetchImages } from './images.js';
import { resolveLinks } from './links.js';
import { resolveMetadata } from './metadata.js';
import type { Book, Chapter, Heading, Metadata } from './model.js';
import { buildToc } from './toc.js';

export interface BuildBookOptions {
  /** SOURCE_DATE_EPOCH in seconds; the injected clock. */
  sourceDateEpoch?: number | undefined;
  version: string;
  /** Build this edition (script conversion) instead of the manuscript as written. */
  variant?: Variant | undefined;
  /** Allow http(s) images, fetched with a size and time limit. */
  allowRemote?: boolean;
  /** A release label (a git tag) for the colophon. */
  release?: string | undefined;
  /** Report each punctuation change as a message (`inkstone check`). */
  reportPunctuation?: boolean;
  /** Transformed chapters kept between builds (chapter-cache.ts). */
  cache?: ChapterStore | undefined;
  /** Called before each chapter is transformed (progress). */
  onChapter?: ((file: string) => void) | undefined;
  /** Report every image that cannot be used as an error message, instead of failing on the
   *  first (`inkstone check`). */
  collectErrors?: boolean | undefined;
  /** Where messages about the configuration go (book.yaml's file), e.g. about the cover. */
  notices?: VFile | undefined;
}

export interface BuiltBook {
  book: Book;
  /** One vfile per chapter, carrying its messages (warnings). */
  files: VFile[];
}

const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Gives every heading a book-wide id and remembers, per chapter, the slug an author would write
 * for it in a link (`ch02.md#小节`): github-slugger over that file alone.
 */
function collectHeadings(body: Root, ids: IdAllocator): { headings: Heading[]; localIds: Map<string, string> } {
  const headings: Heading[] = [];
  const localIds = new Map<string, string>();
  const local = new GithubSlugger();
  visit(body, 'element', (node: Element) => {
    if (!headingTags.has(node.tagName)) return;
    const text = toString(node).trim();
    // In another script's edition, the id comes from the heading as written (remark-convert-script).
    const written = typeof node.properties.dataSourceText === 'string' ? node.properties.dataSourceText.trim() : text;
    delete node.properties.dataSourceText;
    const id = ids.fromText(written, 'section');
    node.properties.id = id;
    localIds.set(local.slug(written), id);
    headings.push({ id, depth: Number(node.tagName.slice(1)), text });
  });
  return { headings, localIds };
}

function isEmpty(body: Root): boolean {
  return body.children.every((child) => child.type === 'text' && child.value.trim() === '');
}

function convertMetadata(meta: ConfigMetadata, convert: Convert | undefined): ConfigMetadata {
  if (!convert) return meta;
  const text = (value: string | undefined) => (value === undefined ? undefined : convert(value));
  return {
    ...meta,
    title: convert(meta.title),
    shortTitle: text(meta.shortTitle),
    subtitle: text(meta.subtitle),
    authors: meta.authors.map(convert),
    translators: meta.translators.map(convert),
    publisher: text(meta.publisher),
    rights: text(meta.rights),
    description: text(meta.description),
  };
}

/** The edition's metadata alone, before any chapter is read (the cover needs nothing more). */
export async function editionMetadata(manuscript: Manuscript, options: BuildBookOptions): Promise<Metadata> {
  const config = options.variant ? applyVariant(manuscript.config, options.variant) : manuscript.config;
  const convert = options.variant ? await createConverter(options.variant) : undefined;
  return resolveMetadata(convertMetadata(config.metadata, convert), {
    sourceDateEpoch: options.sourceDateEpoch,
    lastModified: manuscript.lastModified,
    version: options.version,
    release: options.release,
  });
}

export async function buildBook(manuscript: Manuscript, options: BuildBookOptions): Promise<BuiltBook> {
  const config = options.variant ? applyVariant(manuscript.config, options.variant) : manuscript.config;
  const convert = options.variant ? await createConverter(options.variant) : undefined;
  // Each edition works on its own copies: messages and titles must not pile up across editions.
  const files = manuscript.chapters.map((file) => new VFile({ path: file.path, value: file.value, data: { ...file.data } }));
  const resolver = new AssetResolver(config.root, { allowRemote: options.allowRemote });
  const { chapters, localIds } = await readChapters(manuscript, config, files, convert, options, resolver);
  const paths = config.chapters.map((entry) => entry.path);
  resolveLinks(chapters, { root: config.root, paths, localIds, files });
  await placeImages(chapters, files, paths, resolver, options.collectErrors);
  if (config.numberFigures) {
    const label = labelsFor(config.metadata.lang).figure;
    numberFigures(chapters, (n) => label.replace('{n}', String(n)));
  }
  const cover = await bookCover(config, options);
  if (chapters.every((chapter) => isEmpty(chapter.body))) {
    throw new InkstoneError('the manuscript has no content: every chapter is empty', {
      file: config.configFile,
      ruleId: rules.emptyManuscript,
    });
  }
  const metadata = resolveMetadata(convertMetadata(config.metadata, convert), {
    sourceDateEpoch: options.sourceDateEpoch,
    lastModified: manuscript.lastModified,
    version: options.version,
    release: options.release,
  });
  const book: Book = {
    metadata,
    chapters,
    toc: buildToc(chapters, config.tocDepth),
    tocDepth: config.tocDepth,
    images: resolver.assets,
    cover,
    colophon: config.colophon,
    print: { ...config.page },
    epub: { ...config.epub },
    typography: { autospace: config.typography.autospace },
    style: manuscript.style,
  };
  return { book, files };
}

type Config = Manuscript['config'];

/** The cover is resolved on its own: it is packaged as the cover, not among the images. */
function bookCover(config: Config, options: BuildBookOptions): Promise<Book['cover']> | undefined {
  if (!config.metadata.cover) return undefined;
  return new AssetResolver(config.root, { allowRemote: options.allowRemote }).resolve(path.relative(config.root, config.metadata.cover), {
    file: config.configPath,
    display: config.configFile,
    warn: (message, ruleId) => options.notices?.message(message, { ruleId, source: 'inkstone' }),
  });
}

/** Each chapter transformed (or taken from the cache), its headings, notes and numbers. */
async function readChapters(manuscript: Manuscript, config: Config, files: VFile[], convert: Convert | undefined, options: BuildBookOptions, resolver: AssetResolver) {
  const settings = {
    punctuation: config.typography.punctuation === 'normalize',
    reportPunctuation: options.reportPunctuation ?? false,
    insertAutospace: config.typography.autospace === 'insert',
    vertical: config.metadata.writingMode === 'vertical-rl',
    classes: manuscript.style.classes,
    lang: config.metadata.lang,
  };
  const processor = createProcessor({ ...settings, convert });
  const settingsKey = JSON.stringify({ ...settings, variant: options.variant?.name, root: config.root });
  const state: ChapterState = { ids: new IdAllocator(), stems: new Set<string>(), counter: { sequence: 0, number: 0 }, chapterNumber: 0 };
  const chapters: Chapter[] = [];
  const localIds: Array<Map<string, string>> = [];
  for (const [index, file] of files.entries()) {
    options.onChapter?.(file.path);
    // A turn of the event loop between chapters: Chromium, starting meanwhile for the cover or
    // the PDF, gets its answers while a long book is parsed, not after.
    await nextTurn();
    // (the chapter's file, absolute: config.chapters and files are in the same order)
    const where = config.chapters[index]?.path ?? file.path;
    const body = await transformCached(processor, file, settingsKey, options.cache, where);
    if (config.footnoteNumbering === 'chapter') state.counter.number = 0;
    if (convert && file.data.title) file.data.title = convert(file.data.title);
    if (convert && file.data.shortTitle) file.data.shortTitle = convert(file.data.shortTitle);
    const { chapter, local } = chapterOf(file, index, body, state, manuscript.style.numberSections, config.numberChapters);
    chapters.push(chapter);
    localIds.push(local);
    // (images come from `![…](…)` or raw `<img>`: a chapter with neither is not walked for them)
    if (/!\[|<img/i.test(String(file.value))) prefetchImages(chapter, resolver, where);
  }
  return { chapters, localIds };
}

/** What numbering carries from one chapter to the next. */
interface ChapterState {
  ids: IdAllocator;
  stems: Set<string>;
  counter: NoteCounter;
  chapterNumber: number;
}

function chapterOf(file: VFile, index: number, body: Root, state: ChapterState, numberSectionsToo: boolean, numberChapters: boolean) {
  const stem = fileStem(file.path, index, state.stems);
  const id = state.ids.reserve(`ch-${stem}`);
  const { headings, localIds: local } = collectHeadings(body, state.ids);
  const notes = numberNotes(body, file, state.counter);
  const h1 = headings.find((heading) => heading.depth === 1);
  const title = h1?.text || file.data.title || undefined;
  const kind = file.data.kind ?? 'body';
  const numbered = numberChapters && kind === 'body' && h1 !== undefined;
  if (numbered && numberSectionsToo) numberSections(body, headings, state.chapterNumber + 1);
  const chapter: Chapter = {
    index,
    id,
    fileStem: stem,
    kind,
    title,
    shortTitle: file.data.shortTitle,
    number: numbered ? ++state.chapterNumber : undefined,
    body,
    notes,
    headings,
    source: file.path,
  };
  return { chapter, local };
}

declare module 'vfile' {
  interface DataMap {
    kind: import('../config/schema.js').ChapterKind;
    title: string | undefined;
    shortTitle: string | undefined;
  }
}
