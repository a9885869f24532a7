/**
 * Atomic output: every file is written to a temporary name in the same folder and renamed into
 * place only when all outputs of the build are ready, so a failed build leaves the previous
 * files untouched and no partial file behind.
 */
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { interruptedBy, onInterrupt } from '../interrupt.js';

export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

/** Interrupted (Ctrl-C, a CI cancel): nothing more is written. */
function checkInterrupted(): void {
  const signal = interruptedBy();
  if (signal) throw new Error(`interrupted (${signal})`);
}

export async function writeOutputs(files: OutputFile[]): Promise<void> {
  const temps: Array<{ temp: string; final: string }> = [];
  const forget = onInterrupt(() => temps.forEach(({ temp }) => rmSync(temp, { force: true })));
  try {
    checkInterrupted();
    for (const file of files) {
      await mkdir(path.dirname(file.path), { recursive: true });
      const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.tmp`);
      temps.push({ temp, final: file.path });
      await writeFile(temp, file.bytes);
      checkInterrupted();
    }
    for (const { temp, final } of temps) await rename(temp, final);
  } catch (error) {
    await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  } finally {
    forget();
  }
}
