/**
 * The manuscript's configuration, as a schema: `book.yaml`, or the YAML front matter of a
 * single-file manuscript. Every field carries a description; types are derived from the schema.
 * Metadata keys follow pandoc's names where pandoc has one.
 */
import * as v from 'valibot';

// C0 controls (but tab and line breaks) cannot appear in an XML book.
// eslint-disable-next-line no-control-regex
const clean = (value: string | number) => String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').trim();

const text = (description: string) =>
  v.optional(
    v.pipe(
      v.union([v.string(), v.number()]),
      v.transform(clean),
      v.description(description),
    ),
  );

const names = (description: string) =>
  v.optional(
    v.pipe(
      v.union([v.string(), v.array(v.string())]),
      v.transform((value) => (Array.isArray(value) ? value : [value]).map(clean).filter(Boolean)),
      v.description(description),
    ),
  );

/** A length in millimetres: 20, “20”, “20mm”. */
const length = (key: string) =>
  v.pipe(
    v.union([v.number(), v.string()]),
    v.transform((value) => (typeof value === 'number' ? value : Number(String(value).trim().replace(/\s*mm$/i, '')))),
    v.number(`${key} is a length in millimetres, e.g. 20`),
    v.minValue(5, `${key} is at least 5 mm`),
    v.maxValue(80, `${key} is at most 80 mm`),
  );

/** CSS files of the manuscript: one path or a list. */
const stylesheets = (description: string) =>
  v.optional(
    v.pipe(
      v.union([v.string(), v.array(v.string())]),
      v.transform((value) => (Array.isArray(value) ? value : [value]).map((item) => item.trim()).filter(Boolean)),
      v.description(description),
    ),
  );

export const chapterKinds = ['front', 'body', 'back', 'part'] as const;

/** schema.org's accessibilityHazard values. */
const hazards = ['none', 'flashing', 'noFlashingHazard', 'unknownFlashingHazard', 'motionSimulation', 'noMotionSimulationHazard', 'unknownMotionSimulationHazard', 'sound', 'noSoundHazard', 'unknownSoundHazard', 'unknown'] as const;

export const ChapterEntrySchema = v.union([
  v.pipe(v.string(), v.minLength(1), v.description('Path of a Markdown file, relative to book.yaml.')),
  v.strictObject({
    file: v.pipe(v.string(), v.minLength(1), v.description('Path of a Markdown file, relative to book.yaml.')),
    title: text('Title for the contents when the file has no level-1 heading.'),
    'short-title': text('Running head for this chapter, when its title is too long for one.'),
    kind: v.optional(
      v.pipe(v.picklist(chapterKinds), v.description('front (preface), body (default), back (appendix) or part (a part title page).')),
    ),
  }),
]);

export const PageSchema = v.strictObject({
  size: v.optional(
    v.pipe(
      v.union([v.string(), v.number()]),
      v.transform((value) => String(value).trim()),
      v.description('Trim size: A5 (default), A4, B5, 16开 (185×260 mm), or “W H” in millimetres, e.g. “130 184”.'),
    ),
  ),
  'chapter-start': v.optional(
    v.pipe(v.picklist(['any', 'right']), v.description('Start chapters on any new page (default) or on a right-hand page.')),
  ),
  bleed: v.optional(
    v.pipe(
      v.union([v.number(), v.string()]),
      v.transform((value) => (typeof value === 'number' ? value : Number(String(value).trim().replace(/\s*mm$/i, '')))),
      v.number('page.bleed is a length in millimetres, e.g. 3'),
      v.minValue(0, 'page.bleed is at least 0 mm'),
      v.maxValue(10, 'page.bleed is at most 10 mm'),
      v.description('Press PDF: bleed around the trim, in millimetres (default 3).'),
    ),
  ),
  marks: v.optional(
    v.pipe(
      v.picklist(['crop', 'cross', 'crop cross', 'none']),
      v.description('Press PDF: crop marks at the corners (crop, default), registration crosses at the sides (cross), both (crop cross) or none.'),
    ),
  ),
  signature: v.optional(
    v.pipe(
      v.picklist([1, 4, 8, 16], 'page.signature is 4, 8 or 16 pages (or 1 for no padding)'),
      v.description('Press PDF: pad the book with blank pages at the end to a multiple of 4, 8 or 16 pages (default 1: no padding).'),
    ),
  ),
  margins: v.optional(
    v.pipe(
      v.union([length('page.margins'), v.strictObject({ top: v.optional(length('page.margins.top')), bottom: v.optional(length('page.margins.bottom')), inner: v.optional(length('page.margins.inner')), outer: v.optional(length('page.margins.outer')) })]),
      v.description('Print margins in millimetres: one number for all four, or top, bottom, inner (spine) and outer, e.g. “{top: 20, bottom: 22, inner: 20, outer: 15}” (default: the theme’s).'),
    ),
  ),
  columns: v.optional(
    v.pipe(v.picklist([1, 2], 'page.columns is 1 or 2'), v.description('Print: text in one (default) or two columns, for wide pages (A4, B5).')),
  ),
  'hidden-folio': v.optional(
    v.pipe(v.boolean(), v.description('Press PDF: a small page number at the spine on pages that show none (blank pages), for the bindery (隠しノンブル; default false).')),
  ),
});

