/**
 * The build cache: work of earlier builds that a rebuild can take again because none of its
 * inputs changed — a chapter's transformed tree, a part of a long book laid out and printed.
 * Entries are named by a hash of everything they were made from, Inkstone's own code included
 * (the files of the running program, the versions of the packages outside it, Node's), so a
 * changed input names another entry and the old one is left to be pruned; an entry that is not
 * whole, or not what its kind holds, is made again. Kept in node_modules/.cache/inkstone/builds, or in
 * INKSTONE_BUILD_CACHE (a folder; `off` for none), at most `limitBytes` in all: the least
 * recently used entries go first. A cache that cannot be written is simply not used, and an
 * entry that cannot be read is made again.
 * (Hand-written: the cache is a few files named by hashes; v8.serialize stores the values.)
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { packageRoot } from './package-root.js';

/** 512 MiB: the parts of a dozen 300,000-character books. */
const limitBytes = 512 * 1024 * 1024;

/** What the cache writes, and all it ever removes: entries, and its own unfinished writes. */
const entryName = /^[a-z]+-[0-9a-f]{64}(\.[0-9a-z]+\.tmp)?$/;

type Input = string | Uint8Array;

export class BuildCache {
  private readonly used = new Set<string>();
  /** By kind (`chapter`, `fonts`, `part`): entries taken again, and made anew. */
  readonly counts: Record<string, { found: number; made: number }> = {};

  private constructor(readonly folder: string) {}

  /** The cache this environment asks for, or none (`off`, `0`, `false`, `no`, `none`). */
  static open(env: NodeJS.ProcessEnv = process.env): BuildCache | undefined {
    const setting = env['INKSTONE_BUILD_CACHE']?.trim();
    if (setting && /^(off|0|false|no|none)$/i.test(setting)) return undefined;
    return new BuildCache(setting ? path.resolve(setting) : path.join(packageRoot, 'node_modules', '.cache', 'inkstone', 'builds'));
  }

  /** An entry's name: the hash of its kind, Inkstone's code and `inputs` (each length-prefixed,
   *  so no two lists of inputs run together into the same bytes). */
  key(kind: string, ...inputs: Input[]): string {
    const hash = createHash('sha256').update(codeIdentity()).update(kind);
    for (const input of inputs) update(hash, input);
    return `${kind}-${hash.digest('hex')}`;
  }

  /** Counts an entry of `kind` as taken again or made anew. */
  count(kind: string, outcome: 'found' | 'made'): void {
    (this.counts[kind] ??= { found: 0, made: 0 })[outcome] += 1;
  }

  /** The entry, if there is one that `valid` accepts (counted as found, else as made). */
  async get<T>(key: string, valid: (value: unknown) => value is T): Promise<T | undefined> {
    const value = await this.read(key);
    const ok = value !== undefined && valid(value);
    this.count(key.slice(0, key.indexOf('-')), ok ? 'found' : 'made');
    return ok ? value : undefined;
  }

  /** The entry that `valid` accepts, else what `make` makes, kept; `written` settles once it is
   *  on disk (at once for an entry found). */
  async remember<T>(key: string, valid: (value: unknown) => value is T, make: () => T | Promise<T>): Promise<{ value: T; written: Promise<void> }> {
    const known = await this.get(key, valid);
    if (known !== undefined) return { value: known, written: Promise.resolve() };
    const value = await make();
    return { value, written: this.put(key, value) };
  }

  /** The entry's value, uncounted and unchecked (undefined when there is none, or it is not
   *  whole). */
  async read(key: string): Promise<unknown> {
    const file = path.join(this.folder, key);
    try {
      const value: unknown = deserialize(await readFile(file));
      this.used.add(key);
      const now = new Date();
      await utimes(file, now, now).catch(() => {});
      return value;
    } catch {
      return undefined;
    }
  }

