/**
 * Validated configuration → the resolved form every later stage reads: absolute paths,
 * defaults filled in, lists normalised.
 */
import path from 'node:path';
import * as v from 'valibot';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { BookFileSchema, FrontMatterSchema, type ChapterKind, type FrontMatter } from './schema.js';
import type { PressSettings } from './press-settings.js';
import { defaultPageSize, pageSizeProblem, parsePageSize, type PageSize } from './page-size.js';
import { dateProblem, languageProblem } from './values.js';
import type { YamlSource } from './yaml-source.js';
import { styleConfig, type StyleConfig } from './style-config.js';

export interface ResolvedChapterEntry {
  /** Absolute path of the Markdown file. */
  path: string;
  /** Path as shown in messages. */
  displayPath: string;
  title: string | undefined;
  shortTitle: string | undefined;
  kind: ChapterKind;
  /** As written in the configuration, and where (for messages). */
  written: string;
  place?: { line: number; column: number } | undefined;
}

export interface ConfigMetadata {
  title: string;
  /** Running head on left-hand pages (`short-title`), when not the title. */
  shortTitle: string | undefined;
  subtitle: string | undefined;
  authors: string[];
  translators: string[];
  publisher: string | undefined;
  lang: string;
  date: string | undefined;
  identifier: string | undefined;
  rights: string | undefined;
  description: string | undefined;
  source: string | undefined;
  /** Absolute path of the cover image. */
  cover: string | undefined;
  writingMode: 'horizontal-tb' | 'vertical-rl';
}

export interface ResolvedConfig {
  /** Absolute path of the manuscript folder. */
  root: string;
  /** Absolute path of the file the configuration came from. */
  configPath: string;
  /** The same, as shown in messages. */
  configFile: string;
  metadata: ConfigMetadata;
  chapters: ResolvedChapterEntry[];
  numberChapters: boolean;
  numberFigures: boolean;
  /** Heading levels in the contents (`toc-depth`). */
  tocDepth: number;
  colophon: boolean;
  footnoteNumbering: 'book' | 'chapter';
  page: { size: PageSize; chapterStart: 'any' | 'right'; noteMarker: 'number' | 'circled'; press: PressSettings };
  epub: { embedFonts: boolean; accessibility: { summary?: string | undefined; hazards?: string[] | undefined } };
  typography: { punctuation: 'normalize' | 'keep'; autospace: 'css' | 'insert' | 'off' };
  style: StyleConfig;
}

type Issue = v.BaseIssue<unknown>;

/** What a required key is, for the message that says it is missing. */
const requiredHints: Record<string, string> = {
  title: 'the book\'s title, e.g. “title: 书名”',
  chapters: 'the chapter files in book order, e.g. “chapters: [01.md, 02.md]”',
  file: 'the chapter\'s Markdown file, e.g. “- file: 01.md”',
};

/** valibot's word for what it found, in a person's words. */
function found(received: string | undefined): string {
  if (received === 'Array') return 'a list';
  if (received === 'Object') return 'a mapping (key: value)';
  if (received === 'null' || received === 'undefined') return 'nothing';
  return received ?? 'something else';
}

/** One issue of valibot's, as a sentence naming the key, the value found and what is allowed
 *  (valibot's own messages — “Expected (string | Object) but received Object” — say neither). */
