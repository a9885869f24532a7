/**
 * The command line: the only place that prints and picks exit codes.
 */
import { wasInterrupted } from '../browser/browser.js';
import { exitCodes, isInkstoneError } from '../diagnostics/errors.js';
import { guardProcess, interruptedBy } from '../interrupt.js';
import { version } from '../version.js';
import { parseCommand } from './args.js';
// Commands load when chosen: a build can start Chromium before the pipeline's modules load.
import { processIo, type Io } from './io.js';
import { usage } from './usage.js';

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const command = parseCommand(argv);
    // One-shot commands stop on signals and when the user's npx/npm goes away (watch stops on
    // its own, closing its server); only the real process is guarded, not tests calling main().
    if (io === processIo && ['build', 'check', 'proof'].includes(command.command)) guardProcess();
    switch (command.command) {
      case 'help':
        io.stdout(usage[(command.topic ?? 'main') as keyof typeof usage] ?? usage.main);
        return exitCodes.ok;
      case 'version':
        io.stdout(version);
        return exitCodes.ok;
      case 'build':
        return await (await import('./commands/build.js')).runBuild(command, io);
      case 'check':
        return await (await import('./commands/check.js')).runCheck(command, io);
      case 'proof':
        return await (await import('./commands/proof.js')).runProof(command, io);
      case 'init':
        return await (await import('./commands/init.js')).runInit(command, io);
      case 'watch':
        return await (await import('./commands/watch.js')).runWatch(command, io);
    }
  } catch (error) {
    if (wasInterrupted()) {
      io.stderr('inkstone: interrupted: nothing written');
      const signal = interruptedBy();
      return signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 130;
    }
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
