/**
 * The print page's margins, in millimetres: the one place they are set. The print template
 * writes them into the `@page` rules; `inkstone proof` measures the built pages against them.
 */
export interface Margins {
  top: number;
  bottom: number;
  /** Towards the spine. */
  inner: number;
  /** Towards the fore-edge. */
  outer: number;
}

export const horizontalMargins: Margins = { top: 20, bottom: 22, inner: 18, outer: 15 };
export const verticalMargins: Margins = { top: 20, bottom: 22, inner: 16, outer: 16 };

export function marginsFor(vertical: boolean): Margins {
  return vertical ? verticalMargins : horizontalMargins;
}

export const mmToPt = (mm: number): number => (mm * 72) / 25.4;

/** The text block of a page, in PDF points (origin bottom left). Odd pages are rectos (right-hand
 *  pages, spine on the left) in a left-to-right book; a vertical book binds on the right. */
export function textBlock(page: { number: number; width: number; height: number }, vertical: boolean, margins?: Margins): { x0: number; y0: number; x1: number; y1: number } {
  const m = margins ?? marginsFor(vertical);
  const recto = page.number % 2 === 1;
  const spineLeft = vertical ? !recto : recto;
  const left = mmToPt(spineLeft ? m.inner : m.outer);
  const right = mmToPt(spineLeft ? m.outer : m.inner);
  return { x0: left, x1: page.width - right, y0: mmToPt(m.bottom), y1: page.height - mmToPt(m.top) };
}
