/** `inkstone init [DIR]`: a new book from `templates/init/`, ready to build. */
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { exitCodes, InkstoneError } from '../../diagnostics/errors.js';
import { templatesDir } from '../../templates.js';
import type { InitCommand } from '../args.js';
import type { Io } from '../io.js';

export async function runInit(command: InitCommand, io: Io): Promise<number> {
  const dir = path.resolve(io.cwd, command.dir);
  const existing = await stat(dir).catch(() => undefined);
  if (existing && (!existing.isDirectory() || (await readdir(dir)).length > 0)) {
    throw new InkstoneError(`“${command.dir}” already exists and is not empty: init only starts new books`, { kind: 'usage' });
  }
  await mkdir(dir, { recursive: true });
  await cp(path.join(templatesDir, 'init'), dir, { recursive: true });
  const shown = command.dir;
  io.stdout(`created a new book in ${shown}/ — build it with: npx inkstone build ${shown}`);
  return exitCodes.ok;
}
