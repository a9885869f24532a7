#!/usr/bin/env node
/**
 * corpus.mjs: assembles a corpus of real CJK books, none of them written for Inkstone, as Inkstone
 * manuscripts (book.yaml + one Markdown file per chapter + images/), for `inkstone proof`, the
 * tests and the bench: documents whose markup, tables, code, screenshots and punctuation nobody
 * tidied up for us.
 *
 *   node scripts/corpus.mjs [--out DIR] [NAME ...]
 *
 * DIR defaults to node_modules/.cache/inkstone/corpus; NAMEs default to all books. The sources
 * are Debian (bookworm) packages, fetched with `apt-get download` into DIR/debs (kept as a
 * cache) and unpacked with `dpkg-deb -x`; the DocBook HTML is converted with pandoc.
 *
 *   edu-zh-cn        Debian Edu Bookworm manual, Simplified Chinese: debian-edu-doc-zh-cn, with the
 *                    screenshots from debian-edu-doc-en (GPL-2+, Debian Edu team and translators)
 *   reference-zh-tw  Debian Reference, Traditional Chinese: debian-reference-zh-tw (GPL-2+, Osamu Aoki
 *   reference-ja     Debian Reference, Japanese: debian-reference-ja          and translators)
 *   faq-zh-cn        Debian FAQ, Simplified Chinese: debian-faq-zh-cn (© Software in the Public
 *                    Interest; free to copy and modify under the same permission notice)
 *   tang300          唐诗三百首, from fortunes-zh (the poems are public domain; the data file is
 *                    GPL-3+, Yu Guanghui et al.)
 *
 * Each run rebuilds the selected book folders from scratch; the output is the same bytes every run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger'; // already a dependency of Inkstone: the slugs it links by

/** Only these chunks of the Debian Reference, to keep build times reasonable. */
const REFERENCE_CHAPTERS = { 'zh-tw': ['pr01', 'ch01', 'ch03'], ja: ['pr01', 'ch01', 'ch04'] };
const POEMS_PER_CHAPTER = 40;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** `author` is for a book whose document names none (the Reference's title page does). */
const BOOKS = {
  'edu-zh-cn': { pkgs: ['debian-edu-doc-zh-cn', 'debian-edu-doc-en'], lang: 'zh-CN', author: 'Debian Edu Team', make: edu },
  'reference-zh-tw': { pkgs: ['debian-reference-zh-tw'], lang: 'zh-TW', make: (b) => reference(b, 'zh-tw') },
  'reference-ja': { pkgs: ['debian-reference-ja'], lang: 'ja', make: (b) => reference(b, 'ja') },
  'faq-zh-cn': { pkgs: ['debian-faq-zh-cn'], lang: 'zh-CN', author: 'Debian Documentation Project', make: faq },
  tang300: { pkgs: ['fortunes-zh'], lang: 'zh-CN', author: '蘅塘退士', make: tang300 },
};

const die = (message) => (console.error(`corpus: ${message}`), process.exit(1));

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.error?.code === 'ENOENT') die(`${cmd} is not installed (needed to build the corpus)`);
  return result;
}

// ---- Debian packages --------------------------------------------------------------------------

