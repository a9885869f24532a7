/**
 * Book → EPUB 3 (bytes). Reads only the Book; templates come from `templates/epub/`.
 */
import mime from 'mime/lite';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { accessibilityOf } from './accessibility.js';
import type { Options as EpubOptions } from 'epub-gen-memory';
import type { Book, TocEntry } from '../book/model.js';
import type { BuildCache } from '../build-cache.js';
import type { FontSubset } from '../fonts/subset.js';
import { bookSheets, colophonRows, rootClasses } from '../book/presentation.js';
import { labelsFor, readTemplate, renderTemplate, type Labels } from '../templates.js';
import type { PageList } from './page-list.js';
import { packageEpub, type PackagedDocument } from './packager.js';
import { chapterXhtml } from './xhtml-cache.js';

export interface CoverImage {
  data: Buffer;
  /** `png`, `jpg`, `svg`, … */
  extension: string;
}

export interface EpubAssets {
  cover?: CoverImage | undefined;
  /** The book's face, subset to its characters (embedded unless the book says not to). */
  fonts?: FontSubset[];
  /** The print edition's pages, when the PDF was laid out in the same run (page-list.ts). */
  pageList?: { list: PageList; missing: string } | undefined;
  /** Keep each chapter's XHTML here, and take those whose inputs are unchanged. */
  cache?: BuildCache | undefined;
}

interface NavEntry {
  href: string;
  text: string;
  number: number | string | undefined;
  children: NavEntry[];
}

interface NcxEntry extends NavEntry {
  navId: string;
  playOrder: number;
  children: NcxEntry[];
}

