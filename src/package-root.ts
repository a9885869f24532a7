/**
 * Inkstone's own folder (package.json, templates/, node_modules/), found by walking up from this
 * module: it runs from src/ (tests, the bench) and from build/bundle/ (the CLI, bundled), which
 * sit at different depths.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Inkstone's package.json is not in any folder above ${start}`);
  }
}

export const packageRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