function explain(issue: Issue): { keys: Array<string | number>; message: string } {
  let keys = (issue.path ?? []).map((item) => item.key as string | number);
  // A union (a chapter entry, a text field): the branch that matches the value's kind says why.
  if (issue.type === 'union' && issue.issues?.length) {
    const deepest = [...issue.issues].sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0] as Issue;
    if (deepest.path?.length) {
      keys = [...keys, ...deepest.path.map((item) => item.key as string | number)];
      issue = deepest;
    }
  }
  const name = keys.map(String).join('.');
  const last = String(keys[keys.length - 1] ?? '');
  if (issue.type === 'strict_object' && issue.received === 'undefined') {
    const hint = requiredHints[last];
    return { keys, message: `“${name}” is required${hint ? `: ${hint}` : ''}` };
  }
  if (issue.type === 'picklist') {
    const allowed = (issue.expected ?? '').replace(/[()"]/g, '').split(' | ').join(', ');
    return { keys, message: `“${name}”: ${found(issue.received)} is not allowed; use one of ${allowed}` };
  }
  if (issue.type === 'boolean') return { keys, message: `“${name}”: write true or false, not ${found(issue.received)}` };
  if (issue.type === 'array') return { keys, message: `“${name}” is a list: one item per line, each starting with “- ”; found ${found(issue.received)}` };
  if (issue.type === 'union' && keys[0] === 'chapters') {
    return { keys, message: `“${name}”: a chapter is a file name (“- 01.md”) or a mapping with file, title, short-title and kind; found ${found(issue.received)}` };
  }
  if (issue.type === 'union' && issue.expected === '(string | number)') return { keys, message: `“${name}”: expected text, found ${found(issue.received)}` };
  if (issue.type === 'union' && issue.expected === '(string | Array)') return { keys, message: `“${name}”: expected a name or a list of names, found ${found(issue.received)}` };
  if (issue.type === 'number') return { keys, message: `“${name}”: expected a number, found ${found(issue.received)}` };
  if (issue.type === 'strict_object' || issue.type === 'object') return { keys, message: `“${name}”: expected a mapping of keys to values, found ${found(issue.received)}` };
  return { keys, message: name ? `“${name}”: ${issue.message}` : issue.message };
}

function fail(source: YamlSource, displayPath: string, issue: Issue): never {
  // valibot reports an unknown key of a strict object with `expected: "never"`.
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    const keys = (issue.path ?? []).map((item) => item.key as string | number);
    const place = source.locate(keys, true);
    const name = String(keys[keys.length - 1]);
    const where = keys.length > 1 ? ` in “${keys.slice(0, -1).join('.')}”` : '';
    throw new InkstoneError(`unknown key “${name}”${where}`, { file: displayPath, ...place, ruleId: rules.configUnknownKey });
  }
  const { keys, message } = explain(issue);
  // A missing key has no place of its own: its mapping's.
  const place = source.locate(keys) ?? source.locate(keys.slice(0, -1)) ?? { line: 1, column: 1 };
  throw new InkstoneError(message, { file: displayPath, ...place, ruleId: rules.configInvalid });
}

export function validate<S extends v.GenericSchema>(schema: S, source: YamlSource, displayPath: string): v.InferOutput<S> {
  const data = source.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InkstoneError('the configuration must be a YAML mapping of keys to values', {
      file: displayPath,
      line: 1,
      ruleId: rules.configInvalid,
    });
  }
  const result = v.safeParse(schema, data);
  if (!result.success) fail(source, displayPath, result.issues[0] as Issue);
  return result.output;
}