/** ISO 8601 without fractions, as `dcterms:modified` wants it. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function documentsFor(book: Book, labels: Labels, rootClass: string, coverHref: string | undefined, { pageList: pages, cache }: EpubAssets): Promise<PackagedDocument[]> {
  const xhtml = chapterXhtml(cache, labels, book.chapters.map((chapter) => chapter.fileStem));
  const cover: PackagedDocument[] = coverHref
    ? [
        {
          id: 'cover',
          filename: 'cover.xhtml',
          title: labels.cover,
          content: renderTemplate('epub/cover.ejs', { book: book.metadata, href: coverHref }),
          beforeToc: true,
          excludeFromToc: true,
          rootClass: `${rootClass} cover-page`,
          bodyType: 'cover',
        },
      ]
    : [];
  const titlePage: PackagedDocument = {
    id: 'title-page',
    filename: 'title-page.xhtml',
    title: book.metadata.title,
    content: renderTemplate('epub/title-page.ejs', { book: book.metadata, labels }),
    beforeToc: true,
    excludeFromToc: true,
    rootClass,
    bodyType: 'frontmatter',
  };
  const chapters: PackagedDocument[] = [];
  for (const chapter of book.chapters) {
    // A turn of the event loop between chapters: the PDF's layout, beside the EPUB in this
    // process, hears from Chromium (the 300k book's chapters took 0.6 s in one piece).
    await nextTurn();
    chapters.push({
      id: `c-${chapter.fileStem}`,
      filename: `${chapter.fileStem}.xhtml`,
      title: chapter.title ?? book.metadata.title,
      content: await xhtml.of(chapter, pages && { markers: pages.list.markers.get(chapter.index) ?? [], missing: pages.missing }),
      beforeToc: false,
      excludeFromToc: chapter.title === undefined,
      rootClass,
      bodyType: chapter.kind === 'front' ? 'frontmatter' : chapter.kind === 'back' ? 'backmatter' : 'bodymatter',
    });
  }
  await xhtml.written();
  const colophon: PackagedDocument[] = book.colophon
    ? [
        {
          id: 'colophon',
          filename: 'colophon.xhtml',
          title: labels.colophon,
          content: renderTemplate('epub/colophon.ejs', { rows: colophonRows(book.metadata, labels), labels }),
          beforeToc: true,
          excludeFromToc: true,
          rootClass,
          bodyType: 'frontmatter',
        },
      ]
    : [];
  return [...cover, titlePage, ...colophon, ...chapters];
}

function navEntries(book: Book, entries: TocEntry[]): NavEntry[] {
  return entries.map((entry) => {
    const file = `${book.chapters[entry.chapterIndex]?.fileStem}.xhtml`;
    return {
      href: entry.isChapter ? file : `${file}#${entry.id}`,
      text: entry.text,
      number: entry.number,
      children: navEntries(book, entry.children),
    };
  });
}

function ncxEntries(entries: NavEntry[], counter = { n: 0 }): NcxEntry[] {
  return entries.map((entry) => {
    const n = ++counter.n;
    return { ...entry, navId: `np-${n}`, playOrder: n, children: ncxEntries(entry.children, counter) };
  });
}

function depth(entries: NavEntry[]): number {
  return entries.length ? 1 + Math.max(...entries.map((entry) => depth(entry.children))) : 0;
}

export async function renderEpub(book: Book, assets: EpubAssets = {}): Promise<Buffer> {
  const { metadata } = book;
  const labels = labelsFor(metadata.lang);
  const rootClass = rootClasses(book);
  // The cover's file name is epub-gen-memory's: `cover.` and the extension its MIME table gives
  // the media type (`jpeg` for JPEG, whatever the manuscript's file was called).
  const written = assets.cover ? mime.getType(assets.cover.extension) : null;
  const coverType = assets.cover ? (written && written in coverExtensions ? written : 'image/png') : undefined;
  const cover = coverType ? { href: `cover.${coverExtensions[coverType]}`, mediaType: coverType } : undefined;
  const documents = await documentsFor(book, labels, rootClass, cover?.href, assets);
  const fonts = book.epub.embedFonts ? (assets.fonts ?? []) : [];
  let css = readTemplate('css/typography.css') + '\n' + readTemplate('epub/epub.css');
  if (fonts.length) css += '\n' + renderTemplate('epub/fonts.css.ejs', { fonts });
  for (const sheet of bookSheets(book, 'epub')) css += '\n' + sheet;

  const options: EpubOptions & Record<string, unknown> = {
    title: metadata.title,
    author: metadata.authors,
    publisher: metadata.publisher ?? '',
    description: metadata.description ?? '',
    lang: metadata.lang,
    date: metadata.modified.toISOString(),
    css,
    version: 3,
    verbose: false,
    prependChapterTitles: false,
    tocTitle: labels.contents,
    chapterXHTML: readTemplate('epub/chapter.xhtml.ejs'),
    contentOPF: readTemplate('epub/content.opf.ejs'),
    tocXHTML: readTemplate('epub/nav.xhtml.ejs'),
    tocNCX: readTemplate('epub/toc.ncx.ejs'),
    fonts: [],
    inkstone: packageData(book, labels, rootClass, cover, assets),
  };
  if (assets.cover && cover) {
    options.cover = new File([new Uint8Array(assets.cover.data)], cover.href, { type: cover.mediaType }) as unknown as EpubOptions['cover'];
  }
  const images = book.images.map((image) => ({
    id: image.fileName.replace(/\.[a-z]+$/, ''),
    extension: image.fileName.replace(/^.*\./, ''),
    mediaType: image.mediaType,
    data: image.epubData,
  }));
  return packageEpub({ options, documents, identifier: metadata.identifier, images, modified: metadata.modified, fonts });
}

/** What the package templates (content.opf, nav, toc.ncx) are given beyond epub-gen-memory's own. */
function packageData(book: Book, labels: Labels, rootClass: string, cover: { href: string; mediaType: string } | undefined, assets: EpubAssets) {
  const { metadata } = book;
  const firstBody = book.chapters.find((chapter) => chapter.kind !== 'front') ?? book.chapters[0];
  // A nav needs at least one entry: a book whose chapters have no titles lists where it starts.
  const toc = book.toc.length
    ? navEntries(book, book.toc)
    : [{ href: `${firstBody?.fileStem}.xhtml`, text: labels.startOfContent, number: undefined, children: [] }];
  return {
    book: metadata,
    labels,
    modified: isoSeconds(metadata.modified),
    rtl: metadata.writingMode === 'vertical-rl',
    rootClass,
    toc,
    ncx: ncxEntries([{ href: 'title-page.xhtml', text: metadata.title, number: undefined, children: [] }, ...toc]),
    tocDepth: Math.max(1, depth(toc)),
    cover,
    a11y: accessibilityOf(book, labels, book.epub.accessibility, assets.pageList !== undefined),
    pageList: assets.pageList?.list.entries.map((entry) => ({
      page: entry.page,
      href: entry.chapter !== undefined ? `${book.chapters[entry.chapter]?.fileStem}.xhtml#page-${entry.page}` : frontFiles[entry.front ?? ''] ?? 'title-page.xhtml',
    })),
    start: `${firstBody?.fileStem}.xhtml`,
    landmarks: [
      ...(cover ? [{ type: 'cover', href: 'cover.xhtml', text: labels.cover }] : []),
      { type: 'toc', href: 'toc.xhtml#toc', text: labels.contents },
      { type: 'bodymatter', href: `${firstBody?.fileStem}.xhtml`, text: labels.startOfContent },
    ],
  };
}

/** The EPUB document of each front-matter page of the print edition. */
const frontFiles: Record<string, string> = { 'title-page': 'title-page.xhtml', colophon: 'colophon.xhtml', contents: 'toc.xhtml' };
/** The cover's extension as epub-gen-memory names it (its mime@2 table: `jpeg`, not `jpg`). */
const coverExtensions: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif', 'image/svg+xml': 'svg' };

export { placePages } from './page-list.js';
