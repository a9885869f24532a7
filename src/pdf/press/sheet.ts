/**
 * The press sheet around each page: the page itself is the trim (TrimBox, exactly the book's
 * page size), the bleed around it (BleedBox), and outside that the slug with crop marks and
 * registration crosses in the registration colour (Separation /All: on every plate), all inside
 * the MediaBox. The book is padded with blank pages to its signature; blank pages may carry a
 * hidden folio at the spine. Content is moved, not redrawn: each page's drawing is wrapped in a
 * translation. (pdf-lib writes the boxes and operators; the marks are geometry, hand-written.)
 */
import * as harfbuzz from 'harfbuzzjs';
import {
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRef,
  popGraphicsState,
  pushGraphicsState,
  type PDFDocument,
  type PDFOperator,
  type PDFPage,
  PDFOperator as Operator,
} from 'pdf-lib';
import type { PressSettings } from '../../config/press-settings.js';
import { contentText, usesOperator } from '../content-stream.js';
import { mmToPt as mm } from '../geometry.js';

/** Marks start this far outside the bleed and are this long. */
const markGap = mm(1);
const markLength = mm(5);

export interface SheetOptions {
  press: PressSettings;
  /** The trim size in points (the book's page size, exactly: Chromium's page is off by a
   *  fraction of a point, as it counts in CSS pixels). */
  trim: { width: number; height: number };
  /** Right-to-left books bind on the right of a recto. */
  rtl: boolean;
  /** A face with digits for hidden folios (the book's text face). */
  digitsFace: Buffer | undefined;
}

const op = (name: string, ...args: Array<number | string>) =>
  Operator.of(name as never, args.map((arg) => (typeof arg === 'number' ? PDFNumber.of(arg) : PDFName.of(arg))));

/** Whether a page draws nothing (its content paints no text, image or path). */
function drawsNothing(doc: PDFDocument, page: PDFPage): boolean {
  return !usesOperator(contentText(doc, page.node.get(PDFName.of('Contents'))), ['Tj', 'TJ', "'", '"', 'Do', 'f', 'f*', 'F', 'B', 'B*', 'b', 'b*', 'S', 's', 'sh', 'BI']);
}

/** Marks around the trim `w` × `h` whose corner is at `ox` `oy`. */
function cropMarks(w: number, h: number, ox: number, oy: number, bleed: number): PDFOperator[] {
  const out = bleed + markGap;
  const ops: PDFOperator[] = [];
  const line = (x1: number, y1: number, x2: number, y2: number) => ops.push(op('m', x1, y1), op('l', x2, y2), op('S'));
  for (const [x, dx] of [[ox, -1], [ox + w, 1]] as const) {
    for (const [y, dy] of [[oy, -1], [oy + h, 1]] as const) {
      line(x + dx * out, y, x + dx * (out + markLength), y); // horizontal, on the trim line
      line(x, y + dy * out, x, y + dy * (out + markLength)); // vertical
    }
  }
  return ops;
}

function crosses(w: number, h: number, ox: number, oy: number, bleed: number): PDFOperator[] {
  const ops: PDFOperator[] = [];
  const r = mm(1.5);
  const d = bleed + markGap + markLength / 2;
  for (const [x, y] of [[ox + w / 2, oy - d], [ox + w / 2, oy + h + d], [ox - d, oy + h / 2], [ox + w + d, oy + h / 2]] as const) {
    ops.push(op('m', x - 2 * r, y), op('l', x + 2 * r, y), op('m', x, y - 2 * r), op('l', x, y + 2 * r), op('S'));
    // a circle of four Bézier arcs
    const k = 0.5523 * r;
    ops.push(op('m', x + r, y), op('c', x + r, y + k, x + k, y + r, x, y + r), op('c', x - k, y + r, x - r, y + k, x - r, y));
    ops.push(op('c', x - r, y - k, x - k, y - r, x, y - r), op('c', x + k, y - r, x + r, y - k, x + r, y), op('S'));
  }
  return ops;
}

/** Digits as outlines (no font: a hidden folio is for the bindery, not for reading). */
function folioOps(face: Buffer, text: string, x: number, y: number, size: number, alignEnd: boolean): PDFOperator[] {
  const hbFace = new harfbuzz.Face(new harfbuzz.Blob(face));
  const font = new harfbuzz.Font(hbFace);
  const upem = hbFace.upem || 1000;
  const scale = size / upem;
  const glyphs = [...text].map((char) => font.glyph(char.codePointAt(0) ?? 0) ?? 0);
  const width = glyphs.reduce((sum, glyph) => sum + font.glyphHAdvance(glyph) * scale, 0);
  let pen = alignEnd ? x - width : x;
  const ops: PDFOperator[] = [];
  for (const glyph of glyphs) {
    let [cx, cy] = [0, 0];
    for (const command of font.glyphToJson(glyph)) {
      const v = command.values.map((value, i) => (i % 2 === 0 ? pen + value * scale : y + value * scale));
      if (command.type === 'M') ops.push(op('m', ...v));
      else if (command.type === 'L') ops.push(op('l', ...v));
      else if (command.type === 'C') ops.push(op('c', ...v));
      else if (command.type === 'Q') {
        // a quadratic segment as the cubic that draws it
        const [qx = 0, qy = 0, ex = 0, ey = 0] = v;
        ops.push(op('c', cx + (2 / 3) * (qx - cx), cy + (2 / 3) * (qy - cy), ex + (2 / 3) * (qx - ex), ey + (2 / 3) * (qy - ey), ex, ey));
      } else if (command.type === 'Z') ops.push(op('h'));
      if (v.length >= 2) [cx, cy] = [v[v.length - 2] ?? 0, v[v.length - 1] ?? 0];
    }
    pen += font.glyphHAdvance(glyph) * scale;
  }
  return ops.length ? [...ops, op('f')] : [];
}

