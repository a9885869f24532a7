/**
 * Text in SVG images, printed with the book's embedded faces. An SVG shown as an image is a
 * document of its own: it sees none of the page's fonts and loads nothing, so Chromium draws its
 * text with whatever the machine has — a CFF face such as Noto Sans CJK is written to the PDF as
 * Type 3 (which presses reject), and a machine without CJK fonts draws nothing. The print copy
 * of each SVG with text carries its faces as data: URLs (the subsets of the book's chain cut to
 * the SVG images' characters, roles `svg` and `svg-mono` in fonts/subset.ts) and sets its text
 * in them — monospaced labels in the code face, the rest in the text face: every character
 * drawn, in TrueType, the same on every machine. The EPUB keeps the SVG as cleaned.
 */
import type { FontSubset } from '../fonts/subset.js';
import { markMissing } from './print-html.js';

/** `missing`: characters no face has, printed as 〓 (the SVG's text has no others in markup). */
export function svgWithFonts(svg: Buffer, faces: readonly FontSubset[], missing = ''): Buffer {
  if (!faces.length) return missing ? Buffer.from(markMissing(svg.toString('utf8'), missing)) : svg;
  const familiesOf = (role: string) => [...new Set(faces.filter((face) => face.role === role).map((face) => `"${face.family}"`))];
  const serif = familiesOf('svg').join(',');
  const mono = [...familiesOf('svg-mono'), serif].filter(Boolean).join(',');
  // Text set in a monospaced face by the drawing (on itself or on a group around it).
  const monoText = ['font-family', 'style'].flatMap((attribute) =>
    ['mono', 'courier', 'consolas'].flatMap((name) => [`:is(text,tspan,textPath)[${attribute}*=${name} i]`, `[${attribute}*=${name} i] :is(text,tspan,textPath)`]),
  );
  const css = [
    ...faces.map((face) => `@font-face{font-family:"${face.family}";font-weight:${face.weight};src:url(data:font/ttf;base64,${face.data.toString('base64')}) format("truetype")}`),
    // !important: the drawing's own faces are named in style attributes, which outrank a sheet.
    `text,tspan,textPath{font-family:${serif}!important}`,
    `${monoText.join(',')}{font-family:${mono}!important}`,
  ].join('');
  const text = markMissing(svg.toString('utf8'), missing);
  const open = /<svg\b[^>]*>/.exec(text);
  if (!open) return svg;
  const at = open.index + open[0].length;
  return Buffer.from(`${text.slice(0, at)}<style>${css}</style>${text.slice(at)}`);
}
