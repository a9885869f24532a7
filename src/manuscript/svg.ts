/**
 * An SVG from the manuscript, cleaned for the book (svgo.config.ts) and read for what print needs
 * to know: the characters its `<text>` shows (they are drawn with the book's embedded faces, see
 * pdf/svg-fonts.ts). A file that is not well-formed XML is an error naming the line.
 */
import { optimize, type CustomPlugin } from 'svgo';
import { svgoConfig, type Removed } from './svgo.config.js';

export interface CleanSvg {
  data: Buffer;
  /** What was removed because it could run or reach outside the file, in words. */
  removed: string[];
  /** The characters of its text (`<text>`, `<tspan>`, `<textPath>`), '' for none. */
  text: string;
}

export class SvgError extends Error {}

function textOf(collect: (text: string) => void): CustomPlugin {
  let depth = 0;
  return {
    name: 'inkstoneText',
    fn: () => ({
      element: {
        enter(node) {
          if (node.name === 'text') depth += 1;
        },
        exit(node) {
          if (node.name === 'text') depth -= 1;
        },
      },
      text: {
        enter(node) {
          if (depth > 0) collect(node.value);
        },
      },
    }),
  };
}

export function cleanSvg(source: Buffer): CleanSvg {
  const removed: Removed = new Set();
  let text = '';
  const config = svgoConfig(removed);
  config.plugins = [...(config.plugins ?? []), textOf((value) => (text += value))];
  let data: string;
  try {
    data = optimize(source.toString('utf8').replace(/^\uFEFF/, ''), config).data;
  } catch (error) {
    const { reason, line } = error as { reason?: string; line?: number };
    throw new SvgError(reason ? `${reason}${line ? ` (line ${line} of the SVG)` : ''}` : (error as Error).message);
  }
  if (!/^<svg[\s>]/.test(data)) throw new SvgError('its root element is not <svg>');
  return { data: Buffer.from(data), removed: [...removed], text: [...new Set(text.replace(/\s+/g, ' '))].join('') };
}
