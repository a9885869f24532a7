/** Command-line arguments → a typed command. Usage problems are `usage` errors (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InkstoneError } from '../diagnostics/errors.js';
import type { Format } from '../build.js';
import { usage } from './usage.js';

export interface BuildCommand {
  command: 'build';
  input: string;
  outDir: string;
  formats: Format[];
  name: string;
  strict: boolean;
  quiet: boolean;
  /** Editions to build instead of the manuscript as written (zh-Hant, …; original). */
  variants: string[];
  allowRemote: boolean;
  /** Release label (a git tag) for the colophon and the file names. */
  release: string | undefined;
  /** Proof the PDF (always under --strict). */
  proof: boolean;
  /** Replace outputs another manuscript built (output-owner.ts). */
  force: boolean;
  /** Use the build cache (src/build-cache.ts); --no-cache builds everything anew. */
  cache: boolean;
}

export interface CheckCommand {
  command: 'check';
  input: string;
  fix: boolean;
  quiet: boolean;
}

export interface ProofCommand {
  command: 'proof';
  input: string;
  /** A PDF built before, instead of building one. */
  pdf: string | undefined;
  variants: string[];
  json: boolean;
  quiet: boolean;
}

export interface InitCommand {
  command: 'init';
  dir: string;
}

export interface WatchCommand {
  command: 'watch';
  input: string;
  outDir: string;
  formats: Format[];
  name: string;
  port: number;
  open: boolean;
}

export type Command = BuildCommand | CheckCommand | ProofCommand | InitCommand | WatchCommand | { command: 'help'; topic?: string | undefined } | { command: 'version' };

function usageError(message: string, topic = ''): never {
  throw new InkstoneError(`${message} (see inkstone ${topic ? `${topic} ` : ''}--help)`, { kind: 'usage' });
}

type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const;

function parse<O extends Options>(name: string, args: string[], options: O) {
  const config = { args, allowPositionals: true as const, strict: true as const, options: { ...options, ...help } };
  try {
    return parseArgs(config);
  } catch (error) {
    return usageError((error as Error).message.replace(/\. To specify.*$/, ''), name);
  }
}

function formats(value: string | undefined, name: string): Format[] {
  const format = value ?? 'all';
  if (!['epub', 'pdf', 'all'].includes(format)) usageError(`--format must be epub, pdf or all, not “${format}”`, name);
  return format === 'all' ? ['epub', 'pdf'] : [format as Format];
}

function fileName(value: string | undefined, name: string): string {
  const result = value ?? 'book';
  if (!/^[^/\\\0]+$/.test(result) || result.startsWith('.')) usageError(`--name must be a plain file name, not “${result}”`, name);
  return result;
}

function onePositional(positionals: string[], name: string, fallback: string): string {
  if (positionals.length > 1) usageError(`${name} takes one manuscript, got ${positionals.length}`, name);
  return positionals[0] ?? fallback;
}

const buildOptions = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  name: { type: 'string', short: 'n' },
  strict: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  variant: { type: 'string', multiple: true },
  'allow-remote': { type: 'boolean' },
  release: { type: 'string' },
  proof: { type: 'boolean' },
  force: { type: 'boolean' },
  press: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
} as const;

const variantList = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

export function parseCommand(argv: string[]): Command {
  const [command, ...rest] = argv;
  // No command at all is a usage error (a script that forgot its command must not pass).
  if (!command) usageError('no command given: build, check, proof, init or watch');
  if (command === '-h' || command === '--help' || command === 'help') return { command: 'help', topic: rest[0] };
  if (command === '-v' || command === '--version') return { command: 'version' };
  if (!Object.hasOwn(usage, command) || command === 'main') usageError(`unknown command “${command}”`);
  const parsers: Record<string, (rest: string[]) => Command> = { build: parseBuild, proof: parseProof, check: parseCheck, init: parseInit };
  return (Object.hasOwn(parsers, command) ? (parsers[command] as (rest: string[]) => Command) : parseWatch)(rest);
}

function parseBuild(rest: string[]): Command {
  const { values, positionals } = parse('build', rest, buildOptions);
  if (values.help) return { command: 'help', topic: 'build' };
  const release = values.release?.trim();
  if (release !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/.test(release)) usageError(`--release must be a tag such as v1.2.0, not “${release}”`, 'build');
  return {
    command: 'build',
    input: onePositional(positionals, 'build', 'manuscript'),
    outDir: values.out ?? 'dist',
    formats: [...formats(values.format, 'build'), ...(values.press ? (['press'] as const) : [])],
    name: fileName(values.name, 'build'),
    strict: values.strict ?? false,
    quiet: values.quiet ?? false,
    variants: variantList(values.variant),
    allowRemote: values['allow-remote'] ?? false,
    release: release || undefined,
    proof: Boolean(values.proof || values.strict),
    force: values.force ?? false,
    cache: !values['no-cache'],
  };
}

function parseProof(rest: string[]): Command {
  const { values, positionals } = parse('proof', rest, {
    pdf: { type: 'string' },
    variant: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) return { command: 'help', topic: 'proof' };
  return {
    command: 'proof',
    input: onePositional(positionals, 'proof', 'manuscript'),
    pdf: values.pdf,
    variants: variantList(values.variant),
    json: Boolean(values.json),
    quiet: Boolean(values.quiet),
  };
}

function parseCheck(rest: string[]): Command {
  const { values, positionals } = parse('check', rest, { fix: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } });
  if (values.help) return { command: 'help', topic: 'check' };
  return { command: 'check', input: onePositional(positionals, 'check', 'manuscript'), fix: Boolean(values.fix), quiet: Boolean(values.quiet) };
}

function parseInit(rest: string[]): Command {
  const { values, positionals } = parse('init', rest, {});
  if (values.help) return { command: 'help', topic: 'init' };
  return { command: 'init', dir: onePositional(positionals, 'init', 'manuscript') };
}

function parseWatch(rest: string[]): Command {
  const { values, positionals } = parse('watch', rest, {
    out: { type: 'string', short: 'o' },
    format: { type: 'string', short: 'f' },
    name: { type: 'string', short: 'n' },
    port: { type: 'string', short: 'p' },
    open: { type: 'boolean' },
  });
  if (values.help) return { command: 'help', topic: 'watch' };
  const port = Number(values.port ?? 4747);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usageError(`--port must be a port number, not “${values.port}”`, 'watch');
  return {
    command: 'watch',
    input: onePositional(positionals, 'watch', 'manuscript'),
    outDir: values.out ?? 'dist',
    formats: formats(values.format ?? 'epub', 'watch'),
    name: fileName(values.name, 'watch'),
    port,
    open: Boolean(values.open),
  };
}
