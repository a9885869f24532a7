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

/** Parses `A5`, `16开` or `W H` (millimetres); returns undefined when it is none of these. */
export function parsePageSize(value: string): PageSize | undefined {
  const key = value.trim().toLowerCase();
  const known = named[key];
  if (known) return { name: value.trim(), width: known[0], height: known[1] };
  const match = /^(\d+(?:\.\d+)?)\s*(?:mm)?\s*[x×\s]\s*(\d+(?:\.\d+)?)\s*(?:mm)?$/i.exec(key);
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width < 50 || height < 50 || width > 1000 || height > 1000) return undefined;
  return { name: `${width}×${height} mm`, width, height };
}
