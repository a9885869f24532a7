/**
 * The book's face cut down to exactly the characters the book uses, made once per edition and
 * used everywhere: embedded in the EPUB (readers without CJK fonts show the intended face, and
 * the file stays small), served to the Chromium pages of the PDF and the cover (one small font
 * per weight loads in milliseconds, where the full face comes in a hundred slices).
 * TrueType output (the subsetter's own): every EPUB reader takes it, and the zip compresses it.
 * The source is fontsource's whole-script file, whose outlines are TrueType: Chromium embeds
 * the subset in PDFs as CID TrueType.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import fontverter from 'fontverter';
import * as harfbuzz from 'harfbuzzjs';
import subsetFont from 'subset-font';
import v8 from 'node:v8';
import { visit } from '../tree-visit.js';
import type { Book } from '../book/model.js';
import { cached } from '../disk-cache.js';
import { colophonRows, labelsFor } from '../templates.js';
import type { BookFont } from './fonts.js';

export interface FontSubset {
  /** File name in every output, e.g. `serif-400.ttf`. */
  filename: string;
  weight: number;
  data: Buffer;
  /** The characters it covers (those of the book that the face has). */
  text: string;
}

interface Source {
  sfnt: Buffer;
  /** Code points the face has. */
  covers: Set<number>;
}

// subset-font compiles HarfBuzz with WebAssembly.instantiate, which V8 compiles asynchronously:
// after the first subset, V8 held the main thread for 0.35–0.5 s of nothing (on the next turn
// of the event loop; a profile shows it as idle) while it finished compiling the module in the
// background — in every build (Node 20.20, V8 11.3; gone with --liftoff-only or this flag).
// Synchronous compilation (the baseline compiler, function by function as they are first run)
// has no such wait; Inkstone's other WebAssembly (autocorrect) is compiled that way already.
v8.setFlagsFromString('--no-wasm-async-compilation');

/** Decompressed source fonts and what they cover, kept for the life of the process (watch, editions). */
const sources = new Map<string, Promise<Source>>();

/** Decompressing WOFF2 costs a fifth of a second per weight: the result is kept on disk. */
async function decompressed(file: string): Promise<Buffer> {
  const { size, mtimeMs } = await stat(file);
  return cached('fonts', `${path.basename(file, '.woff2')}-${size}-${Math.round(mtimeMs)}.ttf`, async () =>
    Buffer.from(await fontverter.convert(await readFile(file), 'truetype')),
  );
}

function source(file: string): Promise<Source> {
  let loaded = sources.get(file);
  if (!loaded) {
    loaded = decompressed(file).then((sfnt) => {
      const face = new harfbuzz.Face(new harfbuzz.Blob(sfnt));
      return { sfnt, covers: new Set(face.collectUnicodes()) };
    });
    sources.set(file, loaded);
  }
  return loaded;
}

/** Start decompressing the face's whole-script files, so subsetting later is quick. */
export function preloadFonts(font: BookFont): void {
  for (const weight of font.weights) void source(font.wholeFile(weight)).catch(() => {});
}

const boldTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'th', 'dt']);

/**
 * Characters per weight: everything the book shows in regular; in bold, what its headings,
 * strong text and labels show. Digits and Latin letters go into both (folios, note numbers).
 */
export function bookTexts(book: Book): Record<number, string> {
  const labels = labelsFor(book.metadata.lang);
  const { metadata } = book;
  // With the text: the marks Chromium draws for text-emphasis (着重号 • and Japanese sesame ﹅,
  // typography.css), which are in no text node.
  const common = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,:;-–—()[]/ ↩•﹅';
  const front = [metadata.title, metadata.subtitle, ...metadata.authors, ...metadata.translators, metadata.publisher]
    .filter(Boolean)
    .join('');
  let regular = common + front + Object.values(labels).join('') + colophonRows(metadata, labels).map((r) => r.label + r.value).join('');
  let bold = common + front + Object.values(labels).join('');
  const trees: Root[] = book.chapters.flatMap((chapter) => [chapter.body, ...chapter.notes.map((note) => ({ type: 'root', children: note.content }) as Root)]);
  for (const tree of trees) {
    regular += toString(tree);
    visit(tree, 'element', (node: Element) => {
      if (boldTags.has(node.tagName) || (node.properties.className as string[] | undefined)?.includes('figure-label')) bold += toString(node);
    });
  }
  const unique = (text: string) => [...new Set(text)].filter((char) => char.trim() || char === ' ').sort().join('');
  return { 400: unique(regular), 700: unique(bold) };
}

export async function subsetFonts(font: BookFont, texts: Record<number, string>): Promise<FontSubset[]> {
  const fonts = await Promise.all(
    Object.entries(texts).map(async ([weightText, text]): Promise<FontSubset | undefined> => {
      const weight = Number(weightText);
      if (!text.trim()) return undefined;
      const { sfnt, covers } = await source(font.wholeFile(weight));
      const covered = [...text].filter((char) => covers.has(char.codePointAt(0) ?? 0)).join('');
      const subset = await subsetFont(sfnt, covered, { targetFormat: 'truetype' });
      // TrueType as it comes from the subsetter: the EPUB's zip compresses it as well as WOFF
      // would (WOFF costs a seventh of a second per weight), and every reader takes TrueType.
      return { filename: `serif-${weight}.ttf`, weight, data: Buffer.from(subset), text: covered };
    }),
  );
  return fonts.filter((f): f is FontSubset => f !== undefined);
}
