/**
 * A bad manuscript gets one clear message naming the file (and line), a non-zero exit code, no
 * stack trace, and nothing written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inkstone, listFiles, openEpub, tempDir } from './helpers/cli.js';
import { epubcheck, haveTools } from './helpers/tools.js';

function manuscript(files: Record<string, string | Buffer>): string {
  const dir = tempDir('inkstone-ms-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function expectCleanFailure(dir: string, args: string[], status: number, message: RegExp) {
  const out = path.join(dir, 'out');
  const run = inkstone(['build', dir, '--out', out, '--format', 'epub', ...args], { cwd: dir });
  expect(run.status).toBe(status);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  // one message (progress lines, printed when stderr is not a terminal, aside)
  expect(run.stderr.trim().split('\n').filter((line) => !/^inkstone: [a-z]+$/.test(line))).toHaveLength(1);
  expect(listFiles(out)).toEqual([]);
}

const chapter = '# 第一章\n\n正文。\n';

describe('manuscript errors', () => {
  it('names an unknown key in book.yaml with its line', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nauthor: 某人\ntranslater: 某人\nchapters: [a.md]\n', 'a.md': chapter });
    expectCleanFailure(dir, [], 1, /book\.yaml:3:1: error: unknown key “translater”/);
  });

  it('names an unknown key inside page with its line', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\npage:\n  sise: A5\nchapters: [a.md]\n', 'a.md': chapter });
    expectCleanFailure(dir, [], 1, /book\.yaml:3:3: error: unknown key “sise” in “page”/);
  });

  it('reports invalid YAML with its line', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters:\n  - a.md\n  bad: [\n', 'a.md': chapter });
    expectCleanFailure(dir, [], 1, /book\.yaml:\d+:\d+: error: invalid YAML/);
  });

  it('reports a wrong value with the key and line', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nwriting-mode: diagonal\nchapters: [a.md]\n', 'a.md': chapter });
    expectCleanFailure(dir, [], 1, /book\.yaml:2:\d+: error: “writing-mode”: /);
  });

  it('reports an unknown page size', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\npage:\n  size: A9x\nchapters: [a.md]\n', 'a.md': chapter });
    expectCleanFailure(dir, [], 1, /book\.yaml:3:\d+: error: “page\.size”: “A9x” is not a known size/);
  });

  it('names a chapter file that is listed but missing', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md, missing.md]\n', 'a.md': chapter });
    expectCleanFailure(dir, [], 1, /book\.yaml:2:\d+: error: chapter “missing\.md” not found/);
  });

  it('names a file that is not UTF-8, with the byte offset', () => {
    const gbk = Buffer.concat([Buffer.from('# 标题\n\n'), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from('\n')]);
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md]\n', 'a.md': gbk });
    expectCleanFailure(dir, [], 1, /a\.md:3: error: not valid UTF-8: byte 0xD6 at offset 10/);
  });

  it('refuses a manuscript without content', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md]\n', 'a.md': '\n\n' });
    expectCleanFailure(dir, [], 1, /book\.yaml: error: the manuscript has no content/);
  });

  it('asks single-file manuscripts for front matter', () => {
    const dir = manuscript({ 'essay.md': chapter });
    const run = inkstone(['build', 'essay.md', '--out', 'out', '--format', 'epub'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/essay\.md:1: error: a single-file manuscript needs YAML front matter/);
  });

  it('builds a single-file manuscript with front matter', () => {
    const dir = manuscript({ 'essay.md': '---\ntitle: 短文\nauthor: 某人\n---\n\n# 第一章\n\n正文[^a]。\n\n[^a]: 注。\n' });
    const run = inkstone(['build', 'essay.md', '--out', 'out', '--format', 'epub'], { cwd: dir });
    expect(run.stderr).not.toMatch(/error|warning/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`wrote ${path.join('out', 'book.epub')}`);
    expect(listFiles(path.join(dir, 'out'))).toEqual(['book.epub']);
  });
});

describe('usage errors', () => {
  it('exits 2 when no command is given (it printed the help and exited 0)', () => {
    const run = inkstone([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no command given');
  });

  it('tells a bug (exit 4) from Chromium failing (exit 3): only the browser’s errors are the environment’s', async () => {
    const { browserFailure } = await import('../src/browser/browser.js');
    const { isInkstoneError } = await import('../src/diagnostics/errors.js');
    const bug = browserFailure(new Error('Expected instance of PDFArray2, but got instance of PDFDict2'), 'rendering the PDF in Chromium');
    expect(isInkstoneError(bug)).toBe(false);
    const timeout = Object.assign(new Error('Navigation timeout of 30000 ms exceeded'), { name: 'TimeoutError' });
    const failed = browserFailure(timeout, 'drawing the cover in Chromium');
    expect(isInkstoneError(failed) && failed.kind).toBe('environment');
    // puppeteer's assertion when a new page's frames are not attached yet (a loaded machine:
    // both CPUs busy, it failed a layout test as a bug, unretried)
    const early = browserFailure(new Error('Requesting main frame too early!'), 'rendering the PDF in Chromium');
    expect(isInkstoneError(early) && early.kind).toBe('environment');
  });

  it('never replaces another book’s outputs without --force (a second manuscript built from the same folder overwrote dist/ silently)', () => {
    const root = tempDir();
    for (const name of ['one', 'two']) {
      mkdirSync(path.join(root, name));
      writeFileSync(path.join(root, name, 'book.yaml'), `title: ${name}\nchapters: [a.md]\n`);
      writeFileSync(path.join(root, name, 'a.md'), chapter);
    }
    const build = (...args: string[]) => inkstone(['build', ...args, '--format', 'epub', '-q'], { cwd: root });
    expect(build('one').status).toBe(0);
    expect(build('one').status).toBe(0); // the same book rebuilds its own files
    const before = readFileSync(path.join(root, 'dist/book.epub'));
    const refused = build('two');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('dist/book.epub was built from one; this is two: build into another folder (--out) or with another --name, or replace it with --force');
    expect(readFileSync(path.join(root, 'dist/book.epub')).equals(before)).toBe(true);
    expect(build('two', '--name', 'two').status).toBe(0);
    expect(build('two', '--force').status).toBe(0);
    expect(build('one').status).toBe(2);
  });

  it('exits 2 on an unknown option', () => {
    const run = inkstone(['build', '--colour']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/error: .*--colour/);
  });

  it('exits 2 on an unknown format', () => {
    const run = inkstone(['build', '--format', 'mobi']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--format must be epub, pdf or all');
  });

  it('exits 2 when the manuscript does not exist', () => {
    const run = inkstone(['build', 'no-such-folder']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no manuscript at “no-such-folder”');
  });
});

describe('warnings', () => {
  it('--strict -q still prints the warnings that stopped the build (it printed only their count)', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md]\n', 'a.md': '# 第一章\n\n正文[^x]。\n' });
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub', '--strict', '-q']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/warning\s+footnote “x” is cited but not defined\s+footnote-undefined/);
    expect(run.stderr).toContain('1 warning with --strict: nothing written');
  });

  it('check lists every image that cannot be used, not the first only', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md]\n', 'a.md': '# 章\n\n![一](no1.png)\n\n![二](../x.png)\n\n![三](a.md)\n' });
    const run = inkstone(['check', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/3:1-3:14 +error +image “no1\.png” not found/);
    expect(run.stderr).toMatch(/5:1-5:15 +error +image “\.\.\/x\.png” refused: it is outside the manuscript folder/);
    expect(run.stderr).toMatch(/7:1-7:11 +error +“a\.md” is not an image Inkstone can use/);
  });

  it('reports a character the font lacks by name and code point; --strict fails the build', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md]\n', 'a.md': '# 第一章\n\n切罗基文Ꭰ在这里。\n' });
    const ok = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub']);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(/a\.md\s+3:5\s+warning\s+“Ꭰ” U\+13A0 CHEROKEE LETTER A is in none of the book's faces \(Noto Serif SC and the \d+ faces behind it\): print shows 〓 in its place/);
    expect(ok.stderr).toContain('glyph-missing');
    const strict = inkstone(['build', dir, '--out', path.join(dir, 'strict'), '--format', 'epub', '--strict']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('1 warning with --strict: nothing written');
    expect(listFiles(path.join(dir, 'strict'))).toEqual([]);
  });

  it('glyph-missing names only what no face has: 爲 (not in Noto Serif TC, whose unicode-range claims it), 𠮷, Thai and Greek print; Cherokee, which no face has, is named (before: 爲 blank and unreported, Thai unreported, Greek reported)', () => {
    const dir = manuscript({ 'book.yaml': 'title: 書\nlang: zh-TW\nchapters: [a.md]\n', 'a.md': '# 第一章\n\n這是爲了𠮷野家和กαβ和Ꭰ。\n' });
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub']);
    expect(run.status).toBe(0);
    const warned = [...run.stderr.matchAll(/“(.+?)” U\+[0-9A-F]+ .* glyph-missing/gu)].map((m) => m[1]);
    expect(warned).toEqual(['Ꭰ']);
  });

  it('reports a footnote defined twice, at the second definition (Markdown kept the first without a word)', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md]\n', 'a.md': '# 第一章\n\n正文[^1]。\n\n[^1]: 甲。\n\n[^1]: 乙。\n' });
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/7:1(-7:\d+)?\s+warning\s+footnote “1” is defined twice \(first on line 5\): this definition is ignored\s+footnote-duplicate/);
  });

  it('reports a footnote defined but never cited, at its line', () => {
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md]\n', 'a.md': '# 第一章\n\n正文。\n\n[^x]: 没有被引用的注。\n' });
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/5:1(-5:\d+)?\s+warning\s+footnote “x” is defined but never cited\s+footnote-unused/);
  });

  it('reports a footnote cited but not defined, an image without alt text and a link that finds nothing', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const dir = manuscript({
      'book.yaml': 'title: 书\nchapters: [a.md]\n',
      'a.md': '# 第一章\n\n正文[^nope]。\n\n![](dot.png)\n\n[别处](#没有这一节)\n',
      'dot.png': png,
    });
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/3:3\s+warning\s+footnote “nope” is cited but not defined\s+footnote-undefined/);
    expect(run.stderr).toMatch(/5:1(-5:\d+)?\s+warning\s+image without a description \(alt text\).*image-alt-missing/);
    expect(run.stderr).toMatch(/7:1(-7:\d+)?\s+warning\s+link to “#没有这一节”: no heading “没有这一节” in this chapter\s+link-unresolved/);
  });

  it('keeps the text of a web link whose host is no host name, and passes EPUBCheck', async ({ skip }) => {
    // found by the fuzz test: EPUBCheck warned RSC-023 on such links
    const dir = manuscript({ 'book.yaml': 'title: 书\nchapters: [a.md]\n', 'a.md': '# 第一章\n\n见 https://example.com)“好” 和 <https://www.debian.org/>。\n' });
    const out = path.join(dir, 'out');
    const run = inkstone(['build', dir, '--out', out, '--format', 'epub']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/3:3(-3:\d+)?\s+warning\s+link to “https:\/\/example\.com\)%E2%80%9C” dropped.*link-invalid/);
    const xhtml = await (await openEpub(path.join(out, 'book.epub'))).text('OEBPS/a.xhtml');
    expect(xhtml).toContain('见 https://example.<wbr/>com)“好” 和 <a href="https://www.debian.org/" class="url"><span class="nobreak">htt</span>ps://www.<wbr/>debian.<wbr/><span class="nobreak">org/</span></a>。');
    if (!haveTools('epubcheck')) skip();
    expect((await epubcheck(path.join(out, 'book.epub'))).output).toContain('0 fatals / 0 errors / 0 warnings');
  });
});
