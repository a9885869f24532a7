/** The command line read in-process: what is a command and what is not. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/cli/args.js';
import { isInkstoneError } from '../src/diagnostics/errors.js';

function usageError(argv: string[]): string {
  try {
    parseCommand(argv);
  } catch (error) {
    if (isInkstoneError(error) && error.kind === 'usage') return error.message;
    throw error;
  }
  return 'no error';
}

describe('commands', () => {
  it('a name every object has (toString, constructor, __proto__) is no command: it started `watch` before', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'main']) expect(usageError([name])).toMatch(/unknown command/);
  });

  it('each command is read by its own parser', () => {
    expect(parseCommand(['build', 'book', '-o', 'out'])).toMatchObject({ command: 'build', input: 'book', outDir: 'out' });
    expect(parseCommand(['check', 'book', '--fix'])).toMatchObject({ command: 'check', fix: true });
    expect(parseCommand(['watch', 'book', '-p', '0'])).toMatchObject({ command: 'watch', port: 0 });
  });
});
