// pdf-lib's names and references answered from memos once the PDF stage is loaded
// (pdf-lib-pools.ts): the same objects pdf-lib's own pools give, so parsing and writing a PDF
// is unchanged — a name written with `#xx` is the name it decodes to, a reference is one
// object per number.
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

describe('pdf-lib pools answered from memos', () => {
  it('gives the objects pdf-lib gives, and a parsed PDF keeps its names and references', async () => {
    const before = { name: PDFName.of('A B'), ref: PDFRef.of(7) };
    await import('../src/pdf/merge.js');
    expect(PDFName.of('A B')).toBe(before.name);
    expect(PDFName.of('A#20B')).toBe(before.name);
    expect(PDFName.of('A#20B')).toBe(before.name);
    expect(PDFRef.of(7)).toBe(before.ref);
    expect(PDFRef.of(7, 0)).toBe(before.ref);
    expect(PDFRef.of(7, 1)).not.toBe(before.ref);
    expect(PDFRef.of(7, 1).toString()).toBe('7 1 R');

    const doc = await PDFDocument.create({ updateMetadata: false });
    const ref = doc.context.register(doc.context.obj({ Kind: PDFName.of('A B'), Next: PDFRef.of(3) }));
    doc.catalog.set(PDFName.of('Sample'), ref);
    const bytes = await doc.save({ useObjectStreams: false });
    expect(Buffer.from(bytes).toString('latin1')).toContain('/Kind /A#20B');
    const parsed = await PDFDocument.load(bytes, { updateMetadata: false });
    const sample = parsed.context.lookup(parsed.catalog.get(PDFName.of('Sample')) as PDFRef) as never as { get(key: PDFName): unknown };
    expect(sample.get(PDFName.of('Kind'))).toBe(before.name);
    expect(sample.get(PDFName.of('Next'))).toBe(PDFRef.of(3));
  });
});
