/**
 * Deterministic test books of any size: Chinese paragraphs (hard-wrapped, as authors write
 * them), chapters with sections, and footnotes spread through the text — some long enough to
 * continue on the next page. Used by the tests (≥ 40 notes) and by `npm run bench`
 * (60,000 and 300,000 characters); nothing large is committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const common =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质清口西';

/** Mulberry32: a small seeded generator, so every run writes the same book. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  seed?: number;
  chapters: number;
  /** Han characters in the body text, about. */
  characters: number;
  notes: number;
  /** Wrap source lines at this many characters (0: one paragraph per line). */
  wrap?: number;
  title?: string;
  /** Every this many notes, one is long (several sentences, two paragraphs). */
  longNoteEvery?: number;
  /** `characters` counts the Han characters of the whole text, notes included (the benchmark's
   *  books: “300,000 characters with 5,000 notes” is 300,000 in all). Default: the body's
   *  characters and punctuation, notes on top. */
  wholeText?: boolean;
}

/** The books of `npm run bench` (the issue's sizes: the notes' text counts toward them). */
export const benchBooks = {
  '60k': { seed: 60, chapters: 6, characters: 60_000, notes: 40, wholeText: true },
  '300k': { seed: 300, chapters: 20, characters: 300_000, notes: 5000, longNoteEvery: 50, wholeText: true },
} satisfies Record<string, GenerateOptions>;

const hanCount = (text: string): number => text.match(/\p{Script=Han}/gu)?.length ?? 0;

export interface GeneratedBook {
  dir: string;
  /** Note texts by number, as written (one paragraph each, joined). */
  notes: string[];
  headings: string[][];
}

function sentence(rand: () => number, length: number): string {
  let text = '';
  let sinceComma = 0;
  for (let i = 0; i < length; i++) {
    text += common[Math.floor(rand() * common.length)];
    sinceComma += 1;
    if (sinceComma > 6 && rand() < 0.12 && i < length - 3) {
      text += '，';
      sinceComma = 0;
    }
  }
  return text + (rand() < 0.85 ? '。' : '；');
}

/** Hard-wraps at `width` characters, never inside a note call `[^…]`. */
function wrapLines(text: string, width: number): string {
  if (!width) return text;
  const tokens = text.match(/\[\^[^\]]+\]|[\s\S]/gu) ?? [];
  const lines: string[] = [];
  let line = '';
  let count = 0;
  for (const token of tokens) {
    line += token;
    count += 1;
    if (count >= width) {
      lines.push(line);
      line = '';
      count = 0;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

export function generateBook(dir: string, options: GenerateOptions): GeneratedBook {
  const rand = random(options.seed ?? 20240501);
  const wrap = options.wrap ?? 36;
  mkdirSync(dir, { recursive: true });
  const perChapter = Math.ceil(options.characters / options.chapters);
  const notesPerChapter = Math.ceil(options.notes / options.chapters);
  const notes: string[] = [];
  const headings: string[][] = [];
  const files: string[] = [];

  for (let c = 0; c < options.chapters; c++) {
    const title = `第${c + 1}章 ${sentence(rand, 6).slice(0, 6)}`;
    const chapterHeadings = [title];
    const blocks: string[] = [`# ${title}`];
    const definitions: string[] = [];
    let written = 0;
    let placed = 0;
    let section = 0;
    while (written < perChapter) {
      if (written > (section + 1) * 4000) {
        section += 1;
        const heading = `第${section}节 ${sentence(rand, 5).slice(0, 5)}`;
        chapterHeadings.push(heading);
        blocks.push(`## ${heading}`);
      }
      const sentences: string[] = [];
      const count = 2 + Math.floor(rand() * 6);
      for (let s = 0; s < count; s++) {
        let text = sentence(rand, 10 + Math.floor(rand() * 25));
        written += options.wholeText ? hanCount(text) : [...text].length;
        // Spread notes evenly over the chapter's text.
        const due = Math.floor((written / perChapter) * notesPerChapter);
        if (placed < due && notes.length < options.notes) {
          const n = notes.length + 1;
          const long = options.longNoteEvery && n % options.longNoteEvery === 0;
          const body = long
            ? `${sentence(rand, 60)}${sentence(rand, 50)}\n\n    ${sentence(rand, 70)}`
            : sentence(rand, 12 + Math.floor(rand() * 30));
          text = text.replace(/[。；]$/, (end) => `[^n${n}]${end}`);
          notes.push(body.replace(/\n\n {4}/, ''));
          if (options.wholeText) written += hanCount(body);
          definitions.push(`[^n${n}]: ${body}`);
          placed += 1;
        }
        sentences.push(text);
      }
      blocks.push(wrapLines(sentences.join(''), wrap));
    }
    headings.push(chapterHeadings);
    const file = `ch${String(c + 1).padStart(2, '0')}.md`;
    files.push(file);
    writeFileSync(path.join(dir, file), [...blocks, ...definitions].join('\n\n') + '\n');
  }
  writeFileSync(
    path.join(dir, 'book.yaml'),
    [`title: ${options.title ?? '生成的书'}`, 'author: 测试作者', 'lang: zh-CN', 'chapters:', ...files.map((f) => `  - ${f}`), ''].join('\n'),
  );
  return { dir, notes, headings };
}