/** Downloads (once) and unpacks a package; returns its root folder and version. */
function unpack(pkg, debs) {
  const find = () => fs.readdirSync(debs).filter((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb')).sort().at(-1);
  let deb = find();
  if (!deb) {
    const root = process.getuid?.() === 0;
    // As root, apt would try its sandbox user, fail to write here, say so, and download anyway.
    const download = () => run('apt-get', ['download', '-q', ...(root ? ['-o', 'APT::Sandbox::User=root'] : []), pkg], { cwd: debs, stdio: 'inherit' });
    let got = download();
    if (got.status !== 0 && root && !unpack.updated) {
      unpack.updated = true;
      run('apt-get', ['update', '-q'], { stdio: 'inherit' });
      got = download();
    }
    deb = find();
    if (got.status !== 0 || !deb) die(`apt-get download ${pkg} failed`);
  }
  const dir = path.join(debs, 'x', pkg);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (run('dpkg-deb', ['-x', path.join(debs, deb), dir]).status !== 0) die(`dpkg-deb -x ${deb} failed`);
  const version = run('dpkg-deb', ['-f', path.join(debs, deb), 'Version']).stdout.trim();
  return { dir, version };
}

/** A short rights line from a debian/copyright file (the stanza whose Files: mention `files`). */
function rights(text, files = '*') {
  if (!/^Format:/m.test(text)) {
    const [line] = text.match(/^\s*Copyright \(C\).*$/im) ?? [''];
    const permission = text.slice(text.indexOf(line) + line.length).match(/Permission[^.]*\./)?.[0] ?? '';
    return `${line.trim()}. ${permission}`.replace(/\s+/g, ' ');
  }
  const stanza = text.split(/\n\s*\n/).find((s) => /^Files:(.*)$/m.exec(s)?.[1].split(/\s+/).includes(files)) ?? '';
  const holders = (/^Copyright:([\s\S]*?)^\S/m.exec(`${stanza}\nX`)?.[1] ?? '').trim().split(/\s*\n\s*/);
  const licence = /^License:\s*(.*)$/m.exec(stanza)?.[1] ?? '';
  return `Copyright ${holders[0].replace(/\s*<[^>]*>/g, '')}${holders.length > 1 ? ' et al.' : ''}; licence ${licence}`;
}

// ---- DocBook HTML → Markdown ------------------------------------------------------------------

const WIDE = '[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u3000-\\u303f\\uff00-\\uffef]';
const decode = (s) =>
  s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e) =>
    e[0] === '#' ? String.fromCodePoint(parseInt(e.slice(1).replace(/^x/i, ''), /^#x/i.test(e) ? 16 : 10))
      : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' })[e] ?? m);
const textOf = (html) => decode(html.replace(/<[^>]*>/g, '')).replace(/[ \t\r\n]+/g, ' ').trim();
const pageTitle = (html) => textOf(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
const attr = (tag, name) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** [start, end) of each outermost <div> whose opening tag matches `test`. */
function divs(html, test) {
  const found = [];
  const re = /<div\b[^>]*>|<\/div>/g;
  let [depth, start] = [0, -1];
  for (let m; (m = re.exec(html)); ) {
    if (m[0][1] === '/') start >= 0 && --depth === 0 && (found.push([start, re.lastIndex]), (start = -1));
    else if (start >= 0) depth++;
    else if (test.test(m[0])) (start = m.index), (depth = 1);
  }
  return found;
}
function replaceDivs(html, test, replace) {
  for (const [start, end] of divs(html, test).reverse()) html = html.slice(0, start) + replace(html.slice(start, end)) + html.slice(end);
  return html;
}

/** Navigation and contents lists out; admonitions (icon tables whose icons, in the reference, live in
 * another package) become block quotes with their label in bold. */
function clean(html) {
  html = html.replace(/^[\s\S]*?<body[^>]*>|<\/body>[\s\S]*$/g, '');
  html = replaceDivs(html, /class="(navheader|navfooter|toc|list-of-[a-z]+)"/, () => '');
  html = replaceDivs(html, /class="(note|tip|warning|caution|important)"/, (div) => {
    const label = /<th[^>]*>([\s\S]*?)<\/th>/.exec(div)?.[1] ?? '';
    const body = /<\/th>\s*<\/tr>\s*<tr>\s*<td[^>]*>([\s\S]*)<\/td>\s*<\/tr>\s*<\/table>\s*<\/div>$/.exec(div)?.[1] ?? div;
    return `<blockquote><p><strong>${textOf(label)}</strong></p>${body}</blockquote>`;
  });
  html = html.replace(/<hr\b[^>]*>|<br class="table-break"\s*\/?>/g, '');
  // A line break between two CJK characters is no space (pandoc would make it one); not in <pre>.
  const join = new RegExp(`(${WIDE}(?:<[^>]+>)*)[ \\t]*\\n\\s*(?=(?:<[^>]+>)*${WIDE})`, 'gu');
  return html.split(/(<pre\b[\s\S]*?<\/pre>)/).map((part, i) => (i % 2 ? part : part.replace(join, '$1'))).join('');
}

/** DocBook footnotes → placeholders, with the notes' HTML in order of citation. */
function takeNotes(html) {
  const bodies = new Map();
  html = replaceDivs(html, /class="footnotes"/, (div) => {
    for (const [, id, body] of div.matchAll(/<div id="ftn\.([^"]+)" class="footnote">([\s\S]*?)<\/div>/g))
      bodies.set(id, body.replace(/<a [^>]*class="para"[^>]*>[\s\S]*?<\/a>/, ''));
    return '';
  });
  const notes = [];
  html = html.replace(/(?:<sup>\[)?<a\b[^>]*href="#ftn\.([^"]+)"[^>]*>[\s\S]*?<\/a>(?:\]<\/sup>)?/g, (m, id) => {
    notes.push(bodies.get(id) ?? '');
    return `INKNOTE${notes.length}Z`;
  });
  return { html, notes };
}

/** gfm with raw HTML: pandoc separates a list from a following code block with `<!-- -->`, where
 * gfm-raw_html would write an `&nbsp;` paragraph (an empty line in the book). */
function pandoc(html) {
  const result = run('pandoc', ['-f', 'html', '-t', 'gfm', '--wrap=none'], { input: html });
  if (result.status !== 0) die(`pandoc failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * Chapters [{ source, html, file, kind }] of one book → Markdown: ids map to the heading they are
 * in (as Inkstone slugs it), links are rewritten to chapter files or made plain text, images
 * copied to images/ (names → source paths in `images`), and everything pandoc cannot say in
 * Markdown but harmless (class, style, ids …) is dropped.
 */
function convert(chapters, { resolveImage, images }) {
  const anchors = new Map(); // `source#id` → { chapter, slug }
  chapters.forEach((chapter, index) => {
    const { html, notes } = takeNotes(chapter.html);
    Object.assign(chapter, { html, notes });
    const slugger = new GithubSlugger();
    let slug = '';
    for (const m of html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>|\bid="([^"]+)"/g)) {
      if (m[2] !== undefined) slug = slugger.slug(textOf(m[2]));
      for (const [, id] of m[2] ? m[2].matchAll(/\bid="([^"]+)"/g) : [[, m[3]]]) anchors.set(`${chapter.source}#${id}`, { index, slug });
    }
  });
  const link = (from, href, content) => {
    if (!href) return content;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return `<a href="${href}">${content}</a>`;
    const [file, id] = href.split('#');
    const source = file ? path.basename(file) : chapters[from].source;
    const target = id ? anchors.get(`${source}#${id}`) : { index: chapters.findIndex((c) => c.source === source), slug: '' };
    if (!target || target.index < 0) return content;
    const fragment = target.slug ? `#${target.slug}` : '';
    return `<a href="${target.index === from && fragment ? '' : chapters[target.index].file}${fragment}">${content}</a>`;
  };
  const markdown = (from, html) => {
    html = html.replace(/<a\b[^>]*\/>/g, '').replace(/<a\b([^>]*)>([\s\S]*?)<\/a>/g, (m, attrs, content) => link(from, attr(attrs, 'href'), content));
    html = html.replace(/<img\b[^>]*>/g, (tag) => {
      const file = resolveImage(attr(tag, 'src'));
      if (!file) return console.error(`corpus: image ${attr(tag, 'src')} is not in the packages; left out`), '';
      let name = path.basename(file);
      while (images.has(name) && images.get(name) !== file) name = `x-${name}`;
      images.set(name, file);
      return `<img src="images/${name}" alt="${attr(tag, 'alt') ?? ''}">`;
    });
    html = html.replace(/<\/?(?:div|span)\b[^>]*>/g, (tag) => (tag.startsWith('<d') ? '\n' : ''));
    html = html.replace(/<(?!(?:a|img)\b)([a-z][a-z0-9]*)\b[^>]*>/gi, (tag, name) =>
      `<${name}${['colspan', 'rowspan'].map((a) => (attr(tag, a) ? ` ${a}="${attr(tag, a)}"` : '')).join('')}>`);
    return pandoc(html);
  };
  return chapters.map((chapter, index) => {
    let md = markdown(index, chapter.html).replace(/INKNOTE(\d+)Z/g, '[^$1]');
    chapter.notes.forEach((note, n) => {
      md += `\n[^${n + 1}]: ${markdown(index, note).trim().replace(/\n(?=.)/g, '\n    ')}\n`;
    });
    return { ...chapter, md };
  });
}

/** An <img src> relative to `base` → the real file, symlinks followed across the unpacked packages. */
function imageResolver(base, roots) {
  return (src) => {
    if (!src || /^[a-z]+:/i.test(src)) return undefined;
    let file = path.resolve(base, decodeURIComponent(src));
    for (let hops = 0; hops < 8; hops++) {
      // The same path inside whichever unpacked package has it (debian-edu-doc-zh-cn links to -en).
      const inner = roots.map((root) => path.relative(root, file)).find((rel) => !rel.startsWith('..'));
      const real = inner && roots.map((root) => path.join(root, inner)).find((f) => fs.lstatSync(f, { throwIfNoEntry: false }));
      if (!real) return undefined;
      const stat = fs.lstatSync(real);
      if (!stat.isSymbolicLink()) return stat.isFile() ? real : undefined;
      file = path.resolve(path.dirname(real), fs.readlinkSync(real));
    }
    return undefined;
  };
}

const fileName = (n, name) => `${String(n + 1).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chapter'}.md`;
const read = (...parts) => fs.readFileSync(path.join(...parts), 'utf8');
const copyright = (pkg) => read(pkg.dir, 'usr/share/doc', pkg.name, 'copyright');

// ---- the books ----------------------------------------------------------------------------------

function edu({ pkgs: [zh] }) {
  const doc = path.join(zh.dir, 'usr/share/doc/debian-edu-doc-zh-cn');
  const page = path.join(doc, 'debian-edu-bookworm-manual.html');
  const html = clean(read(page));
  // An article: its top-level sections (h2) are the chapters; every heading moves up a level.
  const chapters = divs(html, /class="section"/).map(([start, end], n) => {
    const section = html.slice(start, end).replace(/<(\/?)h([2-6])\b/g, (m, slash, level) => `<${slash}h${level - 1}`);
    const [, id, title] = /<h1[^>]*>\s*<a id="([^"]+)"><\/a>([\s\S]*?)<\/h1>/.exec(section) ?? ['', '', ''];
    const kind = /附录/.test(title) ? 'back' : undefined;
    return { source: path.basename(page), html: section, file: fileName(n, /^idm\d+$/.test(id) ? '' : id), kind };
  });
  return {
    title: pageTitle(read(page)),
    rights: rights(copyright(zh), 'documentation/debian-edu-bookworm/debian-edu-bookworm-manual.xml'),
    chapters,
    base: doc,
  };
}

