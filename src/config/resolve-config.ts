/**
 * Validated configuration → the resolved form every later stage reads: absolute paths,
 * defaults filled in, lists normalised.
 */
import path from 'node:path';
import * as v from 'valibot';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { BookFileSchema, FrontMatterSchema, type ChapterKind, type FrontMatter } from './schema.js';
import { defaultPageSize, parsePageSize, type PageSize } from './page-size.js';
import type { YamlSource } from './yaml-source.js';

export interface ResolvedChapterEntry {
  /** Absolute path of the Markdown file. */
  path: string;
  /** Path as shown in messages. */
  displayPath: string;
  title: string | undefined;
  shortTitle: string | undefined;
  kind: ChapterKind;
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
  page: { size: PageSize; chapterStart: 'any' | 'right'; noteMarker: 'number' | 'circled' };
  epub: { embedFonts: boolean };
  typography: { punctuation: 'normalize' | 'keep'; autospace: 'css' | 'insert' | 'off' };
}

type Issue = v.BaseIssue<unknown>;

function fail(source: YamlSource, displayPath: string, issue: Issue): never {
  const keys = (issue.path ?? []).map((item) => item.key as string | number);
  // valibot reports an unknown key of a strict object with `expected: "never"`.
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    const place = source.locate(keys, true);
    const name = String(keys[keys.length - 1]);
    const where = keys.length > 1 ? ` in “${keys.slice(0, -1).join('.')}”` : '';
    throw new InkstoneError(`unknown key “${name}”${where}`, { file: displayPath, ...place, ruleId: rules.configUnknownKey });
  }
  const place = source.locate(keys);
  const name = keys.length ? `“${keys.join('.')}”: ` : '';
  throw new InkstoneError(`${name}${issue.message}`, { file: displayPath, ...place, ruleId: rules.configInvalid });
}

function validate<S extends v.GenericSchema>(schema: S, source: YamlSource, displayPath: string): v.InferOutput<S> {
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
  const sizeText = parsed.page?.size ?? defaultPageSize;
  const size = parsePageSize(sizeText);
  if (!size) {
    throw new InkstoneError(`“page.size”: “${sizeText}” is not a known size (A5, A4, B5, 16开, or “W H” in mm)`, {
      file: displayPath,
      ...source.locate(['page', 'size']),
      ruleId: rules.configInvalid,
    });
  }
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
    numberFigures: parsed['number-figures'] ?? false,
    tocDepth: parsed['toc-depth'] ?? 2,
    colophon: parsed.colophon ?? true,
    footnoteNumbering: parsed.footnotes?.numbering ?? 'book',
    page: { size, chapterStart: parsed.page?.['chapter-start'] ?? 'any', noteMarker: parsed.footnotes?.marker ?? 'number' },
    epub: { embedFonts: parsed.epub?.['embed-fonts'] ?? /^(zh|ja)\b/i.test(parsed.lang || 'zh-CN') },
    typography: {
      punctuation: parsed.punctuation ?? (/^zh\b/i.test(parsed.lang || 'zh-CN') ? 'normalize' : 'keep'),
      autospace: parsed.autospace ?? 'css',
    },
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
  const chapters = parsed.chapters.map((entry): ResolvedChapterEntry => {
    const item = typeof entry === 'string' ? { file: entry, title: undefined, 'short-title': undefined, kind: undefined } : entry;
    return {
      path: path.resolve(root, item.file),
      displayPath: path.join(displayRoot, item.file),
      title: item.title || undefined,
      shortTitle: item['short-title'] || undefined,
      kind: item.kind ?? 'body',
    };
  });
  return { ...resolveCommon(parsed, source, root, configPath, displayPath), chapters };
}

/** Front matter of a single-file manuscript: the file itself is the only chapter. */
export function resolveFrontMatter(source: YamlSource, file: string, displayPath: string): ResolvedConfig {
  const parsed = validate(FrontMatterSchema, source, displayPath);
  const root = path.dirname(file);
  const common = resolveCommon(parsed, source, root, file, displayPath);
  return { ...common, chapters: [{ path: file, displayPath, title: undefined, shortTitle: undefined, kind: 'body' }] };
}
