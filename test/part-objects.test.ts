// A printed part's objects as the build cache keeps them (src/pdf/part-objects.ts): read back,
// they are the objects the part held, and saved, the same bytes as the part written as PDF and
// parsed again (how the cache kept parts before).
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFPageLeaf, PDFRawStream, PDFString, PDFWriter, ParseSpeeds, StandardFonts } from 'pdf-lib';
import { serialize, deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { decodePart, encodePart, UnkeptObject } from '../src/pdf/part-objects.js';

const load = (bytes: Uint8Array) => PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });

/** A small PDF with every kind of object a printed part has, parsed as a part is. */
async function samplePart(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['one (1)', 'two \\ 2']) doc.addPage([300, 400]).drawText(text, { font, x: 20, y: 300 });
  const { context } = doc;
  // what Chromium's parts carry: links with URIs, hex strings, names that need #xx, nested
  // arrays, booleans, null, numbers with fractions, an indirect stream length
  const length = context.register(PDFNumber.of(3));
  const stream = context.register(PDFRawStream.of(context.obj({ Length: length }), new Uint8Array([1, 2, 3])));
  doc.catalog.set(PDFName.of('Sample'), context.obj({ Uri: PDFString.of('https://inkstone.invalid/#fn-1 \\(x\\)'), Hex: PDFHexString.of('FEFF4E00'), Odd: PDFName.of('A B#C'), Nested: [[1.5, -0.25, true, false, null], []], Data: stream }));
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
  doc.setTitle('样本');
  doc.context.trailerInfo.ID = context.obj([PDFHexString.of('00AA'), PDFHexString.of('00AA')]) as PDFArray;
  return load(await doc.save({ useObjectStreams: false }));
}

describe('a part as the build cache keeps it', () => {
  it('reads back as the part held its objects: saved, the bytes of the part written as PDF and parsed again', async () => {
    const part = await samplePart();
    const kept = deserialize(serialize(encodePart(part)));
    const read = decodePart(kept);
    const reparsed = await load(await PDFWriter.forContext(part.context, Infinity).serializeToBuffer());
    const saved = async (doc: PDFDocument) => Buffer.from(await doc.save({ useObjectStreams: true, updateFieldAppearances: false }));
    expect((await saved(read)).equals(await saved(reparsed))).toBe(true);
    expect(read.getPageCount()).toBe(2);
    expect(read.getPage(0).node).toBeInstanceOf(PDFPageLeaf);
    expect(read.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber)).toEqual(reparsed.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber));
    const sample = read.catalog.lookup(PDFName.of('Sample')) as never as { get(key: PDFName): unknown };
    expect((sample.get(PDFName.of('Uri')) as PDFString).asString()).toBe('https://inkstone.invalid/#fn-1 \\(x\\)');
    expect(sample.get(PDFName.of('Odd'))).toBe(PDFName.of('A B#C'));
  });

  it('is not kept with an object the parser does not make (one of pdf-lib’s own streams)', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage().drawText('x');
    expect(() => encodePart(doc)).toThrow(UnkeptObject);
  });

  it('fails to read when its numbers are cut short or run on, or name a text or bytes it has not', async () => {
    const kept = encodePart(await samplePart());
    expect(() => decodePart({ ...kept, ops: kept.ops.subarray(0, kept.ops.length >> 1) })).toThrow();
    expect(() => decodePart({ ...kept, ops: Float64Array.from([...kept.ops, 0, 1]) })).toThrow();
    expect(() => decodePart({ ...kept, texts: kept.texts.slice(0, 3) })).toThrow();
    expect(() => decodePart({ ...kept, data: kept.data.subarray(0, 1) })).toThrow();
  });
});
