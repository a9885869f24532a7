/**
 * Ace by DAISY, the accessibility checker stores and distributors run, when it is installed
 * (`npm i -g @daisy/ace-cli`, or Inkstone's own dev dependency): run on an EPUB file, its report
 * read back. Used by `inkstone check` and by the tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBrowser } from '../browser/browser.js';

export interface AceViolation {
  file: string;
  impact: string;
  rule: string;
  description: string;
}

/** The Ace command: on the PATH, or next to Inkstone's own packages. */
export function findAce(): string | undefined {
  if (spawnSync('ace-cli', ['--version'], { stdio: 'ignore' }).status === 0) return 'ace-cli';
  try {
    const local = path.join(path.dirname(createRequire(import.meta.url).resolve('@daisy/ace-cli/package.json')), '..', '..', '.bin', 'ace-cli');
    return existsSync(local) ? local : undefined;
  } catch {
    return undefined;
  }
}

/** `ran`: Ace and a browser were found; `violations`: undefined when Ace did not finish. */
export function runAce(epubFile: string): { ran: boolean; violations?: AceViolation[] } {
  const cli = findAce();
  let browser: string;
  try {
    browser = findBrowser(process.env, { shell: false });
  } catch {
    return { ran: false };
  }
  if (!cli) return { ran: false };
  const out = mkdtempSync(path.join(tmpdir(), 'inkstone-ace-'));
  try {
    spawnSync(cli, ['-o', out, '-f', epubFile], { encoding: 'utf8', env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: browser }, timeout: 300_000 });
    const reportFile = path.join(out, 'report.json');
    if (!existsSync(reportFile)) return { ran: true };
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      assertions: Array<{ 'earl:testSubject'?: { url?: string }; assertions?: Array<{ 'earl:test': { 'earl:impact': string; 'dct:title': string }; 'earl:result'?: { 'dct:description'?: string } }> }>;
    };
    const violations = report.assertions.flatMap((doc) =>
      (doc.assertions ?? []).map((a) => ({
        file: doc['earl:testSubject']?.url ?? 'EPUB',
        impact: a['earl:test']['earl:impact'],
        rule: a['earl:test']['dct:title'],
        description: a['earl:result']?.['dct:description'] ?? '',
      })),
    );
    return { ran: true, violations };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
