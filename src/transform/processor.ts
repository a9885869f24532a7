/**
 * The unified processor: Markdown → mdast (GFM, CJK-friendly emphasis and CJK passes) → hast.
 * Never touches the file system; content problems become vfile messages.
 */
import type { Root } from 'hast';
import { VFileMessage } from 'vfile-message';
import { errorFromMessage } from '../diagnostics/errors.js';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkFriendlyGfmStrikethrough from 'remark-cjk-friendly-gfm-strikethrough';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkGfmAutolinkGuard from './remark-gfm-autolink-guard.js';
import remarkParse from 'remark-parse';
import rehypeHighlight from './rehype-highlight-if-any.js';
import rehypeRaw from './rehype-raw-if-any.js';
import rehypeSanitize from 'rehype-sanitize';
import remarkRehype from 'remark-rehype';
import { unified, type Pluggable } from 'unified';
import type { VFile } from 'vfile';
import { handlers } from './handlers.js';
import rehypeAutospace from './rehype-autospace.js';
import rehypeBreakUrls from './rehype-break-urls.js';
import rehypeHyphenateLatin from './rehype-hyphenate-latin.js';
import rehypeContentModel from './rehype-content-model.js';
import rehypeEmphasisRuns from './rehype-emphasis-runs.js';
import rehypeFigures from './rehype-figures.js';
import rehypeImageSources from './rehype-image-sources.js';
import rehypeTableAlign from './rehype-table-align.js';
import rehypeTableHead from './rehype-table-head.js';
import rehypeTableShortCells from './rehype-table-short-cells.js';
import rehypeHeadingPhrases from './rehype-heading-phrases.js';
import rehypeUnsafeReport from './rehype-unsafe-report.js';
import rehypeCodeCells from './rehype-code-cells.js';
import rehypeCodeLines from './rehype-code-lines.js';
import rehypeContinuations from './rehype-continuations.js';
import rehypeLabels from './rehype-labels.js';
import rehypeVerse from './rehype-verse.js';
import { sanitizeSchemaFor } from './sanitize-schema.js';
import rehypeNoteDefinitions from './rehype-note-definitions.js';
import rehypeTateChuYoko from './rehype-tate-chu-yoko.js';
import rehypeWebLinks from './rehype-web-links.js';
import rehypeXmlCharacters from './rehype-xml-characters.js';
import remarkAutolinkCjk from './remark-autolink-cjk.js';
import remarkCjkLineBreaks from './remark-cjk-line-breaks.js';
import remarkCjkPunctuation from './remark-cjk-punctuation.js';
import remarkConvertScript, { type Convert } from './remark-convert-script.js';
import remarkRuby from './remark-ruby.js';
import remarkTableCells from './remark-table-cells.js';
import rehypeTableCaptions from './rehype-table-captions.js';
import remarkUndefinedNotes from './remark-undefined-notes.js';
import remarkLoneNoteCalls from './remark-lone-note-calls.js';

export interface TransformOptions {
  /** Half-width punctuation in Chinese text becomes full-width (default: on). */
  punctuation?: boolean;
  /** Report each punctuation change as a message (`inkstone check`). */
  reportPunctuation?: boolean;
  /** Insert spaces between Han and Latin/digits at build time, instead of CSS `text-autospace`. */
  insertAutospace?: boolean;
  /** The book is set vertically: short numbers stand upright. */
  vertical?: boolean;
  /** Script conversion for an edition (OpenCC). */
  convert?: Convert | undefined;
  /** Class names the manuscript's CSS uses: raw HTML keeps them. */
  classes?: readonly string[];
  /** The edition's language (Chinese headings break between words: rehype-heading-phrases). */
  lang?: string;
}

export function createProcessor(options: TransformOptions = {}) {
  const remarkPasses: Pluggable[] = [remarkUndefinedNotes, remarkLoneNoteCalls, remarkTableCells];
  if (options.convert) remarkPasses.push([remarkConvertScript, options.convert]);
  if (options.punctuation !== false) remarkPasses.push([remarkCjkPunctuation, { report: options.reportPunctuation }]);
  remarkPasses.push(remarkCjkLineBreaks, remarkAutolinkCjk);
  // Raw HTML is parsed, then everything passes the sanitizer — before Inkstone adds markup
  // of its own. Image sources are moved out of the sanitizer's way first (see the plugin).
  const rehypePasses: Pluggable[] = [
    rehypeRaw,
    rehypeImageSources,
    [rehypeUnsafeReport, { classes: options.classes }],
    [rehypeSanitize, sanitizeSchemaFor(options.classes)],
    rehypeWebLinks,
    rehypeXmlCharacters,
    rehypeContentModel,
    rehypeTableHead,
    rehypeTableAlign,
    rehypeTableShortCells,
    rehypeTableCaptions,
    rehypeFigures,
    rehypeVerse,
    rehypeLabels,
    rehypeContinuations,
    [rehypeHighlight, { detect: false }],
    rehypeCodeCells,
    rehypeCodeLines,
    rehypeEmphasisRuns,
    [rehypeHeadingPhrases, { lang: options.lang }],
    // Hyphenation first: it reads each text whole (a word inside a path is not hyphenated).
    rehypeHyphenateLatin,
    rehypeBreakUrls,
  ];
  if (options.insertAutospace) rehypePasses.push(rehypeAutospace);
  if (options.vertical) rehypePasses.push(rehypeTateChuYoko);

  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkGfmAutolinkGuard)
    .use(remarkCjkFriendly)
    .use(remarkCjkFriendlyGfmStrikethrough)
    .use(remarkRuby)
    .use(remarkPasses)
    .use(remarkRehype, { handlers, allowDangerousHtml: true })
    .use(rehypePasses)
    .use(rehypeNoteDefinitions);
}

export type Processor = ReturnType<typeof createProcessor>;

/** Markdown vfile → hast root; note definitions land in `file.data.noteDefinitions`. */
export async function transformChapter(processor: Processor, file: VFile): Promise<Root> {
  const mdast = processor.parse(file);
  try {
    return (await processor.run(mdast, file)) as Root;
  } catch (error) {
    // a plugin's file.fail: the manuscript's error, at its place
    throw error instanceof VFileMessage ? errorFromMessage(error, file.path) : error;
  }
}
