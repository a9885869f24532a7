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
import { SKIP, visit } from '../tree-visit.js';
import type { Book } from '../book/model.js';
import { cached } from '../disk-cache.js';
import { subsetGlyphs } from './glyph-subset.js';
import { renameFace } from './rename.js';
import { colophonRows, labelsFor } from '../templates.js';
import type { BookFont } from './fonts.js';

export interface FontSubset {
  /** CSS family: `Inkstone Serif` for the book's own face, `Inkstone Serif 2`, … for the faces
   *  behind it that draw what it lacks; `Inkstone Mono` for code. */
  family: string;
  /** Text face, the monospace face of code (whose CJK falls through to the text faces), or the
   *  faces for the text of SVG images (print only: pdf/svg-fonts.ts). */
  role: 'serif' | 'mono' | 'svg' | 'svg-mono';
  /** The face's family (`Noto Serif SC`) and style (`Regular`, `Bold`): the PDF's fonts are
   *  named after them (`NotoSerifSC-Bold`: realName; fontsource's files say
   *  `NotoSerifSCExtraLight-Bold`). */
  face: string;
  style: 'Regular' | 'Bold';
  /** File name in every output, e.g. `serif-400.ttf`, `serif-2-400.ttf`. */
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
  if (file.endsWith('.ttf')) return readFile(file);
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

/**
 * Which file draws each character of `text`: the first of the chain's faces whose character map
 * has it, trying each face's whole-script file, then the slices of it that claim the character
 * (fontsource's unicode-ranges claim some characters the face lacks, such as 爲 in Noto Serif TC:
 * only the real map is trusted). Returns the characters per file, in the order asked, and what
 * no face has.
 */
async function plan(chain: BookFont[], weight: number, text: string): Promise<Omit<Plan, 'weight'>> {
  const files = new Map<string, string>();
  const faceOf = new Map<string, string>();
  // Private-use characters mean what the author's own font says (a 缺字 of a classical text);
  // a face's glyph there is the face's own (BabelStone Han keeps unencoded Han in it): none draws them.
  const privateUse = [...text].filter((char) => /\p{Co}/u.test(char));
  let left = [...text].filter((char) => !/\p{Co}/u.test(char));
  for (const font of chain) {
    if (!left.length) break;
    const whole = await source(font.wholeFile(weight));
    const rest: string[] = [];
    faceOf.set(font.wholeFile(weight), font.family);
    for (const char of left) {
      if (whole.covers.has(char.codePointAt(0) ?? 0)) files.set(font.wholeFile(weight), (files.get(font.wholeFile(weight)) ?? '') + char);
      else rest.push(char);
    }
    left = [];
    for (const char of rest) {
      let found = false;
      for (const file of font.sliceFiles(char.codePointAt(0) ?? 0, weight)) {
        if (!(await source(file)).covers.has(char.codePointAt(0) ?? 0)) continue;
        files.set(file, (files.get(file) ?? '') + char);
        faceOf.set(file, font.family);
        found = true;
        break;
      }
      if (!found) left.push(char);
    }
  }
  return { files: [...files].map(([file, chars]) => ({ file, chars, face: faceOf.get(file) ?? '' })), missing: [...privateUse, ...left].join('') };
}

// em: readers without text-emphasis show Chinese emphasis in bold (typography.css).
const boldTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'th', 'dt', 'em']);

/**
 * Characters per weight: everything the book shows in regular; in bold, what its headings,
 * strong text and labels show. Digits and Latin letters go into both (folios, note numbers).
 */
export function bookTexts(book: Book): Record<number, string> {
  const labels = labelsFor(book.metadata.lang);
  const { metadata } = book;
  // With the text: the marks Chromium draws for text-emphasis (着重号 • and Japanese sesame ﹅,
  // typography.css), which are in no text node; the ellipsis that shortens a running head; the
  // 〓 that print shows for a character no face has; the hyphen (U+2010) Chromium draws where it
  // breaks a word at a soft hyphen (else it takes the machine's DejaVu for it).
  const common = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,:;-\u2010–—()[]/ ↩\uFE0E•﹅…〓';
  const front = [metadata.title, metadata.shortTitle, ...book.chapters.map((c) => c.shortTitle), metadata.subtitle, ...metadata.authors, ...metadata.translators, metadata.publisher]
    .filter(Boolean)
    .join('');
  // Circled note numbers, when the PDF restarts them on every page (in-page.ts).
  const circled = book.print.noteMarker === 'circled' ? '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳' : '';
  // The labels the pages show (not the accessibility summary, which is metadata).
  const shown = Object.entries(labels).filter(([key]) => !key.startsWith('a11y')).map(([, value]) => value).join('');
  let regular = common + circled + front + shown + colophonRows(metadata, labels).map((r) => r.label + r.value).join('');
  let bold = common + front + shown;
  for (const tree of bookTrees(book)) {
    regular += toString(tree);
    visit(tree, 'element', (node: Element) => {
      if (boldTags.has(node.tagName) || (node.properties.className as string[] | undefined)?.includes('figure-label')) bold += toString(node);
    });
  }
  // Spaces have glyphs too (an advance): the ideographic space U+3000 of a heading 第一章　标题,
  // no-break spaces. Left out, Chromium took them from the machine's fonts (BabelStone Han).
  const unique = (text: string) => [...new Set(text)].filter((char) => char.trim() || /\p{Zs}/u.test(char)).sort().join('');
  return { 400: unique(regular), 700: unique(bold) };
}

