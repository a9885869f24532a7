/**
 * Inkstone's cache on disk, in node_modules/.cache/inkstone (where build tools keep theirs): work
 * whose result depends only on its inputs and costs a noticeable part of a build — decompressed
 * font faces, drawn covers. Entries are named by their inputs, written atomically, and a cache
 * that cannot be written (a read-only install) is simply not used.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from './package-root.js';

const root = path.join(packageRoot, 'node_modules', '.cache', 'inkstone');

/** The cached bytes, or the result of `make` (then stored). */
export async function cached(folder: string, name: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const file = path.join(root, folder, name);
  try {
    // Read at once: fs/promises reads in 512 KiB steps, each waiting its turn on the event loop,
    // and a build busy parsing left a preloaded 3.5 MB face unread for 0.3–0.9 s. A read from the
    // page cache takes milliseconds (the 16.5 MB Kai, about 8).
    return readFileSync(file);
  } catch {
    const data = await make();
    try {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, data);
      await rename(temporary, file);
    } catch {
      // not writable: make it again next time
    }
    return data;
  }
}
