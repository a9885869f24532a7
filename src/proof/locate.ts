/**
 * Finds a printed line's text in the manuscript: letters, digits and ideographs only (the PDF has
 * no Markdown, and punctuation and spacing change on the way), searched with a window of the
 * line's text, so a line that starts inside a link or a note still maps to its source line.
 */
import type { VFile } from 'vfile';
import { comparable, comparableIndex } from './context.js';

interface Index {
  file: string;
  text: string;
  /** Offset in the source of each UTF-16 unit of `text`. */
  offsets: number[];
  lineStarts: number[];
}

const indexes = new WeakMap<VFile, Index>();

function indexOf(file: VFile): Index {
  let index = indexes.get(file);
  if (index) return index;
  const source = String(file.value ?? '');
  const lineStarts = [0];
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  index = { file: file.path, ...comparableIndex(source), lineStarts };
  indexes.set(file, index);
  return index;
}

export function locate(files: VFile[], printed: string): { file: string; line: number; column: number } | undefined {
  const wanted = comparable(printed);
  if (wanted.length < 2) return undefined;
  // Longest windows first: the whole line, then pieces of it.
  const windows = new Set([wanted, wanted.slice(0, 12), wanted.slice(-12), wanted.slice(0, 6), wanted.slice(-6)]);
  for (const window of windows) {
    if (window.length < Math.min(4, wanted.length)) continue;
    for (const file of files) {
      const index = indexOf(file);
      const at = index.text.indexOf(window);
      if (at < 0) continue;
      const offset = index.offsets[at] ?? 0;
      let line = 0;
      while (line + 1 < index.lineStarts.length && (index.lineStarts[line + 1] ?? Infinity) <= offset) line++;
      return { file: index.file, line: line + 1, column: offset - (index.lineStarts[line] ?? 0) + 1 };
    }
  }
  return undefined;
}