/** The book's text as trees: every chapter's body and every note. */
function bookTrees(book: Book): Root[] {
  return book.chapters.flatMap((chapter) => [chapter.body, ...chapter.notes.map((note) => ({ type: 'root', children: note.content }) as Root)]);
}

/** Everything set in code (inline and blocks): drawn in the monospace face where it can be. */
export function codeText(book: Book): string {
  let text = '';
  for (const tree of bookTrees(book)) {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'code' && node.tagName !== 'pre') return undefined;
      text += toString(node);
      return SKIP;
    });
  }
  return [...new Set(text)].filter((char) => char === ' ' || !invisible.test(char)).sort().join('');
}

/** A face's real PostScript name: `NotoSerifSC-Bold`. */
export function realName(face: string, style: string): string {
  return `${face.replace(/\s+/g, '')}-${style}`;
}

/** The characters each file draws in one weight, and what no face has. */
type Plan = { weight: number; files: Array<{ file: string; chars: string; face: string }>; missing: string };

/**
 * Each planned file cut to its characters. One family per source face, the same in every weight,
 * numbered in the order the faces are asked (`Inkstone Serif`, `Inkstone Serif 2`, …); the
 * subsets in that order.
 */
async function cut(plans: Plan[], role: FontSubset['role'], joiners = '', base?: Map<string, Buffer>): Promise<Cut> {
  const [family, stem] = ({ serif: ['Inkstone Serif', 'serif'], mono: ['Inkstone Mono', 'mono'], svg: ['Inkstone SVG', 'svg'], 'svg-mono': ['Inkstone SVG Mono', 'svg-mono'] } as const)[role];
  const order: string[] = [];
  const sourceOf = (file: string) => file.replace(/-\d+-normal\.woff2$/, '');
  for (const p of plans) for (const { file } of p.files) if (!order.includes(sourceOf(file))) order.push(sourceOf(file));
  const byFile = new Map<string, Buffer>();
  // Each file of a face gets its own PostScript name (`NotoSerifTC-Regular`, then
  // `NotoSerifTC-Regular-2` for the next of fontsource's slice files): the PDF's fonts are told
  // apart by it when the parts' subsets are joined (pdf/one-face.ts), which names them all
  // `NotoSerifTC-Regular` in the end. (fontsource's files all say NotoSerifTCExtraLight-Regular.)
  const nthOfFace = new Map<string, number>();
  for (const p of plans) {
    const seen = new Map<string, number>();
    for (const { file, face } of p.files) {
      nthOfFace.set(`${p.weight} ${file}`, seen.get(face) ?? 0);
      seen.set(face, (seen.get(face) ?? 0) + 1);
    }
  }
  const subsets = await Promise.all(
    plans.flatMap((p) =>
      p.files.map(async ({ file, chars, face }) => {
        const n = order.indexOf(sourceOf(file)) + 1;
        // TrueType as it comes from the subsetter: the EPUB's zip compresses it as well as WOFF
        // would (WOFF costs a seventh of a second per weight), and every reader takes TrueType.
        // With the joiners and selectors the text has (no glyphs of their own, so not planned):
        // without U+200D in the subset, 👨‍👩‍👧 falls apart into three faces.
        // Cut from a subset of the text's (`base`): the glyph ids stay those of the text's
        // subset, so the PDF's copies of the face join into one font (pdf/one-face.ts).
        const from = base?.get(file);
        const codePoints = [...(chars + joiners)].map((char) => char.codePointAt(0) ?? 0);
        const style = p.weight >= 700 ? 'Bold' : 'Regular';
        const postscriptName = realName(face, style);
        const nth = nthOfFace.get(`${p.weight} ${file}`) ?? 0;
        // (a subset cut from another keeps that one's name, with its glyph ids)
        const subset = from
          ? subsetGlyphs(from, [], codePoints, { layout: true })
          : renameFace(await subsetFont((await source(file)).sfnt, chars + joiners, { targetFormat: 'truetype' }), face, style, nth ? `${postscriptName}-${nth + 1}` : postscriptName);
        const subsetFile: FontSubset = {
          family: n === 1 ? family : `${family} ${n}`,
          role,
          filename: n === 1 ? `${stem}-${p.weight}.ttf` : `${stem}-${n}-${p.weight}.ttf`,
          weight: p.weight,
          face,
          style,
          data: Buffer.from(subset),
          text: chars,
        };
        byFile.set(file, subsetFile.data);
        return { n, subsetFile };
      }),
    ),
  );
  return { subsets: subsets.sort((a, b) => a.n - b.n || a.subsetFile.weight - b.subsetFile.weight).map((s) => s.subsetFile), byFile };
}

