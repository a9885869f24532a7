/**
 * Characters no face of the book has: each is reported once, by name and code point, at its
 * first place in the manuscript — never silently drawn as a box or in whatever system font a
 * machine happens to have. Which characters those are comes from the faces' real character maps
 * (subset.ts, the same answer the subsetter works from). A warning; `--strict` makes it fail the
 * build. Print draws 〓 (geta, the typesetter's mark for a missing character) in its place, so
 * the gap is seen on paper too; the EPUB keeps the character for readers that have a face for it.
 */
import type { Text } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import type { Book } from './model.js';
import { rules } from '../diagnostics/rules.js';
import { faceChain, type BookFont } from '../fonts/fonts.js';

export async function reportMissingGlyphs(book: Book, files: VFile[], missing: string, notices: VFile, svgMissing = '', chain: BookFont[] = faceChain(book.metadata.lang)): Promise<void> {
  await reportInSvgImages(book, notices, svgMissing);
  if (!missing) return;
  const wanted = new Set(missing);
  const found: Array<{ char: string; file: VFile | undefined; place: { line: number; column: number } | undefined }> = [];
  const check = (text: string, file: VFile | undefined, position: Text['position']) => {
    let line = position?.start.line;
    let column = position?.start.column;
    for (const char of text) {
      const place = line !== undefined && column !== undefined ? { line, column } : undefined;
      if (char === '\n' && line !== undefined) {
        line += 1;
        column = 1;
      } else if (column !== undefined) column += char.length;
      if (!wanted.delete(char)) continue; // each character is reported once
      found.push({ char, file, place });
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
  // The metadata's characters are book.yaml's (the title page, the colophon, running heads).
  check([meta.title, meta.shortTitle, meta.subtitle, ...meta.authors, ...meta.translators, meta.publisher].join(''), notices, undefined);
  const { unicodeName } = await import('unicode-name'); // its tables load only when needed
  const faces = `${chain[0]?.family} and the ${chain.length - 1} faces behind it`;
  for (const { char, file, place } of found) {
    file?.message(`${described(char, unicodeName)} is in none of the book's faces (${faces}): print shows 〓 in its place`, {
      place,
      ruleId: rules.glyphMissing,
      source: 'inkstone',
    });
  }
}

/** `“ᚠ” U+16A0 RUNIC LETTER FEHU FEOH FE F`. */
function described(char: string, unicodeName: (char: string) => string | undefined): string {
  return `“${char}” U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} ${unicodeName(char) ?? 'unnamed character'}`;
}

/** Characters of an SVG image's text that no face has: named once, with the image. */
async function reportInSvgImages(book: Book, notices: VFile, missing: string): Promise<void> {
  if (!missing) return;
  const { unicodeName } = await import('unicode-name');
  const wanted = new Set(missing);
  for (const image of book.images) {
    for (const char of new Set(image.svgText ?? '')) {
      if (!wanted.delete(char)) continue;
      notices.message(`${described(char, unicodeName)} in the text of SVG image ${image.fileName} is in none of the book's faces: print shows 〓 in its place`, {
        ruleId: rules.glyphMissing,
        source: 'inkstone',
      });
    }
  }
}
