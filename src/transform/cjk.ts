/** Character classes the CJK passes share. */
import { eastAsianWidthType } from 'get-east-asian-width';

const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/**
 * East Asian Wide or Fullwidth (UAX #11) — Han, kana, CJK punctuation — but not Hangul:
 * Korean separates words with spaces, so a line break between Hangul stays a space.
 */
export function isWide(char: string | undefined): boolean {
  if (!char) return false;
  const codePoint = char.codePointAt(0) ?? 0;
  if (hangul.test(char)) return false;
  const type = eastAsianWidthType(codePoint);
  return type === 'wide' || type === 'fullwidth';
}

/** Ambiguous-width punctuation that CJK text uses as its own: quotes, dashes, ellipsis, middle dot. */
const cjkAmbiguous = new Set(['“', '”', '‘', '’', '—', '…', '·', '•', '※', '§']);

export function isCjkPunctuationAmbiguous(char: string | undefined): boolean {
  return char !== undefined && cjkAmbiguous.has(char);
}

/** Han ideographs (and the ideographic iteration mark). */
export function isHan(char: string | undefined): boolean {
  return char !== undefined && /[\p{Script=Han}\u3005\u3007]/u.test(char);
}

/** Full-width marks with a blank of their own on one side, half of their em (clreq 3.1, jlreq
 *  3.1.2): a space on that side is a second blank. Before: closing brackets, pause and stop
 *  marks, and opening brackets (whose blank is before them). After: opening and closing
 *  brackets and pause and stop marks, but not ？ and ！ (a space after those is the writer's
 *  pause, jlreq 3.1.5). */
const blankBefore = new Set('，。、；：？！）」』》〉】〕（「『《〈【〔');
const blankAfter = new Set('（「『《〈【〔，。、；：）」』》〉】〕');

/** No space may come before `char`. */
export function refusesSpaceBefore(char: string | undefined): boolean {
  return char !== undefined && blankBefore.has(char);
}

/** No space may come after `char`. */
export function refusesSpaceAfter(char: string | undefined): boolean {
  return char !== undefined && blankAfter.has(char);
}

/** Marks no line may start with (clreq 3.1.7, jlreq 3.1.7: closing brackets and quotes, pause
 *  and stop marks). */
const lineStartProhibited = new Set('，。、；：？！）」』》〉】〕〗〙〛’”…‥・');

/** `char` may not start a line. */
export function mayNotStartLine(char: string | undefined): boolean {
  return char !== undefined && lineStartProhibited.has(char);
}
