/**
 * Fuzzing the pipeline: generated manuscripts with nested lists, quotes, tables, footnotes
 * (cited twice, in tables, in headings, never defined, never cited), raw HTML fragments, CJK
 * and astral characters, NUL and control characters, CRLF and a BOM. Every one must either
 * build an EPUB that EPUBCheck accepts with no error, or fail with a clear Inkstone error —
 * never crash. A fixed seed runs 200 manuscripts; a random one runs 50 more and is printed,
 * so a failure can be replayed (FUZZ_SEED=… npm test). Counterexamples found are kept as
 * fixed cases in test/fixtures/fuzz-regressions.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { isInkstoneError } from '../src/diagnostics/errors.js';
import { repoRoot, tempDir } from './helpers/cli.js';
import { epubcheckJar, haveTools } from './helpers/tools.js';

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
  try {
    const result = await build({ input: dir, formats: ['epub'], cwd: dir, sourceDateEpoch: 1700000000 });
    const epub = path.join(dir, 'book.epub');
    writeFileSync(epub, result.editions[0]?.outputs.epub ?? Buffer.alloc(0));
    built.push({ epub, dir });
  } catch (error) {
    // A clear error is an acceptable answer to a broken manuscript; anything else is a crash.
    if (!isInkstoneError(error)) throw error;
    if (process.env['FUZZ_VERBOSE']) console.log(dir, error.format());
    expect(error.format()).not.toMatch(/^\s+at /m);
    expect(error.kind).toBe('manuscript');
  }
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

  it('every EPUB they built passes EPUBCheck with no error', ({ skip }) => {
    if (!haveTools('epubcheck')) skip();
    expect(built.length).toBeGreaterThan(100);
    const run = spawnSync('java', ['-XX:TieredStopAtLevel=1', '-cp', epubcheckJar, path.join(repoRoot, 'test/helpers/EpubcheckBatch.java'), ...built.map((b) => b.epub)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const results = run.stdout.split('\n').filter((line) => line.includes('\t')).map((line) => line.split('\t'));
    expect(results).toHaveLength(built.length);
    const failed = results.filter(([, fatals, errors]) => Number(fatals) > 0 || Number(errors) > 0).map(([file]) => file);
    expect(failed, `EPUBCheck errors (messages above); manuscripts kept in ${outRoot}`).toEqual([]);
  });
});

afterAll(() => {
  console.log(`fuzz: ${counter} manuscripts, ${built.length} EPUBs built, in ${outRoot}`);
});

export type { Case };
