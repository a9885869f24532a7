/**
 * Access to `templates/`: EJS templates, CSS and the per-language labels.
 * Everything a reader sees that is not the manuscript's text lives in those files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
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
  /** The same, for a table whose caption names it: `{table}` is its label and number. */
  tableContinuedNamed: string;
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
