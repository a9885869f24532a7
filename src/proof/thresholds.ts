/**
 * The proof's rules, their severity and thresholds: one table (documented in the README).
 * `error`: a press would send the book back; `warning`: a typesetter would mend it.
 */
export const proofRules = {
  'running-head-wraps': { severity: 'error', what: 'a running head or folio on more than one line, or outside its margin' },
  overflow: { severity: 'error', what: 'text or an image past the text block (beyond a hanging punctuation mark), or below the bottom margin' },
  'line-stretched': { severity: 'warning', what: 'a justified line whose gaps exceed the threshold' },
  'heading-stranded': { severity: 'warning', what: 'a heading that is the last thing in a page’s text block' },
  widow: { severity: 'warning', what: 'the last line of a paragraph alone at the top of a page' },
  orphan: { severity: 'warning', what: 'the first line of a paragraph alone at the foot of a page' },
  'single-char-line': { severity: 'warning', what: 'a paragraph’s last line of one ideograph (plus punctuation)' },
  kinsoku: { severity: 'warning', what: 'a line that starts with a closing mark or ends with an opening one' },
  'image-resolution': { severity: 'warning', what: 'a raster image printed below 150 ppi at its printed size' },
  'table-row-split': { severity: 'error', what: 'a table row broken across two pages' },
  'font-type3': { severity: 'error', what: 'a Type 3 font in the PDF (bitmap-like glyphs a print shop rejects; Chromium writes one for a synthetic bold)' },
  'glyph-blank': { severity: 'error', what: 'a character printed as blank space (its font lacks it), or U+FFFD' },
  'note-away': { severity: 'error', what: 'a footnote not on the page of its call' },
  contents: { severity: 'error', what: 'a heading missing from the contents or the bookmarks, or a contents page number that differs from the heading’s page' },
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
  /** Measuring tolerance for edges, in points. */
  edgePt: 1,
} as const;

/** Marks that may not start a line (JIS X 4051 / W3C jlreq and clreq line-start prohibitions). */
export const closingMarks = /^[、。，．：；？！‼⁇⁈⁉）］｝」』》〉】〕〗〙〛’”»›…‥・〜ゝゞヽヾ々ー,.:;?!)\]}]/u;
/** Marks that may not end a line. */
export const openingMarks = /[（［｛「『《〈【〔〖〘〚‘“«‹([{]$/u;
/** Punctuation that may hang past the end of a line. */
export const hangingMarks = /^[、。，．,.]$/u;
