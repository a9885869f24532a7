/**
 * `inkstone proof`: builds the PDF (in memory: nothing is written) or takes a built one
 * (`--pdf`), reads it back page by page and reports what a press would reject. Also run at the
 * end of `build --proof` and of every `build --strict`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import type { VFile } from 'vfile';
import type { BuildResult } from '../../build.js';
import { findVariant } from '../../config/variant.js';
import { exitCodes, InkstoneError } from '../../diagnostics/errors.js';
import { loadManuscript, type Manuscript } from '../../manuscript/load-manuscript.js';
import { version } from '../../version.js';
import type { ProofCommand } from '../args.js';
import { progress, type Io } from '../io.js';

export interface EditionProof {
  variant: string | undefined;
  pdf: string;
  pages: number;
  findings: import('../../proof/proof.js').ProofFinding[];
}

/** Proofs each edition's PDF of a build; `pdfName` names the file of the edition at an index as
 *  the user will find it. */
export async function proofBuild(result: BuildResult, pdfName: (index: number) => string): Promise<EditionProof[]> {
  const [{ proofPdf }, { flowText }] = await Promise.all([import('../../proof/proof.js'), import('../../book/texts.js')]);
  const proofs: EditionProof[] = [];
  for (const [index, edition] of result.editions.entries()) {
    const bytes = edition.outputs.pdf;
    if (!bytes) continue;
    const pdf = pdfName(index);
    const { book } = edition;
    const proof = await proofPdf(bytes, { vertical: book.metadata.writingMode === 'vertical-rl', tocDepth: book.tocDepth, margins: book.style.margins, bookText: flowText(book), sources: result.files, pdfName: pdf });
    proofs.push({ variant: edition.variant, pdf, ...proof });
  }
  return proofs;
}

export async function proofFiles(proofs: EditionProof[]): Promise<VFile[]> {
  const { findingsAsFiles } = await import('../../proof/proof.js');
  return findingsAsFiles(proofs.flatMap((p) => p.findings));
}

export function countByRule(proofs: EditionProof[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of proofs.flatMap((p) => p.findings)) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return counts;
}

/** The original edition's text, to read a given PDF against; none when the manuscript does not
 *  make a book (its errors are the build's to report; the PDF is still proofed). */
async function manuscriptText(manuscript: Manuscript): Promise<string | undefined> {
  const [{ buildBook }, { flowText }] = await Promise.all([import('../../book/build-book.js'), import('../../book/texts.js')]);
  try {
    const { book, files } = await buildBook(manuscript, { version });
    return files.some((file) => file.messages.some((message) => message.fatal)) ? undefined : flowText(book);
  } catch (error) {
    if (error instanceof InkstoneError) return undefined;
    throw error;
  }
}

export async function runProof(command: ProofCommand, io: Io): Promise<number> {
  let proofs: EditionProof[];
  if (command.pdf) {
    const manuscript = await loadManuscript(command.input, { cwd: io.cwd });
    const file = path.resolve(io.cwd, command.pdf);
    const bytes = await readFile(file).catch(() => {
      throw new InkstoneError(`cannot read ${command.pdf}`, { kind: 'usage' });
    });
    const { proofPdf } = await import('../../proof/proof.js');
    const bookText = await manuscriptText(manuscript);
    const proof = await proofPdf(new Uint8Array(bytes), { vertical: manuscript.config.metadata.writingMode === 'vertical-rl', tocDepth: manuscript.config.tocDepth, margins: manuscript.style.margins, bookText, sources: manuscript.chapters, pdfName: command.pdf });
    proofs = [{ variant: undefined, pdf: command.pdf, ...proof }];
  } else {
    const show = progress(io, command.quiet || command.json);
    const { build } = await import('../../build.js');
    const result = await build({
      input: command.input,
      formats: ['pdf'],
      cwd: io.cwd,
      editions: command.variants.map((name) => (name === 'original' ? undefined : findVariant(name))),
      onStage: show.stage,
    }).finally(show.done);
    const warnings = result.files.reduce((n, file) => n + file.messages.length, 0);
    if (warnings && !command.json && !command.quiet) io.stderr(reporter(result.files, { quiet: true }));
    proofs = await proofBuild(result, (index) => {
      const variant = result.editions[index]?.variant;
      return `PDF${variant ? ` (${variant})` : ''}`;
    });
  }
  const findings = proofs.flatMap((p) => p.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (command.json) {
    io.stdout(JSON.stringify({ editions: proofs.map((p) => ({ ...p, counts: countByRule([p]) })), counts: countByRule(proofs), errors, warnings: findings.length - errors }, null, 2));
  } else {
    if (findings.length) io.stderr(reporter(await proofFiles(proofs), { quiet: true }));
    else if (!command.quiet) io.stdout('inkstone proof: no problems found');
  }
  return errors ? exitCodes.manuscript : exitCodes.ok;
}
