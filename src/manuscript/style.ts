/**
 * The book's look, from its theme and book.yaml: a theme Inkstone ships (`templates/themes/`) or a
 * folder of the manuscript with `theme.css` (and `theme.yaml`, the theme's defaults for the keys
 * below), the manuscript's own CSS (css.ts), its faces (fonts/faces.ts), size, leading, margins.
 * book.yaml wins over the theme; every file is confined to the manuscript like every path.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules, type RuleId } from '../diagnostics/rules.js';
import { validate, type ResolvedConfig } from '../config/resolve-config.js';
import { marginsFor, marginsOf, type Margins, type Written } from '../config/style-config.js';
import { ThemeSchema, fontRoles } from '../config/schema.js';
import { parseYaml } from '../config/yaml-source.js';
import { FaceUnavailable, packageDir, families } from '../fonts/catalogue.js';
import { FaceRefused, namedFace, readFaceFile, type FaceChoice, type FontRole } from '../fonts/faces.js';
import { templatesDir } from '../templates.js';
import type { CssSource } from './css.js';
import { confine, ConfineError } from './confine.js';
import { readText } from './read-text.js';

/** Stylesheets by where they apply. */
export interface Sheets {
  all: string;
  epub: string;
  pdf: string;
}

export interface BookStyle {
  /** The theme's name, or its folder as written. */
  theme: string;
  themeCss: Sheets;
  /** The manuscript's own CSS (book.yaml's css, epub.css, pdf.css), cleaned. */
  css: Sheets;
  /** Class names the manuscript's CSS (and its theme folder's) uses. */
  classes: string[];
  fonts: Partial<Record<FontRole, FaceChoice>>;
  /** Print: the text's size in points (else the stylesheets' 10.5 pt). */
  fontSize: number | undefined;
  /** Else the stylesheets' (1.8; 1.75 in vertical books). */
  lineHeight: number | undefined;
  margins: Margins;
  columns: 1 | 2;
  numberChapters: boolean;
  numberSections: boolean;
  /** The numbering comes from the theme, not from book.yaml (withoutThemeNumbers). */
  themeNumbers: boolean;
}

export const shippedThemes = ['classic', 'modern', 'manual'] as const;

type Theme = ReturnType<typeof validateTheme>;
const validateTheme = (source: ReturnType<typeof parseYaml>, display: string) => validate(ThemeSchema, source, display);

interface Context {
  config: ResolvedConfig;
  files: VFile[];
  /** A path as shown in messages. */
  display: (file: string) => string;
}

function failAt(config: ResolvedConfig, written: Written | undefined, message: string, ruleId: RuleId): never {
  throw new InkstoneError(message, { file: written?.file ?? config.configFile, ...written?.place, ruleId });
}

async function confined(ctx: Context, from: string, written: Written, what: string): Promise<string> {
  try {
    return await confine(ctx.config.root, from, written.written, what);
  } catch (error) {
    if (error instanceof ConfineError) failAt(ctx.config, written, error.message, rules.styleMissing);
    throw error;
  }
}

/** A manuscript CSS file, cleaned; its warnings go into a file of its own. */
async function manuscriptCss(ctx: Context, file: string): Promise<{ css: string; classes: Set<string> }> {
  const source: CssSource = { path: file, display: ctx.display(file), text: await readText(file, ctx.display(file)) };
  const vfile = new VFile({ path: source.display });
  ctx.files.push(vfile);
  // css-tree (some 120 modules, 0.1 s to load) only for a manuscript that has CSS of its own
  const { cleanCss } = await import('./css.js');
  return cleanCss(source, vfile, async (written, fromDir) => {
    const real = await confine(ctx.config.root, fromDir, written, 'style sheet');
    return { path: real, display: ctx.display(real), text: await readText(real, ctx.display(real)) };
  });
}

