/**
 * Characters the book's font does not have: each is reported once, by name and code point, at
 * its first place in the manuscript — never silently drawn as a box or in whatever system font
 * a machine happens to have. A warning; `--strict` makes it fail the build.
 */
import type { Text } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import type { Book } from '../book/model.js';
import { rules } from '../diagnostics/rules.js';
import { bookFont, fontCoverage } from './fonts.js';

/** Not glyphs of their own: spaces, controls, joiners, variation selectors. */
const invisible = /[\s\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u;

export async function reportMissingGlyphs(book: Book, files: VFile[]): Promise<void> {
  const missing: Array<{ char: string; file: VFile | undefined; place: { line: number; column: number } | undefined }> = [];
  const font = bookFont(book.metadata.lang);
  const covers = fontCoverage(font);
  const seen = new Set<string>();
  const check = (text: string, file: VFile | undefined, position: Text['position']) => {
    let line = position?.start.line;
    let column = position?.start.column;
    for (const char of text) {
      const place = line !== undefined && column !== undefined ? { line, column } : undefined;
      if (char === '\n' && line !== undefined) {
        line += 1;
        column = 1;
      } else if (column !== undefined) column += char.length;
      if (seen.has(char)) continue; // each character is looked up once
      seen.add(char);
      if (invisible.test(char) || covers(char.codePointAt(0) ?? 0)) continue;
      missing.push({ char, file, place });
    }
  };
  book.chapters.forEach((chapter, index) => {
    const file = files[index];
    visit(chapter.body, 'text', (node: Text) => check(node.value, file, node.position));
    for (const note of chapter.notes) {
      visit({ type: 'root', children: note.content }, 'text', (node: Text) => check(node.value, file, node.position));
    }
  });
  const meta = book.metadata;
  check([meta.title, meta.subtitle, ...meta.authors, ...meta.translators, meta.publisher].join(''), files[0], undefined);
  if (!missing.length) return;
  const { unicodeName } = await import('unicode-name'); // its tables load only when needed
  for (const { char, file, place } of missing) {
    const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    const name = unicodeName(char) ?? 'unnamed character';
    file?.message(`“${char}” ${code} ${name} is not in ${font.family}: it would be drawn with a system font, or as a box`, {
      place,
      ruleId: rules.glyphMissing,
      source: 'inkstone',
    });
  }
}
