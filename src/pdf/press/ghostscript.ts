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

export function findGhostscript(): string | undefined {
  return ['/usr/bin/gs', '/usr/local/bin/gs', '/opt/homebrew/bin/gs'].find((file) => existsSync(file));
}

/** Text and vector graphics are converted without the profile (see above); images through it. */
const objectProfiles = 'Graphic_RGB\tNone\nText_RGB\tNone\n';

export async function convertForPress(pdf: Uint8Array, options: GhostscriptOptions): Promise<Buffer> {
  const gs = findGhostscript();
  if (!gs) {
    throw new InkstoneError('the press PDF needs Ghostscript (Debian/Ubuntu: apt-get install ghostscript), which is not installed', {
      kind: 'environment',
      ruleId: rules.pressFailed,
    });
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'inkstone-press-'));
  try {
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
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
    await new Promise<void>((resolve, reject) => {
      execFile(gs, args, { timeout: options.timeoutMs ?? 600_000, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
        if (!error) return resolve();
        const detail = String(stderr || error.message).trim().split('\n').slice(-3).join(' ');
        reject(new InkstoneError(`Ghostscript could not make the press PDF: ${detail}`, { kind: 'environment', ruleId: rules.pressFailed }));
      });
    });
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
