/**
 * One build, as a table of contents: load the manuscript → build the Book → render each format.
 * Returns the outputs in memory; writing them (atomically) is the CLI's job.
 */
import type { VFile } from 'vfile';
import { buildBook } from './book/build-book.js';
import type { Book } from './book/model.js';
import { renderEpub } from './epub/render-epub.js';
import { loadManuscript } from './manuscript/load-manuscript.js';
import { renderPdf, type PdfOptions } from './pdf/render-pdf.js';
import { version } from './version.js';

export type Format = 'epub' | 'pdf';

export interface BuildOptions {
  /** Manuscript folder or file. */
  input: string;
  formats: Format[];
  /** SOURCE_DATE_EPOCH in seconds (the CLI reads it from the environment). */
  sourceDateEpoch?: number | undefined;
  cwd?: string;
  pdf?: PdfOptions;
  /** Called when a stage starts, for progress output. */
  onStage?: (stage: string) => void;
}

export interface BuildResult {
  book: Book;
  /** Chapter files with their messages (warnings). */
  files: VFile[];
  outputs: Partial<Record<Format, Buffer>>;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const stage = options.onStage ?? (() => {});
  stage('load');
  const manuscript = await loadManuscript(options.input, { cwd: options.cwd });
  stage('parse');
  const { book, files } = await buildBook(manuscript, { sourceDateEpoch: options.sourceDateEpoch, version });
  const outputs: BuildResult['outputs'] = {};
  if (options.formats.includes('epub')) {
    stage('epub');
    outputs.epub = await renderEpub(book);
  }
  if (options.formats.includes('pdf')) {
    stage('pdf');
    outputs.pdf = (await renderPdf(book, options.pdf)).bytes;
  }
  return { book, files, outputs };
}
