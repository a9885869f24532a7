/**
 * The press PDF (issue 16), read back as a print shop's preflight would: PDF/X keys and output
 * intent (qpdf), boxes on every page, ink per plate (Ghostscript's inkcov), fonts (pdffonts),
 * the signature, and the same bytes twice.
 */
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, repoRoot, tempDir } from './helpers/cli.js';
import { colouredPages, darkPixels, haveTools, inkPerPage, pdfFonts, pdfInfo, pdfStream, pdfText, plainPdf, qpdfCheck, qpdfJson } from './helpers/tools.js';

const env = { SOURCE_DATE_EPOCH: '1700000000' };
const mm = 72 / 25.4;
const canRun = haveTools('chromium', 'poppler', 'ghostscript', 'qpdf');

function build(manuscript: string, extra: string[] = []): { out: string; stderr: string; status: number | null } {
  const out = tempDir();
  const run = inkstone(['build', manuscript, '--out', out, ...extra], { env });
  return { out, stderr: run.stderr, status: run.status };
}

type Objects = Record<string, { value?: Record<string, unknown> }>;

function object(objects: Objects, ref: unknown): Record<string, unknown> {
  return objects[`obj:${String(ref)}`]?.value ?? {};
}

/** Every check of the issue's “Done when” on one press PDF against its screen PDF. */
function expectPressReady(screen: string, press: string, options: { version: string; signature: number; bleedMm: number; trimMm: [number, number] }) {
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
    expect(`${font.name} ${font.type}`).toMatch(/^[A-Z]{6}\+(Noto\w+|BabelStoneHan)-(Regular|Bold) CID TrueType$/);
    expect(font.embedded).toBe(true);
  }
  return { ink, pages, screenPages };
}

describe.runIf(canRun)('the press PDF of a book with colour, notes, blank versos and 16-page signatures', () => {
  let out: string;
  beforeAll(() => {
    const run = build(path.join(repoRoot, 'test/fixtures/press-book'));
    expect(run.stderr).not.toMatch(/error|warning/);
    expect(run.status).toBe(0);
    out = run.out;
  });

  it('is PDF/X-4 with an output intent, boxes on every page, text on K alone, real font names, 16-page signatures', () => {
    const press = path.join(out, 'book.press.pdf');
    const { ink, pages, screenPages } = expectPressReady(path.join(out, 'book.pdf'), press, { version: 'PDF/X-4', signature: 16, bleedMm: 3, trimMm: [148, 210] });
    expect(pdfInfo(press)['PDF version']).toBe('1.6');
    // the photograph's page has colour (converted through the profile)
    expect(ink.some(([c, m, y]) => c > 0.05 && m > 0.05 && y > 0.05)).toBe(true);
    // Hidden folios at the spine, near the foot: on blank pages only (before: on every page
    // whose text ended `]TJ`, the title page and the colophon among them).
    const slug = 10 * mm; // 3 mm bleed, 1 mm gap, 5 mm marks, 1 mm
    const zone = (page: number) => {
      const recto = page % 2 === 1;
      const x = recto ? slug + 2 * mm : slug + 148 * mm - 2 * mm - 12;
      return { x, y: slug + 210 * mm - 10 * mm - 8, width: 12, height: 9 };
    };
    const blankOnScreen = (page: number) => !pdfText(path.join(out, 'book.pdf'), page).trim();
    for (let page = 1; page <= pages; page++) {
      const blank = page > screenPages || blankOnScreen(page);
      expect(darkPixels(press, page, zone(page)) > 0, `page ${page}${blank ? ' (blank)' : ''}`).toBe(blank);
    }
  });

  it('passes the proof’s press checks; a page without a TrimBox or drawing in RGB does not', async () => {
    const press = path.join(out, 'book.press.pdf');
    const fixture = path.join(repoRoot, 'test/fixtures/press-book');
    const good = JSON.parse(inkstone(['proof', fixture, '--pdf', press, '--json']).stdout).editions[0].findings as Array<{ rule: string; page: number }>;
    // the photograph is 900 px wide on a 115 mm measure, the drawing 240: below the press's 300 ppi
    expect(good.map((f) => `${f.rule} ${f.page}`)).toEqual(['image-resolution 7', 'image-resolution 8']);
    const { PDFDocument, PDFName, PDFOperator, PDFNumber } = await import('pdf-lib');
    const doc = await PDFDocument.load(readFileSync(press));
    doc.getPage(2).node.delete(PDFName.of('TrimBox'));
    doc.getPage(4).drawRectangle({ x: 100, y: 100, width: 20, height: 20 }); // pdf-lib draws in DeviceRGB (`rg`)
    // the colour space named in the content: /DeviceRGB cs 1 0 0 sc
    const n = (value: number) => PDFNumber.of(value);
    doc.getPage(5).pushOperators(
      PDFOperator.of('cs' as never, [PDFName.of('DeviceRGB')]),
      PDFOperator.of('sc' as never, [n(1), n(0), n(0)]),
      PDFOperator.of('re' as never, [n(50), n(50), n(10), n(10)]),
      PDFOperator.of('f' as never),
    );
    const broken = path.join(out, 'broken.press.pdf');
    writeFileSync(broken, await doc.save());
    const bad = JSON.parse(inkstone(['proof', fixture, '--pdf', broken, '--json']).stdout).editions[0].findings as Array<{ rule: string; page: number }>;
    expect(bad.filter((f) => f.rule.startsWith('press-')).map((f) => `${f.rule} ${f.page}`)).toEqual(['press-boxes 3', 'press-rgb 5', 'press-rgb 6']);
  });

  it('is the same file when built again', () => {
    const again = build(path.join(repoRoot, 'test/fixtures/press-book'));
    expect(readFileSync(path.join(again.out, 'book.press.pdf')).equals(readFileSync(path.join(out, 'book.press.pdf')))).toBe(true);
  });
});

