/** The other commands: init, check (and --fix), watch, help; and release builds. */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/browser/browser.js';
import { bin, inkstone, listFiles, openEpub, repoRoot, tempDir } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';

describe('inkstone init', () => {
  it('starts a book that builds at once', async () => {
    const dir = path.join(tempDir(), 'new-book');
    const init = inkstone(['init', dir]);
    expect(init.status).toBe(0);
    expect(listFiles(dir)).toEqual(['.gitignore', '01-beginning.md', '02-notes.md', 'book.yaml', 'preface.md']);
    const out = path.join(dir, 'dist');
    const run = inkstone(['build', dir, '--out', out, '--format', 'epub']);
    expect(run.stderr).not.toMatch(/error|warning/);
    expect(run.status).toBe(0);
    const epub = await openEpub(path.join(out, 'book.epub'));
    expect(await epub.text('OEBPS/01-beginning.xhtml')).toContain('epub:type="noteref"');
  });

  it('refuses a folder that is not empty', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const run = inkstone(['init', dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('already exists and is not empty');
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('inkstone check', () => {
  const chapter = '# 第一章\n\n如今,很多公司(LLM)都在做。\n\n```\nconst a = [1,2];\n```\n\n链接 <https://example.com/a,b> 不变,`x,y` 也不变。\n\n他说 “你好” 就走了。\n\n代号 "Squeeze" 发布。\n';

  function book(): string {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'book.yaml'), 'title: 书\nchapters: [a.md]\n');
    writeFileSync(path.join(dir, 'a.md'), chapter);
    return dir;
  }

  it('lists half-width punctuation in Chinese text by file:line:column, and exits 1', () => {
    const run = inkstone(['check', book()]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/3:3\s+warning\s+half-width “,” in Chinese text: use “，”\s+punctuation-halfwidth/);
    expect(run.stderr).toMatch(/3:8\s+warning\s+half-width “\(” in Chinese text: use “（”/);
    expect(run.stderr).toMatch(/9:32\s+warning\s+half-width “,”/); // after 不变, not in the URL
    expect(run.stderr).not.toMatch(/\n\s*6:\d+/); // the code block is never touched
    expect(run.stderr).toMatch(/13:4\s+warning\s+straight quote " in Chinese text: use “/);
    expect(run.stderr).toMatch(/13:12\s+warning\s+straight quote " in Chinese text: use ”/);
  });

  it('--fix rewrites the text, leaves code and URLs, and the manuscript then checks clean', () => {
    const dir = book();
    const fix = inkstone(['check', dir, '--fix']);
    expect(fix.stdout).toMatch(/rewrote punctuation in 4 passages of .*a\.md/);
    // (no zero-width space written where the spaces beside the quotes were: that is the build's)
    expect(readFileSync(path.join(dir, 'a.md'), 'utf8')).toBe(
      '# 第一章\n\n如今，很多公司（LLM）都在做。\n\n```\nconst a = [1,2];\n```\n\n链接 <https://example.com/a,b> 不变，`x,y` 也不变。\n\n他说“你好”就走了。\n\n代号“Squeeze”发布。\n',
    );
    const again = inkstone(['check', dir]);
    expect(again.stderr).not.toContain('punctuation-halfwidth');
    expect(again.status).toBe(0);
  });
});

describe('help', () => {
  it.each(['build', 'check', 'init', 'watch'])('%s --help prints its usage', (command) => {
    const run = inkstone([command, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: inkstone ${command}`));
  });
});

describe('release builds', () => {
  it('put the tag in the file names and the colophon', async () => {
    const out = tempDir();
    const run = inkstone(['build', 'test/fixtures/notes-book', '--out', out, '--format', 'epub', '--release', 'v1.2.0']);
    expect(run.status).toBe(0);
    expect(listFiles(out)).toEqual(['book-v1.2.0.epub']);
    const epub = await openEpub(path.join(out, 'book-v1.2.0.epub'));
    expect(await epub.text('OEBPS/colophon.xhtml')).toMatch(/<dt>版本<\/dt><dd>v1\.2\.0<\/dd>/);
  });

  it('refuses a release label that is not a tag', () => {
    expect(inkstone(['build', '--release', '../x']).status).toBe(2);
  });
});

/** The preview in Chromium: pages laid out as the PDF's are — notes at the foot of their page,
 *  numbered by Inkstone (before, the polyfill's bare Paged.js). */
async function expectRealPages(url: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('.pagedjs_page', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('.pagedjs_footnote_area .print-note').length > 0, { timeout: 60_000 });
    const seen = await page.evaluate(() => ({
      pages: document.querySelectorAll('.pagedjs_page').length,
      notes: Array.from(document.querySelectorAll('.pagedjs_footnote_area .print-note .footnote-number')).map((n) => n.textContent),
      calls: Array.from(document.querySelectorAll('.pagedjs_area a[data-footnote-call]')).map((call) => (call as HTMLElement).dataset['n']),
    }));
    expect(seen.pages).toBeGreaterThan(1);
    expect(seen.notes.length).toBeGreaterThan(0);
    expect(seen.calls.length).toBeGreaterThan(0);
    expect(seen.calls.every((n) => n && /\d/.test(n))).toBe(true);
  } finally {
    await browser.close();
  }
}

describe('inkstone watch', () => {
  it('builds, serves a live preview, and rebuilds on a saved change', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'book'));
    for (const name of ['book.yaml', 'one.md', 'two.md', 'three.md']) {
      writeFileSync(path.join(dir, 'book', name), readFileSync(path.join(repoRoot, 'test/fixtures/notes-book', name)));
    }
    const child = spawn(process.execPath, [bin, 'watch', 'book', '--port', '0', '--out', 'dist'], { cwd: dir });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 300 && !pattern.test(log); i++) await new Promise((r) => setTimeout(r, 100));
      expect(log).toMatch(pattern);
    };
    try {
      await waitFor(/first build: built in \d+ ms/);
      const port = /localhost:(\d+)/.exec(log)?.[1];
      const page = await (await fetch(`http://localhost:${port}/`)).text();
      expect(page).toContain('<script defer src="/layout.js"></script>');
      expect(page).toContain('注释之书');
      if (haveTools('chromium')) await expectRealPages(`http://localhost:${port}/`);
      const events = await fetch(`http://localhost:${port}/events`);
      const reader = events.body?.getReader();
      writeFileSync(path.join(dir, 'book/two.md'), `${readFileSync(path.join(dir, 'book/two.md'), 'utf8')}\n新加的一句。\n`);
      await waitFor(/changed two\.md: built in \d+ ms/);
      let received = '';
      while (!received.includes('data: reload')) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        received += new TextDecoder().decode(chunk.value);
      }
      expect(received).toContain('data: reload');
      await reader?.cancel();
      const epub = await openEpub(path.join(dir, 'dist/book.epub'));
      expect(await epub.text('OEBPS/two.xhtml')).toContain('新加的一句。');
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('exit', resolve));
    }
    expect(child.exitCode).toBe(0); // Ctrl-C ends watch cleanly
  });
});
