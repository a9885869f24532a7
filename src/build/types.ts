/** What a build is asked for and what it gives back. */
import type { VFile } from 'vfile';
import type { Book } from '../book/model.js';
import type { Variant } from '../config/variant.js';
import type { BuildSession } from './session.js';

/** press: NAME.press.pdf, made from the PDF (pdf/press/). */
export type Format = 'epub' | 'pdf' | 'press';

export interface BuildOptions {
  /** Manuscript folder or file. */
  input: string;
  formats: Format[];
  /** SOURCE_DATE_EPOCH in seconds (the CLI reads it from the environment). */
  sourceDateEpoch?: number | undefined;
  cwd?: string;
  /** Editions to build: `undefined` is the manuscript as written, a variant an edition in the
   *  other script (zh-Hant, …). Default: the manuscript as written only. */
  editions?: Array<Variant | undefined>;
  /** Allow http(s) images (fetched with a size and time limit). */
  allowRemote?: boolean;
  /** Release label (git tag) for the colophon. */
  release?: string | undefined;
  /** Draw a cover for books without one (needs Chromium). Default: true. */
  generateCover?: boolean;
  /** Report punctuation that the build normalizes (`inkstone check`). */
  reportPunctuation?: boolean;
  /** List every error a manuscript has that can be listed (images), and render nothing when
   *  there is one (`inkstone check`). */
  collectErrors?: boolean;
  /** Called when a stage starts (and, with a detail, as it goes), for progress output. */
  onStage?: (stage: string, detail?: string) => void;
  /** Reuse a session's browser and caches (watch). */
  session?: BuildSession;
}

export interface Edition {
  /** undefined for the manuscript as written, else the variant's name (file name suffix). */
  variant: string | undefined;
  book: Book;
  outputs: Partial<Record<Format, Buffer>>;
}

export interface BuildResult {
  editions: Edition[];
  /** Manuscript files with their messages (warnings): the configuration, then each chapter. */
  files: VFile[];
  /** Milliseconds per stage; and `cache:KIND found|made`, how many entries of the build cache
   *  it took again or made (KIND: chapter, fonts, part). */
  timings: Record<string, number>;
}
