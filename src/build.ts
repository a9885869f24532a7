/**
 * One build, as a table of contents: load the manuscript → build the Book → render each format.
 * Returns the outputs in memory; writing them (atomically) is the CLI's job.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { buildBook } from './book/build-book.js';
import type { Book } from './book/model.js';
import { SharedBrowser } from './browser/browser.js';
import { renderCover } from './cover/render-cover.js';
import { isInkstoneError } from './diagnostics/errors.js';
import { renderEpub, type CoverImage } from './epub/render-epub.js';
import { loadManuscript } from './manuscript/load-manuscript.js';
import { renderPdf } from './pdf/render-pdf.js';
import { version } from './version.js';

export type Format = 'epub' | 'pdf';

export interface BuildOptions {
  /** Manuscript folder or file. */
  input: string;
  formats: Format[];
  /** SOURCE_DATE_EPOCH in seconds (the CLI reads it from the environment). */
  sourceDateEpoch?: number | undefined;
  cwd?: string;
  /** Called when a stage starts, for progress output. */
  onStage?: (stage: string) => void;
}

export interface BuildResult {
  book: Book;
  /** Manuscript files with their messages (warnings): the configuration, then each chapter. */
  files: VFile[];
  outputs: Partial<Record<Format, Buffer>>;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const stage = (name: string) => {
    const now = performance.now();
    options.onStage?.(name);
    return () => {
      timings[name] = Math.round(performance.now() - now);
      mark = performance.now();
    };
  };
  void mark;

  let done = stage('load');
  const manuscript = await loadManuscript(options.input, { cwd: options.cwd });
  done();
  done = stage('parse');
  const { book, files } = await buildBook(manuscript, { sourceDateEpoch: options.sourceDateEpoch, version });
  done();
  const notices = new VFile({ path: manuscript.config.configFile });

  const browser = new SharedBrowser();
  const outputs: BuildResult['outputs'] = {};
  try {
    if (options.formats.includes('epub')) {
      done = stage('cover');
      const cover = await coverImage(book, browser, notices);
      done();
      done = stage('epub');
      outputs.epub = await renderEpub(book, { cover });
      done();
    }
    if (options.formats.includes('pdf')) {
      done = stage('pdf');
      const pdf = await renderPdf(book, { browser: await browser.get() });
      outputs.pdf = pdf.bytes;
      for (const url of pdf.blocked) notices.message(`the PDF page asked for ${url}, which is not part of the build; refused`, { ruleId: 'request-blocked', source: 'inkstone' });
      Object.assign(timings, Object.fromEntries(Object.entries(pdf.timings).map(([k, v]) => [`pdf:${k}`, v])));
      done();
    }
  } finally {
    await browser.close();
  }
  return { book, files: [notices, ...files], outputs, timings };
}

/** The manuscript's cover image, or one made from the cover template. */
async function coverImage(book: Book, browser: SharedBrowser, notices: VFile): Promise<CoverImage | undefined> {
  const file = book.metadata.cover;
  if (file) {
    return { data: await readFile(file), extension: path.extname(file).slice(1).toLowerCase().replace('jpeg', 'jpg') };
  }
  try {
    return { data: await renderCover(await browser.get(), book.metadata), extension: 'png' };
  } catch (error) {
    if (!isInkstoneError(error) || error.kind !== 'environment') throw error;
    notices.message(`no cover: the EPUB's cover is drawn by Chromium, which is not available (${error.message})`, {
      ruleId: 'cover-missing',
      source: 'inkstone',
    });
    return undefined;
  }
}
