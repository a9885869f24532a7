/** Stable rule ids for everything Inkstone reports. Documented in the README. */
export const rules = {
  configSyntax: 'config-syntax',
  configUnknownKey: 'config-unknown-key',
  configInvalid: 'config-invalid',
  chapterMissing: 'chapter-missing',
  chapterDuplicate: 'chapter-duplicate',
  chapterEmpty: 'chapter-empty',
  chapterFrontMatter: 'chapter-front-matter',
  notUtf8: 'encoding-not-utf8',
  emptyManuscript: 'manuscript-empty',
  footnoteUndefined: 'footnote-undefined',
  footnoteUnused: 'footnote-unused',
  footnoteDuplicate: 'footnote-duplicate',
  glyphMissing: 'glyph-missing',
  imageSvgCleaned: 'image-svg-cleaned',
  browserMissing: 'browser-missing',
  browserFailed: 'browser-failed',
} as const;

export type RuleId = (typeof rules)[keyof typeof rules];
