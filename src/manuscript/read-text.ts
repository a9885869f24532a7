/**
 * Reads a manuscript file as UTF-8 text. A file that is not UTF-8 is a manuscript error that
 * names the byte offset (and line) of the first bad byte, rather than silently becoming “�”.
 * A byte-order mark is dropped, and CRLF and CR line endings (Windows, old Mac editors) become
 * LF: a line break inside a Chinese paragraph joins its lines without a space only when the
 * break is one the Markdown stage knows (it left a space before).
 */
import { readFile } from 'node:fs/promises';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export async function readText(file: string, displayPath: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code})`;
    throw new InkstoneError(reason, { file: displayPath, ruleId: rules.chapterMissing, cause: error });
  }
  return decodeUtf8(bytes, displayPath);
}

export function decodeUtf8(bytes: Uint8Array, displayPath: string): string {
  try {
    return strict.decode(bytes).replace(/\r\n?/g, '\n');
  } catch {
    const offset = firstInvalidByte(bytes);
    const before = lenient.decode(bytes.subarray(0, offset));
    const line = before.split('\n').length;
    const hex = bytes[offset]?.toString(16).toUpperCase().padStart(2, '0');
    throw new InkstoneError(
      `not valid UTF-8: byte 0x${hex} at offset ${offset}; save the file as UTF-8 (GBK and Big5 files must be converted first)`,
      { file: displayPath, line, ruleId: rules.notUtf8 },
    );
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (bisects with the strict decoder). */
function firstInvalidByte(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.length;
  // Invariant: bytes[0, good) decodes (a sequence cut at its end allowed); bytes[0, bad) does not.
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (decodesPrefix(bytes.subarray(0, mid))) good = mid;
    else bad = mid;
  }
  // `good` may sit inside a sequence whose lead byte came earlier: report the lead byte.
  let start = good;
  while (start > 0 && start > good - 4 && !decodesPrefix(bytes.subarray(0, start), false)) start--;
  return start;
}

/** With `stream`, a sequence cut short at the end of the prefix still counts as decodable. */
function decodesPrefix(prefix: Uint8Array, stream = true): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream });
    return true;
  } catch {
    return false;
  }
}
