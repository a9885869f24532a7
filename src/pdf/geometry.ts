/**
 * The print page's geometry: the text block the print template's `@page` rules leave inside the
 * margins (config/style-config.ts: the defaults; a theme or book.yaml's page.margins change them),
 * which `inkstone proof` measures the built pages against.
 */
import { marginsFor, type Margins } from '../config/style-config.js';

export { marginsFor, type Margins };

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
