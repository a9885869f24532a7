/**
 * A TrueType face with a new `name` table: family, style, full name and PostScript name. The
 * faces Inkstone embeds come from fontsource's static instances of Noto's variable fonts, whose
 * names are the variable font's default instance (`NotoSerifSCExtraLight-Regular` for the 400
 * weight): a preflight that reads the embedded program would report ExtraLight. HarfBuzz's
 * subsetter can keep or drop names but not write them, and no maintained npm package rewrites
 * one table of an sfnt without re-encoding the outlines, so this is hand-written: the table
 * directory of OpenType's sfnt wrapper, the name table (format 0, Windows Unicode records), the
 * tables' checksums and the head table's checkSumAdjustment.
 */

/** A table as stored: padded with zeros to a multiple of four bytes. */
const padded = (data: Buffer) => Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);

/** The sum of the big-endian 32-bit words, modulo 2³². (A DataView: Buffer's readUInt32BE,
 *  word by word, took a fifth of a second for the seed's faces.) */
function checksum(data: Buffer): number {
  let sum = 0;
  const words = padded(data);
  const view = new DataView(words.buffer, words.byteOffset, words.byteLength);
  for (let i = 0; i < words.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** A name table of Windows (platform 3, encoding 1, English) records. */
function nameTable(names: Record<number, string>): Buffer {
  const entries = Object.entries(names).map(([id, text]) => ({ id: Number(id), data: Buffer.from(text, 'utf16le').swap16() }));
  const header = Buffer.alloc(6 + entries.length * 12);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(entries.length, 2);
  header.writeUInt16BE(header.length, 4);
  let offset = 0;
  entries.forEach((entry, i) => {
    const at = 6 + i * 12;
    header.writeUInt16BE(3, at);
    header.writeUInt16BE(1, at + 2);
    header.writeUInt16BE(0x409, at + 4);
    header.writeUInt16BE(entry.id, at + 6);
    header.writeUInt16BE(entry.data.length, at + 8);
    header.writeUInt16BE(offset, at + 10);
    offset += entry.data.length;
  });
  return Buffer.concat([header, ...entries.map((entry) => entry.data)]);
}

/** `sfnt` named `family` `style` (PostScript name `postscript`). */
export function renameFace(sfnt: Uint8Array, family: string, style: string, postscript: string): Buffer {
  const font = Buffer.from(sfnt);
  const count = font.readUInt16BE(4);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 12 + i * 16;
    const tag = font.toString('latin1', at, at + 4);
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    return { tag, data: Buffer.from(font.subarray(offset, offset + length)) as Buffer };
  });
  const name = tables.find((table) => table.tag === 'name');
  if (!name) return font;
  name.data = nameTable({ 1: family, 2: style, 4: `${family} ${style}`, 6: postscript });
  const head = tables.find((table) => table.tag === 'head');
  if (head) head.data.writeUInt32BE(0, 8);
  const directory = Buffer.alloc(12 + count * 16);
  font.copy(directory, 0, 0, 12);
  let offset = directory.length;
  const bodies: Buffer[] = [];
  tables.forEach((table, i) => {
    const at = 12 + i * 16;
    directory.write(table.tag, at, 'latin1');
    directory.writeUInt32BE(checksum(table.data), at + 4);
    directory.writeUInt32BE(offset, at + 8);
    directory.writeUInt32BE(table.data.length, at + 12);
    const body = padded(table.data);
    bodies.push(body);
    offset += body.length;
  });
  const result = Buffer.concat([directory, ...bodies]);
  if (head) {
    const headOffset = directory.readUInt32BE(12 + tables.indexOf(head) * 16 + 8);
    result.writeUInt32BE((0xb1b0afba - checksum(result)) >>> 0, headOffset + 8);
  }
  return result;
}
