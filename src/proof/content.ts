/**
 * A small interpreter of a PDF page's content, over pdf.js's operator list (ISO 32000 §8.4
 * graphics state, §9.4 text objects, §14.6 marked content): each glyph with its box, font and
 * marked-content id, each image and painted path with its page-space box, under the clip.
 * (pdf.js's own text extraction merges glyphs into runs and drops their positions.)
 */
import type { Box, Drawing, Glyph, PdfJs, PDFPageProxy, PlacedImage } from './read-pdf.js';

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

type Ops = PdfJs['OPS'];

export class PageInterpreter {
  readonly glyphs: Glyph[] = [];
  readonly images: PlacedImage[] = [];
  readonly drawings: Drawing[] = [];
  private ctm: Matrix = identity();
  private readonly ctmStack: Matrix[] = [];
  // The clipping path's box (an SVG's viewBox, a scrolled block): what is drawn outside it does
  // not show. `W`/`W*` applies to the path that follows it.
  private clip: Box | undefined;
  private readonly clipStack: Array<Box | undefined> = [];
  private pendingClip = false;
  private text = newTextState();
  private readonly textStack: TextState[] = [];
  private readonly mcStack: number[] = [];
  private readonly painting: Set<number>;

  constructor(
    private readonly OPS: Ops,
    private readonly page: PDFPageProxy,
    private readonly type3: Set<string>,
  ) {
    this.painting = new Set<number>([OPS.fill, OPS.eoFill, OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  }

  /** One operator and its arguments. */
  step(fn: number, args: unknown[]): void {
    if (this.graphicsState(fn, args) || this.textState(fn, args) || this.textShowing(fn, args) || this.markedContent(fn, args)) return;
    this.painted(fn, args);
  }

  private mcid(): number {
    for (let i = this.mcStack.length - 1; i >= 0; i--) if ((this.mcStack[i] ?? -1) >= 0) return this.mcStack[i] ?? -1;
    return -1;
  }

  private graphicsState(fn: number, args: unknown[]): boolean {
    const { OPS } = this;
    if (fn === OPS.save) {
      this.ctmStack.push(this.ctm);
      this.clipStack.push(this.clip);
      this.textStack.push({ ...this.text });
    } else if (fn === OPS.restore) {
      this.ctm = this.ctmStack.pop() ?? identity();
      this.clip = this.clipStack.pop();
      this.text = this.textStack.pop() ?? newTextState();
    } else if (fn === OPS.transform) this.ctm = multiply(args as Matrix, this.ctm);
    else if (fn === OPS.clip || fn === OPS.eoClip) this.pendingClip = true;
    else return false;
    return true;
  }

  private textState(fn: number, args: unknown[]): boolean {
    const { OPS, text } = this;
    if (fn === OPS.beginText) {
      text.tm = identity();
      text.tlm = identity();
    } else if (fn === OPS.setFont) this.setFont(args as [string, number]);
    else if (fn === OPS.setTextMatrix) {
      // pdf.js packs the matrix as one typed array (older versions: six numbers).
      const m = (ArrayBuffer.isView(args[0]) || Array.isArray(args[0]) ? Array.from(args[0] as ArrayLike<number>) : (args as number[])) as Matrix;
      text.tm = [...m];
      text.tlm = [...m];
    } else if (fn === OPS.moveText || fn === OPS.setLeadingMoveText) {
      const [tx, ty] = args as [number, number];
      if (fn === OPS.setLeadingMoveText) text.leading = -ty;
      this.moveLine(tx, ty);
    } else if (fn === OPS.nextLine) this.moveLine(0, -text.leading);
    else if (fn === OPS.setCharSpacing) text.charSpacing = args[0] as number;
    else if (fn === OPS.setWordSpacing) text.wordSpacing = args[0] as number;
    else if (fn === OPS.setHScale) text.hScale = (args[0] as number) / 100;
    else if (fn === OPS.setLeading) text.leading = args[0] as number;
    else if (fn === OPS.setTextRise) text.rise = args[0] as number;
    else return false;
    return true;
  }

  private setFont([name, size]: [string, number]): void {
    const { text, page } = this;
    text.fontName = name;
    text.size = size;
    const font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as PdfJsFont) : undefined;
    text.font = font;
    if (font?.name) text.fontName = font.name;
    if (font?.isType3Font) this.type3.add(font.name ?? name);
  }

  /** Td, T*, ': the next line starts at an offset from the current line's start. */
  private moveLine(tx: number, ty: number): void {
    this.text.tlm = multiply([1, 0, 0, 1, tx, ty], this.text.tlm);
    this.text.tm = [...this.text.tlm];
  }

  private textShowing(fn: number, args: unknown[]): boolean {
    const { OPS } = this;
    if (fn === OPS.showText || fn === OPS.showSpacedText) this.show(args[0] as Array<PdfJsGlyph | number | null>);
    else if (fn === OPS.nextLineShowText) {
      this.moveLine(0, -this.text.leading);
      this.show(args[0] as Array<PdfJsGlyph | number | null>);
    } else return false;
    return true;
  }

  private show(items: Array<PdfJsGlyph | number | null>): void {
    const { text } = this;
    const vertical = Boolean(text.font?.vertical);
    const scale = (text.font?.fontMatrix?.[0] ?? 0.001) * text.size;
    for (const item of items) {
      if (item === null) continue;
      if (typeof item === 'number') {
        const shift = (-item / 1000) * text.size;
        text.tm = vertical ? multiply([1, 0, 0, 1, 0, -shift], text.tm) : multiply([1, 0, 0, 1, shift * text.hScale, 0], text.tm);
        continue;
      }
      const advance = item.width * scale;
      this.placeGlyph(item, advance, vertical);
      const spacing = text.charSpacing + (item.isSpace ? text.wordSpacing : 0);
      text.tm = vertical
        ? multiply([1, 0, 0, 1, 0, -(advance + spacing)], text.tm)
        : multiply([1, 0, 0, 1, (advance + spacing) * text.hScale, 0], text.tm);
    }
  }

  /** The glyph's em box: from the baseline, 0.12 em below it to 0.88 em above (an ideograph's
   *  design box); advance along the line. */
  private placeGlyph(item: PdfJsGlyph, advance: number, vertical: boolean): void {
    const { text } = this;
    const trm = multiply([text.size * text.hScale, 0, 0, text.size, 0, text.rise], multiply(text.tm, this.ctm));
    const em = Math.hypot(trm[2], trm[3]);
    const [ox, oy] = apply(trm, 0, 0);
    const [ax, ay] = apply(trm, vertical ? 0 : advance / text.size, vertical ? -advance / text.size : 0);
    const common = { text: item.unicode, size: em, font: text.fontName, blank: false, mcid: this.mcid(), vertical };
    const g: Glyph = vertical
      ? { x0: ox - em / 2, x1: ox + em / 2, y0: Math.min(oy, ay), y1: Math.max(oy, ay), ...common, advance: Math.abs(oy - ay) }
      : { x0: Math.min(ox, ax), x1: Math.max(ox, ax), y0: oy - 0.12 * em, y1: oy + 0.88 * em, ...common, advance: Math.abs(ax - ox) };
    g.blank = !item.isInFont && !text.font?.isType3Font && !item.isSpace && /\S/u.test(item.unicode);
    if (item.unicode !== '' || g.blank) this.glyphs.push(g);
  }

  private markedContent(fn: number, args: unknown[]): boolean {
    const { OPS } = this;
    if (fn === OPS.beginMarkedContent) this.mcStack.push(-1);
    else if (fn === OPS.beginMarkedContentProps) this.mcStack.push(typeof args[1] === 'number' ? args[1] : -1);
    else if (fn === OPS.endMarkedContent) this.mcStack.pop();
    else return false;
    return true;
  }

  /** Paths (pdf.js 5: [paint operator, path data, bounding box in user space]) and images (an
   *  image fills the unit square of its user space). */
  private painted(fn: number, args: unknown[]): void {
    const { OPS } = this;
    if (fn === OPS.constructPath) {
      const [paint, , minMax] = args as [number, unknown, ArrayLike<number> | null];
      if (!minMax || minMax.length < 4) return;
      const [bx0 = 0, by0 = 0, bx1 = 0, by1 = 0] = Array.from(minMax);
      const box = transformBox(this.ctm, bx0, by0, bx1, by1);
      if (this.painting.has(paint)) this.drawings.push({ ...clipTo(box, this.clip), mcid: this.mcid() });
      if (this.pendingClip) this.clip = clipTo(box, this.clip);
      this.pendingClip = false;
    } else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) {
      const data = args[0] as { width?: number; height?: number } | string;
      this.images.push({
        ...clipTo(transformBox(this.ctm, 0, 0, 1, 1), this.clip),
        width: typeof data === 'object' ? (data.width ?? 0) : ((args[1] as number) ?? 0),
        height: typeof data === 'object' ? (data.height ?? 0) : ((args[2] as number) ?? 0),
        mcid: this.mcid(),
      });
    }
  }
}
