/**
 * Accessible EPUBs (issue 17): Ace by DAISY finds no violation (serious, moderate or minor) in
 * the seed, its zh-Hant edition, a vertical book and a book of real images; the accessibility
 * metadata says what the book holds. (A corpus book is checked in test/corpus.test.ts.)
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, openEpub, repoRoot, tempDir } from './helpers/cli.js';
import { ace, epubcheck, haveTools, pageListMismatches } from './helpers/tools.js';

const books = {
  seed: { dir: 'manuscript', args: [] as string[], file: 'book.epub' },
  'seed, zh-Hant': { dir: 'manuscript', args: ['--variant', 'zh-Hant'], file: 'book.zh-Hant.epub' },
  vertical: { dir: 'test/fixtures/vertical-book', args: [], file: 'book.epub' },
  'real images': { dir: 'test/fixtures/real-inputs', args: [], file: 'book.epub' },
};

describe.skipIf(!haveTools('ace', 'epubcheck', 'chromium', 'poppler'))('accessibility', () => {
  const built: Record<string, string> = {};

  beforeAll(() => {
    for (const [name, book] of Object.entries(books)) {
      const out = tempDir();
      const run = inkstone(['build', path.join(repoRoot, book.dir), '--out', out, '--format', 'epub', '-q', ...book.args], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
      expect(run.status, run.stderr).toBe(0);
      built[name] = path.join(out, book.file);
    }
  }, 120_000);

  for (const name of Object.keys(books)) {
    it(`${name}: Ace reports no violation, EPUBCheck no message (before: 4 serious and 2 moderate)`, async () => {
      expect(ace(built[name] ?? '')).toEqual([]);
      expect(await epubcheck(built[name] ?? '')).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
    }, 120_000);
  }

  it('says what the book holds: textual and visual modes with images, alternativeText when every image is described, ruby', async () => {
    const meta = async (name: string) => {
      const opf = await (await openEpub(built[name] ?? '')).text('OEBPS/content.opf');
      return [...opf.matchAll(/<meta property="schema:(\w+)">([^<]*)<\/meta>/g)].map((m) => `${m[1]}=${m[2]}`);
    };
    const seed = await meta('seed');
    expect(seed).toEqual(expect.arrayContaining(['accessMode=textual', 'accessModeSufficient=textual', 'accessibilityFeature=structuralNavigation', 'accessibilityFeature=tableOfContents', 'accessibilityFeature=readingOrder', 'accessibilityHazard=none']));
    expect(seed.some((m) => m.startsWith('accessibilitySummary=本书为可重排的 EPUB 3 电子书'))).toBe(true);
    expect(seed).not.toContain('accessMode=visual');
    const images = await meta('real images');
    expect(images).toEqual(expect.arrayContaining(['accessMode=visual', 'accessModeSufficient=textual,visual', 'accessibilityFeature=alternativeText']));
    expect(await meta('vertical')).toEqual(expect.arrayContaining(['accessibilityFeature=rubyAnnotations']));
    expect((await meta('seed, zh-Hant')).some((m) => m.startsWith('accessibilitySummary=本書為可重排的'))).toBe(true);
  });

  it('book.yaml’s accessibility keys replace the summary and the hazards', async () => {
    const dir = tempDir();
    cpSync(path.join(repoRoot, 'test/fixtures/vertical-book'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'book.yaml'), `${readFileSync(path.join(dir, 'book.yaml'), 'utf8')}accessibility:\n  summary: 自訂的說明。\n  hazard: [flashing, noSoundHazard]\n`);
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub', '-q']);
    expect(run.status, run.stderr).toBe(0);
    const opf = await (await openEpub(path.join(dir, 'out', 'book.epub'))).text('OEBPS/content.opf');
    expect(opf).toContain('<meta property="schema:accessibilitySummary">自訂的說明。</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityHazard">flashing</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityHazard">noSoundHazard</meta>');
  });

  it('the seed’s page list: one entry per printed page, each marker where its page’s text starts (the EPUB and the PDF of one build)', async () => {
    const out = tempDir();
    const run = inkstone(['build', path.join(repoRoot, 'manuscript'), '--out', out, '-q']);
    expect(run.status, run.stderr).toBe(0);
    const result = await pageListMismatches(path.join(out, 'book.epub'), path.join(out, 'book.pdf'));
    expect(result.entries).toBe(result.pages);
    expect(result.compared).toBeGreaterThanOrEqual(result.pages - 3); // title page, colophon, contents
    expect(result.bad).toEqual([]);
    const opf = await (await openEpub(path.join(out, 'book.epub'))).text('OEBPS/content.opf');
    expect(opf).toContain('<meta refines="#pagination-source" property="source-of">pagination</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">printPageNumbers</meta>');
    expect(ace(path.join(out, 'book.epub'))).toEqual([]);
    expect(await epubcheck(path.join(out, 'book.epub'))).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  }, 120_000);

  it('the same book twice, EPUB with its page list and PDF: the same bytes — in the suite’s Chromium and in one the build launches', () => {
    const [one, two] = [tempDir(), tempDir()];
    // (INKSTONE_DEBUG: a failure shows what Chromium did not answer — a cover drawn again, a retry)
    const env = { SOURCE_DATE_EPOCH: '1700000000', INKSTONE_DEBUG: '1' };
    const runs = [
      inkstone(['build', path.join(repoRoot, 'manuscript'), '--out', one, '-q'], { env }),
      inkstone(['build', path.join(repoRoot, 'manuscript'), '--out', two, '-q'], { env, unset: ['INKSTONE_CHROMIUM_WS'] }),
    ];
    for (const run of runs) expect(run.status, run.stderr).toBe(0);
    const stderr = runs.map((run) => run.stderr).join('\n');
    for (const file of ['book.epub', 'book.pdf']) expect(readFileSync(path.join(one, file)).equals(readFileSync(path.join(two, file))), `${file}\n${stderr}`).toBe(true);
  }, 120_000);
});