function resolveCommon(
  parsed: FrontMatter,
  source: YamlSource,
  root: string,
  configPath: string,
  displayPath: string,
): Omit<ResolvedConfig, 'chapters'> {
  const invalid = (keys: string[], message: string): never => {
    throw new InkstoneError(`“${keys.join('.')}”: ${message}`, { file: displayPath, ...source.locate(keys), ruleId: rules.configInvalid });
  };
  const sizeText = parsed.page?.size ?? defaultPageSize;
  const size = parsePageSize(sizeText) ?? invalid(['page', 'size'], pageSizeProblem(sizeText));
  const langProblem = parsed.lang ? languageProblem(parsed.lang) : undefined;
  if (langProblem) invalid(['lang'], langProblem);
  const badDate = parsed.date ? dateProblem(parsed.date) : undefined;
  if (badDate) invalid(['date'], badDate);
  return {
    root,
    configPath,
    configFile: displayPath,
    metadata: {
      title: parsed.title,
      shortTitle: parsed['short-title'] || undefined,
      subtitle: parsed.subtitle || undefined,
      authors: parsed.author ?? [],
      translators: parsed.translator ?? [],
      publisher: parsed.publisher || undefined,
      lang: parsed.lang || 'zh-CN',
      date: parsed.date || undefined,
      identifier: parsed.identifier || undefined,
      rights: parsed.rights || undefined,
      description: parsed.description || undefined,
      source: parsed.source || undefined,
      cover: parsed.cover ? path.resolve(root, parsed.cover) : undefined,
      writingMode: parsed['writing-mode'] ?? 'horizontal-tb',
    },
    numberChapters: parsed['number-chapters'] ?? false,
    style: styleConfig(parsed, source),
    numberFigures: parsed['number-figures'] ?? false,
    tocDepth: parsed['toc-depth'] ?? 2,
    colophon: parsed.colophon ?? true,
    footnoteNumbering: parsed.footnotes?.numbering ?? 'book',
    page: { size, chapterStart: parsed.page?.['chapter-start'] ?? 'any', noteMarker: parsed.footnotes?.marker ?? 'number', press: pressConfig(parsed, source, root) },
    epub: {
      embedFonts: parsed.epub?.['embed-fonts'] ?? /^(zh|ja)\b/i.test(parsed.lang || 'zh-CN'),
      accessibility: { summary: parsed.accessibility?.summary || undefined, hazards: parsed.accessibility?.hazard },
    },
    typography: {
      punctuation: parsed.punctuation ?? (/^zh\b/i.test(parsed.lang || 'zh-CN') ? 'normalize' : 'keep'),
      autospace: parsed.autospace ?? 'css',
    },
  };
}

function pressConfig(parsed: FrontMatter, source: YamlSource, root: string): PressSettings {
  const { pdf, page } = parsed;
  const profile = pdf?.['press-profile'];
  const marks = page?.marks ?? 'crop';
  return {
    always: Boolean(pdf?.press),
    standard: pdf?.press === 'x1a' ? 'x1a' : 'x4',
    profile:
      !profile || profile.toLowerCase() === 'swop'
        ? { kind: 'swop' }
        : { kind: 'file', written: profile, path: path.resolve(root, profile), condition: pdf?.['press-condition'] || undefined, place: source.locate(['pdf', 'press-profile']) },
    color: pdf?.['press-color'] ?? 'cmyk',
    bleed: page?.bleed ?? 3,
    marks: { crop: marks.includes('crop'), cross: marks.includes('cross') },
    signature: page?.signature ?? 1,
    hiddenFolio: page?.['hidden-folio'] ?? false,
  };
}

/** `book.yaml` of a manuscript folder. */
export function resolveBookFile(
  source: YamlSource,
  root: string,
  configPath: string,
  displayPath: string,
  displayRoot: string,
): ResolvedConfig {
  const parsed = validate(BookFileSchema, source, displayPath);
  const chapters = parsed.chapters.map((entry, index): ResolvedChapterEntry => {
    const item = typeof entry === 'string' ? { file: entry, title: undefined, 'short-title': undefined, kind: undefined } : entry;
    return {
      path: path.resolve(root, item.file),
      displayPath: path.join(displayRoot, item.file),
      title: item.title || undefined,
      shortTitle: item['short-title'] || undefined,
      kind: item.kind ?? 'body',
      written: item.file,
      place: source.locate(typeof entry === 'string' ? ['chapters', index] : ['chapters', index, 'file']),
    };
  });
  return { ...resolveCommon(parsed, source, root, configPath, displayPath), chapters };
}

/** Front matter of a single-file manuscript: the file itself is the only chapter. */
export function resolveFrontMatter(source: YamlSource, file: string, displayPath: string): ResolvedConfig {
  const parsed = validate(FrontMatterSchema, source, displayPath);
  const root = path.dirname(file);
  const common = resolveCommon(parsed, source, root, file, displayPath);
  return { ...common, chapters: [{ path: file, displayPath, title: undefined, shortTitle: undefined, kind: 'body', written: path.basename(file) }] };
}
