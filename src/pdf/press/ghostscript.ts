/**
 * Colour for the press with Ghostscript's pdfwrite, run as a child process with fixed arguments
 * (nothing of the manuscript reaches its command line but the paths of temporary files and of
 * the profile, which is the manuscript's own file or Ghostscript's):
 * - CMYK: images through the printing condition's ICC profile; text and vector graphics
 *   (rules, table lines, backgrounds) by the device conversion with full black generation and
 *   under-colour removal, so that black and grey — all of Chromium's text is DeviceRGB — land on
 *   the K plate alone (through the ICC profile, `0 0 0 rg` becomes a four-colour rich black,
 *   blurred on small CJK strokes by the plates' registration);
 * - gray: everything to DeviceGray (the K plate);
 * - PDF/X-1a: PDF 1.3, so transparency is flattened.
 * qpdf then rewrites the file with direct stream lengths (see below).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InkstoneError } from '../../diagnostics/errors.js';
import { rules } from '../../diagnostics/rules.js';

export interface GhostscriptOptions {
  standard: 'x4' | 'x1a';
  color: 'cmyk' | 'gray';
  /** The CMYK output profile (ICC). */
  profile: string;
  /** Milliseconds before Ghostscript is stopped. */
  timeoutMs?: number;
}

/** Ghostscript's own SWOP profile (Debian: libgs-common; AGPL, as Ghostscript). */
export const swopProfile = '/usr/share/color/icc/ghostscript/default_cmyk.icc';

const findTool = (name: string) => ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'].map((dir) => path.join(dir, name)).find((file) => existsSync(file));

function run(command: string, args: string[], timeoutMs: number, okCodes: number[] = [0]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error || okCodes.includes(Number(error.code))) return resolve();
      const detail = String(stderr || error.message).trim().split('\n').slice(-3).join(' ');
      reject(new InkstoneError(`${path.basename(command)} could not make the press PDF: ${detail}`, { kind: 'environment', ruleId: rules.pressFailed }));
    });
  });
}

/** Text and vector graphics are converted without the profile (see above); images through it. */
const objectProfiles = 'Graphic_RGB\tNone\nText_RGB\tNone\n';

export async function convertForPress(pdf: Uint8Array, options: GhostscriptOptions): Promise<Buffer> {
  const gs = findTool('gs');
  const qpdf = findTool('qpdf');
  if (!gs || !qpdf) {
    const missing = [gs ? '' : 'Ghostscript', qpdf ? '' : 'qpdf'].filter(Boolean).join(' and ');
    throw new InkstoneError(`the press PDF needs ${missing} (Debian/Ubuntu: apt-get install ghostscript qpdf), not installed here`, {
      kind: 'environment',
      ruleId: rules.pressFailed,
    });
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'inkstone-press-'));
  try {
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    const fixed = path.join(dir, 'fixed.pdf');
    const control = path.join(dir, 'objects.txt');
    await writeFile(input, pdf);
    await writeFile(control, objectProfiles);
    const gray = options.color === 'gray';
    const args = [
      '-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=pdfwrite',
      `-dCompatibilityLevel=${options.standard === 'x1a' ? '1.3' : '1.6'}`,
      `-sColorConversionStrategy=${gray ? 'Gray' : 'CMYK'}`,
      `-sProcessColorModel=${gray ? 'DeviceGray' : 'DeviceCMYK'}`,
      ...(gray ? [] : [`-sOutputICCProfile=${options.profile}`]),
      `-sSourceObjectICC=${control}`,
      '-dAutoRotatePages=/None', '-dEmbedAllFonts=true', '-dSubsetFonts=true',
      `-sOutputFile=${output}`,
      // full black generation and under-colour removal for the device conversion
      '-c', '{} settransfer {} setblackgeneration {} setundercolorremoval',
      '-f', input,
    ];
    const timeout = options.timeoutMs ?? 600_000;
    await run(gs, args, timeout);
    // Ghostscript gives stream lengths as references to other objects; pdf-lib then finds a
    // stream's end by searching and can cut a final line feed that belongs to compressed data.
    // qpdf writes the file again with every length in place (exit 3: written, with warnings).
    await run(qpdf, [output, fixed], timeout, [3]);
    return await readFile(fixed);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
