/**
 * `inkstone check`: everything a build would say about the manuscript — and every half-width
 * punctuation mark it would change — without writing a book; EPUBCheck on the EPUB it would
 * build when Java is present, and Ace by DAISY when it is installed. `--fix` rewrites the punctuation in the manuscript.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { findBrowser } from '../../browser/browser.js';
import { build } from '../../build.js';
import { exitCodes } from '../../diagnostics/errors.js';
import { fixPunctuation } from '../../manuscript/fix-punctuation.js';
import { loadManuscript } from '../../manuscript/load-manuscript.js';
import type { CheckCommand } from '../args.js';
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

/** Ace by DAISY, when it is installed (`npm i -g @daisy/ace-cli`, or Inkstone's own dev
 *  dependency): the accessibility checks stores and distributors run. */
function findAce(): string | undefined {
  if (spawnSync('ace-cli', ['--version'], { stdio: 'ignore' }).status === 0) return 'ace-cli';
  try {
    const local = path.join(path.dirname(createRequire(import.meta.url).resolve('@daisy/ace-cli/package.json')), '..', '..', '.bin', 'ace-cli');
    return existsSync(local) ? local : undefined;
  } catch {
    return undefined;
  }
}

function aceCheck(epub: Buffer): { ran: boolean; ok: boolean; summary: string } {
  const cli = findAce();
  if (!cli) return { ran: false, ok: true, summary: '' };
  const dir = mkdtempSync(path.join(tmpdir(), 'inkstone-ace-'));
  try {
    const file = path.join(dir, 'book.epub');
    writeFileSync(file, epub);
    let browser = '';
    try {
      browser = findBrowser();
    } catch {
      return { ran: false, ok: true, summary: '' };
    }
    spawnSync(cli, ['-o', path.join(dir, 'report'), '-f', file], { encoding: 'utf8', env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: browser }, timeout: 300_000 });
    const reportFile = path.join(dir, 'report', 'report.json');
    if (!existsSync(reportFile)) return { ran: true, ok: false, summary: 'Ace by DAISY did not finish' };
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      assertions: Array<{ 'earl:testSubject'?: { url?: string }; assertions?: Array<{ 'earl:test': { 'earl:impact': string; 'dct:title': string }; 'earl:result'?: { 'dct:description'?: string } }> }>;
    };
    const lines = report.assertions.flatMap((doc) =>
      (doc.assertions ?? []).map((a) => `${doc['earl:testSubject']?.url ?? 'EPUB'}: ${a['earl:test']['earl:impact']}: ${a['earl:result']?.['dct:description'] ?? ''}  ${a['earl:test']['dct:title']}`),
    );
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
