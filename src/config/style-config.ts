/**
 * The look as book.yaml sets it: theme, CSS files, faces, size, leading, margins, columns
 * (manuscript/style.ts merges the theme's defaults in and reads the files).
 */
import { fontRoles, type FrontMatter } from './schema.js';
import type { YamlSource } from './yaml-source.js';

export type FontRole = (typeof fontRoles)[number];

/** The print page's margins, in millimetres (pdf/geometry.ts holds the defaults). */
export interface Margins {
  top: number;
  bottom: number;
  /** Towards the spine. */
  inner: number;
  /** Towards the fore-edge. */
  outer: number;
}


/** Inkstone's margins, unless a theme or book.yaml sets others. */
export const horizontalMargins: Margins = { top: 20, bottom: 22, inner: 18, outer: 15 };
export const verticalMargins: Margins = { top: 20, bottom: 22, inner: 16, outer: 16 };

export function marginsFor(vertical: boolean): Margins {
  return vertical ? verticalMargins : horizontalMargins;
}

/** A path the configuration names, with where (for messages). */
export interface Written {
  written: string;
  place: { line: number; column: number } | undefined;
  /** The file it is written in, as shown, when not book.yaml (a theme's theme.yaml). */
  file?: string | undefined;
}

/** The look as book.yaml sets it (theme defaults are merged in by manuscript/style.ts). */
export interface StyleConfig {
  theme: Written | undefined;
  css: { all: Written[]; epub: Written[]; pdf: Written[] };
  fonts: Partial<Record<FontRole, Written>>;
  /** Points. */
  fontSize: number | undefined;
  lineHeight: number | undefined;
  margins: Partial<Margins> | undefined;
  columns: 1 | 2;
  numberSections: boolean | undefined;
  numberChapters: boolean | undefined;
}

export function styleConfig(parsed: FrontMatter, source: YamlSource): StyleConfig {
  const written = (value: string | undefined, keys: Array<string | number>): Written | undefined => (value ? { written: value, place: source.locate(keys) } : undefined);
  const list = (values: string[] | undefined, keys: string[]): Written[] =>
    (values ?? []).map((value, index) => ({ written: value, place: source.locate([...keys, index]) ?? source.locate(keys) }));
  const fonts: StyleConfig['fonts'] = {};
  for (const role of fontRoles) {
    const chosen = written(parsed.font?.[role], ['font', role]);
    if (chosen) fonts[role] = chosen;
  }
  return {
    theme: written(parsed.theme, ['theme']),
    css: { all: list(parsed.css, ['css']), epub: list(parsed.epub?.css, ['epub', 'css']), pdf: list(parsed.pdf?.css, ['pdf', 'css']) },
    fonts,
    fontSize: parsed.font?.size,
    lineHeight: parsed['line-height'],
    margins: marginsOf(parsed.page?.margins),
    columns: parsed.page?.columns ?? 1,
    numberSections: parsed['number-sections'],
    numberChapters: parsed['number-chapters'],
  };
}

/** `page.margins`: one length for all four sides, or some of them by name. */
export function marginsOf(value: number | { top?: number; bottom?: number; inner?: number; outer?: number } | undefined): Partial<Margins> | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, side]) => side !== undefined));
  return { top: value, bottom: value, inner: value, outer: value };
}

