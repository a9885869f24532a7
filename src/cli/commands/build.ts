/** `inkstone build`: the whole pipeline, then atomic writes. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import type { BuildResult, BuildSession, Format } from '../../build.js';
import { findVariant } from '../../config/variant.js';
import { exitCodes } from '../../diagnostics/errors.js';
import type { BuildCommand } from '../args.js';
import { progress, size, sourceDateEpoch, type Io } from '../io.js';
import { claimOutputs } from '../output-owner.js';
import { writeOutputs, type OutputFile } from '../write-output.js';
import { proofBuild, proofFiles } from './proof.js';

const extensions: Record<Format, string> = { epub: 'epub', pdf: 'pdf', press: 'press.pdf' };

/** NAME[-RELEASE][.VARIANT].FORMAT (the press PDF: NAME….press.pdf), for what each edition made. */
export function outputFiles(result: BuildResult, options: { cwd: string; outDir: string; name: string; release?: string | undefined }): OutputFile[] {
  return result.editions.flatMap((edition) =>
    (['epub', 'pdf', 'press'] as const)
      .filter((format) => edition.outputs[format])
      .map((format) => ({
        path: path.resolve(
          options.cwd,
          options.outDir,
          `${options.name}${options.release ? `-${options.release}` : ''}${edition.variant ? `.${edition.variant}` : ''}.${extensions[format]}`,
        ),
        bytes: edition.outputs[format] ?? new Uint8Array(),
      })),
  );
}

export async function runBuild(command: BuildCommand, io: Io): Promise<number> {
  const started = performance.now();
  const show = progress(io, command.quiet);
  // Chromium starts first, while the pipeline's modules load and the manuscript is read.
  const { SharedBrowser } = await import('../../browser/browser.js');
  const browser = new SharedBrowser();
  if (command.formats.some((format) => format !== 'epub')) browser.get().catch(() => {});
  const { build, BuildSession } = await import('../../build.js');
  const { BuildCache } = await import('../../build-cache.js');
  const session: BuildSession = new BuildSession(browser, { cache: command.cache ? BuildCache.open(io.env) : undefined });
  const result = await build({
    session,
    input: command.input,
    formats: command.formats,
    cwd: io.cwd,
    sourceDateEpoch: sourceDateEpoch(io.env),
    editions: command.variants.map((name) => (name === 'original' ? undefined : findVariant(name))),
    allowRemote: command.allowRemote,
    release: command.release,
    onStage: show.stage,
  }).finally(() => {
    show.done();
    return session.close();
  });
  const files = outputFiles(result, { ...command, cwd: io.cwd });
  // The proof reads each PDF back (always under --strict).
  // outputFiles lists each edition's files in the order of the editions.
  const pdfs = files.filter((file) => file.path.endsWith('.pdf') && !file.path.endsWith('.press.pdf')).map((file) => path.relative(io.cwd, file.path));
  const proofs = command.proof && pdfs.length ? await proofBuild(result, (index) => pdfs[index] ?? 'PDF') : [];
  // The proof's modules (pdf.js, pdf-lib) load only when there is something to proof.
  const reported = proofs.length ? [...result.files, ...(await proofFiles(proofs))] : result.files;
  const warnings = reported.reduce((n, file) => n + file.messages.length, 0);
  // With --strict every problem counts (and is shown even with --quiet: it is why nothing is written).
  if (warnings && (!command.quiet || command.strict)) io.stderr(reporter(reported, { quiet: true }));
  if (warnings && command.strict) {
    io.stderr(`inkstone: ${warnings} warning${warnings === 1 ? '' : 's'} with --strict: nothing written`);
    return exitCodes.manuscript;
  }
  const records = await claimOutputs(files, path.resolve(io.cwd, command.input), { force: command.force, cwd: io.cwd });
  await writeOutputs([...files, ...records]);
  const proofErrors = proofs.flatMap((p) => p.findings).filter((f) => f.severity === 'error').length;
  // For `npm run bench`: the build's stage times, as JSON.
  const timingsFile = io.env['INKSTONE_TIMINGS'];
  if (timingsFile) await writeFile(timingsFile, JSON.stringify(result.timings));
  if (!command.quiet) {
    for (const file of files) io.stdout(`wrote ${path.relative(io.cwd, file.path)} (${size(file.bytes.length)})`);
    const titles = result.editions.map((edition) => `“${edition.book.metadata.title}”`).join(', ');
    io.stderr(`inkstone: built ${titles} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (proofErrors) {
    io.stderr(`inkstone: the proof found ${proofErrors} error${proofErrors === 1 ? '' : 's'} in the PDF (files written)`);
    return exitCodes.manuscript;
  }
  return exitCodes.ok;
}