export const PdfSchema = v.strictObject({
  css: stylesheets('CSS files for the PDF only, after `css`.'),
  press: v.optional(
    v.pipe(
      v.union([v.boolean(), v.picklist(['x4', 'x1a'])]),
      v.description('Also write NAME.press.pdf for the printer: PDF/X-4 (true or x4) or PDF/X-1a:2001 (x1a); default false (or --press).'),
    ),
  ),
  'press-profile': text('Press PDF: the printing condition’s CMYK ICC profile: swop (default: Ghostscript’s SWOP coated profile, CGATS TR 001) or an .icc file in the manuscript (FOGRA39, Japan Color 2001 Coated, … from your printer).'),
  'press-condition': text('Press PDF: the output condition identifier of a profile from the manuscript, e.g. FOGRA39 or JC200103 (default: the profile’s description).'),
  'press-color': v.optional(
    v.pipe(v.picklist(['cmyk', 'gray']), v.description('Press PDF: cmyk (default; text and rules on the K plate, images through the profile) or gray (everything on the K plate).')),
  ),
});

export const EpubSchema = v.strictObject({
  css: stylesheets('CSS files for the EPUB only, after `css`.'),
  'embed-fonts': v.optional(
    v.pipe(v.boolean(), v.description('Embed a subset of the body font (default: true for Chinese and Japanese).')),
  ),
});

export const AccessibilitySchema = v.strictObject({
  summary: text('The EPUB’s accessibility summary, in place of the one Inkstone writes from the content.'),
  hazard: v.optional(
    v.pipe(
      v.union([v.picklist(hazards), v.array(v.picklist(hazards))]),
      v.transform((value) => (Array.isArray(value) ? value : [value])),
      v.description('schema:accessibilityHazard values (default: none), e.g. flashing, motionSimulation, sound.'),
    ),
  ),
});

export const fontRoles = ['body', 'heading', 'quote', 'code'] as const;

export const FontSchema = v.strictObject({
  ...Object.fromEntries(
    fontRoles.map((role) => [
      role,
      text(`The ${role === 'body' ? 'text' : role === 'quote' ? 'quotations (blockquote)' : role === 'code' ? 'code' : 'headings'}’s face: a face Inkstone knows by name (README: “Themes, faces and your own CSS”), body (the text’s), or a TrueType file of the manuscript (.ttf, .woff2).`),
    ]),
  ) as Record<(typeof fontRoles)[number], ReturnType<typeof text>>,
  size: v.optional(
    v.pipe(
      v.union([v.number(), v.string()]),
      v.transform((value) => (typeof value === 'number' ? value : Number(String(value).trim().replace(/\s*pt$/i, '')))),
      v.number('font.size is a size in points, e.g. 10.5'),
      v.minValue(6, 'font.size is at least 6 pt'),
      v.maxValue(24, 'font.size is at most 24 pt'),
      v.description('Print: the text’s size in points (default: the theme’s, 10.5). E-readers let the reader choose.'),
    ),
  ),
});

export const ThemeSchema = v.strictObject({
  description: text('What the theme is for.'),
  font: v.optional(FontSchema),
  'line-height': v.optional(v.pipe(v.number('line-height is a number, e.g. 1.8'), v.minValue(1, 'line-height is at least 1'), v.maxValue(3, 'line-height is at most 3'))),
  'number-chapters': v.optional(v.boolean()),
  'number-sections': v.optional(v.boolean()),
  page: v.optional(v.strictObject({ margins: PageSchema.entries.margins })),
});

export const FootnotesSchema = v.strictObject({
  numbering: v.optional(
    v.pipe(v.picklist(['book', 'chapter']), v.description('Number notes continuously through the book (default) or restart in every chapter.')),
  ),
  marker: v.optional(
    v.pipe(v.picklist(['number', 'circled']), v.description('In the PDF: note numbers (default), or circled numbers ①②… restarting on every page.')),
  ),
});

