/**
 * One build, as a table of contents: load the manuscript → build the Book → render each format.
 * Returns the outputs in memory; writing them (atomically) is the CLI's job.
 */
import { VFile } from 'vfile';
import { buildBook, editionMetadata } from './book/build-book.js';
import { coverImage } from './build/cover.js';
import { editionFonts, editionOutputs, type BuildRun } from './build/edition.js';
import { BuildSession } from './build/session.js';
import type { BuildOptions, BuildResult, Edition } from './build/types.js';
import type { Variant } from './config/variant.js';
import { InkstoneError } from './diagnostics/errors.js';
import { bookFaces } from './fonts/faces.js';
import { preloadFonts } from './fonts/face-source.js';
import { loadManuscript, type Manuscript } from './manuscript/load-manuscript.js';
import { version } from './version.js';

export { BuildSession } from './build/session.js';
export type { BuildOptions, BuildResult, Edition, Format } from './build/types.js';

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
  const manuscript = await stage('load', () => loadManuscript(options.input, { cwd: options.cwd, sourceDateEpoch: options.sourceDateEpoch }));
  const editionList = editionsOf(options, manuscript);
  const session = options.session ?? new BuildSession();
  const run = startRun(options, manuscript, editionList, session, stage, timings);
  const editions: Edition[] = [];
  let files: VFile[] = [];
  // Covers need only the metadata: they are drawn while the chapters are parsed.
  const drawCover = run.want.epub && options.generateCover !== false && !manuscript.config.metadata.cover;
  const covers = editionList.map((variant) =>
    drawCover ? editionMetadata(manuscript, { version, variant, sourceDateEpoch: options.sourceDateEpoch, release: options.release }).then((metadata) => coverImage(metadata, session, run.notices)) : undefined,
  );
  for (const cover of covers) cover?.catch(() => {});
  try {
    for (const [index, variant] of editionList.entries()) {
      const built = await stage('parse', () => buildBook(manuscript, bookOptions(options, variant, index === 0 ? run.notices : undefined)));
      const { book } = built;
      if (built.files.some((file) => file.messages.some((message) => message.fatal))) {
        files = built.files;
        break;
      }
      const faces = await editionFonts(run, book, files.length ? files : built.files);
      if (!files.length) files = built.files;
      const outputs = await editionOutputs(run, book, faces, covers[index], files, variant);
      editions.push({ variant: variant?.name, book, outputs });
    }
    await session.cache?.prune();
    for (const [kind, { found, made }] of Object.entries(session.cache?.counts ?? {})) Object.assign(timings, { [`cache:${kind} found`]: found, [`cache:${kind} made`]: made });
  } finally {
    if (!options.session) await session.close();
  }
  return { editions, files: [run.notices, ...manuscript.styleFiles, ...files], timings };
}

/** The editions asked for (a variant only for Chinese). */
function editionsOf(options: BuildOptions, manuscript: Manuscript): Array<Variant | undefined> {
  const lang = manuscript.config.metadata.lang;
  const variant = options.editions?.find((edition) => edition !== undefined);
  if (variant && !/^zh\b/i.test(lang)) {
    throw new InkstoneError(`--variant ${variant.name} converts Chinese between Simplified and Traditional script; this book's language is “${lang}”: build it without --variant`, {
      kind: 'usage',
    });
  }
  return options.editions?.length ? options.editions : [undefined];
}

/** What the editions share; the faces decompress and Chromium starts while the manuscript is
 *  parsed (Chromium for the PDF; a failure shows where it is used). */
function startRun(options: BuildOptions, manuscript: Manuscript, editionList: Array<Variant | undefined>, session: BuildSession, stage: BuildRun['stage'], timings: Record<string, number>): BuildRun {
  // The press PDF is made from the PDF: with --press, or with every PDF when book.yaml says so.
  const press = options.formats.includes('press') || (options.formats.includes('pdf') && manuscript.config.page.press.always);
  const want = { epub: options.formats.includes('epub'), press, pdf: options.formats.includes('pdf') || press };
  for (const variant of editionList) {
    const faces = bookFaces(variant?.lang ?? manuscript.config.metadata.lang, manuscript.style.fonts, manuscript.config.root);
    // (the headings' and quotations' own faces too: the Kai of a quotation is 16.5 MB a weight)
    for (const font of [faces.body[0], faces.heading?.[0], faces.quote?.[0]]) preloadFonts(font);
  }
  if (want.pdf) {
    const launched = performance.now();
    session.browser.get().then(
      () => (timings['browser launch'] = Math.round(performance.now() - launched)),
      () => {},
    );
  }
  return { manuscript, session, formats: options.formats, want, stage, timings, notices: manuscript.notices, reportedMissing: new Set() };
}

function bookOptions(options: BuildOptions, variant: Variant | undefined, notices: VFile | undefined): Parameters<typeof buildBook>[1] {
  return {
    sourceDateEpoch: options.sourceDateEpoch,
    version,
    variant,
    allowRemote: options.allowRemote,
    release: options.release,
    reportPunctuation: options.reportPunctuation,
    cache: options.session?.chapters,
    onChapter: (file) => options.onStage?.('parse', file),
    notices,
    collectErrors: options.collectErrors,
  };
}