describe.runIf(canRun)('the seed with --press', () => {
  it('is PDF/X-4 with C = M = Y = 0 on every page, trim and bleed boxes, its faces embedded', () => {
    const run = build(path.join(repoRoot, 'manuscript'), ['--press', '--format', 'pdf']);
    expect(run.status).toBe(0);
    const { ink } = expectPressReady(path.join(run.out, 'book.pdf'), path.join(run.out, 'book.press.pdf'), { version: 'PDF/X-4', signature: 1, bleedMm: 3, trimMm: [148, 210] });
    expect(ink.every(([c, m, y]) => c + m + y === 0)).toBe(true);
  });
});

describe.runIf(canRun)('press settings', () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(tempDir(), 'book');
    cpSync(path.join(repoRoot, 'test/fixtures/press-book'), dir, { recursive: true });
    // Ghostscript's SWOP profile stands in for a printer's (FOGRA39 and the like are not free to ship).
    copyFileSync('/usr/share/color/icc/ghostscript/default_cmyk.icc', path.join(dir, 'printer.icc'));
  });
  const configure = (settings: string) => {
    const yaml = readFileSync(path.join(repoRoot, 'test/fixtures/press-book/book.yaml'), 'utf8').replace(/^pdf:\n(  .*\n)+/m, `pdf:\n${settings}`);
    writeFileSync(path.join(dir, 'book.yaml'), yaml);
  };

  it('pdf.press: x1a writes PDF/X-1a:2001 (PDF 1.3, no transparency) with the manuscript’s profile and condition', () => {
    configure('  press: x1a\n  press-profile: printer.icc\n  press-condition: FOGRA39\n');
    const run = build(dir);
    expect(run.status).toBe(0);
    const press = path.join(run.out, 'book.press.pdf');
    expectPressReady(path.join(run.out, 'book.pdf'), press, { version: 'PDF/X-1:2001', signature: 16, bleedMm: 3, trimMm: [148, 210] });
    // Every page keeps its text as text, the one with a transparent PNG too (before: X-1a's
    // flattening made that page one image; print now sets such images on white itself).
    // (the same characters: pdftotext reads a table of Ghostscript's output in another order)
    const characters = (file: string) => [...pdfText(file).replace(/\s+/g, '')].sort().join('');
    expect(characters(press)).toBe(characters(path.join(run.out, 'book.pdf')));
    expect(pdfText(press)).toContain('图片以外的文字仍然只用黑版');
    expect(pdfInfo(press)['PDF version']).toBe('1.3');
    const objects = qpdfJson(press).qpdf[1];
    const info = object(objects, objects['trailer']?.value?.['/Info']);
    expect(info['/GTS_PDFXConformance']).toBe('u:PDF/X-1a:2001');
    const intent = Object.values(objects).find((o) => o.value?.['/Type'] === '/OutputIntent')?.value;
    expect(intent?.['/OutputConditionIdentifier']).toBe('u:FOGRA39');
    expect(readFileSync(press).toString('latin1')).not.toMatch(/\/SMask|\/Group|\/ObjStm|\/ca 0|\/CA 0/);
  });

  it('pdf.press-color: gray puts every page, the photograph too, on the K plate', () => {
    configure('  press: true\n  press-color: gray\n');
    const run = build(dir);
    expect(run.status).toBe(0);
    expect(inkPerPage(path.join(run.out, 'book.press.pdf')).filter(([c, m, y]) => c + m + y > 0)).toEqual([]);
  });

  it('refuses a profile outside the manuscript, and one that is not a CMYK output profile, naming book.yaml and the line', () => {
    configure('  press: true\n  press-profile: ../printer.icc\n');
    const outside = build(dir);
    expect(outside.status).toBe(1);
    expect(outside.stderr).toMatch(/book\.yaml:\d+:\d+.*press profile “\.\.\/printer\.icc” refused: it is outside the manuscript folder/);
    copyFileSync('/usr/share/color/icc/ghostscript/srgb.icc', path.join(dir, 'screen.icc'));
    configure('  press: true\n  press-profile: screen.icc\n');
    const rgb = build(dir);
    expect(rgb.status).toBe(1);
    expect(rgb.stderr).toMatch(/book\.yaml:\d+:\d+.*press profile “screen\.icc” is a RGB mntr profile: PDF\/X needs/);
    expect(rgb.stderr).not.toMatch(/\n\s+at /);
  });
});
