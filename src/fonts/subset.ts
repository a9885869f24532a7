/**
 * The book's face cut down to exactly the characters the book uses, made once per edition and
 * used everywhere: embedded in the EPUB (readers without CJK fonts show the intended face, and
 * the file stays small), served to the Chromium pages of the PDF and the cover (one small font
 * per weight loads in milliseconds, where the full face comes in a hundred slices).
 * TrueType output (the subsetter's own): every EPUB reader takes it, and the zip compresses it.
 * The source is fontsource's whole-script file, whose outlines are TrueType: Chromium embeds
 * the subset in PDFs as CID TrueType.
 */
import v8 from 'node:v8';
import { coverageOf, source } from './face-source.js';
import { subsetGlyphs } from './glyph-subset.js';
import { subsetText } from './kept-faces.js';
import { renameFace } from './rename.js';
import type { BookFont } from './fonts.js';
import type { BookFaces } from './faces.js';
import { visibleOf } from './visible.js';

export interface FontSubset {
  /** CSS family: `Inkstone Serif` for the text's own face, `Inkstone Serif 2`, … for the faces
   *  behind it that draw what it lacks; `Inkstone Heading` and `Inkstone Quote` for the faces a
   *  book chose for them (what those lack falls to the text's faces); `Inkstone Mono` for code. */
  family: string;
  /** Text face, the monospace face of code (whose CJK falls through to the text faces), or the
   *  faces for the text of SVG images (print only: pdf/svg-fonts.ts). */
  role: 'serif' | 'heading' | 'quote' | 'mono' | 'svg' | 'svg-mono';
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

// subset-font compiles HarfBuzz with WebAssembly.instantiate, which V8 compiles asynchronously:
// after the first subset, V8 held the main thread for 0.35–0.5 s of nothing (on the next turn
// of the event loop; a profile shows it as idle) while it finished compiling the module in the
// background — in every build (Node 20.20, V8 11.3; gone with --liftoff-only or this flag).
// Synchronous compilation (the baseline compiler, function by function as they are first run)
// has no such wait; Inkstone's other WebAssembly (autocorrect) is compiled that way already.
v8.setFlagsFromString('--no-wasm-async-compilation');

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
  const axesOf = new Map<string, Record<string, number>>();
  // A face without a bold (a manuscript's one file) draws bold text with its regular glyphs, as a
  // browser does without synthesis; its fonts are named Regular.
  const regularOnly = new Set<string>();
  // Private-use characters mean what the author's own font says (a 缺字 of a classical text);
  // a face's glyph there is the face's own (BabelStone Han keeps unencoded Han in it): none draws them.
  const privateUse = [...text].filter((char) => /\p{Co}/u.test(char));
  let left = [...text].filter((char) => !/\p{Co}/u.test(char));
  for (const font of chain) {
    if (!left.length) break;
    const covers = await coverageOf(font.wholeFile(weight));
    const rest: string[] = [];
    faceOf.set(font.wholeFile(weight), font.family);
    if (!font.weights.includes(weight)) regularOnly.add(font.wholeFile(weight));
    const axes = font.axes?.(weight);
    if (axes) axesOf.set(font.wholeFile(weight), axes);
    for (const char of left) {
      if (covers.has(char.codePointAt(0) ?? 0)) files.set(font.wholeFile(weight), (files.get(font.wholeFile(weight)) ?? '') + char);
      else rest.push(char);
    }
    left = [];
    for (const char of rest) {
      let found = false;
      for (const file of font.sliceFiles(char.codePointAt(0) ?? 0, weight)) {
        if (!(await coverageOf(file)).has(char.codePointAt(0) ?? 0)) continue;
        files.set(file, (files.get(file) ?? '') + char);
        faceOf.set(file, font.family);
        found = true;
        break;
      }
      if (!found) left.push(char);
    }
  }
  return { files: [...files].map(([file, chars]) => ({ file, chars, face: faceOf.get(file) ?? '', axes: axesOf.get(file), bold: weight >= 700 && !regularOnly.has(file) })), missing: [...privateUse, ...left].join('') };
}

/** A face's real PostScript name: `NotoSerifSC-Bold`. */
export function realName(face: string, style: string): string {
  // PostScript names are printable ASCII without delimiters (a manuscript's face may be named 霞鹜文楷).
  return `${face.replace(/[^A-Za-z0-9_.-]/g, '') || 'Face'}-${style}`;
}

