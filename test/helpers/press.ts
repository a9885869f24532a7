/**
 * What a print shop's preflight asks of a press PDF, checked against the screen PDF of the same
 * build: PDF/X keys and output intent (qpdf), XMP, boxes on every page, the signature, ink per
 * plate (Ghostscript's inkcov) on every page without colour on screen, fonts (pdffonts).
 */
import { expect } from 'vitest';
import { colouredPages, inkPerPage, pdfFonts, pdfInfo, pdfStream, plainPdf, qpdfCheck, qpdfJson } from './tools.js';

const mm = 72 / 25.4;

type Objects = Record<string, { value?: Record<string, unknown> }>;

export function object(objects: Objects, ref: unknown): Record<string, unknown> {
  return objects[`obj:${String(ref)}`]?.value ?? {};
}

/** Every check of the issue's “Done when” on one press PDF against its screen PDF. */
export function expectPressReady(screen: string, press: string, options: { version: string; signature: number; bleedMm: number; trimMm: [number, number] }) {
  expect(qpdfCheck(press)).toBe('');
  const json = qpdfJson(press);
  const objects = json.qpdf[1];
  const trailer = objects['trailer']?.value ?? {};
  const info = object(objects, trailer['/Info']);
  const root = object(objects, trailer['/Root']);
  expect(info['/GTS_PDFXVersion']).toBe(`u:${options.version}`);
  expect(info['/Trapped']).toBe('/False');
  const intents = root['/OutputIntents'] as unknown[];
  expect(intents).toHaveLength(1);
  const intent = object(objects, intents[0]);
  expect(intent['/S']).toBe('/GTS_PDFX');
  expect(String(intent['/OutputConditionIdentifier'])).toMatch(/^u:./);
  const profile = objects[`obj:${String(intent['/DestOutputProfile'])}`] as { value?: unknown; stream?: { dict: Record<string, unknown> } };
  expect(profile?.stream?.dict['/N']).toBe(4);
  // PDF/X-4 names itself in XMP too, with the Info's title (UTF-8: it was written byte per
  // UTF-16 unit, the title unreadable)
  if (options.version === 'PDF/X-4') {
    const xmp = pdfStream(press, String(root['/Metadata']));
    expect(xmp).toContain('<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>');
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${String(info['/Title']).replace(/^u:/, '')}</rdf:li>`);
  }
  // No transfer functions left in the graphics states (PDF/X-1a forbids them).
  expect(plainPdf(press)).not.toMatch(/\/TR\b|\/TR2\b/);

  // Boxes: TrimBox exactly the book's page size (Chromium's page is a fraction of a point off:
  // 420 × 594.96 pt for A5, 419.53 × 595.28), BleedBox that plus the bleed, inside the MediaBox.
  const [trimWidth, trimHeight] = options.trimMm.map((size) => size * mm) as [number, number];
  const bleed = options.bleedMm * mm;
  for (const page of json.pages) {
    const dict = object(objects, page.object);
    const [tx0, ty0, tx1, ty1] = dict['/TrimBox'] as number[];
    const [bx0, by0, bx1, by1] = dict['/BleedBox'] as number[];
    const [mx0, my0, mx1, my1] = dict['/MediaBox'] as number[];
    expect((tx1 ?? 0) - (tx0 ?? 0)).toBeCloseTo(trimWidth, 2);
    expect((ty1 ?? 0) - (ty0 ?? 0)).toBeCloseTo(trimHeight, 2);
    for (const [outer, inner] of [[bx0, tx0], [by0, ty0], [tx1, bx1], [ty1, by1]]) expect((inner ?? 0) - (outer ?? 0)).toBeCloseTo(bleed, 2);
    expect(Math.min((bx0 ?? 0) - (mx0 ?? 0), (by0 ?? 0) - (my0 ?? 0), (mx1 ?? 0) - (bx1 ?? 0), (my1 ?? 0) - (by1 ?? 0))).toBeGreaterThanOrEqual(0);
    expect(dict['/Annots']).toBeUndefined();
  }

  // The signature, and nothing lost: every page of the screen PDF, then blank pages.
  const pages = json.pages.length;
  const screenPages = Number(pdfInfo(screen)['Pages']);
  expect(pages % options.signature).toBe(0);
  expect(pages - screenPages).toBeLessThan(options.signature);
  expect(pages).toBeGreaterThanOrEqual(screenPages);

  // Text on the K plate: no C, M or Y on any page that has no colour on screen.
  const ink = inkPerPage(press);
  const coloured = colouredPages(screen, screenPages);
  const leaks = ink.flatMap(([c, m, y], i) => (!coloured[i] && c + m + y > 0 ? [`page ${i + 1}: C ${c} M ${m} Y ${y}`] : []));
  expect(leaks).toEqual([]);
  expect(coloured.filter((page) => !page).length).toBeGreaterThan(0);

  // Fonts: embedded CID TrueType, under the faces' real names.
  for (const font of pdfFonts(press)) {
    expect(`${font.name} ${font.type}`).toMatch(/^[A-Z]{6}\+(Noto\w+|LXGWWenKai|BabelStoneHan)-(Regular|Bold) CID TrueType$/);
    expect(font.embedded).toBe(true);
  }
  return { ink, pages, screenPages };
}

