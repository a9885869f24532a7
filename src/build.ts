/**
 * One build, as a table of contents: load the manuscript → build the Book → render each format.
 * Returns the outputs in memory; writing them (atomically) is the CLI's job.
 */
import { rules } from './diagnostics/rules.js';
import { VFile } from 'vfile';
import { buildBook, editionMetadata, type ChapterCache } from './book/build-book.js';
import type { Book, Metadata } from './book/model.js';
import { SharedBrowser, withRetry } from './browser/browser.js';
import type { Variant } from './config/variant.js';
import { InkstoneError, isInkstoneError } from './diagnostics/errors.js';
import { cached } from './disk-cache.js';
import type { CoverImage } from './epub/render-epub.js';
import { reportMissingGlyphs } from './book/glyph-coverage.js';
import { bookFaces } from './fonts/faces.js';
import { preloadFonts, subsetFonts } from './fonts/subset.js';
import { bookTexts, codeText, headingText, quoteText } from './book/texts.js';
import { loadManuscript } from './manuscript/load-manuscript.js';
import { version } from './version.js';

// The renderers (and Chromium's driver, pdf-lib, epub-gen-memory behind them) load only when a
// build needs them: starting the command stays quick.
const epubRenderer = () => import('./epub/render-epub.js');
const pdfRenderer = () => import('./pdf/render-pdf.js');
const coverRenderer = () => import('./cover/render-cover.js');
const pressRenderer = () => import('./pdf/press/press-pdf.js');

/** press: NAME.press.pdf, made from the PDF (pdf/press/). */
export type Format = 'epub' | 'pdf' | 'press';

/**
 * What can outlive one build: the browser, the drawn covers and the transformed chapters.
 * `inkstone watch` keeps one session for all its rebuilds; a single build makes its own.
 */
export class BuildSession {
  readonly browser: SharedBrowser;
  readonly covers = new Map<string, Buffer>();
  /** Transformed chapters by content, when the session rebuilds (watch); a single build has no
   *  use for copies of its trees. */
  readonly chapters: ChapterCache | undefined;

