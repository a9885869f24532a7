/**
 * The Markdown → hast transform, in-process (no browser): what a chapter becomes before any
 * renderer sees it. Each case is a class of defect found in real books by `inkstone proof`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../src/manuscript/read-text.js';
import { createProcessor, transformChapter } from '../src/transform/processor.js';

async function html(markdown: string): Promise<string> {
  const processor = createProcessor();
  return toHtml(await transformChapter(processor, new VFile({ path: 'a.md', value: markdown })));
}

describe('text as editors save it', () => {
  it('CRLF and CR line endings read as LF, and a byte-order mark is dropped: no space inside Chinese (there was one)', async () => {
    const lf = '# 第一章\n\n这是第一行\n这是第二行。\n';
    for (const saved of ['\ufeff# 第一章\r\n\r\n这是第一行\r\n这是第二行。\r\n', '# 第一章\r\r这是第一行\r这是第二行。\r']) {
      const text = decodeUtf8(new TextEncoder().encode(saved), 'a.md');
      expect(text).toBe(lf);
      expect(await html(text)).toContain('<p>这是第一行这是第二行。</p>');
    }
  });
});

describe('verse', () => {
  it('a paragraph of lines is verse (no first-line indent: a poem’s first column alone started lower)', async () => {
    const out = await html('兰叶春葳蕤，桂华秋皎洁。\\\n欣欣此生意，自尔为佳节。\n\n一段普通的文字。\n');
    expect(out).toContain('<p class="verse verse-short">兰叶春葳蕤，桂华秋皎洁。<br>');
    expect(out).toContain('<p>一段普通的文字。</p>');
  });
});

describe('emphasis', () => {
  it('Latin inside a Chinese emphasis, or an emphasis of Latin only, is marked for italics, not dots (an all-Latin one was dotted)', async () => {
    const out = (await html('这是*重要的 Markdown 语法*，还有 *emphasis* 一词。\n')).replaceAll('\u00AD', '');
    expect(out).toContain('<em>重要的 <span class="em-latin">Markdown</span> 语法</em>');
    expect(out).toContain('<em class="em-latin">emphasis</em>');
  });
});

describe('lines that would otherwise be spread', () => {
  it('a URL breaks after / . - _ ? & = (a <wbr>, no hyphen), never inside ://, and may break anywhere', async () => {
    const out = await html('这是 <https://wiki.debian.org/DebianEdu/Documentation/Bookworm> 上的维基版。\n');
    // (a word's first and last three characters held together: rehype-break-urls' keepEnds)
    expect(out).toContain('<a href="https://wiki.debian.org/DebianEdu/Documentation/Bookworm" class="url"><span class="nobreak">htt</span>ps://wiki.<wbr>debian.<wbr>org/<wbr>DebianEdu/<wbr>Documentation/<wbr>Bookw<span class="nobreak">orm</span></a>');
  });

  it('inline code breaks at its paths’ separators; a code block and short code do not', async () => {
    const out = await html('编辑 `/etc/gosa/gosa.conf` 和 `ls -l`。\n\n```\n/usr/share/doc/linux-doc/Documentation\n```\n');
    expect(out).toContain('<code class="long"><span class="nobreak">/et</span>c/<wbr>gosa/<wbr>gosa.<wbr><span class="nobreak">conf</span></code>');
    expect(out).toContain('<code>ls <span class="nobreak">-l</span></code>');
    expect(out).toContain('/usr/share/doc/linux-doc/Documentation\n</span></code></pre>');
  });

  it('Latin text in a Chinese paragraph gets soft hyphens; a lone word, Chinese text, code, links and headings do not', async () => {
    const out = await html('# Configuration\n\n请阅读Read the documentation first一节，再运行 aptitude 和 `configuration`，见 [manual](https://example.org)。\n');
    expect(out).toContain('Read the doc\u00ADu\u00ADmen\u00ADta\u00ADtion first');
    expect(out).toContain('运行 aptitude 和');
    expect(out).toContain('<h1>Configuration</h1>');
    expect(out).toContain('<code>configuration</code>');
    expect(out).toContain('请阅读');
    expect(out).not.toMatch(/[\u4e00-\u9fff]\u00AD/u);
  });

  it('words of URLs, paths and compounds in running text are not hyphenated', async () => {
    const out = await html('见 https://example.com/download)好 和 /usr/share/documentation 或 debian-edu-expert 的 read the documentation.\n');
    expect(out).not.toContain('ex\u00ADam');
    expect(out).toContain('/usr/<wbr>share/<wbr>documentation 或 debian-edu-expert');
    expect(out).toContain('doc\u00ADu\u00ADmen\u00ADta\u00ADtion.');
  });

  it('a lone image is a figure (no paragraph indent), with a caption only when it has a title', async () => {
    const out = await html('![甲](a.png)\n\n![乙](b.png "说明")\n\n![丙](c.png) ![丁](d.png)\n\n文字 ![戊](e.png) 文字\n');
    expect(out).toContain('<figure><img alt="甲" data-inkstone-src="a.png"></figure>');
    expect(out).toContain('<figure><img alt="乙" data-inkstone-src="b.png"><figcaption>说明</figcaption></figure>');
    expect(out).toContain('<figure><img alt="丙" data-inkstone-src="c.png"></figure><figure><img alt="丁" data-inkstone-src="d.png"></figure>');
    expect(out).toContain('<p>文字 <img alt="戊" data-inkstone-src="e.png"> 文字</p>');
  });
});

describe('punctuation: normalize', () => {
  it('half-width marks by full-width brackets, Latin words and colons inside Chinese become full-width; no space before a full-width mark (autocorrect left these)', async () => {
    const { normalizePunctuation } = await import('../src/transform/remark-cjk-punctuation.js');
    const cases: Array<[string, string]> = [
      ['中文（括号）,然后', '中文（括号），然后'],
      ['使用 LLM ,效果好', '使用 LLM，效果好'],
      ['作者为:Meta 公司', '作者为：Meta 公司'],
      ['结局:LLM 胜出', '结局：LLM 胜出'],
      ['中文 ，后面 。', '中文，后面。'],
      ['下午3:30 开会，见 http://a.b/c', '下午3:30 开会，见 http://a.b/c'],
      ['价格为 3.5 元，共 1,000 件', '价格为 3.5 元，共 1,000 件'],
      // a manual page's section and a call keep their brackets (the Debian Reference mixed （5） and (8))
      ['按 modprobe.conf(5)的說明', '按 modprobe.conf(5)的說明'],
      ['用 printf()输出', '用 printf()输出'],
      ['Linux(一种系统)很好', 'Linux（一种系统）很好'],
    ];
    for (const [written, normal] of cases) expect(normalizePunctuation(written)).toBe(normal);
    // and after inline code, as the Debian Reference writes 180 of them: 参见 `grub-install`(8)。
    expect(await html('参见 `grub-install`(8)。用 `f`(一个函数)。\n')).toContain('</code>(8)。用 <code>f</code>（一个函数）。');
  });

  it('check names each changed mark and each dropped space at its column', async () => {
    const processor = createProcessor({ reportPunctuation: true });
    const file = new VFile({ path: 'a.md', value: '使用 LLM ,效果（好）,结局:LLM 。\n' });
    await transformChapter(processor, file);
    expect(file.messages.map((m) => `${m.column} ${m.reason}`)).toEqual([
      '7 space before “，” in Chinese text: remove it',
      '8 half-width “,” in Chinese text: use “，”',
      '14 half-width “,” in Chinese text: use “，”',
      '17 half-width “:” in Chinese text: use “：”',
      '21 space before “。” in Chinese text: remove it',
    ]);
  });
});

describe('straight double quotes in Chinese text', () => {
  it('are paired in order into “…” across the paragraph (around code too), with no space left beside Han; an odd count, or text without Chinese, stays as written', async () => {
    // (the Debian Edu manual: 代号 "Squeeze"; the FAQ: 或"變為不活動中", 选项 "`location`")
    const out = await html('代号 "Squeeze" 发布于 2011 年，或"變為不活動中"。\n\n选项 "`location`" 指定位置。\n\n屏幕为 15" 的笔记本。\n\nHe said "yes".\n');
    expect(out).toContain('代号\u200B“Squeeze”\u200B发布于');
    expect(out).toContain('或\u200B“變為不活動中”。');
    expect(out).toContain('选项\u200B“<code>location</code>”\u200B指定位置');
    expect(out).toContain('屏幕为 15" 的笔记本');
    expect(out).toContain('He said "yes".');
  });

  it('pair in a table cell of a quoted command when the table is Chinese (the Debian Reference p. 115: “$unit” beside "systemctl mask $unit")', async () => {
    const out = await html('| 命令 | 说明 |\n|---|---|\n| "`systemctl mask $unit`" | 屏蔽 "`$unit`" |\n');
    expect(out).toContain('<td>“<code>systemctl mask $unit</code>”</td>');
    expect(out).toContain('屏蔽\u200B“<code>$unit</code>”');
    // (an English table keeps its quotes)
    expect(await html('| a | b |\n|---|---|\n| "`x`" | y |\n')).toContain('"<code>x</code>"</td>');
  });

  it('stay as written where they are meant as marks: raw HTML code, escaped or entity quotes, inch marks', async () => {
    // (a code review found each: every one became curly, and check --fix could never clear it)
    expect(await html('设置 <code>PS1="x"</code> 后，用 <code>echo "$PS1"</code> 查看。\n')).toContain('<code>PS1="x"</code> 后，用 <code>echo "$PS1"</code>');
    expect(await html('他说\\"你好\\"就走了。\n')).toContain('他说"你好"就走了。');
    expect(await html('他说&quot;你好&quot;就走了。\n')).toContain('他说"你好"就走了。');
    expect(await html('屏幕有 15" 和 17" 两种。\n')).toContain('屏幕有 15" 和 17" 两种。');
  });

  it('check --fix pairs them as the build does, in a list item written on two lines too', async () => {
    const { fixPunctuation } = await import('../src/manuscript/fix-punctuation.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'inkstone-quotes-'));
    const file = path.join(dir, 'a.md');
    writeFileSync(file, '- 选项 "`-v`" 显示版本，\n  选项 "`-h`" 显示帮助。\n');
    await fixPunctuation([file]);
    const fixed = readFileSync(file, 'utf8');
    expect(fixed).toBe('- 选项“`-v`” 显示版本，\n  选项 “`-h`”显示帮助。\n');
    expect((await html(fixed)).replace(/<[^>]+>/g, '')).toContain('选项\u200B“-v”\u200B显示版本，选项\u200B“-h”\u200B显示帮助。');
  });

  it('check names each one it pairs', async () => {
    const processor = createProcessor({ reportPunctuation: true });
    const file = new VFile({ path: 'a.md', value: '代号"Squeeze"。\n' });
    await transformChapter(processor, file);
    expect(file.messages.map((m) => `${m.column} ${m.reason}`)).toEqual(['3 straight quote " in Chinese text: use “', '11 straight quote " in Chinese text: use ”']);
  });
});

describe('the last line of a paragraph, in print', () => {
  it('keeps its last two characters and their punctuation together, never one ideograph alone (孤字)', async () => {
    const { keepLastLine } = await import('../src/pdf/keep-last-line.js');
    const tree = await transformChapter(createProcessor(), new VFile({ path: 'a.md', value: '一段文字的最后一行不应只有一个字。\n\n- 列表项也一样。\n\n诗\\\n不变\n' }));
    keepLastLine(tree);
    const out = toHtml(tree);
    expect(out).toContain('<p>一段文字的最后一行不应只有一<span class="keep">个字。</span></p>');
    expect(out).toContain('<li>列表项也<span class="keep">一样。</span></li>');
    expect(out).toContain('<p class="verse verse-short">诗<br>\n不变</p>');
  });

  it('finds the last two characters of a long paragraph as on its whole text (it looks at the end first), a long run of closing marks included', async () => {
    const { keepLastLine } = await import('../src/pdf/keep-last-line.js');
    const long = '长'.repeat(300);
    const kept = async (text: string) => {
      const tree = await transformChapter(createProcessor(), new VFile({ path: 'a.md', value: `${text}\n` }));
      keepLastLine(tree);
      return /<span class="keep">(.*?)<\/span>/s.exec(toHtml(tree))?.[1];
    };
    expect(await kept(`${long}尾字。`)).toBe('尾字。');
    // 70 closing brackets after the pair: the match starts before the last 64 characters
    expect(await kept(`${long}尾字${'）'.repeat(70)}`)).toBe(`尾字${'）'.repeat(70)}`);
    expect(await kept(`${long}，end。`)).toBeUndefined();
    expect(await kept(`${long}尾字[^1]。\n\n[^1]: 注。`)).toMatch(/^尾字/);
  });

  it('matches at the end exactly as on the whole text, at the window’s edge and with astral ideographs too', async () => {
    const { matchAtEnd, tail, tailBeforeCall } = await import('../src/pdf/keep-last-line.js');
    const whole = (pattern: RegExp, value: string) => {
      const match = pattern.exec(value);
      return match ? { index: match.index, text: match[0] } : undefined;
    };
    // (a review found these: a match starting 1–4 code units before a 64-unit window was missed)
    const cases = ['长'.repeat(300) + '）'.repeat(63), '长'.repeat(300) + '）'.repeat(62) + '\u2060', '长'.repeat(300) + '𠀀长' + '）'.repeat(62), 'ab𠀀𠀁。 '];
    // and strings drawn from ideographs (one astral), kana, marks, spaces, Latin, the word joiner
    const alphabet = ['长', '𠀀', 'か', '。', '）', '”', ' ', 'a', '\u2060', '—', '！'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 3000; n++) cases.push(Array.from({ length: next() % 90 }, () => alphabet[next() % alphabet.length]).join(''));
    for (const value of cases) for (const pattern of [tail, tailBeforeCall]) expect(matchAtEnd(pattern, value), value).toEqual(whole(pattern, value));
  });
});

describe('paths in running text', () => {
  it('a path or URL written as plain text breaks at its separators too', async () => {
    const out = await html('これは "/usr/share/doc/linux-doc-*/Documentation/filesystems/" にあります。\n');
    expect(out).toContain('“/usr/<wbr>share/<wbr>doc/<wbr>linux-<wbr>doc-<wbr>*/<wbr>Documentation/<wbr>filesystems/”');
  });

  it('so do a directory name of key=value pairs and a Windows or registry path (Debian Edu: “Search DN:” alone on a line spread 23 em wide, the DN under it)', async () => {
    const out = await html('Search DN: **uid=pguser,ou=people,ou=Students,dc=skole,dc=no**\n\nstored in HKEY_LOCAL_MACHINE\\SOFTWARE\\pGina3.fork\\Plugins\\0f52390b-c781\n');
    expect(out).toContain('<strong>uid=<wbr>pguser,<wbr>ou=<wbr>people,<wbr>ou=<wbr>Students,<wbr>dc=<wbr>skole,<wbr>dc=no</strong>');
    expect(out).toContain('HKEY_<wbr>LOCAL_<wbr>MACHINE\\<wbr>SOFTWARE\\<wbr>pGina3.<wbr>fork\\<wbr>Plugins\\<wbr>0f52390b-<wbr>c781');
    expect(await html('在 C:\\Windows\\System32\\drivers 里\n')).toContain('C:\\<wbr>Windows\\<wbr>System32\\<wbr>drivers');
    // a mail address (a GFM autolink) is a URL too (the FAQ p. 114: its line spread 0.7 em a character)
    expect(await html('请发送内容为“help”的邮件到 request@bugs.debian.org。\n')).toContain('<a href="mailto:request@bugs.debian.org" class="url">');
    // (a sentence's commas and a short pair stay as written)
    expect(await html('Use a,b and x=1, then go.\n')).not.toContain('<wbr>');
  });
});

describe('verse, and a label on its own line', () => {
  it('a bold label then prose after a break is not verse; the print keeps a linked last word with its 。', async () => {
    const out = await html('**您也许可以：**  \n将 Debian 软件包解包到运行不同的 Linux 发行版的机器上的程序已经出现了，而且一般能够工作。\n\n请阅读[基于 Debian 的发行版](https://www.debian.org/)。\n');
    expect(out).toContain('<p><strong>您也许可以：</strong><br>');
    const { keepLastLine } = await import('../src/pdf/keep-last-line.js');
    const tree = await transformChapter(createProcessor(), new VFile({ path: 'a.md', value: '请阅读[基于 Debian 的发行版](https://www.debian.org/)。\n' }));
    keepLastLine(tree);
    expect(toHtml(tree)).toContain('的发<span class="keep">行版</span></a>。');
  });
});
