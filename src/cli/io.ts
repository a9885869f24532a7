/** What a command may touch of the outside world: streams, environment, working folder. */
import { InkstoneError } from '../diagnostics/errors.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stderr is a terminal: progress may redraw one line. */
  isTTY: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text + '\n'),
  stderr: (text) => process.stderr.write(text + '\n'),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
};

export function sourceDateEpoch(env: NodeJS.ProcessEnv): number | undefined {
  const value = env['SOURCE_DATE_EPOCH'];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new InkstoneError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not “${value}”`, { kind: 'usage' });
  return Number(value);
}

export function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Progress: on a terminal one line redrawn in place (stage and chapter); elsewhere (CI logs) a
 * plain line per stage. Nothing with --quiet.
 */
export function progress(io: Io, quiet: boolean): { stage: (name: string, detail?: string) => void; done: () => void } {
  if (quiet) return { stage: () => {}, done: () => {} };
  if (!io.isTTY) return { stage: (name, detail) => void (detail === undefined && io.stderr(`inkstone: ${name}`)), done: () => {} };
  let shown = false;
  return {
    stage: (name, detail) => {
      process.stderr.write(`\r\x1b[2Kinkstone: ${name}${detail ? ` ${detail}` : ''}…`);
      shown = true;
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
