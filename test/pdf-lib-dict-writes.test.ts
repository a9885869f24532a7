// pdf-lib's dictionaries written without copying their entries (src/pdf/pdf-lib-dict-writes.ts)
// and its small whole numbers answered from a memo (src/pdf/pdf-lib-pools.ts): a document
// saves to the same bytes as with pdf-lib's own methods.
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFString, ParseSpeeds, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

/** A document of some 600 objects (pages, dictionaries, a font, numbers of every kind). */
async function sample(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < 120; i++) {
    doc.addPage([300.5, 400]).drawText(`page ${i}`, { font, x: 20, y: 300 });
    for (let k = 0; k < 3; k++) doc.context.register(doc.context.obj({ S: PDFName.of('P'), K: PDFNumber.of(i * 3 + k), Big: PDFNumber.of(70000 + i), Neg: PDFNumber.of(-k - 0.5), Zero: PDFNumber.of(-0), Alt: PDFString.of(`(${i})`) }));
  }
  return doc.save({ useObjectStreams: false });
}

const saved = async (bytes: Uint8Array) => {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  return Buffer.from(await doc.save({ useObjectStreams: true, updateFieldAppearances: false, objectsPerTick: Infinity }));
};

describe('pdf-lib sped up where it writes and parses', () => {
  it('saves the bytes it saved before', async () => {
    const own = { size: PDFDict.prototype.sizeInBytes, copy: PDFDict.prototype.copyBytesInto, number: PDFNumber.of };
    const input = await sample();
    const before = await saved(input);
    await import('../src/pdf/pdf-lib-dict-writes.js');
    await import('../src/pdf/pdf-lib-pools.js');
    expect(PDFDict.prototype.sizeInBytes).not.toBe(own.size);
    expect(PDFDict.prototype.copyBytesInto).not.toBe(own.copy);
    expect(PDFNumber.of).not.toBe(own.number);
    expect((await saved(input)).equals(before)).toBe(true);
    expect((await saved(await sample())).equals(before)).toBe(true);
  });

  it('answers a small whole number with one object, any other with a new one', async () => {
    await import('../src/pdf/pdf-lib-pools.js');
    expect(PDFNumber.of(7)).toBe(PDFNumber.of(7));
    expect(PDFNumber.of(7).toString()).toBe('7');
    expect(PDFNumber.of(2.5)).not.toBe(PDFNumber.of(2.5));
    expect(PDFNumber.of(-0).asNumber()).toBe(-0);
    expect(PDFNumber.of(65536)).not.toBe(PDFNumber.of(65536));
  });
});