/** A chunked DocBook manual: each of `pages` (in `dir`) a chapter, a preface (prNN) front matter. */
function chunked(pkg, dir, index, pages) {
  const chapters = pages.map((page, n) => {
    const html = read(dir, page);
    const stem = page.replace(/\..*$/, '');
    return { source: page, html: clean(html), title: pageTitle(html), file: fileName(n, stem), kind: /^pr\d/.test(stem) ? 'front' : undefined };
  });
  const title = textOf(/<h1 class="title">([\s\S]*?)<\/h1>/.exec(index)[1]);
  return { title, rights: rights(copyright(pkg)), chapters, base: dir };
}

function reference({ pkgs: [pkg] }, lang) {
  const dir = path.join(pkg.dir, 'usr/share/debian-reference');
  const index = read(dir, `index.${lang}.html`);
  const author = textOf(/class="copyright">[^©]*©\s*[\d\s,-]*([^<]*)/.exec(index)?.[1] ?? ''); // "© 2013-2021 青木修"
  return { ...chunked(pkg, dir, index, REFERENCE_CHAPTERS[lang].map((stem) => `${stem}.${lang}.html`)), author };
}

function faq({ pkgs: [pkg] }) {
  const dir = path.join(pkg.dir, 'usr/share/doc/debian/FAQ/zh-cn');
  const index = read(dir, 'index.zh-cn.html');
  const toc = divs(index, /class="toc"/).map(([start, end]) => index.slice(start, end)).join('');
  return chunked(pkg, dir, index, [...new Set([...toc.matchAll(/href="([^"#]+\.html)/g)].map((m) => m[1]))]);
}

function tang300({ pkgs: [pkg] }) {
  const text = read(pkg.dir, 'usr/share/games/fortunes/tang300').replace(/\x1b\[[0-9;]*m/g, '');
  const escape = (s) => s.replace(/[\\`*_[\]<>#|~]/g, '\\$&');
  const poems = text.split(/^%$/m).map((entry) => entry.split('\n').map((l) => l.trim()).filter(Boolean)).filter((l) => l.length);
  const numerals = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  const chapters = [];
  for (let start = 0; start < poems.length; start += POEMS_PER_CHAPTER) {
    const n = chapters.length + 1;
    const name = n < 10 ? numerals[n] : `${n >= 20 ? numerals[Math.floor(n / 10)] : ''}十${numerals[n % 10]}`;
    const body = poems.slice(start, start + POEMS_PER_CHAPTER).map(([title, author, ...lines]) =>
      `## ${escape(title.replace(/^《|》$/g, ''))}\n\n${escape(author.replace(/^作者：/, ''))}\n\n${lines.map(escape).join('\\\n')}\n`);
    chapters.push({ file: fileName(n - 1, 'juan'), md: `# 卷${name}\n\n${body.join('\n')}` });
  }
  return {
    title: '唐诗三百首',
    rights: `唐诗：公有领域；fortunes-zh 数据文件 ${rights(copyright(pkg))}`,
    chapters,
    images: new Map(),
    extra: { 'writing-mode': 'vertical-rl' },
  };
}

// ---- main ---------------------------------------------------------------------------------------

const args = process.argv.slice(2);
let out = path.join(ROOT, 'node_modules/.cache/inkstone/corpus');
const names = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out' && args[i + 1]) out = path.resolve(args[++i]);
  else if (BOOKS[args[i]]) names.push(args[i]);
  else die(`unknown argument “${args[i]}” (usage: node scripts/corpus.mjs [--out DIR] [${Object.keys(BOOKS).join('|')} ...])`);
}
for (const tool of ['dpkg-deb', ...(names.some((n) => n !== 'tang300') || !names.length ? ['pandoc'] : [])]) run(tool, ['--version']);

const debs = path.join(out, 'debs');
fs.mkdirSync(debs, { recursive: true });
const q = (value) => JSON.stringify(value);
for (const name of names.length ? names : Object.keys(BOOKS)) {
  const spec = BOOKS[name];
  const pkgs = spec.pkgs.map((pkg) => ({ name: pkg, ...unpack(pkg, debs) }));
  const book = spec.make({ ...spec, pkgs });
  const images = book.images ?? new Map();
  const chapters = book.chapters.every((chapter) => chapter.md !== undefined)
    ? book.chapters
    : convert(book.chapters, { images, resolveImage: imageResolver(book.base, pkgs.map((p) => p.dir)) });
  const dir = path.join(out, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (images.size) fs.mkdirSync(path.join(dir, 'images'));
  for (const [file, source] of [...images].sort()) fs.copyFileSync(source, path.join(dir, 'images', file));
  const yaml = [
    `title: ${q(book.title)}`,
    `author: ${q(book.author || spec.author)}`,
    `lang: ${spec.lang}`,
    `source: ${q(`Debian package${pkgs.length > 1 ? 's' : ''} ${pkgs.map((p) => `${p.name} ${p.version}`).join(', ')}`)}`,
    `rights: ${q(book.rights)}`,
    ...Object.entries(book.extra ?? {}).map(([k, v]) => `${k}: ${v}`),
    'chapters:',
  ];
  for (const chapter of chapters) {
    fs.writeFileSync(path.join(dir, chapter.file), `${chapter.md.trim()}\n`);
    const title = chapter.md.trimStart().startsWith('# ') ? undefined : (chapter.title ?? chapter.file);
    yaml.push(`  - file: ${chapter.file}`, ...(chapter.kind ? [`    kind: ${chapter.kind}`] : []), ...(title ? [`    title: ${q(title)}`] : []));
  }
  fs.writeFileSync(path.join(dir, 'book.yaml'), `${yaml.join('\n')}\n`);
  console.log(`corpus: ${name}  (${chapters.length} chapters, ${images.size} images)`);
  console.log(`        ${dir}`);
}
