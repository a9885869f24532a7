/** Runs the built CLI (bin/inkstone.js) as a user would, and reads back what it wrote. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const bin = path.join(repoRoot, 'bin/inkstone.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** @param options.unset variables of this process the build must not see (`INKSTONE_CHROMIUM_WS`:
 *  it launches its own Chromium, not the suite's) */
export function inkstone(args: string[], options: { cwd?: string; env?: Record<string, string>; unset?: string[]; timeout?: number } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const name of options.unset ?? []) delete env[name];
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env,
    // A build that never ends (a browser left open) must fail its test, not stall the suite.
    timeout: options.timeout ?? 150_000,
    killSignal: 'SIGKILL',
  });
  if (run.error) throw new Error(`inkstone ${args.join(' ')}: ${run.error.message}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function tempDir(prefix = 'inkstone-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The files in `dir` (but the record of which manuscript made them, src/cli/output-owner.ts). */
export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name !== '.inkstone-outputs.json')
      .sort();
  } catch {
    return [];
  }
}

export interface EpubFiles {
  zip: JSZip;
  /** Entry names in zip order. */
  names: string[];
  text(name: string): Promise<string>;
  raw: Buffer;
}

export async function openEpub(file: string): Promise<EpubFiles> {
  const raw = readFileSync(file);
  const zip = await JSZip.loadAsync(raw);
  const names = Object.keys(zip.files);
  return {
    zip,
    names,
    raw,
    text: async (name) => {
      const entry = zip.file(name);
      if (!entry) throw new Error(`no ${name} in the EPUB`);
      return entry.async('string');
    },
  };
}
