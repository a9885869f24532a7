/**
 * Fuzzing the pipeline: generated manuscripts with nested lists, quotes, tables, footnotes
 * (cited twice, in tables, in headings, never defined, never cited), raw HTML fragments, CJK
 * and astral characters, NUL and control characters, CRLF and a BOM. Every one must either
 * build an EPUB that EPUBCheck accepts with no error, or fail with a clear Inkstone error —
 * never crash. A fixed seed runs 200 manuscripts; a random one runs 50 more and is printed,
 * so a failure can be replayed (FUZZ_SEED=… npm test). Counterexamples found are kept as
 * fixed cases in test/fixtures/fuzz-regressions.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { isInkstoneError } from '../src/diagnostics/errors.js';
import { repoRoot, tempDir } from './helpers/cli.js';
import { epubcheck, haveTools } from './helpers/tools.js';

const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

const words = ['开源', '模型', '語言', 'かんじ', '漢字', '한국어', 'Mistral', 'LLaMa 2', '2023 年', '𠀀𪚥', '😀', '“引号”', '（括号）', 'a,b', '中文,英文', '是的!', '¿', 'ß', '\u200b', '\u0000', '\u0007', '\u001b', '\ufeff', '&amp;', '&#x0;', '<', '>', '&', '"', "'", '\\', '`'];
const inline = fc.oneof(
  fc.constantFrom(...words),
  fc.constantFrom('**粗体**', '*强调*', '~~删除~~', '`代码,a`', '[链接](https://example.com)', '<https://example.com>', 'http://www.debian.org。你可以', '{漢字|かん|じ}', '{漢字|かんじ}', '[坏](javascript:alert(1))', '[自己](#第一章)', '![图](cover.png)'),
  fc.constantFrom('<b onclick="x()">粗</b>', '<script>alert(1)</script>', '<span lang="en">English</span>', '<img src="cover.png" onerror="y">', '<a href="vbscript:x">v</a>', '<ruby>漢<rt>かん</rt></ruby>', '<br>', '<u>下划线</u>', '<sup>上</sup>', '<!-- 注释 -->', '<svg><script>1</script></svg>', '<math><mi>x</mi></math>', '</div>', '<p>', '<table><tr><td>x'),
  fc.string({ maxLength: 6 }),
);

/** A paragraph's text, with note calls from `labels`. */
const text = (labels: string[]) =>
  fc
    .array(labels.length ? fc.oneof({ weight: 5, arbitrary: inline }, { weight: 1, arbitrary: fc.constantFrom(...labels.map((l) => `[^${l}]`)) }) : inline, {
      minLength: 1,
      maxLength: 10,
    })
    .map((parts) => parts.join(''));

const block = (labels: string[]): fc.Arbitrary<string> =>
  fc.letrec<{ block: string }>((tie) => ({
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text(labels),
      text(labels).map((t) => t.replace(/(.{8})/g, '$1\n')), // hard-wrapped
      fc.tuple(fc.integer({ min: 1, max: 6 }), text(labels)).map(([n, t]) => `${'#'.repeat(n)} ${t.replace(/\n/g, ' ')}`),
      fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((items) => items.map((b) => `> ${b.replace(/\n/g, '\n> ')}`).join('\n>\n')),
      fc.tuple(fc.boolean(), fc.array(tie('block'), { minLength: 1, maxLength: 3 })).map(([ordered, items]) =>
        items.map((b, i) => `${ordered ? `${i + 1}.` : '-'} ${b.replace(/\n/g, '\n   ')}`).join('\n'),
      ),
      fc.array(fc.tuple(text(labels), text(labels)), { minLength: 1, maxLength: 3 }).map(
        (rows) => `| 甲 | 乙 |\n| --- | :-: |\n${rows.map(([a, b]) => `| ${a.replace(/[|\n]/g, ' ')} | ${b.replace(/[|\n]/g, ' ')} |`).join('\n')}`,
      ),
      fc.tuple(fc.constantFrom('', 'js', 'python', 'nosuchlang'), fc.string({ maxLength: 30 })).map(([lang, code]) => `\`\`\`${lang}\n${code.replace(/`/g, "'")}\n\`\`\``),
      fc.constantFrom('<div class="x"><p>块</p></div>', '<iframe src="https://evil.example"></iframe>', '<object data="x"></object>', '<details><summary>摘要</summary>内容</details>', '<figure><img src="cover.png" alt="图"><figcaption>说明</figcaption></figure>', '<style>body{display:none}</style>', '---', '***'),
    ),
  })).block;

