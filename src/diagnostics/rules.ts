/**
 * Every message Inkstone gives about a manuscript or a build carries one of these rule ids:
 * the one registry. The README's list of messages is `rulesTable()` (test/readme.test.ts fails,
 * printing the table, when they differ). The proof's rules have their own table
 * (proof/thresholds.ts).
 */
export const rules = {
  configSyntax: 'config-syntax',
  configUnknownKey: 'config-unknown-key',
  configInvalid: 'config-invalid',
  chapterMissing: 'chapter-missing',
  chapterDuplicate: 'chapter-duplicate',
  chapterEmpty: 'chapter-empty',
  chapterFrontMatter: 'chapter-front-matter',
  notUtf8: 'encoding-not-utf8',
  characterInvalid: 'character-invalid',
  emptyManuscript: 'manuscript-empty',
  footnoteUndefined: 'footnote-undefined',
  footnoteUnused: 'footnote-unused',
  footnoteDuplicate: 'footnote-duplicate',
  footnoteNested: 'footnote-nested',
  tableCellsDropped: 'table-cells-dropped',
  punctuationHalfwidth: 'punctuation-halfwidth',
  htmlUnsafe: 'html-unsafe',
  linkUnresolved: 'link-unresolved',
  linkInvalid: 'link-invalid',
  pathOutside: 'path-outside',
  imageRefused: 'image-refused',
  imageAltMissing: 'image-alt-missing',
  imageSvgCleaned: 'image-svg-cleaned',
  glyphMissing: 'glyph-missing',
  coverMissing: 'cover-missing',
  pdfNoteDropped: 'pdf-note-dropped',
  requestBlocked: 'request-blocked',
  browserMissing: 'browser-missing',
  browserFailed: 'browser-failed',
  pressFailed: 'press-failed',
  cssSyntax: 'css-syntax',
  cssRefused: 'css-refused',
  cssInvalid: 'css-invalid',
  styleMissing: 'style-missing',
  fontRefused: 'font-refused',
  classUnstyled: 'class-unstyled',
} as const;

export type RuleId = (typeof rules)[keyof typeof rules];

/** What each rule reports, and how: an error stops the build (nothing written), a warning does
 *  not (but does under `--strict`). */
export const ruleInfo: Record<RuleId, { severity: 'error' | 'warning'; description: string }> = {
  'config-syntax': { severity: 'error', description: 'book.yaml (or the front matter) is not valid YAML' },
  'config-unknown-key': { severity: 'error', description: 'a key Inkstone does not know, in book.yaml or in a chapter’s front matter' },
  'config-invalid': { severity: 'error', description: 'a value of the wrong kind (the message names the key, what was found and what is allowed); a language that is not a BCP 47 tag, a date not `YYYY[-MM[-DD]]`, a page size outside 80–1000 × 100–1000 mm' },
  'chapter-missing': { severity: 'error', description: 'a chapter file that is missing, or outside the manuscript folder (`../`, an absolute path, a `file:` URL, a symlink pointing out)' },
  'chapter-duplicate': { severity: 'error', description: 'a chapter listed twice in book.yaml' },
  'chapter-empty': { severity: 'warning', description: 'a chapter with no text: left out of the book' },
  'chapter-front-matter': { severity: 'error', description: 'a key other than title, short-title and kind in a chapter’s front matter' },
  'encoding-not-utf8': { severity: 'error', description: 'a file that is not UTF-8 (the message gives the byte offset)' },
  'character-invalid': { severity: 'warning', description: 'a control character that cannot be in a book (removed)' },
  'manuscript-empty': { severity: 'error', description: 'every chapter is empty' },
  'footnote-undefined': { severity: 'warning', description: 'a note cited but never defined (the call stays as text)' },
  'footnote-unused': { severity: 'warning', description: 'a note defined but never cited' },
  'footnote-duplicate': { severity: 'warning', description: 'a note defined twice (the first definition is kept)' },
  'footnote-nested': { severity: 'warning', description: 'a note cited inside another note' },
  'table-cells-dropped': { severity: 'warning', description: 'a table row with more cells than its header row: Markdown leaves the rest out; where a vertical bar inside code split it (which a table needs escaped with a backslash), Inkstone reads the row again with the bar escaped' },
  'punctuation-halfwidth': { severity: 'warning', description: 'a half-width mark in Chinese text that the build makes full-width, or a straight double quote it pairs into “…” (`inkstone check` only; `--fix` rewrites them)' },
  'html-unsafe': { severity: 'warning', description: 'raw HTML that could run or load something (script, iframe, event handler, `javascript:`): removed' },
  'link-unresolved': { severity: 'warning', description: 'a link to a chapter or heading the book does not have' },
  'link-invalid': { severity: 'warning', description: 'a web link that is not a valid URL' },
  'path-outside': { severity: 'error', description: 'a link or image path that leaves the manuscript folder' },
  'image-refused': { severity: 'error', description: 'an image that is missing, outside the manuscript folder, remote without `--allow-remote`, not an image, or too large' },
  'image-alt-missing': { severity: 'warning', description: 'an image without a description (alt text)' },
  'image-svg-cleaned': { severity: 'warning', description: 'an SVG had scripts, handlers, animations, foreign content or references outside the file: removed (the message lists them)' },
  'glyph-missing': { severity: 'warning', description: 'a character no face of the book has (in the text, the metadata or an SVG’s text): print shows 〓' },
  'cover-missing': { severity: 'warning', description: 'no cover could be drawn (Chromium is not available)' },
  'pdf-note-dropped': { severity: 'warning', description: 'the page layout left a note out of the PDF (the EPUB has it)' },
  'request-blocked': { severity: 'warning', description: 'the PDF page asked for a file that is not part of the build (refused)' },
  'browser-missing': { severity: 'error', description: 'no Chromium found (exit 3)' },
  'browser-failed': { severity: 'error', description: 'Chromium failed or timed out (exit 3, after one retry)' },
  'css-syntax': { severity: 'error', description: 'a manuscript CSS file that a browser cannot read (the message gives its line and column)' },
  'css-refused': { severity: 'warning', description: 'manuscript CSS that would load something (`@import` of a remote sheet, `url(…)`) or name a face (`@font-face`: use `font.*`), or run code: removed' },
  'css-invalid': { severity: 'warning', description: 'a property or value the CSS grammar does not know (a browser ignores it)' },
  'style-missing': { severity: 'error', description: 'a CSS file, theme folder or face file that is missing, or outside the manuscript folder' },
  'font-refused': { severity: 'error', description: 'a face that Inkstone does not know, that is not installed (the message gives the npm command), or whose file has PostScript (CFF) outlines or is a collection' },
  'class-unstyled': { severity: 'warning', description: 'a `class` on raw HTML that no manuscript CSS uses: removed' },
  'press-failed': { severity: 'error', description: 'the press PDF could not be made: Ghostscript is not installed or failed (exit 3), or the press profile is not a CMYK output profile' },
};

/** A README table of rules (these, and the proof's), as Markdown. */
export function markdownRulesTable(rows: Array<{ id: string; severity: string; description: string }>): string {
  return ['| rule | severity | reported when |', '| --- | --- | --- |', ...rows.map((row) => `| \`${row.id}\` | ${row.severity} | ${row.description} |`)].join('\n');
}

/** The README's list of messages, as Markdown. */
export function rulesTable(): string {
  return markdownRulesTable(Object.entries(ruleInfo).map(([id, info]) => ({ id, ...info })));
}
