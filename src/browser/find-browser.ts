/** Which Chromium a build launches: the one named, else the system's. */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
/**
 * Debian's headless shell of the same Chromium (package chromium-headless-shell, the same
 * version as chromium): Chromium without its browser, for pages driven from a program. It
 * starts in a third of the time with a third of the CPU (0.1 against 0.33 s, here), so the parse
 * beside it runs on a free core: the seed built in 1.49 s against 2.26 s (8 alternated pairs).
 * Paged.js's pages print the same bytes in both (the seed and four corpus books); a vertical
 * book, paginated by Chromium itself, moves some characters by a pixel.
 */
const headlessShell = '/usr/bin/chromium-headless-shell';

/** Whether `file` is a headless shell (launched as puppeteer's `headless: 'shell'`). */
export const isHeadlessShell = (file: string): boolean => /headless[-_]shell/.test(file);

/** Puppeteer's `headless` for the browser at `file`. */
export const headlessMode = (file: string): true | 'shell' => (isHeadlessShell(file) ? 'shell' : true);

/** PUPPETEER_EXECUTABLE_PATH, else the system's headless shell (unless `shell` is false: Ace,
 *  and the bench's floor, Chromium as a user runs it), else its Chromium. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, { shell = true }: { shell?: boolean } = {}): string {
  const configured = env['PUPPETEER_EXECUTABLE_PATH'];
  if (configured) {
    if (!existsSync(configured)) {
      throw new InkstoneError(`PUPPETEER_EXECUTABLE_PATH points to “${configured}”, which does not exist`, {
        kind: 'environment',
        ruleId: rules.browserMissing,
      });
    }
    return configured;
  }
  const found = [...(shell ? [headlessShell] : []), ...candidates].find((file) => existsSync(file));
  if (!found) {
    throw new InkstoneError(
      'no Chromium found for the PDF. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH; --format epub builds without it',
      { kind: 'environment', ruleId: rules.browserMissing },
    );
  }
  return found;
}

/** What names the browser at `file` without launching it: the path, size and time of the file
 *  and of the program behind it — what a link points to, and the binary Debian's launcher scripts
 *  run (/usr/bin/chromium-headless-shell is a two-line script whose date stays that of its
 *  source; /usr/lib/chromium/chromium-headless-shell is replaced by every update). */
export function browserIdentity(file: string): string {
  const behind = [realpathSync(file), path.join('/usr/lib/chromium', path.basename(file))].filter((name) => name !== file && existsSync(name));
  return [file, ...new Set(behind)]
    .map((name) => {
      const { size, mtimeMs } = statSync(name);
      return `${name}\0${size}\0${mtimeMs}`;
    })
    .join('\0');
}
