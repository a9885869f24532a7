// pdf-lib's streams are compressed by Node's zlib once the PDF stage is loaded (zlib-deflate.ts):
// a saved stream holds exactly what zlib makes of its text, not what pako (JavaScript) made.
import { deflateSync, inflateSync } from 'node:zlib';
import pako from 'pako';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

/** Text that pako and zlib compress to different bytes (zlib's own matching differs). */
function sample(): Uint8Array {
  let seed = 7;
  const words = Array.from({ length: 400 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return `w${(seed % 997).toString(36)}`;
  });
  const text = Array.from({ length: 20_000 }, (_, i) => words[(i * 31 + (i >> 3)) % words.length]).join(' ');
  return new TextEncoder().encode(text);
}

describe('pdf-lib with Node zlib', () => {
  it('writes streams deflated by Node zlib', async () => {
    const data = sample();
    const byPako = pako.deflate(data);
    expect(Buffer.from(byPako).equals(deflateSync(data))).toBe(false);
    await import('../src/pdf/postprocess.js');
    const doc = await PDFDocument.create({ updateMetadata: false });
    const ref = doc.context.register(doc.context.flateStream(data));
    doc.catalog.set(PDFName.of('Sample'), ref);
    const saved = await PDFDocument.load(await doc.save({ useObjectStreams: true }), { updateMetadata: false });
    const stream = saved.context.lookup(saved.catalog.get(PDFName.of('Sample')) as never) as PDFRawStream;
    expect(Buffer.from(stream.contents).equals(deflateSync(data))).toBe(true);
    expect(Buffer.from(inflateSync(stream.contents)).equals(Buffer.from(data))).toBe(true);
  });
});
