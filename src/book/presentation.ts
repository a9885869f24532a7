/**
 * What the templates show of a book: the classes on every document's root, the book's own
 * stylesheets in order, the colophon's rows. Shared by the EPUB and the print renderers.
 */
import type { Book, Metadata } from './model.js';
import { readTemplate, type Labels } from '../templates.js';

/** Classes on every document's root: writing mode and how Han–Latin spacing is done. */
export function rootClasses(book: Pick<Book, 'metadata' | 'typography'>): string {
  const mode = book.metadata.writingMode === 'vertical-rl' ? 'vrl' : 'htb';
  return book.typography.autospace === 'css' ? mode : `${mode} no-autospace`;
}

/**
 * The book's own stylesheets, after Inkstone's (typography, the output's, the faces): the theme's
 * (for both outputs, then for this one), the sizes book.yaml or the theme set, the manuscript's
 * CSS (for both, then for this one) — so that each may restyle what comes before it.
 */
export function bookSheets(book: Pick<Book, 'style'>, target: 'epub' | 'pdf'): string[] {
  const { style } = book;
  const settings = [
    style.lineHeight !== undefined ? `--ink-line-height: ${style.lineHeight};` : '',
    target === 'pdf' && style.fontSize !== undefined ? `--ink-font-size: ${style.fontSize}pt;` : '',
  ].join(' ');
  const columns = target === 'pdf' && style.columns === 2 ? readTemplate('print/columns.css') : '';
  return [columns, style.themeCss.all, style.themeCss[target], settings.trim() ? `:root { ${settings.trim()} }` : '', style.css.all, style.css[target]].filter((css) => css.trim());
}

/** The colophon's lines (label, value) from the metadata, in the order a 版权页 gives them. */
export function colophonRows(metadata: Metadata, labels: Labels, separator = labels.listSeparator): Array<{ label: string; value: string }> {
  const rows: Array<[string, string | undefined]> = [
    [labels.colophonTitle, metadata.subtitle ? `${metadata.title}：${metadata.subtitle}` : metadata.title],
    [labels.colophonAuthor, metadata.authors.join(separator) || undefined],
    [labels.colophonTranslator, metadata.translators.join(separator) || undefined],
    [labels.colophonPublisher, metadata.publisher],
    [labels.colophonDate, metadata.date],
    [labels.colophonRelease, metadata.release],
    [labels.colophonIdentifier, metadata.identifier],
    [labels.colophonSource, metadata.source],
    [labels.colophonRights, metadata.rights],
    [labels.colophonGenerator, `${metadata.generator}（${metadata.modified.toISOString().slice(0, 10)}）`],
  ];
  return rows.filter((row): row is [string, string] => !!row[1]).map(([label, value]) => ({ label, value }));
}