/** The theme: its folder, settings and sheets (a manuscript's theme folder is cleaned CSS). */
async function loadTheme(
  ctx: Context,
  written: Written | undefined,
): Promise<{ name: string; dir: string; settings: Theme | undefined; sheets: Sheets; classes: Set<string>; at: (keys: string[]) => Pick<Written, 'place' | 'file'> }> {
  const name = written?.written ?? 'classic';
  const shipped = (shippedThemes as readonly string[]).includes(name);
  let dir: string;
  if (shipped) dir = path.join(templatesDir, 'themes', name);
  else {
    if (!/[/\\.]/.test(name) && !(await stat(path.resolve(ctx.config.root, name)).catch(() => undefined))) {
      failAt(ctx.config, written, `theme “${name}” is neither one Inkstone ships (${shippedThemes.join(', ')}) nor a folder of the manuscript`, rules.styleMissing);
    }
    dir = path.dirname(await confined(ctx, ctx.config.root, { written: path.join(name, 'theme.css'), place: written?.place }, 'theme'));
  }
  const sheets: Sheets = { all: '', epub: '', pdf: '' };
  const classes = new Set<string>();
  for (const [key, file] of [['all', 'theme.css'], ['epub', 'epub.css'], ['pdf', 'print.css']] as const) {
    const full = path.join(dir, file);
    if (!(await stat(full).catch(() => undefined))?.isFile()) continue;
    if (shipped) sheets[key] = await readFile(full, 'utf8');
    else {
      const real = await confined(ctx, dir, { written: file, place: written?.place }, 'theme style sheet');
      const cleaned = await manuscriptCss(ctx, real);
      sheets[key] = cleaned.css;
      for (const c of cleaned.classes) classes.add(c);
    }
  }
  const yamlFile = path.join(dir, 'theme.yaml');
  let settings: Theme | undefined;
  // Where a theme's setting is written, for messages about it.
  let at = (_keys: string[]): Pick<Written, 'place' | 'file'> => ({ place: written?.place });
  if ((await stat(yamlFile).catch(() => undefined))?.isFile()) {
    const real = shipped ? yamlFile : await confined(ctx, dir, { written: 'theme.yaml', place: written?.place }, 'theme settings');
    const shown = ctx.display(real);
    const source = parseYaml(await readText(real, shown), shown);
    settings = validateTheme(source, shown);
    at = (keys) => ({ place: source.locate(keys), file: shown });
  }
  return { name, dir, settings, sheets, classes, at };
}

/** A face as book.yaml or the theme names it: checked now (known, installed, TrueType). */
async function chooseFace(ctx: Context, written: Written, fromDir: string): Promise<FaceChoice> {
  const value = written.written;
  const refuse = (reason: string): never => failAt(ctx.config, written, `face “${value}” ${reason}`, rules.fontRefused);
  if (!/\.(ttf|otf|woff2?|ttc)$/i.test(value)) {
    try {
      const key = namedFace(value, ctx.config.metadata.lang);
      if (key !== 'body') packageDir(families[key].packageName, ctx.config.root);
    } catch (error) {
      if (error instanceof FaceRefused || error instanceof FaceUnavailable) refuse(error.message);
      throw error;
    }
    return { kind: 'named', name: value };
  }
  const regular = await confined(ctx, fromDir, written, 'face');
  // X-Regular.ttf brings X-Bold.ttf beside it, when there is one.
  const boldName = path.basename(regular).replace(/Regular(?=\.[^.]+$)/, 'Bold');
  const bold = boldName !== path.basename(regular) && (await stat(path.join(path.dirname(regular), boldName)).catch(() => undefined))?.isFile()
    ? await confined(ctx, path.dirname(regular), { written: boldName, place: written.place, file: written.file }, 'face')
    : undefined;
  try {
    const info = await readFaceFile(regular);
    if (bold) await readFaceFile(bold);
    return { kind: 'file', regular, bold, info };
  } catch (error) {
    if (error instanceof FaceRefused) return refuse(error.message);
    throw error;
  }
}