/** The characters each file draws in one weight, and what no face has. */
type Plan = { weight: number; files: Array<{ file: string; chars: string; face: string; axes?: Record<string, number> | undefined; bold?: boolean }>; missing: string };

/**
 * Each planned file cut to its characters. One family per source face, the same in every weight,
 * numbered in the order the faces are asked (`Inkstone Serif`, `Inkstone Serif 2`, …); the
 * subsets in that order.
 */
async function cut(plans: Plan[], role: FontSubset['role'], joiners = '', base?: Map<string, Buffer>): Promise<Cut> {
  const [family, stem] = familyOf[role];
  const order: string[] = [];
  for (const p of plans) for (const { file } of p.files) if (!order.includes(sourceOf(file))) order.push(sourceOf(file));
  const byFile = new Map<string, Buffer>();
  const nthOfFace = nthFiles(plans);
  const subsets = await Promise.all(
    plans.flatMap((p) =>
      p.files.map(async (planned) => {
        const n = order.indexOf(sourceOf(planned.file)) + 1;
        const style = planned.bold ? 'Bold' : 'Regular';
        const data = await cutOne(planned, p.weight, style, joiners, nthOfFace.get(`${p.weight} ${planned.file}`) ?? 0, base?.get(planned.file));
        const subsetFile: FontSubset = {
          family: n === 1 ? family : `${family} ${n}`,
          role,
          filename: n === 1 ? `${stem}-${p.weight}.ttf` : `${stem}-${n}-${p.weight}.ttf`,
          weight: p.weight,
          face: planned.face,
          style,
          data,
          text: planned.chars,
        };
        byFile.set(planned.file, subsetFile.data);
        return { n, subsetFile };
      }),
    ),
  );
  return { subsets: subsets.sort((a, b) => a.n - b.n || a.subsetFile.weight - b.subsetFile.weight).map((s) => s.subsetFile), byFile };
}

const familyOf = {
  serif: ['Inkstone Serif', 'serif'],
  heading: ['Inkstone Heading', 'heading'],
  quote: ['Inkstone Quote', 'quote'],
  mono: ['Inkstone Mono', 'mono'],
  svg: ['Inkstone SVG', 'svg'],
  'svg-mono': ['Inkstone SVG Mono', 'svg-mono'],
} as const;

const sourceOf = (file: string) => file.replace(/-\d+-normal\.woff2$/, '');

/**
 * Each file of a face gets its own PostScript name (`NotoSerifTC-Regular`, then
 * `NotoSerifTC-Regular-2` for the next of fontsource's slice files): the PDF's fonts are told
 * apart by it when the parts' subsets are joined (pdf/one-face.ts), which names them all
 * `NotoSerifTC-Regular` in the end. (fontsource's files all say NotoSerifTCExtraLight-Regular.)
 */
function nthFiles(plans: Plan[]): Map<string, number> {
  const nthOfFace = new Map<string, number>();
  for (const p of plans) {
    const seen = new Map<string, number>();
    for (const { file, face } of p.files) {
      nthOfFace.set(`${p.weight} ${file}`, seen.get(face) ?? 0);
      seen.set(face, (seen.get(face) ?? 0) + 1);
    }
  }
  return nthOfFace;
}

/**
 * One planned file cut to its characters. TrueType as it comes from the subsetter: the EPUB's zip
 * compresses it as well as WOFF would (WOFF costs a seventh of a second per weight), and every
 * reader takes TrueType. With the joiners and selectors the text has (no glyphs of their own, so
 * not planned): without U+200D in the subset, 👨‍👩‍👧 falls apart into three faces. Cut from a
 * subset of the text's (`from`): the glyph ids stay those of the text's subset, so the PDF's
 * copies of the face join into one font (pdf/one-face.ts).
 */