  /** @param browser a browser to use (perhaps already starting), or whether a new one ends the
   *  process on signals (see SharedBrowser) */
  constructor(browser: SharedBrowser | boolean = true, options: { cacheChapters?: boolean } = {}) {
    this.browser = typeof browser === 'boolean' ? new SharedBrowser(browser) : browser;
    this.chapters = options.cacheChapters ? new Map() : undefined;
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

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
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    options.onStage?.(name);
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = (timings[name] ?? 0) + Math.round(performance.now() - started);
    }
  };

  const manuscript = await stage('load', () => loadManuscript(options.input, { cwd: options.cwd }));
  const lang = manuscript.config.metadata.lang;
  const variant = options.editions?.find((edition) => edition !== undefined);
  if (variant && !/^zh\b/i.test(lang)) {
    throw new InkstoneError(`--variant ${variant.name} converts Chinese between Simplified and Traditional script; this book's language is “${lang}”: build it without --variant`, {
      kind: 'usage',
    });
  }
  const notices = manuscript.notices;
  const session = options.session ?? new BuildSession();
  const wantEpub = options.formats.includes('epub');
  // The press PDF is made from the PDF: with --press, or with every PDF when book.yaml says so.
  const wantPress = options.formats.includes('press') || (options.formats.includes('pdf') && manuscript.config.page.press.always);
  const wantPdf = options.formats.includes('pdf') || wantPress;
  const drawCover = wantEpub && options.generateCover !== false && !manuscript.config.metadata.cover;
  const editionList = options.editions?.length ? options.editions : [undefined];
  // The face's files decompress while the manuscript is parsed.
  for (const variant of editionList) preloadFonts(bookFaces(variant?.lang ?? manuscript.config.metadata.lang, manuscript.style.fonts, manuscript.config.root).body[0]);
  // Chromium starts while the manuscript is parsed (for the PDF; a cover starts it only when it
  // is not in the cache); a failure shows where it is used.
  if (wantPdf) {
    const launched = performance.now();
    session.browser.get().then(
      () => (timings['browser launch'] = Math.round(performance.now() - launched)),
      () => {},
    );
  }
  const editions: Edition[] = [];
  let files: VFile[] = [];
  const reportedMissing = new Set<string>();
  // Covers need only the metadata: they are drawn while the chapters are parsed.
  const covers = editionList.map((variant) =>
    drawCover ? coverImage(editionMetadata(manuscript, { version, variant, sourceDateEpoch: options.sourceDateEpoch, release: options.release }), session, notices) : undefined,
  );
  for (const cover of covers) cover?.catch(() => {});
  try {
    for (const [index, variant] of editionList.entries()) {
      const built = await stage('parse', () =>
        buildBook(manuscript, {
          sourceDateEpoch: options.sourceDateEpoch,
          version,
          variant,
          allowRemote: options.allowRemote,
          release: options.release,
          reportPunctuation: options.reportPunctuation,
          cache: options.session?.chapters,
          onChapter: (file) => options.onStage?.('parse', file),
          notices: index === 0 ? notices : undefined,
          collectErrors: options.collectErrors,
        }),
      );
      const { book } = built;
      if (built.files.some((file) => file.messages.some((message) => message.fatal))) {
        files = built.files;
        break;
      }
      // The book's faces, cut to its characters once, serve the EPUB, the cover and the PDF.
      const svgText = book.images.map((image) => image.svgText ?? '').join('');
      const faces = bookFaces(book.metadata.lang, book.style.fonts, manuscript.config.root);
      const { subsets: fonts, missing: textMissing, svgMissing } = await stage('fonts', () =>
        subsetFonts(faces, { body: bookTexts(book), heading: headingText(book), quote: quoteText(book), code: codeText(book) }, svgText),
      );
      // Messages are about the manuscript: report them once, in the first edition's files. A
      // character only another edition lacks (a Traditional form no face has) is reported there
      // too, at its place in the manuscript (editions keep the source's positions); before, the
      // second edition's warnings went to files nobody read.
      const unreported = (chars: string) => [...chars].filter((char) => !reportedMissing.has(char)).join('');
      await reportMissingGlyphs(book, files.length ? files : built.files, unreported(textMissing), notices, unreported(svgMissing), faces.body);
      for (const char of textMissing + svgMissing) reportedMissing.add(char);
      // Print marks each with 〓, in the text and in the SVG images' text.
      const missing = [...new Set(textMissing + svgMissing)].join('');
      if (!files.length) files = built.files;
      // The EPUB (mostly Node's work) and the PDF (mostly Chromium's) are made side by side.
      const pdfMade = wantPdf
        ? stage('pdf', async () => {
            const { renderPdf } = await pdfRenderer();
            return withRetry(session.browser, (chromium) => renderPdf(book, { browser: chromium, fonts, missing }));
          })
        : undefined;
      pdfMade?.catch(() => {});
      const [epub, pdf] = await Promise.all([
        wantEpub
          ? (async () => {
              // With the PDF laid out in the same run, the EPUB gets its page list (where each
              // printed page starts), so it waits for the layout (vertical books have none).
              const printed = pdfMade && book.metadata.writingMode !== 'vertical-rl' ? await pdfMade : undefined;
              return stage('epub', async () => {
                const cover: CoverImage | undefined = book.cover
                  ? { data: book.cover.epubData, extension: book.cover.fileName.replace(/^.*\./, '') }
                  : await covers[index];
                const { renderEpub, placePages } = await epubRenderer();
                const pageList = printed?.pageStarts.length ? { list: placePages(book, printed.pageStarts, missing), missing } : undefined;
                return renderEpub(book, { cover, fonts: fonts.filter((font) => !font.role.startsWith('svg')), pageList });
              });
            })()
          : undefined,
        pdfMade,
      ]);
      const outputs: Edition['outputs'] = {};
      if (epub) outputs.epub = epub;
      if (pdf && wantPress) {
        const { pressPdf } = await pressRenderer();
        const digitsFace = fonts.find((font) => font.role === 'serif' && font.weight === 400)?.data;
        outputs.press = await stage('press', () => pressPdf(pdf.bytes, book, { configFile: manuscript.config.configFile, digitsFace }));
      }
      if (pdf) {
        if (options.formats.includes('pdf')) outputs.pdf = pdf.bytes;
        for (const id of pdf.droppedNotes) {
          const chapter = book.chapters.find((c) => c.notes.some((note) => note.id === id));
          const note = chapter?.notes.find((n) => n.id === id);
          // Reported with the first edition's files (those are printed), naming the edition.
          const file = (chapter && files[chapter.index]) ?? notices;
          const pdfName = variant ? `the ${variant.name} PDF` : 'the PDF';
          file.message(`note ${note?.number ?? id} is missing from ${pdfName}: Paged.js left it off the page of its call (pagedjs/pagedjs#130); the EPUB has it`, {
            ruleId: rules.pdfNoteDropped,
            source: 'inkstone',
          });
        }
        for (const url of pdf.blocked) {
          notices.message(`the PDF page asked for ${url}, which is not part of the build; refused`, { ruleId: rules.requestBlocked, source: 'inkstone' });
        }
        for (const [key, value] of Object.entries(pdf.timings)) timings[`pdf:${key}`] = (timings[`pdf:${key}`] ?? 0) + value;
      }
      editions.push({ variant: variant?.name, book, outputs });
    }
  } finally {
    if (!options.session) await session.close();
  }
  return { editions, files: [notices, ...manuscript.styleFiles, ...files], timings };
}

/** A cover drawn from the cover template (when the manuscript brings none). */
async function coverImage(metadata: Metadata, session: BuildSession, notices: VFile): Promise<CoverImage | undefined> {
  try {
    const { renderCover, coverKey } = await coverRenderer();
    const key = coverKey(metadata, version);
    let data = session.covers.get(key);
    if (!data) {
      // Drawn once per book and toolchain: Chromium is needed only when the cover changes. A
      // page that fails to draw is drawn again in a new page of the same browser: restarting the
      // shared browser (withRetry) would kill the PDF being printed beside it. (Now and then, one
      // in some forty builds here, the cover page never fired `load`; the restart that followed
      // made the whole build wait for the PDF's own timeouts.)
      data = await cached('covers', `${key}.png`, async () => {
        try {
          return await renderCover(await session.browser.get(), metadata);
        } catch (error) {
          if (!isInkstoneError(error) || error.kind !== 'environment') throw error;
          return renderCover(await session.browser.get(), metadata);
        }
      });
      session.covers.set(key, data);
    }
    return { data, extension: 'png' };
  } catch (error) {
    if (!isInkstoneError(error) || error.kind !== 'environment') throw error;
    notices.message(`no cover: the EPUB's cover is drawn by Chromium, which is not available (${error.message})`, {
      ruleId: rules.coverMissing,
      source: 'inkstone',
    });
    return undefined;
  }
}
