/**
 * The one gate for every path a manuscript names (chapter files, images, the cover): it must
 * stay inside the manuscript folder, as written and once every symlink is followed. Refused
 * with a reason a person can act on; the caller names the file and line.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export class ConfineError extends Error {}

/** A path as shown in a message: control characters and line breaks made visible. */
export function shown(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

const realRoots = new Map<string, Promise<string>>();

/**
 * The real path of `written` (relative to `from`, a folder inside `root`), when it is a file
 * inside `root`. `what` names it in messages ("image", "chapter").
 */
export async function confine(root: string, from: string, written: string, what: string): Promise<string> {
  const refuse = (reason: string): never => {
    throw new ConfineError(`${what} “${shown(written)}” ${reason}`);
  };
  if (/^file:/i.test(written)) refuse('refused: a file: URL points outside the manuscript folder');
  if (path.isAbsolute(written) || /^[a-z]:[\\/]/i.test(written) || written.startsWith('\\\\')) refuse('refused: an absolute path points outside the manuscript folder');
  const resolved = path.resolve(from, written);
  if (!inside(root, resolved)) refuse('refused: it is outside the manuscript folder');
  const real = await realpath(resolved).catch(() => refuse('not found'));
  let realRoot = realRoots.get(root);
  if (!realRoot) realRoots.set(root, (realRoot = realpath(root)));
  if (!inside(await realRoot, real)) refuse('refused: it links to a file outside the manuscript folder');
  if (!(await stat(real)).isFile()) refuse('is not a file');
  return real;
}
