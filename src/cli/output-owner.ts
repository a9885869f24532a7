/**
 * Outputs never clobber another book's. Each output folder keeps a small record of which
 * manuscript each file was built from (`.inkstone-outputs.json`); building a different
 * manuscript into a file another one made is refused, naming both, unless `--force`. The same
 * manuscript rebuilds its own files without a word; a file with no record (built by hand, or
 * by an Inkstone before this) is left to the user's choice of folder, as before.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InkstoneError } from '../diagnostics/errors.js';
import type { OutputFile } from './write-output.js';

export const recordName = '.inkstone-outputs.json';

type Record = { [file: string]: string };

async function readRecord(folder: string): Promise<Record> {
  try {
    const data = JSON.parse(await readFile(path.join(folder, recordName), 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record) : {};
  } catch {
    return {};
  }
}

/**
 * Checks that `files` may be written for the manuscript at `source` (an absolute path), and
 * returns the records to write with them (one per output folder).
 */
export async function claimOutputs(files: OutputFile[], source: string, options: { force: boolean; cwd: string }): Promise<OutputFile[]> {
  const folders = [...new Set(files.map((file) => path.dirname(file.path)))];
  const records: OutputFile[] = [];
  for (const folder of folders) {
    const record = await readRecord(folder);
    // Kept relative to the folder: a project moved as a whole keeps its record.
    const mine = path.relative(folder, source) || '.';
    for (const file of files.filter((f) => path.dirname(f.path) === folder)) {
      const name = path.basename(file.path);
      const owner = record[name];
      if (owner && owner !== mine && !options.force) {
        const shown = (p: string) => path.relative(options.cwd, p) || '.';
        throw new InkstoneError(
          `${shown(file.path)} was built from ${shown(path.resolve(folder, owner))}; this is ${shown(source)}: build into another folder (--out) or with another --name, or replace it with --force`,
          { kind: 'usage' },
        );
      }
      record[name] = mine;
    }
    const sorted = Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
    records.push({ path: path.join(folder, recordName), bytes: Buffer.from(`${JSON.stringify(sorted, null, 2)}\n`) });
  }
  return records;
}
