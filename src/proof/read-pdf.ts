/**
 * Reads a built PDF back for the proof: every glyph with its box, font and structure element,
 * every image with its placement, links, and the outline.
 *
 * pdf.js (pdfjs-dist) parses the file and its content streams. Its own text extraction merges
 * glyphs into runs and drops their positions, so the text state is followed here over pdf.js's
 * operator list (a small interpreter of the PDF text operators, ISO 32000 §9.4): the proof needs
 * each glyph's box to measure gaps between characters and edges against the margins.
 * The structure tree (which table row or heading a glyph belongs to) comes from `structure.ts`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PDFDocumentProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;
type PDFPageProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy;

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Glyph extends Box {
  text: string;
  /** Font size in points on the page. */
  size: number;
  /** The font's name in the file (subset tag included). */
  font: string;
  /** The font has no glyph for this character, or the glyph draws nothing. */
  blank: boolean;
  /** Marked-content id, or -1 for untagged content (running heads, folios: artifacts). */
  mcid: number;
  /** Inline advance (without the space after it). */
  advance: number;
  vertical: boolean;
}

export interface PlacedImage extends Box {
  /** Pixels of the image. */
  width: number;
  height: number;
  mcid: number;
}

/** A filled or stroked vector path (an SVG's drawing, a table's rule, a code block's ground). */
export interface Drawing extends Box {
  mcid: number;
}

export interface LinkBox extends Box {
  /** The named destination, for internal links that name one. */
  dest?: string;
  /** 1-based page of the destination, for internal links. */
  destPage?: number;
  /** Vertical position of the destination on its page, when the link names one. */
  destY?: number;
  url?: string;
}

export interface OutlineEntry {
  title: string;
  page: number;
  level: number;
}

export interface ProofPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  glyphs: Glyph[];
  images: PlacedImage[];
  drawings: Drawing[];
  links: LinkBox[];
}

export interface ProofPdf {
  pages: ProofPage[];
  outline: OutlineEntry[];
  /** Fonts drawn with Type 3 procedures (no real font program). */
  type3Fonts: string[];
}

let pdfjsModule: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsModule;
}

