/**
 * The press PDF (issue 16), read back as a print shop's preflight would: PDF/X keys and output
 * intent (qpdf), boxes on every page, ink per plate (Ghostscript's inkcov), fonts (pdffonts),
 * the signature, and the same bytes twice.
 */
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, repoRoot, tempDir } from './helpers/cli.js';
import { expectPressReady, object } from './helpers/press.js';
import { darkPixels, haveTools, inkPerPage, pdfInfo, pdfText, qpdfJson } from './helpers/tools.js';

const env = { SOURCE_DATE_EPOCH: '1700000000' };
const mm = 72 / 25.4;
const canRun = haveTools('chromium', 'poppler', 'ghostscript', 'qpdf');

function build(manuscript: string, extra: string[] = []): { out: string; stderr: string; status: number | null } {
  const out = tempDir();
  const run = inkstone(['build', manuscript, '--out', out, ...extra], { env });
  return { out, stderr: run.stderr, status: run.status };
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
    // (the word joiner before a note call and the zero-width space before a curly quote, in the
    // screen PDF's text layer, are not text: Ghostscript drops them)
    const characters = (file: string) => [...pdfText(file).replace(/[\s\u200B\u2060]+/g, '')].sort().join('');
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
