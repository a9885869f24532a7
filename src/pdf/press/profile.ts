/**
 * The printing condition of the press PDF: an ICC output profile and the names PDF/X gives it
 * (OutputConditionIdentifier, RegistryName, Info). Inkstone ships no profile: Debian supplies
 * Ghostscript's own SWOP coated profile under Ghostscript's licence (AGPL), characterized for
 * CGATS TR 001 (SWOP), the default; FOGRA39, Japan Color 2001 Coated or GRACoL profiles are not
 * in Debian or npm under a free licence, so a book names its printer's profile, a file in the
 * manuscript (`pdf.press-profile`). Only the ICC header and description are read here (by hand:
 * a few fixed offsets of ICC.1).
 */
import { readFile } from 'node:fs/promises';
import type { PressSettings } from '../../config/press-settings.js';
import { InkstoneError } from '../../diagnostics/errors.js';
import { rules } from '../../diagnostics/rules.js';
import { swopProfile } from './ghostscript.js';

export interface OutputCondition {
  /** Path of the ICC file (for Ghostscript). */
  path: string;
  data: Buffer;
  /** Colour components of the profile's data space (4 for CMYK). */
  components: number;
  identifier: string;
  registry: string | undefined;
  info: string;
}

/** The profile's description (`desc`: ICC v2 text description or v4 multi-localized text). */
function description(data: Buffer): string {
  const count = data.readUInt32BE(128);
  for (let i = 0; i < count; i++) {
    const at = 132 + i * 12;
    if (data.toString('latin1', at, at + 4) !== 'desc') continue;
    const offset = data.readUInt32BE(at + 4);
    const type = data.toString('latin1', offset, offset + 4);
    if (type === 'desc') return data.toString('latin1', offset + 12, offset + 12 + data.readUInt32BE(offset + 8)).replace(/\0.*$/s, '');
    if (type === 'mluc') {
      const length = data.readUInt32BE(offset + 20);
      const start = offset + data.readUInt32BE(offset + 24);
      return data.subarray(start, start + length).swap16().toString('utf16le');
    }
  }
  return '';
}

export async function outputCondition(press: PressSettings, configFile: string): Promise<OutputCondition> {
  const file = press.profile.kind === 'file' ? press.profile.path : swopProfile;
  const data = await readFile(file).catch(() => {
    throw new InkstoneError(
      press.profile.kind === 'file' ? `press profile “${press.profile.written}” cannot be read` : `the press PDF needs Ghostscript's SWOP profile (${swopProfile}; Debian: apt-get install ghostscript)`,
      { kind: press.profile.kind === 'file' ? 'manuscript' : 'environment', ruleId: rules.pressFailed, file: configFile },
    );
  });
  const header = data.length >= 132 && data.toString('latin1', 36, 40) === 'acsp';
  const space = header ? data.toString('latin1', 16, 20).trim() : '';
  const deviceClass = header ? data.toString('latin1', 12, 16) : '';
  if (press.profile.kind === 'file' && (space !== 'CMYK' || deviceClass !== 'prtr')) {
    throw new InkstoneError(
      `press profile “${press.profile.written}” is ${header ? `a ${space} ${deviceClass} profile` : 'not an ICC profile'}: PDF/X needs the printing condition's CMYK output (prtr) profile`,
      { file: configFile, ...press.profile.place, ruleId: rules.pressFailed },
    );
  }
  const info = description(data) || 'CMYK';
  if (press.profile.kind === 'swop') {
    return { path: file, data, components: 4, identifier: 'CGATS TR 001', registry: 'http://www.color.org', info: `SWOP coated (${info})` };
  }
  return { path: file, data, components: 4, identifier: press.profile.condition ?? info, registry: press.profile.condition ? 'http://www.color.org' : undefined, info };
}
