/**
 * Access to `templates/`: EJS templates, CSS and the per-language labels.
 * Everything a reader sees that is not the manuscript's text lives in those files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { Book, Metadata } from './book/model.js';
import { packageRoot } from './package-root.js';

/** Absolute path of the `templates/` folder, with a trailing separator. */
export const templatesDir = path.join(packageRoot, 'templates') + path.sep;

const cache = new Map<string, string>();

/** Text of a file under `templates/`, read once per process. */
export function readTemplate(relative: string): string {
  let text = cache.get(relative);
  if (text === undefined) {
    text = readFileSync(templatesDir + relative, 'utf8');
    cache.set(relative, text);
  }
  return text;
}

/** Renders an EJS template under `templates/` with `data`. */
export function renderTemplate(relative: string, data: Record<string, unknown>): string {
  return ejs.render(readTemplate(relative), data, { filename: templatesDir + relative });
}

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

export interface Labels {
  contents: string;
  cover: string;
  titlePage: string;
  notes: string;
  backToText: string;
  /** `作者：{names}` */
  byline: string;
  /** `译者：{names}` */
  translatorLine: string;
  listSeparator: string;
  landmarks: string;
  startOfContent: string;
  /** `图 {n}` */
  figure: string;
  colophon: string;
  colophonTitle: string;
  colophonAuthor: string;
  colophonTranslator: string;
  colophonPublisher: string;
  colophonDate: string;
  colophonRelease: string;
  colophonIdentifier: string;
  colophonSource: string;
  colophonRights: string;
  colophonGenerator: string;
  /** Over a table continued from the page before (续表). */
  tableContinued: string;
  /** The page list's name (the print edition's page numbers). */
  pageList: string;
  /** The accessibility summary (metadata only, never shown): its parts. */
  a11yText: string;
  a11yImages: string;
  a11yImagesMissing: string;
  a11yRuby: string;
}

/** UI words in the book's language (zh-Hans, zh-Hant, ja, en), from `templates/labels.json`. */
export function labelsFor(lang: string): Labels {
  const all = JSON.parse(readTemplate('labels.json')) as Record<string, Labels>;
  const tag = lang.toLowerCase();
  const key = /^zh-(tw|hk|mo|hant)/.test(tag) ? 'zh-Hant' : tag.startsWith('zh') ? 'zh-Hans' : tag.startsWith('ja') ? 'ja' : 'en';
  return all[key] ?? (all['en'] as Labels);
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
