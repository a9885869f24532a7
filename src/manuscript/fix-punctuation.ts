/**
 * `inkstone check --fix`: rewrites half-width punctuation in the Chinese text of the
 * manuscript's own files, and pairs its straight double quotes — text only, found with the same
 * parser the build uses, so code, URLs and Markdown syntax stay as written. A text whose source
 * differs from its value (escapes, entities) is left alone.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Link, Root, Text } from 'mdast';
import { SKIP, visit } from '../tree-visit.js';
import { createProcessor } from '../transform/processor.js';
import { afterCodeWord, normalizePunctuation, pairedQuotes, sourceOf } from '../transform/remark-cjk-punctuation.js';

export interface FixResult {
  file: string;
  changes: number;
}

/** A text written apart from its value (a list item's lines, indented) keeps its other marks, but
 *  its quotes pair as the build pairs them: the k-th `"` of its source is the k-th of its value
 *  (pairedQuotes leaves escaped ones alone). */
function quoteEdits(text: Text, source: string, paired: string | undefined): Array<{ start: number; end: number; text: string }> {
  if (!paired) return [];
  const marks = [...text.value.matchAll(/"/g)].map((quote) => paired[quote.index] ?? '"');
  const start = text.position?.start.offset ?? 0;
  return [...sourceOf(text, source).matchAll(/"/g)].map((quote, k) => ({ start: start + quote.index, end: start + quote.index + 1, text: marks[k] ?? '"' }));
}

export async function fixPunctuation(files: string[]): Promise<FixResult[]> {
  const parser = createProcessor();
  const results: FixResult[] = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    const tree = parser.parse(source) as Root;
    const edits: Array<{ start: number; end: number; text: string }> = [];
    // (straight double quotes pair across a paragraph's texts, as in the build)
    const quoted = pairedQuotes(tree, source);
    visit(tree, (node, index, parent) => {
      if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html') return SKIP;
      if (node.type !== 'text') return undefined;
      const text = node as Text;
      if (parent?.type === 'link' && (parent as Link).url.endsWith(text.value)) return undefined;
      const start = text.position?.start.offset;
      const end = text.position?.end.offset;
      if (start === undefined || end === undefined) return undefined;
      if (source.slice(start, end) !== text.value) {
        edits.push(...quoteEdits(text, source, quoted.get(text)));
        return undefined;
      }
      const inHeading = parent?.type === 'heading';
      // (the zero-width spaces the build puts beside curly quotes, for line breaking, are not the
      // manuscript's: not written into it)
      const normal = normalizePunctuation(quoted.get(text) ?? text.value, inHeading, afterCodeWord(parent, index));
      const fixed = text.value.includes('\u200B') ? normal : normal.replace(/\u200B/g, '');
      if (fixed !== text.value) edits.push({ start, end, text: fixed });
      return undefined;
    });
    if (!edits.length) continue;
    let output = source;
    for (const edit of edits.sort((a, b) => b.start - a.start)) output = output.slice(0, edit.start) + edit.text + output.slice(edit.end);
    const temp = `${file}.inkstone-fix.tmp`;
    await writeFile(temp, output);
    await rename(temp, file);
    results.push({ file, changes: edits.length });
  }
  return results;
}
