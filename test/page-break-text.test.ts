/**
 * Text split over a page break is printed once: the lines before the break on one page, the
 * rest on the next. Paged.js (0.4.3, pagedjs/pagedjs#208) found the source of the text node a
 * page breaks in by the first text node of its element that *contains* the rendered text, so
 * where a paragraph repeats a short text between links — 「<a>GNU</a> や <a>Linux</a> や …」 in
 * the Debian Reference in Japanese — the next page started again at the first 「 や 」 and the
 * lines between were printed twice (its pages 6–7). And no hyphen is added where a page breaks
 * inside code or a web address: Paged.js added U+2011 after the letter, a character the reader
 * would copy, and in a code block the line, one character longer, wrapped again below the foot
 * of the page: its first visual line was printed on neither page. And a page that breaks in code
 * right after a blank line does not lose the line above it, nor prose where a line broke at a
 * soft hyphen. A note call stays on the line of the word it follows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { build, BuildSession } from '../src/build.js';
import { flowText } from '../src/book/texts.js';
import { proofPdf } from '../src/proof/proof.js';
import { pageLines } from '../src/proof/lines.js';
import { readProofPdf } from '../src/proof/read-pdf.js';
import { loadObjects, readStructure } from '../src/proof/structure.js';
import { tempDir } from './helpers/cli.js';
import { generateBook } from './helpers/generate-book.js';
import { haveTools, pdfPages, pdfText } from './helpers/tools.js';

describe.runIf(haveTools('chromium', 'poppler'))('text over page breaks', () => {
  const session = new BuildSession(false);
  afterAll(() => session.close());

  /** A one-chapter book built to PDF: the file written beside its source, and the edition. */
  async function buildOne(markdown: string, book = 'title: 分页的文字\nlang: zh-CN', files: Record<string, Buffer> = {}) {
    const dir = tempDir('inkstone-break-');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a.md'), markdown);
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
    writeFileSync(path.join(dir, 'book.yaml'), `${book}\nchapters: [a.md]\n`);
    const result = await build({ input: dir, formats: ['pdf'], cwd: dir, sourceDateEpoch: 1700000000, session });
    const edition = result.editions[0];
    const data = edition?.outputs.pdf;
    if (!edition || !data) throw new Error('no PDF');
    const pdf = path.join(dir, 'book.pdf');
    writeFileSync(pdf, data);
    return { pdf, data, edition };
  }

  /** The body text of a one-chapter book (running heads and folios left out, no spaces). */
  async function bodyText(markdown: string, drop: RegExp): Promise<string> {
    const { pdf } = await buildOne(markdown);
    return pdfText(pdf)
      .split('\n')
      .filter((line) => !/^\s*(\d+|分页的文字|第一章)\s*$/.test(line) && !drop.test(line))
      .join('')
      .replace(/\s+/g, '');
  }

  it('a paragraph of links joined by the same word prints every item once, in order', async () => {
    const items = Array.from({ length: 400 }, (_, i) => `[项目${i + 1}](https://example.com/${i + 1})`);
    const text = await bodyText(`# 第一章\n\n${items.join(' 和 ')}。\n`, /^$/);
    const seen = [...text.matchAll(/项目(\d+)/g)].map((match) => Number(match[1]));
    expect(seen).toEqual(items.map((_, i) => i + 1));
  }, 120_000);

  it('a code block of long lines reads as written: no hyphen, no line lost', async () => {
    // long lines that wrap: pages break between two letters of one line
    const lines = Array.from({ length: 120 }, (_, i) => `line${i}${'abcdefghij'.repeat(12)}end${i}`);
    const text = await bodyText(`# 第一章\n\n代码：\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`, /^\s*代码：\s*$/);
    const code = text.slice(text.indexOf('line0'), text.indexOf('end119') + 'end119'.length);
    expect(code).not.toMatch(/[-\u2010\u2011]/);
    expect(code).toBe(lines.join(''));
  }, 120_000);

  it('a highlighted code block of one very long line prints every word (```sh: 96 characters went missing at the first break)', async () => {
    // `pre code.hljs { display: block }` made the code a block of its own: at the page's foot
    // its last lines went into the page's next column, never printed
    const words = Array.from({ length: 1500 }, (_, i) => `token${i}`);
    const text = await bodyText(`# 第一章\n\n开头的段落。\n\n\`\`\`sh\n${words.join(' ')}\n\`\`\`\n`, /^\s*开头的段落。\s*$/);
    const printed = [...text.matchAll(/token(\d+)/g)].map((match) => Number(match[1]));
    expect(printed).toEqual(words.map((_, i) => i));
  }, 120_000);

  it('code with blank lines between its lines prints every line: none goes at a page’s foot (34 of 720 did)', async () => {
    // A page broken right after a blank line of code ended in that empty line; `widows` took the
    // line above along into the page's next column, never printed (Debian Edu's “and ^c to abort.”)
    const blocks = Array.from({ length: 12 }, (_, k) => `${'正文'.repeat(5 + 7 * k)}。\n\n\`\`\`\n${Array.from({ length: 60 }, (_, i) => `line ${k}-${i} of the block\n`).join('\n')}\`\`\`\n`);
    const text = await bodyText(`# 第一章\n\n${blocks.join('\n')}`, /^$/);
    const printed = [...text.matchAll(/line(\d+)-(\d+)oftheblock/g)].map((match) => `${match[1]}-${match[2]}`);
    expect(printed).toEqual(Array.from({ length: 12 }, (_, k) => Array.from({ length: 60 }, (_, i) => `${k}-${i}`)).flat());
  }, 120_000);

  it('hyphenated prose loses no line where a page breaks at a line ending in a soft hyphen', async () => {
    // Chromium gives the first letter after a soft-hyphen line break the box of the hyphen before
    // it: Paged.js kept that letter on the page, with a hyphen of its own the line no longer held;
    // it wrapped, and widows took it into the page's next column (Debian Edu's “gosaDepartment …”).
    const words = ['administration', 'configuration', 'responsibility', 'international', 'authentication', 'infrastructure', 'documentation', 'understanding', 'organizational', 'automatically', 'independently', 'representatives', 'implementation', 'communication'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const paragraphs = Array.from({ length: 90 }, (_, p) => Array.from({ length: 30 + (p % 11) }, () => words[next() % words.length]).join(' ') + ` paragraph${p}.`);
    const { data, edition } = await buildOne(`# 第一章\n\n${paragraphs.join('\n\n')}\n`);
    const proof = await proofPdf(data, { vertical: false, bookText: flowText(edition.book), pdfName: 'book.pdf' });
    expect(proof.pages).toBeGreaterThan(20);
    expect(proof.findings.filter((f) => f.rule === 'text-continuity').map((f) => f.message)).toEqual([]);
  }, 120_000);

  it('headings of every level are set no smaller than the text (a browser’s h5 and h6 are: Debian Edu’s 11.3.2.1.1 was 8.7 pt)', async () => {
    const levels = [2, 3, 4, 5, 6].map((n) => `${'#'.repeat(n)} 第${n}级标题\n\n${'正文的段落。'.repeat(20)}\n`);
    const { data } = await buildOne(`# 第一章\n\n${levels.join('\n')}`, 'title: 标题\nlang: zh-CN');
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.rule === 'heading-small').map((f) => f.message)).toEqual([]);
  }, 120_000);

  it('a list whose last item leads in to a code block (“应用和调整配置：”) does not leave that item at the foot of a page', async () => {
    // Debian Edu 12-upgrades: a list item ending in a colon, then the command it introduces
    const sections = Array.from({ length: 30 }, (_, k) => `${'正文的段落。'.repeat(6 + ((k * 7) % 19))}\n\n- 第一项\n- 应用和调整配置${k}：\n\n<!-- -->\n\n    command${k} -v -D installation\n`);
    const { pdf } = await buildOne(`# 第一章\n\n${sections.join('\n')}`);
    const pages = pdfPages(pdf).map((text) => text.replace(/\s+/g, ''));
    const pageOf = (text: string) => pages.findIndex((page) => page.includes(text));
    const apart = sections.map((_, k) => k).filter((k) => pageOf(`应用和调整配置${k}：`) !== pageOf(`command${k}-v`));
    expect(apart).toEqual([]);
  }, 120_000);

  it('a paragraph or list item leading in to a code block or a list with a comma (“作为替代，”) goes over with it', async () => {
    // The Debian FAQ p. 105: 「作为替代，」 alone at the foot of the page, its command overleaf
    // (as there, a lead-in before a list whose first item is “执行：” and the command)
    const leads = [
      (k: number) => `作为替代${k}，\n\n    command${k} -v -D installation\n\n。然后继续。\n`,
      (k: number) => `- 第一项\n- 作为替代${k}，\n\n<!-- -->\n\n    command${k} -v -D installation\n`,
      (k: number) => `作为替代${k}，\n\n1.  执行：\n\n        command${k} -v -D installation\n\n    以使今后安装时写入别处。\n`,
    ];
    const sections = Array.from({ length: 45 }, (_, k) => `${'正文的段落。'.repeat(6 + ((k * 7) % 19))}\n\n${leads[k % 3]?.(k)}`);
    const { pdf } = await buildOne(`# 第一章\n\n${sections.join('\n')}`);
    const pages = pdfPages(pdf).map((text) => text.replace(/\s+/g, ''));
    const pageOf = (text: string) => pages.findIndex((page) => page.includes(text));
    const apart = sections.map((_, k) => k).filter((k) => pageOf(`作为替代${k}，`) !== pageOf(`command${k}-v`));
    expect(apart).toEqual([]);
  }, 120_000);

  it('a code block with Chinese in it keeps its columns: a wide character takes two cells of the code face (the Debian FAQ p. 81)', async () => {
    const rows = ['apt-get update             ->  apt update', 'apt-get install 软件包     ->  apt install 软件包', 'apt-cache search 字符串    ->  apt search 字符串', 'apt-cache show 软件包      ->  apt show 软件包'];
    const { data } = await buildOne(`# 第一章\n\n以下是概览：\n\n\`\`\`\n${rows.join('\n')}\n\`\`\`\n`);
    const glyphs = (await readProofPdf(data)).pages.flatMap((page) => page.glyphs);
    // the x of each row's “>”, from the left of its row (one page: rows by their y)
    const columns = (char: string) => {
      const marks = glyphs.filter((g) => g.text === char);
      const rowsOf = [...new Set(marks.map((g) => Math.round(g.y0)))];
      return rowsOf.map((y) => Math.min(...marks.filter((g) => Math.round(g.y0) === y).map((g) => g.x0)) - Math.min(...glyphs.filter((g) => Math.round(g.y0) === y).map((g) => g.x0)));
    };
    const arrows = columns('>');
    expect(arrows).toHaveLength(4);
    expect(Math.max(...arrows) - Math.min(...arrows)).toBeLessThan(0.5);
  }, 120_000);

  it('a code line too long for the measure wraps between its words, and its wrapped lines hang two cells in from its own indentation (the Debian Reference zh-TW p. 16 “desc / ribed”, no sign of the wrap; Debian Edu p. 137: a wrapped line under its block, left of its statement)', async () => {
    const words = ['described', 'elsewhere', 'password', 'interesting', 'configuration', 'directory'];
    // indented 0, 4, 0 or 8 columns (a tab)
    const indents = ['', '    ', '', '\t'];
    const columns = [0, 4, 0, 8];
    const rows = Array.from({ length: 16 }, (_, k) => `${indents[k % 4]}$ find /etc/${words[k % 6]} -name ${words[(k + 1) % 6]}-${k} -exec grep --files-with-matches ${words[(k + 2) % 6]} {} + | sort --unique | tee /tmp/${words[(k + 3) % 6]}.txt`);
    const { data } = await buildOne(`# 第一章\n\n${'正文'.repeat(100)}。\n\n\`\`\`\n${rows.join('\n')}\n\`\`\`\n`);
    const glyphs = (await readProofPdf(data)).pages.flatMap((page) => page.glyphs.map((g) => ({ ...g, page: page.number }))).filter((g) => g.text.trim());
    const code = glyphs.filter((g) => /Mono/.test(g.font));
    const lines = new Map<string, typeof code>();
    for (const g of code) lines.set(`${g.page}:${Math.round(g.y0)}`, [...(lines.get(`${g.page}:${Math.round(g.y0)}`) ?? []), g]);
    // x from the block's edge on its page (versos and rectos have different margins); y upwards
    const edge = (page: number) => Math.min(...code.filter((g) => g.page === page).map((g) => g.x0));
    const top = (page: number) => Math.max(...code.filter((g) => g.page === page).map((g) => g.y0));
    const cell = (code[0]?.size ?? 0) * 0.6;
    const texts = [...lines.values()]
      .map((line) => {
        const page = line[0]?.page ?? 0;
        const y = line[0]?.y0 ?? 0;
        return { page, y, cells: (Math.min(...line.map((g) => g.x0)) - edge(page)) / cell, top: y === top(page), text: line.sort((a, b) => a.x0 - b.x0).map((g) => g.text).join('') };
      })
      .sort((a, b) => a.page - b.page || b.y - a.y);
    const starts = texts.filter((line) => line.text.startsWith('$'));
    expect(starts).toHaveLength(16);
    expect(texts.length - starts.length).toBeGreaterThanOrEqual(32);
    // (and the page breaks inside a source line: its first line overleaf is a wrapped one)
    expect(texts.some((line) => line.top && !line.text.startsWith('$'))).toBe(true);
    // a source line starts at its indentation; the lines it wraps into, two cells further in
    let row = -1;
    const off = texts.flatMap((line) => {
      if (line.text.startsWith('$')) row++;
      const expected = (columns[row % 4] ?? 0) + (line.text.startsWith('$') ? 0 : 2);
      return Math.abs(line.cells - expected) > 0.05 ? [`${line.text}: ${line.cells.toFixed(2)} cells, not ${expected}`] : [];
    });
    expect(off).toEqual([]);
    // no word of the command is cut at a line's end
    const joined = texts.map((line) => line.text).join('\n');
    const count = (text: string, word: string) => text.split(word).length - 1;
    expect(words.filter((word) => count(joined, word) !== count(joined.replaceAll('\n', ''), word))).toEqual([]);
  }, 120_000);

  it('a table column of two-character words is two characters wide, and a short path in a cell is not broken (the Debian Reference zh-TW p. 46: 「操/作」 stacked, “/dev/urando/m”)', async () => {
    const rows = ['null', 'zero', 'random', 'urandom', 'full'].map((name) => `| \`/dev/${name}\` | 讀取 | 從能夠安全加密的偽隨機數產生器回傳隨機字元，或者回傳“文件結尾字元（EOF）” |`);
    const { data } = await buildOne(`# 第一章\n\n| 設備文件 | 操作 | 響應描述 |\n|---|---|---|\n${rows.join('\n')}\n`, 'title: 表格\nlang: zh-TW');
    const glyphs = (await readProofPdf(data)).pages.flatMap((page) => page.glyphs);
    const linesOf = (word: string) => {
      const found: number[][] = [];
      glyphs.forEach((g, k) => {
        if ([...word].every((char, i) => glyphs[k + i]?.text === char)) found.push([...word].map((_, i) => Math.round(glyphs[k + i]?.y0 ?? 0)));
      });
      return found;
    };
    for (const word of ['操作', '讀取', '/dev/urandom', '設備文件']) {
      const found = linesOf(word);
      expect(found.length, word).toBeGreaterThan(0);
      expect(found.filter((ys) => new Set(ys).size > 1), word).toEqual([]);
    }
  }, 120_000);

  it('an opening bracket that starts a wrapped line is set half-width: its blank half is trimmed (the Debian FAQ pp. 83, 89, 90 read as indented)', async () => {
    const text = Array.from({ length: 120 }, (_, k) => `${'正文'.repeat(1 + ((k * 5) % 9))}（注释）`).join('');
    const { data } = await buildOne(`# 第一章\n\n${text}。\n`);
    const pages = (await readProofPdf(data)).pages.slice(2);
    const starts = pages.flatMap((page) => {
      const rows = new Map<number, Array<{ text: string; x0: number }>>();
      for (const g of page.glyphs.filter((g) => g.size > 10 && g.size < 11 && g.text.trim())) rows.set(Math.round(g.y0), [...(rows.get(Math.round(g.y0)) ?? []), g]);
      const firsts = [...rows.values()].map((row) => row.reduce((a, b) => (a.x0 < b.x0 ? a : b)));
      const margin = Math.max(...firsts.map((g) => g.x0).filter((x, _, all) => all.filter((y) => Math.abs(y - x) < 0.1).length > 2));
      return firsts.filter((g) => g.text === '（').map((g) => Math.round((margin - g.x0) * 10) / 10);
    });
    expect(starts.length).toBeGreaterThan(3);
    // the bracket's box starts half an em (5.25 pt) left of the margin: its ink is at the margin
    expect(starts.filter((shift) => Math.abs(shift - 5.3) > 0.2)).toEqual([]);
  }, 120_000);

  it('a short hyphenated word of running text (a package “foo-data”) is not broken at its hyphen (the Debian FAQ p. 89: “foo-” / “data”)', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, k) => `${'正文'.repeat(1 + (k % 17))}卸载“p${k}-data”的时候${'正文'.repeat(3)}。`);
    const { pdf } = await buildOne(`# 第一章\n\n${paragraphs.join('\n\n')}\n`);
    const lines = pdfText(pdf).split('\n').map((line) => line.trim());
    expect(lines.filter((line) => /p\d+-$/.test(line))).toEqual([]);
    expect(paragraphs.map((_, k) => `p${k}-data`).filter((word) => !lines.some((line) => line.includes(word)))).toEqual([]);
  }, 120_000);

  it('a web address or a path that breaks anywhere never leaves its first or last one or two letters alone on a line (the Debian Reference zh-TW: “https://www.debian.or” / “g”, “/etc/init.” / “d/”; ja: “\"L” / “ANG=en_US.UTF8\"”)', async () => {
    const paragraphs = Array.from({ length: 40 }, (_, k) => `${'正文'.repeat(1 + (k % 19))}见 https://www.debian.org/releases/stable${k} 和 \`/etc/security/group${k}.conf\` 的说明，再设 \`"LANGUAGE${k}=en_US.UTF-8"\`。`);
    const { pdf } = await buildOne(`# 第一章\n\n${paragraphs.join('\n\n')}\n`);
    const lines = pdfText(pdf).split('\n').map((line) => line.trim());
    const alone = lines.flatMap((line, k) => (/^[A-Za-z0-9/._"]{1,2}(?![A-Za-z0-9/._"])/.test(line) && /[/.][A-Za-z0-9]*$/.test(lines[k - 1] ?? '') ? [`${lines[k - 1]} | ${line}`] : []));
    // nor its first one or two (a line ending “"L”, the next “ANG=en_US.UTF8"”)
    const started = lines.flatMap((line, k) => (/(^|[^\x21-\x7e])[\x21-\x7e]{1,2}$/.test(line) && /^[A-Za-z0-9]/.test(lines[k + 1] ?? '') ? [`${line} | ${lines[k + 1]}`] : []));
    expect(alone).toEqual([]);
    expect(started).toEqual([]);
  }, 120_000);

  it('a Chinese heading over two lines breaks between words, not inside one (Debian Edu p. 9: 「…12 别」 / 「名 Bookworm 的手册」)', async () => {
    const words = ['别名', '主机名', '升级', '稳定', '版本', '设置'];
    const headings = Array.from({ length: 24 }, (_, k) => `## ${'一'.repeat(k % 12)}Debian Edu 12 ${words[k % 6]}与${words[(k + 1) % 6]}的${words[(k + 2) % 6]}和${words[(k + 3) % 6]}之手册${k}\n\n正文。\n`);
    const { data } = await buildOne(`# 第一章\n\n${headings.join('\n')}`);
    const glyphs = (await readProofPdf(data)).pages.flatMap((page) => page.glyphs.filter((g) => g.size > 12).map((g) => ({ ...g, page: page.number })));
    const split: string[] = [];
    glyphs.forEach((g, k) => {
      for (const word of words) {
        const run = glyphs.slice(k, k + word.length);
        if (run.map((c) => c.text).join('') === word && new Set(run.map((c) => `${c.page}:${Math.round(c.y0)}`)).size > 1) split.push(word);
      }
    });
    // (the headings do wrap: some heading has glyphs on two lines)
    expect(new Set(glyphs.map((g) => `${g.page}:${Math.round(g.y0)}`)).size).toBeGreaterThan(30);
    expect(split).toEqual([]);
  }, 120_000);

  it('a table title over two lines is balanced: no last line of one or two characters (the Debian Reference ja p. 45: 「…グループのリス」 / 「ト」)', async () => {
    const tables = Array.from({ length: 16 }, (_, k) => `**表 ${k + 1} ${'本系统在启动时会读取的配置文件以及它们的默认位置、格式和用途的详细说明'.slice(0, 24 + k)}**\n\n| 设备 | 操作 |\n|---|---|\n| a | ${'读取设备文件的时候系统返回文件结尾字元'.repeat(3)} |\n`);
    const { data } = await buildOne(`# 第一章\n\n${tables.join('\n')}`);
    // (the chapter's pages: the colophon's labels are bold too)
    const glyphs = (await readProofPdf(data)).pages.slice(3).flatMap((page) => page.glyphs.filter((g) => /Bold/.test(g.font) && g.size > 8.5 && g.size < 9.5 && g.text.trim()).map((g) => ({ ...g, page: page.number })));
    const lines = new Map<string, string>();
    for (const g of glyphs) lines.set(`${g.page}:${Math.round(g.y0)}`, (lines.get(`${g.page}:${Math.round(g.y0)}`) ?? '') + g.text);
    const counts = [...lines.values()].map((text) => [...text.replace(/\s/g, '')].length);
    // (titles over two lines there are: the longer ones)
    expect(counts.length).toBeGreaterThan(16 + 4);
    expect(counts.filter((n) => n <= 2)).toEqual([]);
  }, 120_000);

  it('a | inside code in a table row does not split its cells: the row keeps its code and its last column (the Debian Reference zh-TW pp. 63, 95)', async () => {
    const { pdf } = await buildOne('# 第一章\n\n| 模式 | 按鍵 | 操作 |\n|---|---|---|\n| `普通` | `:help|only` | 顯示說明文件 |\n| `普通` | `ps aux | pager` | 列出行程 |\n', 'title: 表格\nlang: zh-TW');
    const text = pdfText(pdf).replace(/\s+/g, '');
    expect(text).toContain(':help|only顯示說明文件');
    expect(text).toContain('psaux|pager列出行程');
    expect(text).not.toContain('`');
  }, 120_000);

  it('a short paragraph all in italic over the code or figure it titles goes over with it (Debian Edu p. 32: the title at the foot, its screenshot overleaf)', async () => {
    // a screenshot 4 lines tall
    const png = await sharp({ create: { width: 640, height: 150, channels: 3, background: '#888' } }).png().toBuffer();
    const sections = Array.from({ length: 30 }, (_, k) => `${'正文的段落。'.repeat(6 + ((k * 7) % 19))}\n\n*示例${k}的标题*\n\n![截图${k}](shot.png)\n`);
    const { pdf, data } = await buildOne(`# 第一章\n\n${sections.join('\n')}`, undefined, { 'shot.png': png });
    const pages = pdfPages(pdf).map((text) => text.replace(/\s+/g, ''));
    // the page of each screenshot, in order
    const shots = (await readProofPdf(data)).pages.flatMap((page, i) => page.images.map(() => i));
    expect(shots).toHaveLength(30);
    expect(sections.map((_, k) => k).filter((k) => pages.findIndex((page) => page.includes(`示例${k}的标题`)) !== shots[k])).toEqual([]);
  }, 120_000);

  it('Chinese inside inline code is set at the text’s size, not the code’s 0.9 em (the Debian Reference zh-TW pp. 63–64: 「進入到 普通 模式」)', async () => {
    const { data } = await buildOne('# 第一章\n\n進入到 `普通` 模式，再用 `vim 檔案` 開啟。\n', 'title: 程式碼\nlang: zh-TW');
    const glyphs = (await readProofPdf(data)).pages.flatMap((page) => page.glyphs);
    const size = (char: string) => glyphs.find((g) => g.text === char)?.size ?? 0;
    expect(['普', '通', '檔', '案'].map(size)).toEqual(['模', '模', '模', '模'].map(size));
    expect(size('v')).toBeLessThan(size('模'));
  }, 120_000);

  it('a table over a page break leaves at least two rows of its body on each page (the Debian Reference zh-TW: a header over one row, pp. 21, 32, 81)', async () => {
    const tables = Array.from({ length: 30 }, (_, k) => `${'正文的段落。'.repeat(4 + ((k * 11) % 23))}\n\n| 名称 | 说明 |\n|---|---|\n${Array.from({ length: 5 }, (_, r) => `| 表${k}行${r} | 第${r}行的说明 |`).join('\n')}\n`);
    const { pdf } = await buildOne(`# 第一章\n\n${tables.join('\n')}`);
    const pages = pdfPages(pdf).map((text) => text.replace(/\s+/g, ''));
    // rows of each table on each of its pages, where it is split
    const split = tables.flatMap((_, k) => {
      const counts = pages.map((page) => Array.from({ length: 5 }, (_, r) => r).filter((r) => page.includes(`表${k}行${r}`)).length).filter(Boolean);
      return counts.length > 1 && counts.some((n) => n < 2) ? [`${k}: ${counts.join(' + ')}`] : [];
    });
    expect(split).toEqual([]);
  }, 120_000);

  it('a table’s caption (a bold 表 paragraph before it) prints in the bold face, every character of it', async () => {
    // The caption's text was left out of the bold subset: 代 came from BabelStone Han, not bold
    const { pdf } = await buildOne('# 第一章\n\n正文。\n\n**表 1.22 指令的退出代碼**\n\n| 值 | 說明 |\n|----|------|\n| 0 | 成功 |\n', 'title: 標題\nlang: zh-TW');
    const glyphs = (await readProofPdf(pdf)).pages.flatMap((page) => page.glyphs);
    const caption = [...'指令的退出代碼'].map((char) => glyphs.find((g) => g.text === char)?.font ?? 'none');
    expect(caption.filter((font) => !/Bold/.test(font))).toEqual([]);
  }, 120_000);

  it('a list item whose text would start overleaf goes over with its bullet: none left alone at a page’s foot (4 were)', async () => {
    // The Debian FAQ p. 44: an item's paragraph went over (not to leave its first line alone), its
    // bullet, drawn with the item, stayed at the foot
    const blocks = Array.from({ length: 24 }, (_, k) => `${'正文的段落。'.repeat(5 * (k + 1))}\n\n${Array.from({ length: 3 }, (_, i) => `-   列表${k}第${i + 1}项${'很长的说明文字，'.repeat(9)}`).join('\n\n')}\n`);
    const { data } = await buildOne(`# 第一章\n\n${blocks.join('\n')}`);
    // A bullet (a small drawn dot) more than a line below the page's last line of text
    const alone = (await readProofPdf(data)).pages.flatMap((page) => {
      const text = page.glyphs.filter((g) => g.mcid >= 0 && g.text.trim());
      const lowest = Math.min(...text.map((g) => g.y0));
      return page.drawings.some((d) => d.x1 - d.x0 < 6 && d.y1 - d.y0 < 6 && d.y1 < lowest - 8) ? [page.number] : [];
    });
    expect(alone).toEqual([]);
  }, 120_000);

  it('web addresses over page breaks read as written: no hyphen', async () => {
    const urls = Array.from({ length: 60 }, (_, i) => `https://example.com/${'pathsegment'.repeat(14)}/${i}`);
    const text = await bodyText(`# 第一章\n\n${urls.map((url) => `<${url}>`).join('\n\n')}\n`, /^$/);
    // (the colophon before them has hyphens of its own: the identifier, the date)
    expect(text.slice(text.indexOf('https://'))).not.toMatch(/[-\u2010\u2011]/);
    expect(text).toContain(urls.join(''));
  }, 120_000);
  it('a heading over a note box whose first line (注记) would be alone at the foot goes over with it', async () => {
    // sections of different lengths: at some page end a heading and the box's 注记 stand alone
    const sections = Array.from({ length: 24 }, (_, i) => `## 第${i + 1}节\n\n> **注记**\n>\n> ${'这里的说明文字很长，'.repeat(8 + (i * 5) % 17)}\n\n${'正文的段落。'.repeat(10 + (i * 7) % 23)}\n`);
    const text = `# 第一章\n\n${sections.join('\n')}`;
    const { data } = await buildOne(text);
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.rule === 'heading-stranded').map((f) => f.message)).toEqual([]);
  }, 120_000);

  it('a heading with one line under it (a poem’s author) does not end a page whose poem starts overleaf: vertical and horizontal books', async () => {
    // 唐诗三百首 p. 47: 「石鱼湖上醉歌・并序」 and 「元结」 the last columns, the poem overleaf (49 pages)
    const poems = Array.from({ length: 40 }, (_, k) => `## 第${k + 1}首诗\n\n作者${k + 1}\n\n${Array.from({ length: 2 + ((k * 5) % 9) }, () => '白日依山尽，黄河入海流。').join('\\\n')}\n`);
    const markdown = `# 第一章\n\n${poems.join('\n')}`;
    const stranded = async (vertical: boolean) => {
      const { data } = await buildOne(markdown, `title: 诗\nlang: zh-CN${vertical ? '\nwriting-mode: vertical-rl' : ''}`);
      const proof = await proofPdf(data, { vertical, pdfName: 'book.pdf' });
      expect(proof.pages).toBeGreaterThan(6);
      return proof.findings.filter((f) => f.rule === 'heading-stranded').map((f) => `${f.page}: ${f.message}`);
    };
    expect(await stranded(true)).toEqual([]);
    expect(await stranded(false)).toEqual([]);
  }, 180_000);

  it('a note call stays on the line of the word it follows: none set alone at a line’s start (471 in the 300k book, 1 in the Debian FAQ)', async () => {
    // calls ending a paragraph after 。 (the FAQ's “…也受支持。[^1]”), and calls before 。 (the
    // 300k book's “…流[^2]。”), at every position of a line: somewhere each falls at its end
    const paragraphs = Array.from({ length: 40 }, (_, k) => `${'正文的文字'.repeat(4)}${'字'.repeat(k >> 1)}${k % 2 ? `。[^n${k}]` : `[^n${k}]。${'后面的文字。'.repeat(3)}`}`);
    const notes = paragraphs.map((_, k) => `[^n${k}]: 注释${k}。`);
    const { data } = await buildOne(`# 第一章\n\n${paragraphs.join('\n\n')}\n\n${notes.join('\n')}\n`);
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.rule === 'kinsoku').map((f) => `${f.page}: ${f.message}`)).toEqual([]);
  }, 120_000);

  it('a heading of two lines does not end with a line of one or two characters: its lines are balanced (14 in the FAQ and Debian Edu)', async () => {
    const sections = Array.from({ length: 24 }, (_, k) => `## ${'如何在不牺牲安全性的情况下提供对硬件外设的访问'.slice(0, 8 + (k % 12))}${'标题的文字'.repeat(3)}？\n\n${'正文的段落。'.repeat(8)}\n`);
    const { data } = await buildOne(`# 第一章\n\n${sections.join('\n')}`);
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.rule === 'heading-unbalanced').map((f) => `${f.page}: ${f.message}`)).toEqual([]);
  }, 120_000);

  it('a line may break before an opening quote after Chinese, and after a closing one (the FAQ’s 或者“force-reload” spread its line: 或 had to go down with the quote)', async () => {
    // the quoted word at every place of a line: where the quote falls at a line's start, the
    // line breaks before it (not before the ideograph in front)
    const paragraphs = Array.from({ length: 30 }, (_, k) => `${'正文'.repeat(k)}参数为“ab”的值，也可以为“cd”。`);
    const { data } = await buildOne(`# 第一章\n\n${paragraphs.join('\n\n')}\n`);
    const lines = (await readProofPdf(data)).pages.flatMap((page) => pageLines(page, undefined)).map((line) => line.text);
    expect(lines.filter((text) => text.startsWith('“')).length).toBeGreaterThan(0);
  }, 120_000);

  it('a captioned table continued overleaf is headed with its own number: 表 1.2（续）, not a bare 续表 (the Japanese Reference’s 表（続き）)', async () => {
    const rows = Array.from({ length: 90 }, (_, i) => `| 命令${i} | 说明${i} |`).join('\n');
    const { pdf } = await buildOne(`# 第一章\n\n**表 1.2 常用命令**\n\n| 命令 | 说明 |\n|----|----|\n${rows}\n`);
    const pages = pdfPages(pdf).map((text) => text.replace(/\s+/g, ''));
    const continued = pages.filter((text) => /命令\d/.test(text) && !text.includes('常用命令'));
    expect(continued.length).toBeGreaterThan(0);
    for (const text of continued) expect([text.includes('表1.2（续）'), text.includes('续表')]).toEqual([true, false]);
  }, 120_000);

  it('a Japanese table header breaks between phrases: “コマンドの / 慣用句”, not “コマンドの慣用 / 句” (the Japanese Reference p. 97)', async () => {
    // first columns of every width: somewhere the header must wrap
    const tables = Array.from({ length: 12 }, (_, k) => {
      const rows = Array.from({ length: 2 }, () => `| \`${'x'.repeat(4 + k)}\` | command の標準エラー出力をファイル foo にリダイレクト (上書き) します |`);
      return `| コマンドの慣用句 | 説明 |\n|---|---|\n${rows.join('\n')}\n`;
    });
    const { data } = await buildOne(`# 第一章\n\n${tables.join('\n')}`, 'title: 表\nlang: ja');
    const structure = readStructure(await loadObjects(data));
    const lines = (await readProofPdf(data)).pages.flatMap((page) => pageLines(page, structure)).map((line) => line.text);
    expect(lines.filter((text) => /慣用|^用?句$/.test(text)).length).toBeGreaterThan(0);
    expect(lines.filter((text) => /慣用$|^用?句$/.test(text))).toEqual([]);
  }, 120_000);

  it('a Chinese paragraph does not end in a line of one character (孤字: 126 in the 300k book)', async () => {
    // paragraphs of every length: somewhere the last character would stand alone, unless the lines break for an even end
    const text = '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈';
    // (ending as the 300k book's do, in a note call before 。: the call keeps the character before it company)
    const paragraphs = Array.from({ length: 40 }, (_, k) => `${text.repeat(3).slice(0, 25 + k)}[^n${k}]。`);
    const notes = paragraphs.map((_, k) => `[^n${k}]: 注${k}。`);
    const { data } = await buildOne(`# 第一章\n\n${paragraphs.join('\n\n')}\n\n${notes.join('\n')}\n`);
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.rule === 'single-char-line').map((f) => `${f.page}: ${f.message}`)).toEqual([]);
  }, 120_000);

  it('a heading and its one-line lead go over with the table they introduce (the Japanese Reference’s 1.2.6 タイムスタンプ)', async () => {
    const sections = Array.from({ length: 24 }, (_, k) => `${'正文的段落。'.repeat(6 + ((k * 7) % 23))}\n\n## 第${k + 1}节\n\n下表列出三种类型。\n\n| 类型 | 意义 |\n|----|----|\n| 甲 | 第一 |\n| 乙 | 第二 |\n| 丙 | 第三 |\n`);
    const { data } = await buildOne(`# 第一章\n\n${sections.join('\n')}`);
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.pages).toBeGreaterThan(6);
    expect(proof.findings.filter((f) => f.rule === 'heading-stranded').map((f) => `${f.page}: ${f.message}`)).toEqual([]);
  }, 120_000);

  it('the proof reads a line half code as text of the page, not a note: no heading reported alone above it (Reference zh-TW p. 116)', async () => {
    const paragraph = '使用預設安裝，透過 `systemd` 啟動的過程中，在 `network.target` 啟動後，很多網路服務 (參見 章 6, *網路應用*)作為後臺守護程序（daemon）啟動。 "`sshd`" 也不列外。讓我們修改為按需啟動"`sshd`" 作為一個定製化的例子。';
    const sections = Array.from({ length: 30 }, (_, k) => `${'正文的段落。'.repeat(6 + ((k * 7) % 23))}\n\n### 3.7.${k}. 套接字啟用\n\n${paragraph}\n`);
    const { data } = await buildOne(`# 第一章\n\n${sections.join('\n')}`, 'title: 標題\nlang: zh-TW');
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.rule === 'heading-stranded').map((f) => `${f.page}: ${f.message}`)).toEqual([]);
  }, 120_000);

  it('a short poem (eight lines or fewer) is not split between two pages of a vertical book (唐诗三百首: 游子吟 2 + 1, 律诗 4 + 4), and its contents\' leaders are centred on their entries', async () => {
    const poems = Array.from({ length: 30 }, (_, k) => {
      const mark = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬梅兰竹菊'[k];
      const lines = Array.from({ length: k % 2 ? 8 : 4 }, () => `${mark}${mark}白日依山尽黄河入海流。`);
      return `## 第${k}首\n\n作者\n\n${lines.join('\\\n')}\n`;
    });
    const { data } = await buildOne(`# 第一章\n\n${poems.join('\n')}`, 'title: 诗\nlang: zh-CN\nwriting-mode: vertical-rl');
    // the columns as the proof reads them (pdftotext reads vertical text across the columns)
    const structure = readStructure(await loadObjects(data));
    const pages = (await readProofPdf(data)).pages.map((page) => pageLines(page, structure, true).map((line) => line.text).join('|'));
    const marks = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬梅兰竹菊';
    const split = [...marks].filter((mark) => new Set(pages.flatMap((text, n) => (text.includes(mark + mark) ? [n] : []))).size > 1);
    expect(split).toEqual([]);
    // and the contents' leaders run down the middle of their entries' columns (唐诗三百首's ran
    // along their left edge, half an em off)
    const leaders = (await readProofPdf(data)).pages.flatMap((page) => {
      const centres = page.glyphs.filter((g) => g.text.trim()).map((g) => (g.x0 + g.x1) / 2);
      // (a dotted leader is drawn dot by dot: the dots of one share their x)
      const dots = new Map<number, number>();
      for (const d of page.drawings.filter((d) => d.x1 - d.x0 < 2 && d.y1 - d.y0 < 2)) dots.set(Math.round((d.x0 + d.x1) * 5) / 10, (dots.get(Math.round((d.x0 + d.x1) * 5) / 10) ?? 0) + 1);
      return [...dots].filter(([, n]) => n >= 10).map(([x]) => Math.min(...centres.map((c) => Math.abs(c - x))));
    });
    expect(leaders.length).toBeGreaterThan(20);
    expect(leaders.filter((gap) => gap > 1.5).map((gap) => gap.toFixed(1))).toEqual([]);
  }, 120_000);

  it('a paragraph going on overleaf with a bold label on a line of its own (a hard break) does not have the label spread across the measure (the FAQ p. 41: “您 也 许 可 以 ：”)', async () => {
    const text = '将软件包解包到运行不同发行版的机器上的程序已经出现了，而且一般能够工作，至少文件可以被正确解包。'.repeat(6);
    const { data } = await buildOne(`# 第一章\n\n${Array.from({ length: 16 }, () => `**您也许可以：**  \n${text}\n`).join('\n')}`);
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.rule === 'line-stretched').map((f) => `${f.page}: ${f.message}`)).toEqual([]);
  }, 120_000);

  it('a note of two paragraphs starts its second indented (flush, it read as the same paragraph: the FAQ p. 55)', async () => {
    const first = '第一段注释的文字要足够长，才能在页脚排成两行以上，这样才看得出悬挂的边。'.repeat(2);
    const { data } = await buildOne(`# 第一章\n\n正文有一个注释[^1]。\n\n[^1]: ${first}\n\n    第二段注释的文字。\n`);
    const glyphs = (await readProofPdf(data)).pages.flatMap((page) => page.glyphs).filter((g) => g.size < 10 && /\p{Script=Han}/u.test(g.text));
    const second = glyphs.findIndex((g, i) => g.text === '第' && glyphs[i + 1]?.text === '二');
    expect(second).toBeGreaterThan(0);
    const edge = Math.min(...glyphs.map((g) => g.x0));
    const size = glyphs[second]!.size;
    expect((glyphs[second]!.x0 - edge) / size).toBeGreaterThan(1.5);
  }, 120_000);

  it('a page does not open with the 。 or ； after a note call (the 300k book: 63 pages), nor end ragged; a widow stands only where mending it would blank the lines and notes of its call', async () => {
    // Paged.js pushed the text between two calls over whole when the second's note did not fit
    // (“…不成数自⁸³” / “；加关强…”); and a widow was mended on a part's first page only (a caret
    // from a point is null below the window). The 300k book's text, 20,000 characters of it.
    const dir = tempDir('inkstone-notes-');
    generateBook(dir, { seed: 300, chapters: 1, characters: 20_000, notes: 333, longNoteEvery: 50, wholeText: true });
    const result = await build({ input: dir, formats: ['pdf'], cwd: dir, sourceDateEpoch: 1700000000, session });
    const data = result.editions[0]?.outputs.pdf;
    if (!data) throw new Error('no PDF');
    const proof = await proofPdf(data, { vertical: false, pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.rule === 'kinsoku').map((f) => `${f.page}: ${f.message}`)).toEqual([]);
    // a page's last line, its paragraph going on overleaf, is justified (ragged before: 230 pages of the 300k book)
    expect(proof.findings.filter((f) => f.rule === 'page-end-short').map((f) => `${f.page}: ${f.message}`)).toEqual([]);
    // A widow is mended by taking the line above it over; that line's notes go with it, and past
    // 2½ lines blank, the widow stays: so the line above a widow that stands carries a call.
    const pages = (await readProofPdf(data)).pages;
    const unmended = proof.findings.filter((f) => f.rule === 'widow').filter((f) => {
      const before = pages[(f.page ?? 0) - 2];
      const body = before?.glyphs.filter((g) => /\p{Script=Han}/u.test(g.text) && g.size >= 10) ?? [];
      const lastLine = Math.min(...body.map((g) => g.y0));
      return !before?.links.some((link) => /^fn-/.test(link.dest ?? '') && link.y0 <= lastLine + 4 && link.y1 >= lastLine);
    });
    expect(unmended.map((f) => `${f.page}: ${f.message}`)).toEqual([]);
  }, 120_000);
});
