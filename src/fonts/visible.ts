/** Not glyphs of their own: line breaks, controls, joiners, variation selectors (spaces are
 *  glyphs: they have widths). */
export const invisible = /[\p{Zl}\p{Zp}\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u;

/** The characters of `text` that are glyphs (a space is one). */
export const visibleOf = (text: string): string => [...text].filter((char) => char === ' ' || !invisible.test(char)).join('');
