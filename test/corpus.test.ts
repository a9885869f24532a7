/**
 * Real books that nobody wrote for Inkstone (scripts/corpus.mjs assembles them from Debian
 * packages): each must build, and `inkstone proof` must find no error in its PDF. The warnings
 * it finds are written to the corpus folder's proof-report.json and printed (README: Real books).
 * Needs apt-get, dpkg-deb and pandoc (scripts/setup.sh --test installs pandoc; CI has them all).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inkstone, repoRoot, tempDir } from './helpers/cli.js';
import { expectPressReady } from './helpers/press.js';
import { ace, haveTools, pageListMismatches } from './helpers/tools.js';

const corpus = path.join(repoRoot, 'node_modules/.cache/inkstone/corpus');
const canRun = haveTools('chromium', 'pandoc', 'debian');

const books: Array<{ name: string; minPages: number }> = [
  { name: 'edu-zh-cn', minPages: 150 },
  { name: 'reference-zh-tw', minPages: 30 },
  { name: 'reference-ja', minPages: 30 },
  { name: 'faq-zh-cn', minPages: 30 },
  { name: 'tang300', minPages: 30 },
];

describe.skipIf(!canRun)('the corpus of real books', () => {
  const report: Record<string, { pages: number; counts: Record<string, number>; errors: number; warnings: number }> = {};

  beforeAll(() => {
    const made = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/corpus.mjs'), '--out', corpus], { encoding: 'utf8', timeout: 600_000 });
    expect(made.status, made.stderr).toBe(0);
  }, 600_000);

  afterAll(() => {
    if (!Object.keys(report).length) return;
    writeFileSync(path.join(corpus, 'proof-report.json'), JSON.stringify(report, null, 2));
    console.log(`inkstone proof on the corpus:\n${Object.entries(report).map(([name, r]) => `  ${name}: ${r.pages} pages, ${r.errors} errors, ${r.warnings} warnings ${JSON.stringify(r.counts)}`).join('\n')}`);
  });

  /** PDFs built by a test before, per book: the proof reads them instead of building again. */
  const built = new Map<string, string>();

  it('edu-zh-cn: its EPUB (68 screenshots, tables) has no Ace violation, and a page list that matches its PDF page for page; its press PDF is ready for the press', async ({ skip }) => {
    if (!haveTools('ace', 'ghostscript', 'qpdf', 'poppler')) skip();
    const out = tempDir();
    const run = inkstone(['build', path.join(corpus, 'edu-zh-cn'), '--out', out, '-q', '--press'], { timeout: 300_000 });
    expect(run.status, run.stderr).toBe(0);
    built.set('edu-zh-cn', path.join(out, 'book.pdf'));
    // 189 A5 pages: PDF/X-4, boxes on every page, no C, M or Y on the 84 or so pages without
    // colour on screen, its faces under their real names
    expectPressReady(path.join(out, 'book.pdf'), path.join(out, 'book.press.pdf'), { version: 'PDF/X-4', signature: 1, bleedMm: 3, trimMm: [148, 210] });
    expect(ace(path.join(out, 'book.epub'))).toEqual([]);
    const pages = await pageListMismatches(path.join(out, 'book.epub'), path.join(out, 'book.pdf'));
    expect(pages.entries).toBe(pages.pages);
    expect(pages.compared).toBeGreaterThan(150);
    expect(pages.bad).toEqual([]);
  }, 400_000);

  for (const book of books) {
    it(`${book.name}: builds, and its PDF is proofed page by page`, () => {
      const manuscript = path.join(corpus, book.name);
      expect(existsSync(path.join(manuscript, 'book.yaml'))).toBe(true);
      // (the PDF a test above built from it, with the same settings, when there is one)
      const pdf = built.get(book.name);
      const proof = inkstone(['proof', manuscript, ...(pdf ? ['--pdf', pdf] : []), '--json', '--quiet'], { timeout: 400_000 });
      // 0: no error (warnings allowed); 1: errors among the findings; anything else: no build.
      const result = JSON.parse(proof.stdout || '{}') as { editions: Array<{ pages: number; findings: Array<{ severity: string; message: string }> }>; counts: Record<string, number>; errors: number; warnings: number };
      expect(result.editions?.[0]?.findings.filter((f) => f.severity === 'error').map((f) => f.message) ?? [proof.stderr]).toEqual([]);
      expect(proof.status, proof.stderr).toBe(0);
      const pages = result.editions[0]?.pages ?? 0;
      expect(pages).toBeGreaterThanOrEqual(book.minPages);
      report[book.name] = { pages, counts: result.counts, errors: result.errors, warnings: result.warnings };
    }, 420_000);
  }
});
