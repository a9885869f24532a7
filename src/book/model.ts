/**
 * The Book: the only contract between the pipeline and the renderers. Renderers read this and
 * nothing else (no Markdown, no configuration files).
 */
import type { BookStyle } from '../manuscript/style.js';
import type { ElementContent, Root } from 'hast';
import type { Asset } from '../manuscript/assets.js';
import type { ChapterKind } from '../config/schema.js';
import type { PageSize } from '../config/page-size.js';
import type { PressSettings } from '../config/press-settings.js';

export type { PressSettings };

export interface Metadata {
  title: string;
  /** Running head on left-hand pages (`short-title`), when not the title. */
  shortTitle: string | undefined;
  subtitle: string | undefined;
  authors: string[];
  translators: string[];
  publisher: string | undefined;
  /** BCP 47 language tag, e.g. zh-CN. */
  lang: string;
  /** Publication date as written in the manuscript. */
  date: string | undefined;
  /** Unique identifier: the manuscript's, or one derived from the metadata (never random). */
  identifier: string;
  /** Last modification: SOURCE_DATE_EPOCH, else the manuscript's last change. Whole seconds. */
  modified: Date;
  rights: string | undefined;
  description: string | undefined;
  source: string | undefined;
  /** Absolute path of the cover image, if the manuscript has one. */
  cover: string | undefined;
  writingMode: 'horizontal-tb' | 'vertical-rl';
  /** `Inkstone x.y.z`. */
  generator: string;
  /** Release label (a git tag such as v1.2.0), for the colophon and file names. */
  release: string | undefined;
}

export interface Heading {
  /** Unique through the whole book. */
  id: string;
  depth: number;
  /** Plain text of the heading, exactly as shown. */
  text: string;
  /** Its section number (`number-sections`), shown before it. */
  number?: string | undefined;
}

export interface Note {
  /** Book-wide unique anchor of the note, e.g. `fn-3`. */
  id: string;
  /** Number shown at the call and at the note. */
  number: number;
  /** Anchors of each call of this note, in order (a note cited twice has two). */
  callIds: string[];
  /** Block content of the note. */
  content: ElementContent[];
}

export interface Chapter {
  index: number;
  /** Anchor of the chapter's start, unique through the book. */
  id: string;
  /** File name stem for the EPUB (readable: from the source file name). */
  fileStem: string;
  kind: ChapterKind;
  /** Title for contents and running heads; undefined for an untitled chapter. */
  title: string | undefined;
  /** Running head when the title is too long for one (`short-title`). */
  shortTitle: string | undefined;
  /** Chapter number when the book numbers its chapters. */
  number: number | undefined;
  /**
   * Body as hast. Note calls are `<a data-noteref="N" id="fnref-…">` with no children;
   * renderers give them their final form.
   */
  body: Root;
  /** Notes cited in this chapter, in order of first call. */
  notes: Note[];
  headings: Heading[];
  /** Manuscript file, as shown in messages. */
  source: string;
}

export interface TocEntry {
  chapterIndex: number;
  /** A chapter (or part) rather than a section within one. */
  isChapter: boolean;
  /** Anchor: the chapter's level-1 heading (or the chapter itself), the heading of a section. */
  id: string;
  text: string;
  /** The chapter's number, or the section's (3.2). */
  number: number | string | undefined;
  children: TocEntry[];
}

export interface PrintSettings {
  size: PageSize;
  chapterStart: 'any' | 'right';
  /** Note numbers in the PDF: the book's, or ①②… restarting on every page (`footnotes.marker`). */
  noteMarker: 'number' | 'circled';
  press: PressSettings;
}

export interface EpubSettings {
  /** Embed a subset of the body font. */
  embedFonts: boolean;
  /** book.yaml's `accessibility`: what replaces the generated summary and hazards. */
  accessibility?: { summary?: string | undefined; hazards?: string[] | undefined };
}

export interface Typography {
  /** css: the stylesheet's `text-autospace`; insert: spaces were put in the text; off: none. */
  autospace: 'css' | 'insert' | 'off';
}

export interface Book {
  metadata: Metadata;
  chapters: Chapter[];
  toc: TocEntry[];
  /** Heading levels the contents hold (`toc-depth`). */
  tocDepth: number;
  /** Images of the chapters; each `<img>` points at `images/<fileName>`. */
  images: Asset[];
  /** The manuscript's own cover image, if it has one. */
  cover: Asset | undefined;
  /** Add a colophon (版权页) made from the metadata. */
  colophon: boolean;
  print: PrintSettings;
  epub: EpubSettings;
  typography: Typography;
  /** The look: theme, the manuscript's CSS, faces, size, leading, margins (manuscript/style.ts). */
  style: BookStyle;
}