const chapter = fc
  .tuple(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', '注', '1', 'x-y'), { maxLength: 4 }), fc.uniqueArray(fc.constantFrom('a', 'b', 'undefined1', 'u2'), { maxLength: 2 }))
  .chain(([defined, cited]) =>
    fc.tuple(fc.array(block([...defined, ...cited]), { minLength: 1, maxLength: 6 }), fc.constant(defined), fc.array(text([]), { minLength: defined.length, maxLength: defined.length })),
  )
  .map(([blocks, defined, notes]) => [...blocks, ...defined.map((label, i) => `[^${label}]: ${notes[i]?.replace(/\n/g, ' ')}`)].join('\n\n'));

const manuscript = fc.record({
  chapters: fc.array(chapter, { minLength: 1, maxLength: 3 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  vertical: fc.boolean(),
});

type Case = fc.Arbitrary<typeof manuscript extends fc.Arbitrary<infer T> ? T : never>;

const outRoot = tempDir('inkstone-fuzz-');
const built: Array<{ epub: string; dir: string }> = [];
let counter = 0;

async function runCase(input: typeof manuscript extends fc.Arbitrary<infer T> ? T : never): Promise<void> {
  const dir = path.join(outRoot, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  const eol = (s: string) => (input.crlf ? s.replace(/\n/g, '\r\n') : s);
  const files = input.chapters.map((_, i) => `ch${i + 1}.md`);
  writeFileSync(path.join(dir, 'cover.png'), png);
  writeFileSync(
    path.join(dir, 'book.yaml'),
    `title: 模糊测试\ncover: cover.png\n${input.vertical ? 'writing-mode: vertical-rl\n' : ''}chapters: [${files.join(', ')}]\n`,
  );
  input.chapters.forEach((content, i) => writeFileSync(path.join(dir, files[i] ?? ''), (input.bom ? '\ufeff' : '') + eol(content)));
  await buildOrFailClearly(dir, () => build({ input: dir, formats: ['epub'], cwd: dir, sourceDateEpoch: 1700000000 }));
}

/** An EPUB (kept for EPUBCheck), or one clear manuscript error: a clear error is an acceptable
 *  answer to a broken manuscript; anything else is a crash. `check` looks at the book first. */
async function buildOrFailClearly(dir: string, run: () => ReturnType<typeof build>, check?: (result: Awaited<ReturnType<typeof build>>) => void): Promise<void> {
  try {
    const result = await run();
    check?.(result);
    const epub = path.join(dir, 'book.epub');
    writeFileSync(epub, result.editions[0]?.outputs.epub ?? Buffer.alloc(0));
    built.push({ epub, dir });
  } catch (error) {
    if (!isInkstoneError(error)) throw error;
    if (process.env['FUZZ_VERBOSE']) console.log(dir, error.format());
    expect(error.format()).not.toMatch(/^\s+at /m);
    expect(error.kind).toBe('manuscript');
  }
}

/** A file outside every fuzzed manuscript: no book may contain its text. */
const secretToken = 'SECRET-OUTSIDE-THE-MANUSCRIPT';
const secretFile = path.join(outRoot, 'secret.md');
writeFileSync(secretFile, `# 外面\n\n${secretToken}\n`);

/** A value for book.yaml, written as JSON (YAML reads JSON). */
const anyValue = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), fc.dictionary(fc.constantFrom('a', 'file', 'kind'), fc.string({ maxLength: 4 }), { maxKeys: 2 }));

const chapterEntry = fc.oneof(
  { weight: 6, arbitrary: fc.constant('ch1.md') },
  fc.constantFrom('ch2.md', 'missing.md', '../secret.md', secretFile, `file://${secretFile}`, 'link.md', './ch1.md', 'sub/../ch1.md', '', 'images', 'ch1.md#x'),
  fc.record({ file: fc.constantFrom('ch1.md', 'ch2.md', '../secret.md'), kind: fc.constantFrom('front', 'body', 'back', 'part', 'chapter', 3), title: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()) }, { requiredKeys: ['file'] }),
  anyValue,
);

/** book.yaml: right and wrong keys, types and paths. */
const config = fc.record(
  {
    title: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('书名', '書名 Title') }, anyValue),
    lang: fc.constantFrom('zh-CN', 'zh-TW', 'zh-Hant-HK', 'ja', 'ko', 'en', 'chinese', '繁體中文', 'zh_CN', '', 'x-klingon', 'i-default', 42),
    date: fc.constantFrom('2025', '2025-03', '2025-03-01', '2025-13', '2025-02-30', '2025年3月', 'yesterday', 2025),
    author: anyValue,
    cover: fc.constantFrom('cover.png', 'missing.png', '../secret.md', secretFile, 'ch1.md', 'images/attack.svg'),
    'writing-mode': fc.constantFrom('horizontal-tb', 'vertical-rl', 'diagonal'),
    page: fc.oneof(fc.record({ size: fc.constantFrom('A5', 'A4', 'b5', '16开', '130 184', '50 50', '5000 5000', '80x100', 'A3', -1, '0 0'), 'chapter-start': fc.constantFrom('any', 'right', 'left') }, { requiredKeys: [] }), anyValue),
    footnotes: fc.oneof(fc.record({ numbering: fc.constantFrom('book', 'chapter', 'page'), marker: fc.constantFrom('number', 'circled', 'star') }, { requiredKeys: [] }), anyValue),
    'toc-depth': fc.oneof(fc.integer({ min: -1, max: 8 }), anyValue),
    colophon: fc.oneof(fc.boolean(), fc.constantFrom('yes', 'no')),
    css: anyValue,
    chapters: fc.oneof({ weight: 8, arbitrary: fc.array(chapterEntry, { minLength: 1, maxLength: 4 }) }, anyValue),
  },
  { requiredKeys: [] },
);

