/** Command-line arguments → a typed command. Usage problems are `usage` errors (exit 2). */
import { parseArgs } from 'node:util';
import { InkstoneError } from '../diagnostics/errors.js';
import type { Format } from '../build.js';

export interface BuildCommand {
  command: 'build';
  input: string;
  outDir: string;
  formats: Format[];
  name: string;
  strict: boolean;
  quiet: boolean;
  /** Editions to build instead of the manuscript as written (zh-Hant, …). */
  variants: string[];
}

export type Command = BuildCommand | { command: 'help'; topic?: string } | { command: 'version' };

export const usage = {
  main: `Usage: inkstone <command> [options]

Commands:
  build [MANUSCRIPT]   Build the EPUB and the PDF of a manuscript (default: manuscript/)

Options:
  -h, --help           Show help (also: inkstone <command> --help)
  -v, --version        Show Inkstone's version

Exit codes: 0 ok, 1 manuscript error, 2 usage error, 3 environment error (e.g. no browser), 4 internal error.`,
  build: `Usage: inkstone build [MANUSCRIPT] [options]

Builds MANUSCRIPT (a folder with book.yaml, or a Markdown file with YAML front matter;
default: manuscript/) into OUT/NAME.epub and OUT/NAME.pdf.

Options:
  -o, --out DIR        Output folder (default: dist)
  -f, --format FORMAT  epub, pdf or all (default: all)
  -n, --name NAME      Output file name without extension (default: book)
      --variant V      Build an edition in the other script instead: zh-Hant (Taiwan), zh-HK,
                       zh-Hans; repeat or comma-separate for several (written NAME.V.epub …);
                       “original” is the manuscript as written
      --strict         Treat warnings as errors: nothing is written if there is any
  -q, --quiet          Print only errors
  -h, --help           Show this help

Environment:
  SOURCE_DATE_EPOCH          Build date (seconds); fixes every date in the outputs
  PUPPETEER_EXECUTABLE_PATH  Chromium to use for the PDF (default: /usr/bin/chromium)`,
};

function usageError(message: string): never {
  throw new InkstoneError(`${message} (see inkstone --help)`, { kind: 'usage' });
}

export function parseCommand(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') return { command: 'help', topic: rest[0] };
  if (command === '-v' || command === '--version') return { command: 'version' };
  if (command !== 'build') usageError(`unknown command “${command}”`);

  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        name: { type: 'string', short: 'n' },
        strict: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        variant: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    usageError((error as Error).message.replace(/\. To specify.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', topic: 'build' };
  if (positionals.length > 1) usageError(`build takes one manuscript, got ${positionals.length}`);
  const format = values.format ?? 'all';
  if (!['epub', 'pdf', 'all'].includes(format)) usageError(`--format must be epub, pdf or all, not “${format}”`);
  const name = values.name ?? 'book';
  if (!/^[^/\\\0]+$/.test(name) || name.startsWith('.')) usageError(`--name must be a plain file name, not “${name}”`);
  return {
    command: 'build',
    input: positionals[0] ?? 'manuscript',
    outDir: values.out ?? 'dist',
    formats: format === 'all' ? ['epub', 'pdf'] : [format as Format],
    name,
    strict: values.strict ?? false,
    quiet: values.quiet ?? false,
    variants: (values.variant ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean),
  };
}