async function cutOne(planned: Plan['files'][number], weight: number, style: 'Bold' | 'Regular', joiners: string, nth: number, from: Buffer | undefined): Promise<Buffer> {
  const { file, chars, face, axes, bold } = planned;
  const codePoints = [...(chars + joiners)].map((char) => char.codePointAt(0) ?? 0);
  // (a regular face's copy for bold text needs a name of its own: its glyphs are numbered apart)
  const postscriptName = realName(face, style) + (weight >= 700 && !bold ? '-700' : '');
  // (a subset cut from another keeps that one's name, with its glyph ids)
  const subset = from
    ? subsetGlyphs(from, [], codePoints, { layout: true })
    : renameFace(
        // A variable face is pinned at the weight: Chromium embeds the instance it draws.
        await subsetText((await source(file)).sfnt, chars + joiners, axes),
        face,
        style,
        nth ? `${postscriptName}-${nth + 1}` : postscriptName,
      );
  return Buffer.from(subset);
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

/** The text of each role: the body's per weight (all of the book), the headings', quotations'
 *  and code's (subset.ts's bookTexts, headingText, quoteText, codeText). */
export interface RoleTexts {
  body: Record<number, string>;
  heading: string;
  quote: string;
  code: string;
}

/** What a heading's or quotation's own face draws of its text: not the curly quotes, which the
 *  text's faces draw a full square as Chinese sets them. LXGW WenKai, the quotations' face, has
 *  them 0.35 em wide, Western: in the Debian Reference's notes (提示, 注意) they crowded the Han
 *  beside them and differed from the text's. */
const ownOf = (text: string): string => visibleOf(text).replace(/[“”‘’]/gu, '');

/** Characters that join or select glyphs: kept in every subset that shapes the text. */
const joining = /[\u200C\u200D\uFE00-\uFE0F\u{E0020}-\u{E007F}\u{E0100}-\u{E01EF}]/u;


/**
 * The faces of `chain` cut to the characters of `texts` (per weight) that each must draw, and the
 * monospace face to the characters of `code` it has (Latin, Greek, Cyrillic; the rest of code is
 * drawn by the text faces, CJK at full width) in both weights: code in a heading or in bold
 * drawn from a regular face gets a synthetic bold, which Chromium writes as a Type 3 font.
 */
export async function subsetFonts(faces: BookFaces, texts: RoleTexts, svgText = ''): Promise<BookFonts> {
  const chain = faces.body;
  const svgVisible = visibleOf(svgText ? `${svgText}〓` : '');
  const plans = await Promise.all(
    Object.entries(texts.body).map(async ([weightText, text]) => {
      const weight = Number(weightText);
      const visible = visibleOf(text);
      const { files, missing } = await plan(chain, weight, visible + svgVisible);
      // What no face has, of the text only.
      return { weight, files, missing: [...missing].filter((char) => visible.includes(char)).join('') };
    }),
  );
  // A role's plans in both weights (none for no text).
  const inBothWeights = async (from: BookFont[] | undefined, text: string): Promise<Plan[]> =>
    from && text.trim() ? Promise.all([400, 700].map(async (weight) => ({ weight, ...(await plan(from, weight, text)) }))) : [];
  const monoPlans = await inBothWeights([faces.code], texts.code + (svgVisible && texts.code ? svgVisible : ''));
  // Headings and quotations in a face of their own: its subsets hold what it has of their text
  // (in both weights); the rest falls to the text's faces, which hold every character.
  const [headingPlans, quotePlans] = await Promise.all([inBothWeights(faces.heading, ownOf(texts.heading)), inBothWeights(faces.quote, ownOf(texts.quote))]);
  const svgPlans = await inBothWeights(chain, svgVisible);
  // Monospaced labels in drawings (`font-family: monospace`): the code face for what it has.
  const svgMonoPlans = await inBothWeights([faces.code], svgVisible);
  const missingOf = (list: Array<{ missing: string }>) => [...new Set(list.flatMap((p) => [...p.missing]))].filter((char) => char.trim()).join('');
  const joiners = [...new Set([...Object.values(texts.body).join(''), ...svgText].filter((char) => joining.test(char)))].join('');
  const serif = await cut(plans, 'serif', joiners);
  const mono = await cut(monoPlans, 'mono');
  return {
    subsets: [...serif.subsets, ...(await cut(headingPlans, 'heading', joiners)).subsets, ...(await cut(quotePlans, 'quote', joiners)).subsets, ...mono.subsets, ...(await cut(svgPlans, 'svg', joiners, serif.byFile)).subsets, ...(await cut(svgMonoPlans, 'svg-mono', '', mono.byFile)).subsets],
    missing: missingOf(plans),
    svgMissing: missingOf(svgPlans),
  };
}