/** Fragments of SVG as editors and attackers write them. */
const svgPart = fc.oneof(
  fc.constantFrom(
    '<rect width="10" height="10" fill="#c00"/>',
    '<text x="2" y="12" font-family="monospace">图 1 ᚠ 𐀀</text>',
    '<g style="enable-background:new"><circle r="3" cx="5" cy="5"/></g>',
    '<sodipodi:namedview id="base" inkscape:zoom="1"/>',
    '<metadata><rdf:RDF><cc:Work rdf:about=""/></rdf:RDF></metadata>',
    '<script>alert(1)</script>',
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    '<image href="http://evil.example/x.png" width="1" height="1"/>',
    '<use xlink:href="https://evil.example/a.svg#x"/>',
    '<style>@import url(http://evil.example/a.css); rect{fill:url(http://evil.example/p#g)}</style>',
    '<style>rect{fill:\\75rl(http://evil.example/e)}</style>',
    '<a href="javascript:alert(1)"><rect width="1" height="1"/></a>',
    '<set attributeName="href" to="http://evil.example/s"/>',
    '<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="http://evil.example/if"/>',
    '<rect width="5" height="5" onclick="x()" style="mask:url(https://evil.example/m)"/>',
    '<linearGradient id="g"><stop offset="0"/></linearGradient><rect fill="url(#g)" width="4" height="4"/>',
    '<!-- comment -->',
    '<![CDATA[ text ]]>',
  ),
  fc.string({ maxLength: 12 }),
);