const metadataEntries = {
  title: v.pipe(
    v.union([v.string(), v.number()]),
    v.transform(clean),
    v.minLength(1, 'title must not be empty'),
    v.description('Title of the book (required).'),
  ),
  subtitle: text('Subtitle.'),
  'short-title': text('Running head on left-hand pages, when the title is too long for one (default: the title, cut with an ellipsis).'),
  author: names('Author or list of authors.'),
  translator: names('Translator or list of translators.'),
  publisher: text('Publisher (or the compiler of a translation).'),
  lang: text('Language as a BCP 47 tag: zh-CN (default), zh-TW, zh-Hant, ja, …'),
  date: text('Publication date, ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD).'),
  identifier: text('Unique identifier (ISBN, URN, URL). Derived from the metadata when absent.'),
  rights: text('Copyright or licence statement.'),
  description: text('Short description of the book.'),
  source: text('Where the text comes from, e.g. the URL of the original.'),
  cover: text('Cover image (PNG, JPEG or SVG), relative to the manuscript.'),
  'writing-mode': v.optional(
    v.pipe(v.picklist(['horizontal-tb', 'vertical-rl']), v.description('horizontal-tb (default) or vertical-rl.')),
  ),
  punctuation: v.optional(
    v.pipe(
      v.picklist(['normalize', 'keep']),
      v.description('normalize (default for Chinese): half-width , : ; ? ! ( ) in Chinese text become full-width; keep: as written.'),
    ),
  ),
  autospace: v.optional(
    v.pipe(
      v.picklist(['css', 'insert', 'off']),
      v.description('Space between Han and Latin/digits: css (default, text-autospace), insert (spaces at build time), off.'),
    ),
  ),
  'number-figures': v.optional(
    v.pipe(v.boolean(), v.description('Number figures through the book: 图 1, 图 2 … (default false).')),
  ),
  colophon: v.optional(
    v.pipe(v.boolean(), v.description('Add a colophon (版权页) made from the metadata after the title page (default true).')),
  ),
  'toc-depth': v.optional(
    v.pipe(
      v.number('toc-depth is a number of heading levels, 1 to 6'),
      v.integer('toc-depth is a whole number of heading levels, 1 to 6'),
      v.minValue(1, 'toc-depth is at least 1 (chapters only)'),
      v.maxValue(6, 'toc-depth is at most 6'),
      v.description('Heading levels in the contents and bookmarks: 1 (chapters), 2 (default: and their sections), up to 6.'),
    ),
  ),
  'number-chapters': v.optional(
    v.pipe(v.boolean(), v.description('Number body chapters that have a level-1 heading (default false).')),
  ),
  theme: text('The look: a theme Inkstone ships (classic, default; modern; manual) or a folder of the manuscript with theme.css (and theme.yaml).'),
  css: stylesheets('CSS files of the manuscript, applied after the theme, to the EPUB and the PDF.'),
  font: v.optional(FontSchema),
  'line-height': v.optional(
    v.pipe(v.number('line-height is a number, e.g. 1.8'), v.minValue(1, 'line-height is at least 1'), v.maxValue(3, 'line-height is at most 3'), v.description('Line height of the text (default: the theme’s, 1.8).')),
  ),
  'number-sections': v.optional(
    v.pipe(v.boolean(), v.description('Number the sections of numbered chapters: 1.1, 1.2 … (default: the theme’s; false).')),
  ),
  page: v.optional(PageSchema),
  footnotes: v.optional(FootnotesSchema),
  accessibility: v.optional(AccessibilitySchema),
  epub: v.optional(EpubSchema),
  pdf: v.optional(PdfSchema),
};

/** Front matter of a single-file manuscript. */
export const FrontMatterSchema = v.strictObject(metadataEntries);

/** `book.yaml`: the metadata plus the ordered list of chapters. */
export const BookFileSchema = v.strictObject({
  ...metadataEntries,
  chapters: v.pipe(
    v.array(ChapterEntrySchema),
    v.minLength(1, 'chapters must list at least one Markdown file'),
    v.description('Ordered list of chapter files.'),
  ),
});

export type FrontMatter = v.InferOutput<typeof FrontMatterSchema>;
export type BookFile = v.InferOutput<typeof BookFileSchema>;
export type ChapterEntry = v.InferOutput<typeof ChapterEntrySchema>;
export type ChapterKind = (typeof chapterKinds)[number];
