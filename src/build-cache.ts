/**
 * The build cache: work of earlier builds that a rebuild can take again because none of its
 * inputs changed — a chapter's transformed tree, a part of a long book laid out and printed.
 * Entries are named by a hash of everything they were made from, Inkstone's own code included
 * (the files of the running program and the dependency versions), so a stale entry is never
 * found, only left to be pruned. Kept in node_modules/.cache/inkstone/builds, or in
 * INKSTONE_BUILD_CACHE (a folder; `off` for none), at most `limitBytes` in all: the least
 * recently used entries go first. A cache that cannot be written is simply not used, and an
 * entry that cannot be read is made again.
 * (Hand-written: the cache is a few files named by hashes; v8.serialize stores the values.)
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { packageRoot } from './package-root.js';

/** 512 MiB: the parts of a dozen 300,000-character books. */
const limitBytes = 512 * 1024 * 1024;

type Input = string | Uint8Array;

export class BuildCache {
  private readonly used = new Set<string>();
  /** Entries found and not found, by kind (`chapter`, `part`, `fonts`): what a build took again. */
  readonly counts: Record<string, { found: number; made: number }> = {};

  private constructor(readonly folder: string) {}

  /** The cache this environment asks for, or none. */
  static open(env: NodeJS.ProcessEnv = process.env): BuildCache | undefined {
    const setting = env['INKSTONE_BUILD_CACHE'];
    if (setting === 'off') return undefined;
    return new BuildCache(setting ? path.resolve(setting) : path.join(packageRoot, 'node_modules', '.cache', 'inkstone', 'builds'));
  }

  /** An entry's name: the hash of its kind, Inkstone's code and `inputs` (each length-prefixed,
   *  so no two lists of inputs run together into the same bytes). */
  key(kind: string, ...inputs: Input[]): string {
    const hash = createHash('sha256').update(codeIdentity()).update(kind);
    for (const input of inputs) update(hash, input);
    return `${kind}-${hash.digest('hex')}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const file = path.join(this.folder, key);
    const count = (this.counts[key.replace(/-[0-9a-f]+$/, '')] ??= { found: 0, made: 0 });
    try {
      const value = deserialize(await readFile(file)) as T;
      count.found += 1;
      this.used.add(key);
      const now = new Date();
      await utimes(file, now, now).catch(() => {});
      return value;
    } catch {
      count.made += 1;
      return undefined;
    }
  }

  async put(key: string, value: unknown): Promise<void> {
    const file = path.join(this.folder, key);
    try {
      await mkdir(this.folder, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, serialize(value));
      await rename(temporary, file);
      this.used.add(key);
    } catch {
      // not writable: the work is done again next time
    }
  }

  /** Removes the least recently used entries (never one this build used) while the cache is
   *  over its limit. */
  async prune(limit = limitBytes): Promise<void> {
    try {
      const names = (await readdir(this.folder)).filter((name) => !this.used.has(name));
      const entries = await Promise.all(names.map(async (name) => ({ name, ...(await stat(path.join(this.folder, name)).catch(() => ({ size: 0, mtimeMs: 0 }))) })));
      const usedBytes = await Promise.all([...this.used].map((name) => stat(path.join(this.folder, name)).then((s) => s.size, () => 0)));
      let total = [...entries.map((entry) => entry.size), ...usedBytes].reduce((sum, size) => sum + size, 0);
      for (const entry of entries.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
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
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  hash.update(`${bytes.length}:`).update(bytes);
}

let identity: string | undefined;

/**
 * What Inkstone's output depends on besides the manuscript: the running program's files (the
 * bundle, or src/ when run from the sources), the templates, and the dependency versions.
 */
export function codeIdentity(): string {
  if (identity) return identity;
  const hash = createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const folder of [here, path.join(packageRoot, 'templates')]) {
    for (const file of filesIn(folder)) update(hash, file.slice(folder.length)), update(hash, readFileSync(file));
  }
  for (const lock of ['package.json', 'package-lock.json', 'node_modules/.package-lock.json']) {
    try {
      update(hash, readFileSync(path.join(packageRoot, lock)));
    } catch {
      // an installed package has no lock file of its own
    }
  }
  identity = hash.digest('hex');
  return identity;
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

/** What tells a folder of files changed: an installed package's package.json (its version),
 *  else the listing of its files with their sizes and times. */
export function folderListing(folder: string): string {
  try {
    return `${folder}\n${readFileSync(path.join(folder, 'package.json'), 'utf8')}`;
  } catch {
    // not a package
  }
  try {
    return filesIn(folder)
      .map((file) => {
        const info = statSync(file);
        return `${file}\t${info.size}\t${Math.round(info.mtimeMs)}`;
      })
      .join('\n');
  } catch {
    return `${folder}: missing`;
  }
}
