/**
 * The command line: the only place that prints and picks exit codes.
 */
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { build } from '../build.js';
import { findVariant } from '../config/variant.js';
import { exitCodes, InkstoneError, isInkstoneError } from '../diagnostics/errors.js';
import { version } from '../version.js';
import { parseCommand, usage, type BuildCommand } from './args.js';
import { writeOutputs } from './write-output.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text + '\n'),
  stderr: (text) => process.stderr.write(text + '\n'),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
};

function sourceDateEpoch(env: NodeJS.ProcessEnv): number | undefined {
  const value = env['SOURCE_DATE_EPOCH'];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new InkstoneError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not “${value}”`, { kind: 'usage' });
  return Number(value);
}

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

async function runBuild(command: BuildCommand, io: Io): Promise<number> {
  const started = performance.now();
  const variants = command.variants.map((name) => (name === 'original' ? undefined : findVariant(name)));
  const result = await build({
    input: command.input,
    formats: command.formats,
    cwd: io.cwd,
    sourceDateEpoch: sourceDateEpoch(io.env),
    editions: variants,
    onStage: command.quiet ? undefined : (stage) => io.isTTY && io.stderr(`inkstone: ${stage}…`),
  });
  const warnings = result.files.reduce((n, file) => n + file.messages.length, 0);
  if (warnings && !command.quiet) io.stderr(reporter(result.files, { quiet: true }));
  if (warnings && command.strict) {
    io.stderr(`inkstone: ${warnings} warning${warnings === 1 ? '' : 's'} with --strict: nothing written`);
    return exitCodes.manuscript;
  }
  const files = result.editions.flatMap((edition) =>
    command.formats.map((format) => ({
      path: path.resolve(io.cwd, command.outDir, `${command.name}${edition.variant ? `.${edition.variant}` : ''}.${format}`),
      bytes: edition.outputs[format] ?? new Uint8Array(),
    })),
  );
  await writeOutputs(files);
  if (!command.quiet) {
    for (const file of files) io.stdout(`wrote ${path.relative(io.cwd, file.path)} (${size(file.bytes.length)})`);
    const titles = result.editions.map((edition) => `“${edition.book.metadata.title}”`).join(', ');
    io.stderr(`inkstone: built ${titles} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return exitCodes.ok;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    const command = parseCommand(argv);
    switch (command.command) {
      case 'help':
        io.stdout(command.topic === 'build' ? usage.build : usage.main);
        return exitCodes.ok;
      case 'version':
        io.stdout(version);
        return exitCodes.ok;
      case 'build':
        return await runBuild(command, io);
    }
  } catch (error) {
    if (isInkstoneError(error)) {
      io.stderr(`inkstone: ${error.format()}`);
      return exitCodes[error.kind];
    }
    io.stderr(`inkstone: internal error: ${(error as Error)?.message ?? String(error)}`);
    io.stderr('This is a bug in Inkstone; please report it with the manuscript that triggers it.');
    if (io.env['INKSTONE_DEBUG']) io.stderr(String((error as Error)?.stack));
    return 4;
  }
}