/** The registration colour space, added to a page's resources as /InkAll. */
function registration(doc: PDFDocument, page: PDFPage, all: PDFRef): void {
  const resources = page.node.Resources() ?? doc.context.obj({});
  if (!page.node.Resources()) page.node.set(PDFName.of('Resources'), resources);
  let spaces = resources.lookupMaybe(PDFName.of('ColorSpace'), PDFDict);
  if (!spaces) {
    spaces = doc.context.obj({});
    resources.set(PDFName.of('ColorSpace'), spaces);
  }
  spaces.set(PDFName.of('InkAll'), all);
}

/** Crop marks and registration crosses in the slug, in the /All separation. */
function marks(doc: PDFDocument, page: PDFPage, all: PDFRef, press: SheetOptions['press'], [w, h, ox, oy, bleed]: number[]): PDFOperator[] {
  registration(doc, page, all);
  const ops: PDFOperator[] = [pushGraphicsState(), op('CS', 'InkAll'), op('SCN', 1), op('w', 0.25)];
  if (press.marks.crop) ops.push(...cropMarks(w ?? 0, h ?? 0, ox ?? 0, oy ?? 0, bleed ?? 0));
  if (press.marks.cross) ops.push(...crosses(w ?? 0, h ?? 0, ox ?? 0, oy ?? 0, bleed ?? 0));
  ops.push(popGraphicsState());
  return ops;
}

/** A blank page's folio at the spine, 2 mm in from the trim, near the foot: hidden by the binding. */
function hiddenFolio(options: SheetOptions, blank: boolean, index: number, [w = 0, ox = 0, oy = 0]: number[]): PDFOperator[] {
  if (!options.press.hiddenFolio || !blank || !options.digitsFace) return [];
  const recto = index % 2 === 0;
  const spineLeft = recto !== options.rtl;
  const x = ox + (spineLeft ? mm(2) : w - mm(2));
  const digits = folioOps(options.digitsFace, String(index + 1), x, oy + mm(10), 6, !spineLeft);
  return digits.length ? [pushGraphicsState(), op('g', 0), ...digits, popGraphicsState()] : [];
}

/** Boxes, marks, padding and hidden folios (see the file's comment). Returns how far the pages'
 *  drawing moved (for the bookmarks' destinations). */
export function layOutSheets(doc: PDFDocument, options: SheetOptions): { dx: number; dy: number } {
  const { press } = options;
  const bleed = mm(press.bleed);
  const marked = press.marks.crop || press.marks.cross;
  const slug = bleed + (marked ? markGap + markLength + mm(1) : 0);
  const { width: w, height: h } = options.trim;
  const page0 = doc.getPage(0).getTrimBox();
  const padding = (press.signature - (doc.getPageCount() % press.signature)) % press.signature;
  const blank = new Set<number>();
  doc.getPages().forEach((page, index) => drawsNothing(doc, page) && blank.add(index));
  for (let i = 0; i < padding; i++) {
    doc.addPage([page0.width, page0.height]);
    blank.add(doc.getPageCount() - 1);
  }
  const all = doc.context.register(
    doc.context.obj([PDFName.of('Separation'), PDFName.of('All'), PDFName.of('DeviceCMYK'), doc.context.obj({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1 })]),
  );
  let moved = { dx: 0, dy: 0 };
  doc.getPages().forEach((page, index) => {
    const box = page.getTrimBox();
    // The page's drawing centred on the trim; what is drawn after this (the marks) is in the
    // moved space too, where the trim's corner is at ox oy.
    const [ox, oy] = [(box.width - w) / 2, (box.height - h) / 2];
    moved = { dx: slug - ox - box.x, dy: slug - oy - box.y };
    page.translateContent(moved.dx, moved.dy);
    page.node.delete(PDFName.of('Annots'));
    page.node.delete(PDFName.of('CropBox'));
    page.node.delete(PDFName.of('ArtBox'));
    page.setMediaBox(0, 0, w + 2 * slug, h + 2 * slug);
    page.setBleedBox(slug - bleed, slug - bleed, w + 2 * bleed, h + 2 * bleed);
    page.setTrimBox(slug, slug, w, h);
    const ops = [...(marked ? marks(doc, page, all, press, [w, h, ox, oy, bleed]) : []), ...hiddenFolio(options, blank.has(index), index, [w, ox, oy])];
    if (ops.length) page.pushOperators(...ops);
  });
  return moved;
}