/** Subsets, and each one's data by the source file it was cut from. */
interface Cut {
  subsets: FontSubset[];
  byFile: Map<string, Buffer>;
}

export interface BookFonts {
  /** In the order the faces are asked: the book's own face's files first. */
  subsets: FontSubset[];
  /** Characters of the text no face has (visible or not), in the order of the text. */
  missing: string;
  /** Characters of SVG images' text no face has. */
  svgMissing: string;
}

/** Characters that join or select glyphs: kept in every subset that shapes the text. */
const joining = /[\u200C\u200D\uFE00-\uFE0F\u{E0020}-\u{E007F}\u{E0100}-\u{E01EF}]/u;

/** Not glyphs of their own: line breaks, controls, joiners, variation selectors (spaces are
 *  glyphs: they have widths). */
const invisible = /[\p{Zl}\p{Zp}\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u;

/**
 * The faces of `chain` cut to the characters of `texts` (per weight) that each must draw, and the
 * monospace face to the characters of `code` it has (Latin, Greek, Cyrillic; the rest of code is
 * drawn by the text faces, CJK at full width) in both weights: code in a heading or in bold
 * drawn from a regular face gets a synthetic bold, which Chromium writes as a Type 3 font.
 */
export async function subsetFonts(chain: BookFont[], texts: Record<number, string>, code?: { font: BookFont; text: string }, svgText = ''): Promise<BookFonts> {
  // The text of SVG images, in both weights, with the 〓 print sets there for a character no face
  // has (else the drawing takes it from the machine's fonts): print draws it with these
  // (pdf/svg-fonts.ts), cut from the text's subsets, which hold it too. What no face has is not
  // in `missing` (the manuscript's text), as it is not in the text to mark.
  const svgVisible = [...svgText, ...(svgText ? '〓' : '')].filter((char) => char === ' ' || !invisible.test(char)).join('');
  const plans = await Promise.all(
    Object.entries(texts).map(async ([weightText, text]) => {
      const weight = Number(weightText);
      const visible = [...text].filter((char) => char === ' ' || !invisible.test(char)).join('');
      const { files, missing } = await plan(chain, weight, visible + svgVisible);
      // What no face has, of the text only.
      return { weight, files, missing: [...missing].filter((char) => visible.includes(char)).join('') };
    }),
  );
  const monoText = code ? code.text + (svgVisible && code.text ? svgVisible : '') : '';
  const monoPlans = code && monoText.trim() ? await Promise.all([400, 700].map(async (weight) => ({ weight, ...(await plan([code.font], weight, monoText)) }))) : [];
  const svgPlans = svgVisible ? await Promise.all([400, 700].map(async (weight) => ({ weight, ...(await plan(chain, weight, svgVisible)) }))) : [];
  // Monospaced labels in drawings (`font-family: monospace`): the code face for what it has.
  const svgMonoPlans = svgVisible && code ? await Promise.all([400, 700].map(async (weight) => ({ weight, ...(await plan([code.font], weight, svgVisible)) }))) : [];
  const missingOf = (list: Array<{ missing: string }>) => [...new Set(list.flatMap((p) => [...p.missing]))].filter((char) => char.trim()).join('');
  const joiners = [...new Set([...Object.values(texts).join(''), ...svgText].filter((char) => joining.test(char)))].join('');
  const serif = await cut(plans, 'serif', joiners);
  const mono = await cut(monoPlans, 'mono');
  return {
    subsets: [...serif.subsets, ...mono.subsets, ...(await cut(svgPlans, 'svg', joiners, serif.byFile)).subsets, ...(await cut(svgMonoPlans, 'svg-mono', '', mono.byFile)).subsets],
    missing: missingOf(plans),
    svgMissing: missingOf(svgPlans),
  };
}
