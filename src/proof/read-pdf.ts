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
import { PageInterpreter } from './content.js';

export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PDFDocumentProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;
export type PDFPageProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy;

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

/** A page's glyphs, images and drawings: its operator list run through the interpreter. */
async function readPage(pdfjs: PdfJs, page: PDFPageProxy, type3: Set<string>): Promise<Omit<ProofPage, 'links'>> {
  const ops = await page.getOperatorList();
  const [, , width, height] = page.view as [number, number, number, number];
  const reader = new PageInterpreter(pdfjs.OPS, page, type3);
  for (let i = 0; i < ops.fnArray.length; i++) reader.step(ops.fnArray[i] as number, (ops.argsArray[i] ?? []) as unknown[]);
  return { number: page.pageNumber, width, height, glyphs: reader.glyphs, images: reader.images, drawings: reader.drawings };
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