type Matrix = [number, number, number, number, number, number];
const identity = (): Matrix => [1, 0, 0, 1, 0, 0];
/** m1 × m2 (apply m1, then m2), PDF's row-vector convention. */
function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[1] * m2[2],
    m1[0] * m2[1] + m1[1] * m2[3],
    m1[2] * m2[0] + m1[3] * m2[2],
    m1[2] * m2[1] + m1[3] * m2[3],
    m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
    m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
  ];
}
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** The page-space bounding box of a user-space rectangle drawn under `m`. */
function transformBox(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const corners = [apply(m, x0, y0), apply(m, x1, y0), apply(m, x0, y1), apply(m, x1, y1)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
}

/** What of `box` shows through the clipping box (undefined: no clip); empty boxes collapse. */
function clipTo(box: Box, clip: Box | undefined): Box {
  if (!clip) return box;
  const x0 = Math.max(box.x0, clip.x0);
  const y0 = Math.max(box.y0, clip.y0);
  return { x0, y0, x1: Math.max(x0, Math.min(box.x1, clip.x1)), y1: Math.max(y0, Math.min(box.y1, clip.y1)) };
}

interface PdfJsGlyph {
  unicode: string;
  width: number;
  isInFont: boolean;
  isSpace: boolean;
  vmetric?: number[] | null;
  fontChar: string;
}

interface PdfJsFont {
  name?: string;
  loadedName?: string;
  vertical?: boolean;
  isType3Font?: boolean;
  missingFile?: boolean;
  fontMatrix?: number[];
}

interface TextState {
  tm: Matrix;
  tlm: Matrix;
  font: PdfJsFont | undefined;
  fontName: string;
  size: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
}

const newTextState = (): TextState => ({
  tm: identity(),
  tlm: identity(),
  font: undefined,
  fontName: '',
  size: 0,
  charSpacing: 0,
  wordSpacing: 0,
  hScale: 1,
  leading: 0,
  rise: 0,
});

async function readPage(pdfjs: PdfJs, page: PDFPageProxy, type3: Set<string>): Promise<Omit<ProofPage, 'links'>> {
  const ops = await page.getOperatorList();
  const OPS = pdfjs.OPS;
  const [, , width, height] = page.view as [number, number, number, number];
  const glyphs: Glyph[] = [];
  const images: PlacedImage[] = [];
  const drawings: Drawing[] = [];
  const painting = new Set<number>([OPS.fill, OPS.eoFill, OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  let ctm: Matrix = identity();
  const ctmStack: Matrix[] = [];
  // The clipping path's box (an SVG's viewBox, a scrolled block): what is drawn outside it does
  // not show. `W`/`W*` applies to the path that follows it.
  let clip: Box | undefined;
  const clipStack: Array<Box | undefined> = [];
  let pendingClip = false;
  let text = newTextState();
  const textStack: TextState[] = [];
  const mcStack: number[] = [];
  const mcid = () => {
    for (let i = mcStack.length - 1; i >= 0; i--) if ((mcStack[i] ?? -1) >= 0) return mcStack[i] ?? -1;
    return -1;
  };

  const show = (items: Array<PdfJsGlyph | number | null>) => {
    const font = text.font;
    const vertical = Boolean(font?.vertical);
    const scale = (font?.fontMatrix?.[0] ?? 0.001) * text.size;
    for (const item of items) {
      if (item === null) continue;
      if (typeof item === 'number') {
        const shift = (-item / 1000) * text.size;
        text.tm = vertical ? multiply([1, 0, 0, 1, 0, -shift], text.tm) : multiply([1, 0, 0, 1, shift * text.hScale, 0], text.tm);
        continue;
      }
      const advance = item.width * scale;
      const trm = multiply([text.size * text.hScale, 0, 0, text.size, 0, text.rise], multiply(text.tm, ctm));
      // The glyph's em box: from the baseline, 0.12 em below it to 0.88 em above (an ideograph's
      // design box); advance along the line.
      const em = Math.hypot(trm[2], trm[3]);
      const [ox, oy] = apply(trm, 0, 0);
      const [ax, ay] = apply(trm, vertical ? 0 : advance / text.size, vertical ? -advance / text.size : 0);
      const g: Glyph = vertical
        ? { x0: ox - em / 2, x1: ox + em / 2, y0: Math.min(oy, ay), y1: Math.max(oy, ay), text: item.unicode, size: em, font: text.fontName, blank: false, mcid: mcid(), advance: Math.abs(oy - ay), vertical }
        : { x0: Math.min(ox, ax), x1: Math.max(ox, ax), y0: oy - 0.12 * em, y1: oy + 0.88 * em, text: item.unicode, size: em, font: text.fontName, blank: false, mcid: mcid(), advance: Math.abs(ax - ox), vertical };
      g.blank = !item.isInFont && !font?.isType3Font && !item.isSpace && /\S/u.test(item.unicode);
      if (item.unicode !== '' || g.blank) glyphs.push(g);
      const spacing = text.charSpacing + (item.isSpace ? text.wordSpacing : 0);
      text.tm = vertical
        ? multiply([1, 0, 0, 1, 0, -(advance + spacing)], text.tm)
        : multiply([1, 0, 0, 1, (advance + spacing) * text.hScale, 0], text.tm);
    }
  };

  /** Td, T*, ': the next line starts at an offset from the current line's start. */
  const moveLine = (tx: number, ty: number) => {
    text.tlm = multiply([1, 0, 0, 1, tx, ty], text.tlm);
    text.tm = [...text.tlm];
  };

  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = (ops.argsArray[i] ?? []) as unknown[];
    switch (fn) {
      case OPS.save:
        ctmStack.push(ctm);
        clipStack.push(clip);
        textStack.push({ ...text });
        break;
      case OPS.restore:
        ctm = ctmStack.pop() ?? identity();
        clip = clipStack.pop();
        text = textStack.pop() ?? newTextState();
        break;
      case OPS.transform:
        ctm = multiply(args as Matrix, ctm);
        break;
      case OPS.beginText:
        text.tm = identity();
        text.tlm = identity();
        break;
      case OPS.setFont: {
        const [name, size] = args as [string, number];
        text.fontName = name;
        text.size = size;
        const font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as PdfJsFont) : undefined;
        text.font = font;
        if (font?.name) text.fontName = font.name;
        if (font?.isType3Font) type3.add(font.name ?? name);
        break;
      }
      case OPS.setTextMatrix: {
        // pdf.js packs the matrix as one typed array (older versions: six numbers).
        const m = (ArrayBuffer.isView(args[0]) || Array.isArray(args[0]) ? Array.from(args[0] as ArrayLike<number>) : (args as number[])) as Matrix;
        text.tm = [...m];
        text.tlm = [...m];
        break;
      }
      case OPS.moveText:
      case OPS.setLeadingMoveText: {
        const [tx, ty] = args as [number, number];
        if (fn === OPS.setLeadingMoveText) text.leading = -ty;
        moveLine(tx, ty);
        break;
      }
      case OPS.nextLine:
        moveLine(0, -text.leading);
        break;
      case OPS.setCharSpacing:
        text.charSpacing = args[0] as number;
        break;
      case OPS.setWordSpacing:
        text.wordSpacing = args[0] as number;
        break;
      case OPS.setHScale:
        text.hScale = (args[0] as number) / 100;
        break;
      case OPS.setLeading:
        text.leading = args[0] as number;
        break;
      case OPS.setTextRise:
        text.rise = args[0] as number;
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        show(args[0] as Array<PdfJsGlyph | number | null>);
        break;
      case OPS.nextLineShowText:
        moveLine(0, -text.leading);
        show(args[0] as Array<PdfJsGlyph | number | null>);
        break;
      case OPS.beginMarkedContent:
        mcStack.push(-1);
        break;
      case OPS.beginMarkedContentProps:
        mcStack.push(typeof args[1] === 'number' ? args[1] : -1);
        break;
      case OPS.endMarkedContent:
        mcStack.pop();
        break;
      case OPS.clip:
      case OPS.eoClip:
        pendingClip = true;
        break;
      case OPS.constructPath: {
        // pdf.js 5: [paint operator, path data, bounding box in user space].
        const [paint, , minMax] = args as [number, unknown, ArrayLike<number> | null];
        if (!minMax || minMax.length < 4) break;
        const [bx0 = 0, by0 = 0, bx1 = 0, by1 = 0] = Array.from(minMax);
        const box = transformBox(ctm, bx0, by0, bx1, by1);
        if (painting.has(paint)) drawings.push({ ...clipTo(box, clip), mcid: mcid() });
        if (pendingClip) clip = clipTo(box, clip);
        pendingClip = false;
        break;
      }
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject: {
        // An image fills the unit square of its user space.
        const data = args[0] as { width?: number; height?: number } | string;
        images.push({
          ...clipTo(transformBox(ctm, 0, 0, 1, 1), clip),
          width: typeof data === 'object' ? (data.width ?? 0) : ((args[1] as number) ?? 0),
          height: typeof data === 'object' ? (data.height ?? 0) : ((args[2] as number) ?? 0),
          mcid: mcid(),
        });
        break;
      }
      default:
        break;
    }
  }
  return { number: page.pageNumber, width, height, glyphs, images, drawings };
}

async function pageIndexOf(doc: PDFDocumentProxy, dest: unknown): Promise<{ page: number; y?: number } | undefined> {
  const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : (dest as unknown[] | null);
  if (!Array.isArray(explicit) || !explicit[0]) return undefined;
  const index = await doc.getPageIndex(explicit[0] as { num: number; gen: number });
  const y = typeof explicit[3] === 'number' ? explicit[3] : undefined;
  return { page: index + 1, ...(y === undefined ? {} : { y }) };
}

async function readLinks(doc: PDFDocumentProxy, page: PDFPageProxy): Promise<LinkBox[]> {
  const annotations = (await page.getAnnotations()) as Array<{ subtype: string; rect: number[]; dest?: unknown; url?: string }>;
  const links: LinkBox[] = [];
  for (const a of annotations) {
    if (a.subtype !== 'Link') continue;
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = a.rect;
    const target = a.dest ? await pageIndexOf(doc, a.dest).catch(() => undefined) : undefined;
    links.push({ x0, y0, x1, y1, ...(typeof a.dest === 'string' ? { dest: a.dest } : {}), ...(target ? { destPage: target.page, ...(target.y === undefined ? {} : { destY: target.y }) } : {}), ...(a.url ? { url: a.url } : {}) });
  }
  return links;
}

async function readOutline(doc: PDFDocumentProxy): Promise<OutlineEntry[]> {
  const entries: OutlineEntry[] = [];
  type Node = { title: string; dest: unknown; items: Node[] };
  const walk = async (nodes: Node[], level: number) => {
    for (const node of nodes) {
      const target = node.dest ? await pageIndexOf(doc, node.dest).catch(() => undefined) : undefined;
      entries.push({ title: node.title, page: target?.page ?? 0, level });
      await walk(node.items ?? [], level + 1);
    }
  };
  await walk(((await doc.getOutline()) ?? []) as Node[], 1);
  return entries;
}

/** pdf.js's standard font data folder (for PDFs that use the 14 standard fonts unembedded). */
function standardFontDataUrl(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;
}

export async function readProofPdf(source: string | Uint8Array): Promise<ProofPdf> {
  const pdfjs = await loadPdfJs();
  const data = typeof source === 'string' ? new Uint8Array(readFileSync(source)) : new Uint8Array(source);
  const doc = await pdfjs.getDocument({
    data,
    fontExtraProperties: true,
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
    standardFontDataUrl: standardFontDataUrl(),
  }).promise;
  try {
    const pages: ProofPage[] = [];
    const type3 = new Set<string>();
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await readPage(pdfjs, page, type3);
      pages.push({ ...content, links: await readLinks(doc, page) });
      page.cleanup();
    }
    return { pages, outline: await readOutline(doc), type3Fonts: [...type3] };
  } finally {
    await doc.destroy();
  }
}
