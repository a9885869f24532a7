/**
 * Load a manuscript: a folder with `book.yaml`, or one Markdown file with YAML front matter.
 * Reads configuration and chapter files into vfiles; nothing else touches the manuscript's disk.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { VFile } from 'vfile';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { resolveBookFile, resolveFrontMatter, type ResolvedChapterEntry, type ResolvedConfig } from '../config/resolve-config.js';
import { applyChapterFrontMatter } from './chapter-front-matter.js';
import { confine, ConfineError } from './confine.js';
import { parseYaml } from '../config/yaml-source.js';
import { extractFrontMatter, withoutFrontMatter } from './front-matter.js';
import { readText } from './read-text.js';
import { loadStyle, withoutThemeNumbers, type BookStyle } from './style.js';

export interface Manuscript {
  config: ResolvedConfig;
  /** One vfile per chapter, in book order; `data.kind` and `data.title` come from the config. */
  chapters: VFile[];
  /** The last change to the manuscript (git commit time, else newest file time). */
  lastModified: Date;
  /** Messages about the configuration (book.yaml), such as a chapter left out. */
  notices: VFile;
  /** The look: theme, the manuscript's CSS, faces, sizes, margins. */
  style: BookStyle;
  /** One per manuscript CSS file: what was removed from it, or is not CSS. */
  styleFiles: VFile[];
}

export interface LoadOptions {
  /** Paths in messages are relative to this folder. Default: `process.cwd()`. */
  cwd?: string;
  /** The build's time (`SOURCE_DATE_EPOCH`): when given, it is the book's date, and git is not
   *  asked for the last commit (two processes, 30 ms and more in a large repository). */
  sourceDateEpoch?: number;
}

const configNames = ['book.yaml', 'book.yml'];

export async function loadManuscript(input: string, options: LoadOptions = {}): Promise<Manuscript> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, input);
  const display = (file: string) => path.relative(cwd, file) || '.';
  const info = await stat(absolute).catch(() => undefined);
  if (!info) {
    throw new InkstoneError(`no manuscript at “${input}”: expected a folder with book.yaml or a Markdown file`, {
      kind: 'usage',
    });
  }
  const texts = new Map<string, string>();
  let config = info.isDirectory() ? await folderConfig(absolute, display) : await fileConfig(absolute, display, texts);
  if (info.isDirectory()) await confineChapters(config);
  config = await confineProfile(config);
  const styleFiles: VFile[] = [];
  let style = await loadStyle(config, styleFiles, display);
  const notices = new VFile({ path: config.configFile });
  const chapters: VFile[] = [];
  for (const entry of config.chapters) {
    const value = texts.get(entry.path) ?? (await readText(entry.path, entry.displayPath));
    const file = new VFile({ path: entry.displayPath, value, data: { kind: entry.kind, title: entry.title, shortTitle: entry.shortTitle } });
    if (info.isDirectory()) applyChapterFrontMatter(file, entry);
    if (!isBlank(value)) chapters.push(file);
    else {
      notices.message(`chapter “${entry.written}” is empty: left out of the book`, { place: entry.place, ruleId: rules.chapterEmpty, source: 'inkstone' });
    }
  }
  if (!chapters.length) {
    throw new InkstoneError('the manuscript has no content: every chapter is empty', { file: config.configFile, ruleId: rules.emptyManuscript });
  }
  config = { ...config, chapters: config.chapters.filter((entry) => chapters.some((file) => file.path === entry.displayPath)) };
  style = withoutThemeNumbers(style, chapters.map((file) => String(file.value)));
  config = { ...config, numberChapters: style.numberChapters };
  const lastModified = options.sourceDateEpoch !== undefined ? new Date(options.sourceDateEpoch * 1000) : await findLastModified(config);
  return { config, chapters, lastModified, notices, style, styleFiles };
}

