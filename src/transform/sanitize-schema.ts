/**
 * What raw HTML in a manuscript may keep (rehype-sanitize): GitHub's schema, narrowed to markup
 * that is valid XHTML5 in an EPUB (no obsolete presentational attributes) and widened for books:
 * ruby, `lang` on any element, `epub:type`, figures, asides, and Inkstone's own note markers.
 * Scripts, frames, objects, event handlers, styles and javascript: URLs never pass.
 */
import { defaultSchema, type Schema } from 'hast-util-sanitize';

type PropertyDefinition = NonNullable<Schema['attributes']>[string][number];

const global = ['id', 'lang', 'dir', 'title', 'className', 'epub:type', 'role', 'ariaLabel', 'ariaHidden'];

/** Elements whose classes the schema narrows (others keep any class): a code block's language,
 *  Inkstone's own em-latin. */
export const narrowedClasses: Record<string, RegExp> = { code: /^language-./, span: /^em-latin$/ };

/** The narrowed elements' class attribute, with `extra` classes allowed too. */
const narrowed = (extra: readonly string[]): Record<string, PropertyDefinition[]> =>
  Object.fromEntries(Object.entries(narrowedClasses).map(([tag, allowed]) => [tag, [['className', allowed, ...extra] as PropertyDefinition]]));

/** The schema, with the classes a manuscript's CSS uses allowed wherever classes are narrowed:
 *  `<span class="big">` keeps its class when the book's CSS styles `.big`. */
export function sanitizeSchemaFor(classes: readonly string[] = []): Schema {
  if (!classes.length) return sanitizeSchema;
  return { ...sanitizeSchema, attributes: { ...sanitizeSchema.attributes, ...narrowed(classes) } };
}

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  clobber: [],
  clobberPrefix: '',
  strip: ['script', 'style', 'template', 'noscript'],
  tagNames: [
    ...(defaultSchema.tagNames ?? []).filter((tag) => !['strike', 'tt'].includes(tag)),
    'abbr', 'aside', 'cite', 'dfn', 'figcaption', 'figure', 'mark', 'small', 'time', 'u', 'bdi', 'bdo', 'wbr', 'caption', 'col', 'colgroup',
  ],
  attributes: {
    '*': global,
    a: ['href', 'hrefLang', 'dataNoteref'],
    aside: ['dataNoteDefinition', 'dataNoteLabel'],
    blockquote: ['cite'],
    col: ['span'],
    colgroup: ['span'],
    del: ['cite', 'dateTime'],
    img: ['dataInkstoneSrc', 'alt', 'title', 'width', 'height'],
    input: [['disabled', true], ['type', 'checkbox'], 'checked'],
    ins: ['cite', 'dateTime'],
    li: ['value'],
    ol: ['start', 'reversed', 'type'],
    q: ['cite'],
    // the heading as written, before an edition's script conversion (remark-convert-script)
    ...Object.fromEntries(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag) => [tag, ['dataSourceText']])),
    td: ['colSpan', 'rowSpan', 'headers', 'align'],
    th: ['colSpan', 'rowSpan', 'headers', 'scope', 'abbr', 'align'],
    ...narrowed([]),
    time: ['dateTime'],
  },
  protocols: {
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
  },
  required: { input: { disabled: true, type: 'checkbox' } },
};
