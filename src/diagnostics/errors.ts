/**
 * Fatal errors are typed; each kind maps to one exit code (see README, “Exit codes”).
 * Only `cli/` turns them into output and a process exit.
 */
import type { VFileMessage } from 'vfile-message';

export type ErrorKind = 'manuscript' | 'usage' | 'environment';

export const exitCodes: Record<ErrorKind | 'ok', number> = {
  ok: 0,
  manuscript: 1,
  usage: 2,
  environment: 3,
};

export interface Place {
  /** File the problem is in, as the user would type it (relative to the working directory). */
  file?: string;
  line?: number;
  column?: number;
}

export interface InkstoneErrorOptions extends Place {
  kind?: ErrorKind;
  /** Stable rule id, e.g. `config-unknown-key`. */
  ruleId?: string;
  cause?: unknown;
}

export class InkstoneError extends Error {
  readonly kind: ErrorKind;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly ruleId: string | undefined;

  constructor(message: string, options: InkstoneErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InkstoneError';
    this.kind = options.kind ?? 'manuscript';
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.ruleId = options.ruleId;
  }

  /** `file:line:column: message  [rule]` — one paragraph, no stack. */
  format(): string {
    let where = this.file ?? '';
    if (where && this.line !== undefined) {
      where += `:${this.line}`;
      if (this.column !== undefined) where += `:${this.column}`;
    }
    const rule = this.ruleId ? `  [${this.ruleId}]` : '';
    return `${where ? `${where}: ` : ''}error: ${this.message}${rule}`;
  }
}

/**
 * A fatal vfile message (a plugin's `file.fail`) as the error it is: the file, its place, its
 * rule. Plugins report through their vfile; the CLI prints errors one way.
 */
export function errorFromMessage(message: VFileMessage, file: string | undefined): InkstoneError {
  return new InkstoneError(message.reason, { file: message.file || file, line: message.line, column: message.column, ruleId: message.ruleId });
}

export function isInkstoneError(value: unknown): value is InkstoneError {
  return value instanceof InkstoneError;
}