const svgFile = fc
  .record({
    prolog: fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n', '<?xml-stylesheet href="http://evil.example/x.css"?>', '\ufeff'),
    attributes: fc.constantFrom('', ' width="100" height="50"', ' viewBox="0 0 100 50" enable-background="new 0 0 100 50"', ' onload="alert(1)"', ' xml:base="http://evil.example/"', ' version="1.1" id="Layer_1"'),
    parts: fc.array(svgPart, { maxLength: 6 }),
  })
  .map(
    ({ prolog, attributes, parts }) =>
      `${prolog}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"${attributes}>${parts.join('')}</svg>`,
  );

/** A book from generated book.yaml and SVG: an EPUB, or one clear manuscript error. */
async function runBookCase(yaml: string, svg: string): Promise<void> {
  const dir = path.join(outRoot, `case-${++counter}`);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  writeFileSync(path.join(dir, 'cover.png'), png);
  writeFileSync(path.join(dir, 'ch1.md'), '# 第一章\n\n正文。\n\n![图](images/attack.svg)\n');
  writeFileSync(path.join(dir, 'ch2.md'), '# 第二章\n\n正文二。\n');
  writeFileSync(path.join(dir, 'images/attack.svg'), svg);
  try {
    symlinkSync(secretFile, path.join(dir, 'link.md'));
  } catch {
    // there already
  }
  writeFileSync(path.join(dir, 'book.yaml'), yaml);
  await buildOrFailClearly(
    dir,
    () => build({ input: dir, formats: ['epub'], cwd: dir, sourceDateEpoch: 1700000000, generateCover: false }),
    (result) => {
      const book = result.editions[0]?.book;
      expect(JSON.stringify(book?.chapters.map((chapter) => chapter.body))).not.toContain(secretToken);
      const image = book?.images.find((asset) => asset.fileName.endsWith('.svg'));
      expect(image?.epubData.toString() ?? '').not.toMatch(/evil\.example|javascript:|<script|\son[a-z]+=/i);
    },
  );
}

const fixedSeed = 20261129;
const randomSeed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

describe('fuzzed manuscripts', () => {
  it('build or fail clearly: 200 with a fixed seed', async () => {
    await fc.assert(fc.asyncProperty(manuscript, runCase), { seed: fixedSeed, numRuns: 200, endOnFailure: true });
  });

  it(`build or fail clearly: 50 with a random seed (${randomSeed}; replay with FUZZ_SEED=${randomSeed})`, async () => {
    await fc.assert(fc.asyncProperty(manuscript, runCase), { seed: randomSeed, numRuns: 50, endOnFailure: true });
  });

  it('fixed regressions from earlier runs build or fail clearly', async () => {
    const dir = path.join(repoRoot, 'test/fixtures/fuzz-regressions');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      await runCase(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
    }
  });

  it('book.yaml files, right and wrong: 200 with a fixed seed build or fail clearly, and nothing from outside gets in', async () => {
    const yaml = config.map((record) => Object.entries(record).map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join('\n') + '\n');
    await fc.assert(fc.asyncProperty(yaml, (text) => runBookCase(text, '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>')), { seed: fixedSeed, numRuns: 200, endOnFailure: true });
  });

  it('SVG images as editors and attackers write them: 200 with a fixed seed build (cleaned) or fail clearly', async () => {
    await fc.assert(fc.asyncProperty(svgFile, (svg) => runBookCase('title: 书\nchapters: [ch1.md]\n', svg)), { seed: fixedSeed, numRuns: 200, endOnFailure: true });
  });

  it('every EPUB they built passes EPUBCheck with no error', async ({ skip }) => {
    if (!haveTools('epubcheck')) skip();
    expect(built.length).toBeGreaterThan(300);
    const failed: string[] = [];
    let checked = 0;
    for (const { epub } of built) {
      checked += 1;
      const result = await epubcheck(epub);
      if (result.fatals > 0 || result.errors > 0) failed.push(`${epub}\n${result.output}`);
    }
    expect(checked).toBe(built.length);
    expect(failed, `EPUBCheck errors; manuscripts kept in ${outRoot}`).toEqual([]);
  });
});

afterAll(() => {
  console.log(`fuzz: ${counter} manuscripts, ${built.length} EPUBs built, in ${outRoot}`);
});

export type { Case };