/** A manuscript folder's book.yaml. */
async function folderConfig(absolute: string, display: (file: string) => string): Promise<ResolvedConfig> {
  const configFile = await findConfig(absolute);
  if (!configFile) {
    throw new InkstoneError(`no book.yaml in “${display(absolute)}”: a manuscript folder needs one listing its chapters`, {
      file: display(absolute),
      ruleId: rules.configInvalid,
    });
  }
  const text = await readText(configFile, display(configFile));
  return resolveBookFile(parseYaml(text, display(configFile)), absolute, configFile, display(configFile), display(absolute));
}

/** A single-file manuscript's front matter (the file's text is kept in `texts`). */
async function fileConfig(absolute: string, display: (file: string) => string, texts: Map<string, string>): Promise<ResolvedConfig> {
  const text = await readText(absolute, display(absolute));
  const block = extractFrontMatter(text);
  if (!block) {
    throw new InkstoneError('a single-file manuscript needs YAML front matter with at least a title (--- title: … ---)', {
      file: display(absolute),
      line: 1,
      ruleId: rules.configInvalid,
    });
  }
  texts.set(absolute, text);
  return resolveFrontMatter(parseYaml(block.yaml, display(absolute), block.lineOffset), absolute, display(absolute));
}

/** Only the front matter, or nothing at all. */
function isBlank(text: string): boolean {
  return !withoutFrontMatter(text).trim();
}

/**
 * Every chapter a book.yaml lists is a file inside the manuscript folder (symlinks followed),
 * listed once.
 */
async function confineChapters(config: ResolvedConfig): Promise<void> {
  const seen = new Map<string, ResolvedChapterEntry>();
  for (const entry of config.chapters) {
    const where = { file: config.configFile, ...entry.place, ruleId: rules.chapterMissing };
    let real: string;
    try {
      real = await confine(config.root, config.root, entry.written, 'chapter');
    } catch (error) {
      if (error instanceof ConfineError) throw new InkstoneError(error.message, where);
      throw error;
    }
    const first = seen.get(real);
    if (first) {
      throw new InkstoneError(`chapter “${entry.written}” is listed twice (first as “${first.written}”${first.place ? ` on line ${first.place.line}` : ''})`, {
        ...where,
        ruleId: rules.chapterDuplicate,
      });
    }
    seen.set(real, entry);
  }
}

/** A press profile the manuscript names is one of its files (as every path it names). */
async function confineProfile(config: ResolvedConfig): Promise<ResolvedConfig> {
  const { profile } = config.page.press;
  if (profile.kind !== 'file') return config;
  try {
    const real = await confine(config.root, config.root, profile.written, 'press profile');
    return { ...config, page: { ...config.page, press: { ...config.page.press, profile: { ...profile, path: real } } } };
  } catch (error) {
    if (error instanceof ConfineError) throw new InkstoneError(error.message, { file: config.configFile, ...profile.place, ruleId: rules.configInvalid });
    throw error;
  }
}

async function findConfig(folder: string): Promise<string | undefined> {
  for (const name of configNames) {
    const candidate = path.join(folder, name);
    if (await stat(candidate).then((s) => s.isFile(), () => false)) return candidate;
  }
  return undefined;
}

const run = promisify(execFile);

/** Commit time of the last commit touching the manuscript; newest file time outside git. */
async function findLastModified(config: ResolvedConfig): Promise<Date> {
  const files = [...new Set([...config.chapters.map((c) => c.path), config.configPath])];
  try {
    const { stdout } = await run('git', ['log', '-1', '--format=%ct', '--', ...files], { cwd: config.root, timeout: 5000 });
    const seconds = Number(stdout.trim());
    if (seconds > 0) {
      const { stdout: dirty } = await run('git', ['status', '--porcelain', '--', ...files], { cwd: config.root, timeout: 5000 });
      if (!dirty.trim()) return new Date(seconds * 1000);
    }
  } catch {
    // not a git checkout, or git missing: fall back to file times
  }
  const times = await Promise.all(files.map((file) => stat(file).then((s) => s.mtimeMs, () => 0)));
  return new Date(Math.floor(Math.max(...times) / 1000) * 1000);
}