/** The book's look; `files` gets one vfile per manuscript CSS file (its warnings). */
export async function loadStyle(config: ResolvedConfig, files: VFile[], display: (file: string) => string): Promise<BookStyle> {
  const ctx: Context = { config, files, display };
  const { style } = config;
  const theme = await loadTheme(ctx, style.theme);
  const classes = new Set(theme.classes);
  const css: Sheets = { all: '', epub: '', pdf: '' };
  for (const key of ['all', 'epub', 'pdf'] as const) {
    for (const written of style.css[key]) {
      const cleaned = await manuscriptCss(ctx, await confined(ctx, config.root, written, 'style sheet'));
      css[key] += cleaned.css + '\n';
      for (const c of cleaned.classes) classes.add(c);
    }
  }
  const fonts: BookStyle['fonts'] = {};
  for (const role of fontRoles) {
    const own = style.fonts[role];
    const themed = theme.settings?.font?.[role];
    if (own) fonts[role] = await chooseFace(ctx, own, config.root);
    else if (themed) fonts[role] = await chooseFace(ctx, { written: themed, ...theme.at(['font', role]) }, theme.dir);
  }
  const vertical = config.metadata.writingMode === 'vertical-rl';
  return {
    theme: theme.name,
    themeCss: theme.sheets,
    css,
    classes: [...classes].sort(),
    fonts,
    fontSize: style.fontSize ?? theme.settings?.font?.size,
    lineHeight: style.lineHeight ?? theme.settings?.['line-height'],
    margins: wholeCharacters({ ...marginsFor(vertical), ...marginsOf(theme.settings?.page?.margins), ...style.margins }, config.page.size, style.fontSize ?? theme.settings?.font?.size ?? 10.5, vertical),
    columns: style.columns,
    numberChapters: style.numberChapters ?? theme.settings?.['number-chapters'] ?? false,
    numberSections: style.numberSections ?? theme.settings?.['number-sections'] ?? false,
    themeNumbers: style.numberChapters === undefined && style.numberSections === undefined && Boolean(theme.settings?.['number-chapters'] || theme.settings?.['number-sections']),
  };
}

/**
 * Margins widened by less than a character so that a line holds a whole number of characters
 * (a vertical book: a column), as a CJK page is drawn (jlreq's 字詰め): a measure of 32.6
 * characters spreads every full line of Han by 0.6 of a character. Half the rest goes to each side.
 */
function wholeCharacters(margins: Margins, page: { width: number; height: number }, sizePt: number, vertical: boolean): Margins {
  const em = (sizePt * 25.4) / 72;
  const round = (mm: number) => Math.round(mm * 1000) / 1000;
  const measure = vertical ? page.height - margins.top - margins.bottom : page.width - margins.inner - margins.outer;
  const rest = measure - Math.floor(measure / em + 1e-6) * em;
  if (rest < 0.001) return margins;
  return vertical
    ? { ...margins, top: round(margins.top + rest / 2), bottom: round(margins.bottom + rest / 2) }
    : { ...margins, inner: round(margins.inner + rest / 2), outer: round(margins.outer + rest / 2) };
}

/** A heading that carries its own number: 第3章, 章 1., 3.1., Chapter 2, 1、 */
const numberedHeading = /^#{1,3}[ \t]+(?:第[ \t]*[0-9０-９一二三四五六七八九十百千]+[ \t]*[章节節部篇回卷]|(?:\S{1,8}[ \t]+)?[0-9０-９]+(?:[.．][0-9０-９]+)*[.．、:：]?(?:[ \t]|$))/;

/**
 * A theme's numbering (the manual's 3.2.1) is for books whose headings carry no numbers of their
 * own: a manual converted from DocBook says “章 3.” and “3.1.”, and a second number beside those
 * disagrees with them as soon as the book leaves a chapter out. When most headings of the
 * chapters are numbered already, the theme's numbering is off (book.yaml's keys still apply).
 */
export function withoutThemeNumbers(style: BookStyle, chapters: readonly string[]): BookStyle {
  if (!style.themeNumbers) return style;
  const headings = chapters.flatMap((text) => text.split('\n').filter((line) => /^#{1,3}[ \t]/.test(line)));
  const numbered = headings.filter((line) => numberedHeading.test(line)).length;
  return headings.length && numbered * 2 >= headings.length ? { ...style, numberChapters: false, numberSections: false } : style;
}
