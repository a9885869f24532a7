/** Trim sizes a Chinese press asks for, in millimetres (portrait). */
export interface PageSize {
  name: string;
  width: number;
  height: number;
}

const named: Record<string, [number, number]> = {
  a4: [210, 297],
  a5: [148, 210],
  a6: [105, 148],
  b5: [176, 250],
  b6: [125, 176],
  '16开': [185, 260],
  '32开': [130, 184],
  '大32开': [140, 203],
};

export const defaultPageSize = 'A5';

/** Sides of a custom page, in millimetres: the margins (pdf/geometry.ts) take 33 mm across and
 *  42 mm down, and a page must still hold a line of some 12 characters and a few lines of text;
 *  Chromium lays out nothing above a metre. */
const minWidth = 80;
const minHeight = 100;
const maxSide = 1000;

/** Parses `A5`, `16开` or `W H` (millimetres); returns undefined when it is none of these. */
export function parsePageSize(value: string): PageSize | undefined {
  const key = value.trim().toLowerCase();
  const known = named[key];
  if (known) return { name: value.trim(), width: known[0], height: known[1] };
  const match = /^(\d+(?:\.\d+)?)\s*(?:mm)?\s*[x×\s]\s*(\d+(?:\.\d+)?)\s*(?:mm)?$/i.exec(key);
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width < minWidth || height < minHeight || width > maxSide || height > maxSide) return undefined;
  return { name: `${width}×${height} mm`, width, height };
}

/** Why `value` is not a page size, in words. */
export function pageSizeProblem(value: string): string {
  const match = /^(\d+(?:\.\d+)?)\s*(?:mm)?\s*[x×\s]\s*(\d+(?:\.\d+)?)\s*(?:mm)?$/i.exec(value.trim());
  if (match) {
    return `${match[1]} × ${match[2]} mm is not a page Inkstone sets: the width must be ${minWidth}–${maxSide} mm and the height ${minHeight}–${maxSide} mm (smaller, the margins leave no room for text; larger, Chromium cannot lay the page out)`;
  }
  return `“${value}” is not a known size: use ${Object.keys(named).map((name) => name.toUpperCase()).join(', ')}, or “W H” in millimetres, e.g. “130 184”`;
}
