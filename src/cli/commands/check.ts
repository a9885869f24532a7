/**
 * `inkstone check`: everything a build would say about the manuscript — and every half-width
 * punctuation mark it would change — without writing a book; EPUBCheck on the EPUB it would
 * build when Java is present, and Ace by DAISY when it is installed. `--fix` rewrites the punctuation in the manuscript.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { build } from '../../build.js';
import { exitCodes } from '../../diagnostics/errors.js';
import { fixPunctuation } from '../../manuscript/fix-punctuation.js';
import { loadManuscript } from '../../manuscript/load-manuscript.js';
import type { CheckCommand } from '../args.js';
import { runAce } from '../ace.js';
import { progress, type Io } from '../io.js';

const epubcheckJar = '/usr/share/java/epubcheck.jar';

function epubcheck(epub: Buffer): { ran: boolean; ok: boolean; summary: string } {
  if (!existsSync(epubcheckJar) || spawnSync('java', ['-version']).status !== 0) return { ran: false, ok: true, summary: '' };
  const dir = mkdtempSync(path.join(tmpdir(), 'inkstone-check-'));
  try {
    const file = path.join(dir, 'book.epub');
    writeFileSync(file, epub);
    const run = spawnSync('java', ['-jar', epubcheckJar, file], { encoding: 'utf8' });
    const output = `${run.stdout}\n${run.stderr}`;
    const lines = output.split('\n').filter((line) => /^(FATAL|ERROR|WARNING)/.test(line)).map((line) => line.replace(`${dir}/`, ''));
    const summary = /Messages: .*/.exec(output)?.[0] ?? 'EPUBCheck gave no summary';
    return { ran: true, ok: lines.length === 0, summary: [...lines, `EPUBCheck: ${summary}`].join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ace by DAISY on the EPUB a build would write, when Ace is installed (cli/ace.ts). */
function aceCheck(epub: Buffer): { ran: boolean; ok: boolean; summary: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'inkstone-ace-'));
  try {
    const file = path.join(dir, 'book.epub');
    writeFileSync(file, epub);
    const result = runAce(file);
    if (!result.ran) return { ran: false, ok: true, summary: '' };
    if (!result.violations) return { ran: true, ok: false, summary: 'Ace by DAISY did not finish' };
    const lines = result.violations.map((v) => `${v.file}: ${v.impact}: ${v.description}  ${v.rule}`);
    return { ran: true, ok: lines.length === 0, summary: [...lines, `Ace by DAISY: ${lines.length} violation${lines.length === 1 ? '' : 's'}`].join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runCheck(command: CheckCommand, io: Io): Promise<number> {
  if (command.fix) {
    const manuscript = await loadManuscript(command.input, { cwd: io.cwd });
    const fixed = await fixPunctuation(manuscript.config.chapters.map((chapter) => chapter.path));
    for (const result of fixed) io.stdout(`rewrote punctuation in ${result.changes} passage${result.changes === 1 ? "" : "s"} of ${path.relative(io.cwd, result.file)}`);
    if (!fixed.length) io.stdout('nothing to fix');
  }
  const show = progress(io, command.quiet);
  const result = await build({
    input: command.input,
    formats: ['epub'],
    cwd: io.cwd,
    generateCover: false,
    reportPunctuation: true,
    collectErrors: true,
    onStage: show.stage,
  }).finally(show.done);
  const count = result.files.reduce((n, file) => n + file.messages.length, 0);
  if (count) io.stderr(reporter(result.files, { quiet: true }));
  const epub = result.editions[0]?.outputs.epub;
  const checked = epub ? epubcheck(epub) : { ran: false, ok: true, summary: '' };
  if (checked.ran && (!checked.ok || !command.quiet)) io.stderr(checked.summary);
  const accessible = epub ? aceCheck(epub) : { ran: false, ok: true, summary: '' };
  if (accessible.ran && (!accessible.ok || !command.quiet)) io.stderr(accessible.summary);
  if (!count && checked.ok && accessible.ok && !command.quiet) io.stdout('inkstone: no problems found');
  return count || !checked.ok || !accessible.ok ? exitCodes.manuscript : exitCodes.ok;
}
