/**
 * `npm run bench`: Inkstone against the physical floor, on this machine.
 *
 * Builds, with the CLI as a user runs it (medians of 3 runs): the seed book; a generated book of
 * 60,000 Han characters with 40 notes; one of 300,000 in 20 chapters with 5,000 notes (sizes
 * count the notes' text too; generated from a fixed seed, nothing committed); two real books of
 * the corpus (scripts/corpus.mjs: the Debian Edu manual, the largest Simplified Chinese one, and
 * the Japanese Debian reference); and the EPUB alone of the 300k book.
 * For each: wall time, the build's own stage times, peak memory of Node and of the whole
 * Chromium process tree (PSS, sampled every 250 ms), output sizes, font objects in the PDF. The
 * floor is Chromium itself, launched as a user would — `chromium --headless --print-to-pdf` of
 * the book's final HTML with the same CSS and faces, no pagination work — measured right after
 * each build, so each run's ratio pairs two figures of the same minute on this drifting machine.
 * Every build starts with a new, empty build cache (a book's first build); the rebuild of the 300k
 * book after one paragraph of its middle chapter changed is measured against its own first build,
 * whose cache it uses.
 * Also: how long `inkstone watch` takes to rebuild the EPUB of a 12-file book after a save.
 * Prints a table and writes the same as JSON to dist/bench.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBook } from '../src/book/build-book.js';
import { findBrowser, isHeadlessShell } from '../src/browser/browser.js';
import { PageServer } from '../src/browser/page-server.js';
import { bookSubsets, printMissing } from '../src/build/edition.js';
import { bookFaces } from '../src/fonts/faces.js';
import { loadManuscript } from '../src/manuscript/load-manuscript.js';
import { printDocument, printFonts } from '../src/pdf/render-pdf.js';
import { benchBooks, generateBook } from '../test/helpers/generate-book.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/inkstone.js');
const work = mkdtempSync(path.join(tmpdir(), 'inkstone-bench-'));
const runs = Number(process.env['BENCH_RUNS'] ?? 3);

interface Run {
  wallMs: number;
  nodeMiB: number;
  chromiumMiB: number;
  totalMiB: number;
  stages: Record<string, number>;
  sizes: Record<string, number>;
}

/** Proportional set size (kB) of a process, 0 when it is gone. */
function pss(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/** A build as a user runs it; its build cache in `cache` (default: a new, empty one — a book's
 *  first build, which fills it). */
async function cli(args: string[], out: string, cache = mkdtempSync(path.join(work, 'cache-'))): Promise<Run> {
  const timings = path.join(work, `timings-${Date.now()}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'build', ...args, '--out', out, '-q'], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', INKSTONE_TIMINGS: timings, INKSTONE_BUILD_CACHE: cache },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let node = 0;
  let chromium = 0;
  let total = 0;
  const sample = setInterval(() => {
    if (!child.pid) return;
    const n = pss(child.pid);
    const c = descendants(child.pid).reduce((sum, pid) => sum + pss(pid), 0);
    node = Math.max(node, n);
    chromium = Math.max(chromium, c);
    total = Math.max(total, n + c);
  }, 250);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sample);
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`build ${args.join(' ')} failed (${code}): ${stderr}`);
  const sizes = Object.fromEntries(readdirSync(out).map((file) => [path.extname(file).slice(1), statSync(path.join(out, file)).size]));
  return {
    wallMs,
    nodeMiB: node / 1024,
    chromiumMiB: chromium / 1024,
    totalMiB: total / 1024,
    stages: JSON.parse(readFileSync(timings, 'utf8')) as Record<string, number>,
    sizes,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

function summarize(all: Run[]): Run {
  const stageNames = [...new Set(all.flatMap((run) => Object.keys(run.stages)))];
  return {
    wallMs: median(all.map((r) => r.wallMs)),
    nodeMiB: Math.max(...all.map((r) => r.nodeMiB)),
    chromiumMiB: Math.max(...all.map((r) => r.chromiumMiB)),
    totalMiB: Math.max(...all.map((r) => r.totalMiB)),
    stages: Object.fromEntries(stageNames.map((name) => [name, median(all.map((r) => r.stages[name] ?? 0))])),
    sizes: all[0]?.sizes ?? {},
  };
}

/** The book's final HTML (as the build makes it, faces cut the same way), served as a page. */
async function finalHtml(input: string): Promise<{ server: PageServer; url: string }> {
  const manuscript = await loadManuscript(input);
  const { book } = await buildBook(manuscript, { version: 'bench' });
  const cut = await bookSubsets(book, bookFaces(book.metadata.lang, book.style.fonts, manuscript.config.root));
  const { subsets } = cut;
  const missing = printMissing(cut);
  const doc = printDocument(book, undefined, undefined, printFonts(book, subsets, missing));
  const server = await PageServer.start(doc.routes, doc.fonts.folders);
  // (paged.css keeps the book unrendered until Paged.js takes it into pages: Chromium alone must
  // lay it out and print it, whichever of the body's children the print CSS holds back)
  const html = doc.html.replace('</head>', '<style>body > * { content-visibility: visible !important; }</style>\n</head>');
  server.add('/book.html', { body: html, type: 'text/html; charset=utf-8' });
  return { server, url: `${server.origin}/book.html` };
}

/** Chromium alone, as a user runs it: `chromium --headless --print-to-pdf` of the final HTML
 *  (launch, load, its own pagination, print). Returns milliseconds and the PDF's size. */
async function floor(url: string, out: string, browser = findBrowser(process.env, { shell: false })): Promise<{ totalMs: number; pdfBytes: number }> {
  const pdf = path.join(out, 'floor.pdf');
  const profile = mkdtempSync(path.join(work, 'profile-'));
  const started = performance.now();
  const child = spawn(browser, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, url], { stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const totalMs = performance.now() - started;
  if (code !== 0) throw new Error(`chromium --print-to-pdf failed (${code})`);
  return { totalMs, pdfBytes: statSync(pdf).size };
}

/** Type0 and other font objects in a PDF (pdffonts lists one line each, after two of heading). */
function fontObjects(file: string): number {
  const run = spawnSync('pdffonts', [file], { encoding: 'utf8' });
  return run.status === 0 ? Math.max(0, run.stdout.trim().split('\n').length - 2) : -1;
}

/** `inkstone watch` on a 12-file book: time from saving a chapter to the rebuilt EPUB. */
async function watchRebuild(): Promise<number[]> {
  const dir = path.join(work, 'watch');
  cpSync(path.join(root, 'test/fixtures/long-book'), dir, { recursive: true });
  const child = spawn(process.execPath, [bin, 'watch', dir, '--port', '0', '--out', path.join(dir, 'dist'), '--format', 'epub'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  // (the first build is not timed: up to a minute; a rebuild, up to 30 s)
  const waitFor = async (pattern: RegExp, from: number, seconds = 30) => {
    for (const until = performance.now() + seconds * 1000; performance.now() < until; ) {
      if (pattern.test(log.slice(from))) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`watch did not report ${pattern}: ${log}`);
  };
  const times: number[] = [];
  try {
    await waitFor(/first build: built/, 0, 60);
    for (let i = 0; i < runs; i++) {
      const from = log.length;
      const saved = performance.now();
      appendFileSync(path.join(dir, 'ch05.md'), `\n又改了一句（第 ${i + 1} 次）。\n`);
      await waitFor(/changed ch05\.md: built in/, from);
      times.push(performance.now() - saved);
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
  }
  return times;
}

/** Changes one paragraph of the book's middle chapter: two Han characters of it change places
 *  (the text keeps its characters, as most edits do). Returns the file changed. */
function editOneParagraph(dir: string): string {
  const files = readdirSync(dir).filter((file) => file.endsWith('.md')).sort();
  const file = path.join(dir, files[files.length >> 1] as string);
  const paragraphs = readFileSync(file, 'utf8').split('\n\n');
  const index = paragraphs.findIndex((p, i) => i >= paragraphs.length >> 1 && /\p{Script=Han}{12}/u.test(p));
  const paragraph = paragraphs[index] as string;
  const at = (/\p{Script=Han}{12}/u.exec(paragraph)?.index ?? 0) + 5;
  paragraphs[index] = paragraph.slice(0, at) + paragraph.slice(at + 1, at + 2) + paragraph.slice(at, at + 1) + paragraph.slice(at + 2);
  writeFileSync(file, paragraphs.join('\n\n'));
  return path.basename(file);
}

interface Rebuild {
  file: string;
  first: number[];
  again: number[];
  ratios: number[];
  stages: Record<string, number>;
}

/** A book's first build (a new cache), one paragraph changed, the rebuild with that cache:
 *  each run's rebuild time over its own first build's. */
async function warmRebuild(name: string, input: string): Promise<Rebuild> {
  const first: Run[] = [];
  const again: Run[] = [];
  let file = '';
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`bench: ${name} first build and rebuild after one paragraph changed, run ${i + 1}/${runs}\n`);
    const dir = path.join(work, `rebuild-${name}-${i}`);
    cpSync(input, dir, { recursive: true });
    const cache = mkdtempSync(path.join(work, 'cache-'));
    const out = path.join(work, `out-rebuild-${name}-${i}`);
    mkdirSync(out, { recursive: true });
    first.push(await cli([dir], out, cache));
    file = editOneParagraph(dir);
    again.push(await cli([dir], out, cache));
  }
  return { file, first: first.map((r) => r.wallMs), again: again.map((r) => r.wallMs), ratios: again.map((r, i) => r.wallMs / (first[i]?.wallMs ?? 1)), stages: summarize(again).stages };
}

/** Han characters in a manuscript's Markdown files (body and notes). */
function hanCharacters(dir: string): number {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .reduce((sum, file) => sum + (readFileSync(path.join(dir, file), 'utf8').match(/\p{Script=Han}/gu)?.length ?? 0), 0);
}

const corpus = path.join(root, 'node_modules/.cache/inkstone/corpus');
/** The corpus books measured (scripts/corpus.mjs fetches them; missing ones are said and left out). */
const corpusBooks = { 'edu-zh-cn': 'Debian Edu manual', 'reference-ja': 'Debian reference (ja)' } as const;

interface Result extends Run {
  floorMs: number;
  /** Median of each run's wall time over the floor measured right after it. */
  ratio: number;
  ratios: number[];
  walls: number[];
  floorPdfBytes: number;
  /** The same floor with the headless shell Inkstone launches, if installed. */
  shellFloorMs: number | undefined;
  fonts: number;
}

/** `runs` builds of a book, each followed by its floor; medians, and each run's ratio. */
async function measure(name: string, input: string): Promise<Result> {
  const all: Run[] = [];
  const floors: Array<{ totalMs: number; pdfBytes: number }> = [];
  const shellFloors: number[] = [];
  const engine = findBrowser();
  const { server, url } = await finalHtml(input);
  try {
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`bench: ${name} EPUB + PDF, run ${i + 1}/${runs}, then its floor\n`);
      const out = path.join(work, `out-${name}-${i}`);
      mkdirSync(out, { recursive: true });
      all.push(await cli([input], out));
      floors.push(await floor(url, out));
      // (the headless shell Inkstone launches when it is installed, for comparison)
      if (isHeadlessShell(engine)) shellFloors.push((await floor(url, out, engine)).totalMs);
    }
  } finally {
    await server.close();
  }
  const ratios = all.map((run, i) => run.wallMs / (floors[i]?.totalMs ?? 1));
  return {
    ...summarize(all),
    floorMs: median(floors.map((f) => f.totalMs)),
    ratio: median(ratios),
    ratios,
    walls: all.map((run) => run.wallMs),
    floorPdfBytes: median(floors.map((f) => f.pdfBytes)),
    shellFloorMs: shellFloors.length ? median(shellFloors) : undefined,
    fonts: fontObjects(path.join(work, `out-${name}-0`, 'book.pdf')),
  };
}

async function main() {
  process.stderr.write(`bench: generating books in ${work}\n`);
  const books: Record<string, string> = {
    seed: path.join(root, 'manuscript'),
    // Sizes count the whole text, notes included: the 5,000 notes are part of the 300,000.
    '60k': generateBook(path.join(work, 'b60'), benchBooks['60k']).dir,
    '300k': generateBook(path.join(work, 'b300'), benchBooks['300k']).dir,
  };
  for (const [name, title] of Object.entries(corpusBooks)) {
    if (existsSync(path.join(corpus, name, 'book.yaml'))) books[name] = path.join(corpus, name);
    else process.stderr.write(`bench: ${title} (${name}) is not in ${corpus}: run node scripts/corpus.mjs to measure it\n`);
  }
  const characters = Object.fromEntries(Object.entries(books).map(([name, dir]) => [name, hanCharacters(dir)]));
  const results: Record<string, Result> = {};
  // BENCH_BOOKS=seed,edu-zh-cn measures only those (a quick look; the README's figures are of all)
  const only = process.env['BENCH_BOOKS']?.split(',');
  for (const [name, input] of Object.entries(books)) if (!only || only.includes(name)) results[name] = await measure(name, input);
  const epubOnly: Run[] = [];
  for (let i = 0; i < (only && !only.includes('300k') ? 0 : runs); i++) {
    process.stderr.write(`bench: 300k EPUB alone, run ${i + 1}/${runs}\n`);
    const out = path.join(work, `out-epub-${i}`);
    mkdirSync(out, { recursive: true });
    epubOnly.push(await cli([books['300k'] as string, '--format', 'epub'], out));
  }
  const rebuild = !only || only.includes('300k') ? await warmRebuild('300k', books['300k'] as string) : undefined;
  process.stderr.write('bench: watch rebuilds\n');
  const watch = only ? [] : await watchRebuild();

  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const mib = (v: number) => v.toFixed(0);
  const stageList = ['parse', 'fonts', 'browser launch', 'epub', 'pdf:load', 'pdf:fonts', 'pdf:pagination', 'pdf:print', 'pdf:merge', 'pdf:postprocess'];
  const lines = [
    '| book | Han characters | wall (s) | floor (s) | × floor | × floor, each run | ' + stageList.join(' | ') + ' | Node MiB | Chromium MiB | together MiB | EPUB KB | PDF KB | floor PDF KB | fonts in PDF |',
    '|' + ' --- |'.repeat(13 + stageList.length),
  ];
  for (const [name, r] of Object.entries(results)) {
    lines.push(
      `| ${name} | ${characters[name]?.toLocaleString('en-US')} | ${seconds(r.wallMs)} | ${seconds(r.floorMs)} | ${r.ratio.toFixed(2)} | ${r.ratios.map((x) => x.toFixed(2)).join(', ')} | ${stageList.map((s) => seconds(r.stages[s] ?? 0)).join(' | ')} | ${mib(r.nodeMiB)} | ${mib(r.chromiumMiB)} | ${mib(r.totalMiB)} | ${Math.round((r.sizes['epub'] ?? 0) / 1024)} | ${Math.round((r.sizes['pdf'] ?? 0) / 1024)} | ${Math.round(r.floorPdfBytes / 1024)} | ${r.fonts} |`,
    );
  }
  const epub = summarize(epubOnly);
  const growth = (results['300k']?.wallMs ?? 0) / (results['60k']?.wallMs ?? 1);
  const textGrowth = (characters['300k'] ?? 0) / (characters['60k'] ?? 1);
  const table = [
    ...lines,
    '',
    `EPUB alone, 300k: ${seconds(epub.wallMs)} s (Node ${mib(epub.nodeMiB)} MiB).`,
    `300k / 60k wall time: ${growth.toFixed(1)}× for ${textGrowth.toFixed(1)}× the text (linear or better when ≤ ${textGrowth.toFixed(1)}).`,
    rebuild
      ? `Rebuild of the 300k book after one paragraph of ${rebuild.file} changed (build cache of its first build): ${seconds(median(rebuild.again))} s against ${seconds(median(rebuild.first))} s, ${(median(rebuild.ratios) * 100).toFixed(0)} % (runs: ${rebuild.ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}); its stages: ${Object.entries(rebuild.stages).filter(([key]) => !key.startsWith('cache:')).map(([key, ms]) => `${key} ${seconds(ms)}`).join(', ')}; taken from the cache: ${Object.entries(rebuild.stages).filter(([key]) => key.startsWith('cache:')).map(([key, n]) => `${key.slice(6)} ${n}`).join(', ')}.`
      : '',
    `watch, EPUB of a 12-file book rebuilt after a save: ${watch.map((ms) => `${Math.round(ms)} ms`).join(', ')} (median ${Math.round(median(watch))} ms).`,
    ...(Object.values(results).some((r) => r.shellFloorMs)
      ? [`Inkstone builds with ${findBrowser()} (the floor is \`chromium\`, as a user runs it); the same floor with the headless shell: ${Object.entries(results).map(([name, r]) => `${name} ${seconds(r.shellFloorMs ?? 0)} s`).join('; ')}.`]
      : []),
    `Wall times of the runs: ${Object.entries(results).map(([name, r]) => `${name} ${r.walls.map(seconds).join(' / ')} s`).join('; ')}.`,
    `Stage times overlap (the EPUB is made while Chromium lays out the PDF; parts of long books are laid out two at a time); medians of ${runs} runs; floor = \`chromium --headless --print-to-pdf\` of the final HTML (launch, load, Chromium's own pagination, print), measured after each build; × floor is the median of the runs' own ratios.`,
  ].join('\n');
  console.log(table);
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(
    path.join(root, 'dist/bench.json'),
    JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, runs, characters, results, rebuild300k: rebuild, epubOnly300k: epub, growth300kOver60k: growth, textGrowth300kOver60k: textGrowth, watchRebuildMs: watch }, null, 2),
  );
  process.stderr.write('bench: wrote dist/bench.json\n');
}

await main();