  async put(key: string, value: unknown): Promise<void> {
    const file = path.join(this.folder, key);
    const temporary = `${file}.${process.pid.toString(36)}${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.folder, { recursive: true });
      await writeFile(temporary, serialize(value));
      await rename(temporary, file);
      this.used.add(key);
    } catch {
      // not writable (or full): the work is done again next time
      await rm(temporary, { force: true }).catch(() => {});
    }
  }

  /** Removes the least recently used entries (never one this build used, never a file the cache
   *  did not write) while the cache is over its limit. */
  async prune(limit = limitBytes): Promise<void> {
    try {
      const names = (await readdir(this.folder)).filter((name) => entryName.test(name));
      const entries = await Promise.all(names.map(async (name) => ({ name, ...(await stat(path.join(this.folder, name)).catch(() => ({ size: 0, mtimeMs: 0 }))) })));
      let total = entries.reduce((sum, entry) => sum + entry.size, 0);
      for (const entry of entries.filter((e) => !this.used.has(e.name)).sort((a, b) => a.mtimeMs - b.mtimeMs)) {
        if (total <= limit) break;
        await rm(path.join(this.folder, entry.name), { force: true });
        total -= entry.size;
      }
    } catch {
      // no cache folder yet
    }
  }
}

function update(hash: Hash, input: Input): void {
  // (a string hashed as it is: a chapter's JSON is some 250 KB, copied into a Buffer each time)
  if (typeof input === 'string') hash.update(`${Buffer.byteLength(input)}:`).update(input);
  else hash.update(`${input.length}:`).update(input);
}

/** `value` as JSON, with the numbers JSON has no form for (an attribute of `Infinity`) written
 *  as the XHTML writes them, not all as `null`: what names a cache entry. */
export const inputJson = (value: unknown): string => JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? String(item) : item));

const inputs = new WeakMap<object, string>();

/**
 * A chapter (or anything the book holds) as entries made from it are named: as JSON, which names
 * a chapter taken from the build cache as it named it when it was transformed (v8.serialize did
 * not: it writes strings and numbers in the form they are held), with the numbers JSON has no
 * form for (an attribute of `Infinity`) written as the XHTML writes them, and without its
 * file's name as messages show it (relative to the folder the build runs in; never printed).
 * Made once for each (the EPUB's and the PDF's entries name the same chapters): what is named
 * must not change afterwards (a book's chapters are whole once buildBook returns them).
 */
export function inputOf(value: object): string {
  let json = inputs.get(value);
  if (json === undefined) {
    json = inputJson({ ...value, source: undefined });
    inputs.set(value, json);
  }
  return json;
}

let identity: string | undefined;

/** Packages the bundle leaves outside (scripts/bundle.mjs), and theirs that shape the output. */
const unbundled = ['puppeteer', 'puppeteer-core', 'subset-font', 'harfbuzzjs', 'fontverter', 'wawoff2', 'pdfjs-dist', 'sharp', 'svgo', 'css-tree', 'pagedjs'];

/**
 * What Inkstone's output depends on besides the manuscript and the files named in each entry's
 * key: the running program's files (the bundle, or src/ when run from the sources), the
 * templates, the versions of the packages outside the bundle, and Node's (its Unicode tables
 * decide what \p{Script=Han} matches).
 */
export function codeIdentity(): string {
  if (identity) return identity;
  const hash = createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const folder of [here, path.join(packageRoot, 'templates')]) {
    for (const file of filesIn(folder)) update(hash, file.slice(folder.length)), update(hash, readFileSync(file));
  }
  update(hash, readFileSync(path.join(packageRoot, 'package.json')));
  for (const name of unbundled) update(hash, `${name}@${installedVersion(name)}`);
  update(hash, JSON.stringify(process.versions));
  identity = hash.digest('hex');
  return identity;
}

/** The version of the package `name` as Node finds it from Inkstone's folder (in a node_modules
 *  folder of it or of a folder above: an npm install hoists dependencies). */
function installedVersion(name: string): string {
  for (let dir = packageRoot; ; dir = path.dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
    } catch {
      if (path.dirname(dir) === dir) return 'missing';
    }
  }
}

function filesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesIn(file);
      return entry.isFile() ? [file] : [];
    });
}

/** What tells an installed package changed: its folder and package.json (its version). */
export function packageIdentity(folder: string): string {
  try {
    return `${folder}\n${readFileSync(path.join(folder, 'package.json'), 'utf8')}`;
  } catch {
    return `${folder}: not a package`;
  }
}

/** A file's content hash (a manuscript's face: its name and time say too little). */
export function fileIdentity(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return `${file}: missing`;
  }
}
