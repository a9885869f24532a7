/**
 * The proof's rules, their severity and thresholds: one table (the README's table of the
 * proof's rules is `proofRulesTable()`; test/readme.test.ts compares them).
 * `error`: a press would send the book back; `warning`: a typesetter would mend it.
 */
import { markdownRulesTable } from '../diagnostics/rules.js';

export const proofRules = {
  'running-head-wraps': { severity: 'error', what: 'a running head or folio is set on more than one line, or reaches past the text block\'s width or the page' },
  overflow: { severity: 'error', what: 'text, an image or a drawing (SVG, a table\'s rules) passes the text block by more than 1 pt (a final `，。、．` may hang; a final full-width closing mark counts by its ink, half its em), or a line is below the bottom margin' },
  'line-stretched': { severity: 'warning', what: 'a justified line\'s typical gap between ideographs exceeds **0.25 em** of extra space, or its word spaces **0.5 em** (gaps at a font change or around inline boxes are not counted)' },
  'heading-stranded': { severity: 'warning', what: 'a heading ends a page\'s text — alone, or with one line of its own under it (a poem\'s author) — and what it heads starts on the next page' },
  'lead-in-stranded': { severity: 'warning', what: 'a one-line lead-in ending with a colon or a comma (“作为替代，”) ends a page\'s text, and the code, table, figure, list or quotation it introduces starts on the next page (horizontal books)' },
  'heading-small': { severity: 'warning', what: 'a heading is set smaller than the body text' },
  'heading-unbalanced': { severity: 'warning', what: 'a heading of two lines or more ends with a line of one or two characters (its lines are balanced: `text-wrap: balance`)' },
  widow: { severity: 'warning', what: 'a paragraph\'s last line alone at the top of a page' },
  orphan: { severity: 'warning', what: 'a paragraph\'s first line alone at the foot of a page' },
  'page-end-short': { severity: 'warning', what: 'a page\'s last line stops more than **0.25 em** short of the text block\'s edge while its paragraph goes on overleaf (ragged where the text is justified)' },
  'single-char-line': { severity: 'warning', what: 'a paragraph\'s last line is one ideograph (plus punctuation): 孤字' },
  kinsoku: { severity: 'warning', what: 'a line inside a paragraph starts with a closing mark (`、。，）」』》…` and the like) or a note call, or ends with an opening mark; or a page opens on a closing mark cut from the paragraph on the page before' },
  'image-resolution': { severity: 'warning', what: 'a raster image prints below **150 ppi** at its printed size (**300 ppi** in a press PDF)' },
  'table-row-split': { severity: 'error', what: 'a table runs over a page break and the row at the break is missing columns on one side (Paged.js splits rows into two; Inkstone keeps rows whole)' },
  'font-type3': { severity: 'error', what: 'text is set in a Type 3 font (Chromium writes one for a synthetic bold)' },
  'glyph-blank': { severity: 'error', what: 'a character is drawn with a glyph its font does not have (blank on paper; shown as □), or is U+FFFD (Inkstone\'s own PDFs print 〓 for a character no face has: this finds PDFs made otherwise, or a face that lies about its map)' },
  'note-away': { severity: 'error', what: 'a footnote is printed on another page than its first call, or on none (horizontal books; vertical books keep notes at the chapter\'s end)' },
  'press-pdfx': { severity: 'error', what: 'a press PDF (one with a PDF/X output intent) names no PDF/X version (`GTS_PDFXVersion`), or its output intent has no ICC profile' },
  'press-boxes': { severity: 'error', what: 'a press PDF has a page without TrimBox or BleedBox, boxes out of order (TrimBox ⊂ BleedBox ⊂ MediaBox), or a trim size unlike page 1' },
  'press-rgb': { severity: 'error', what: 'a press PDF draws in RGB on a page: a colour operator, a colour space, an image (inline too), a gradient (the press prints CMYK)' },
  'press-font-not-embedded': { severity: 'error', what: 'a press PDF uses a font whose program is not in the file' },
  'text-continuity': { severity: 'error', what: 'the text at the foot of a page does not run on into the next page\'s as the book\'s text does: text printed on no page, or printed twice' },
  contents: { severity: 'error', what: 'a heading of the levels the contents list (`toc-depth`, from the book\'s top level) is missing from the contents or the bookmarks, or the contents or a bookmark give another page than the heading\'s' },
} as const;

export type ProofRule = keyof typeof proofRules;
export type Severity = 'error' | 'warning';

export const thresholds = {
  /** Extra space between two ideographs (or letters) of a justified line, in em. */
  stretchCjkEm: 0.25,
  /** Extra space at a word space of a justified line, in em. */
  stretchWordEm: 0.5,
  /** How far a mark may hang past the text block's edge, in em (hanging punctuation). */
  hangEm: 1,
  /** Lowest resolution of a raster image at its printed size, in pixels per inch. */
  minPpi: 150,
  /** The same in a press PDF (the printer's usual floor). */
  pressPpi: 300,
  /** Measuring tolerance for edges, in points. */
  edgePt: 1,
} as const;

/** Marks that may not start a line (JIS X 4051 / W3C jlreq and clreq line-start prohibitions). */
export const closingMarks = /^[、。，．：；？！‼⁇⁈⁉）］｝」』》〉】〕〗〙〛’”»›…‥・〜ゝゞヽヾ々ー,.:;?!)\]}]/u;
/** Text that opens with a closing mark: not a Latin point before a letter or digit (“.deb”,
 *  “.5”: a file's suffix, a number, which may start a line). */
export const opensWithClosingMark = (text: string): boolean => closingMarks.test(text) && !/^[.,][\p{L}\p{N}]/u.test(text);
/** Marks that may not end a line. */
export const openingMarks = /[（［｛「『《〈【〔〖〘〚‘“«‹([{]$/u;
/** Punctuation that may hang past the end of a line. */
export const hangingMarks = /^[、。，．,.]$/u;

/** The README's table of the proof's rules, as Markdown. */
export function proofRulesTable(): string {
  return markdownRulesTable(Object.entries(proofRules).map(([id, rule]) => ({ id, severity: rule.severity, description: rule.what })));
}
