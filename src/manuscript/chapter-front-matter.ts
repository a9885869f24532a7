/**
 * Front matter at the top of a chapter of a folder manuscript (as pandoc and many editors write
 * it): its `title`, `short-title` and `kind` are the chapter's, like the keys of its entry in
 * book.yaml, which win where both say something. Any other key belongs in book.yaml: an error
 * naming it, where it was dropped without a word.
 */
import * as v from 'valibot';
import type { VFile } from 'vfile';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { extractFrontMatter } from './front-matter.js';
import { validate, type ResolvedChapterEntry } from '../config/resolve-config.js';
import { chapterKinds } from '../config/schema.js';
import { parseYaml } from '../config/yaml-source.js';

const ChapterFrontMatterSchema = v.strictObject({
  title: v.optional(v.pipe(v.union([v.string(), v.number()]), v.transform((value) => String(value).trim()))),
  'short-title': v.optional(v.pipe(v.union([v.string(), v.number()]), v.transform((value) => String(value).trim()))),
  kind: v.optional(v.picklist(chapterKinds)),
});

export function applyChapterFrontMatter(file: VFile, entry: ResolvedChapterEntry): void {
  const block = extractFrontMatter(String(file.value));
  if (!block) return;
  const source = parseYaml(block.yaml, file.path, block.lineOffset);
  if (source.data === null || source.data === undefined) return;
  try {
    const parsed = validate(ChapterFrontMatterSchema, source, file.path);
    file.data.title = entry.title ?? (parsed.title || undefined);
    file.data.shortTitle = entry.shortTitle ?? (parsed['short-title'] || undefined);
    if (entry.kind === 'body' && parsed.kind) file.data.kind = parsed.kind;
  } catch (error) {
    if (error instanceof InkstoneError && error.ruleId === rules.configUnknownKey) {
      throw new InkstoneError(`${error.message} in a chapter's front matter: a chapter may set title, short-title and kind; the book's keys go in book.yaml`, {
        file: file.path,
        line: error.line,
        column: error.column,
        ruleId: rules.chapterFrontMatter,
      });
    }
    throw error;
  }
}
