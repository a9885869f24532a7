/**
 * Text in SVG images, printed with the book's embedded faces. An SVG shown as an image is a
 * document of its own: it sees none of the page's fonts and loads nothing, so Chromium draws its
 * text with whatever the machine has — a CFF face such as Noto Sans CJK is written to the PDF as
 * Type 3 (which presses reject), and a machine without CJK fonts draws nothing. The print copy
 * of each SVG with text carries its faces as data: URLs (the subsets of the book's chain cut to
 * the SVG images' characters, role `svg` in fonts/subset.ts) and sets its text in them: every
 * character drawn, in TrueType, the same on every machine. The EPUB keeps the SVG as cleaned.
 */
import type { SubsetFile } from '../fonts/fonts.js';
import { markMissing } from './print-html.js';

/** `missing`: characters no face has, printed as 〓 (the SVG's text has no others in markup). */
export function svgWithFonts(svg: Buffer, faces: readonly SubsetFile[], missing = ''): Buffer {
  if (!faces.length) return missing ? Buffer.from(markMissing(svg.toString('utf8'), missing)) : svg;
  const families = [...new Set(faces.map((face) => `"${face.family}"`))].join(', ');
  const css = [
    ...faces.map((face) => `@font-face{font-family:"${face.family}";font-weight:${face.weight};src:url(data:font/ttf;base64,${face.data.toString('base64')}) format("truetype")}`),
    // !important: the drawing's own faces are named in style attributes, which outrank a sheet.
    `text,tspan,textPath{font-family:${families}!important}`,
  ].join('');
  const text = markMissing(svg.toString('utf8'), missing);
  const open = /<svg\b[^>]*>/.exec(text);
  if (!open) return svg;
  const at = open.index + open[0].length;
  return Buffer.from(`${text.slice(0, at)}<style>${css}</style>${text.slice(at)}`);
}
