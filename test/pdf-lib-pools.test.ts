// pdf-lib's names and references answered from memos once the PDF stage is loaded
// (pdf-lib-pools.ts): the same objects pdf-lib's own pools give, so parsing and writing a PDF
// is unchanged — a name written with `#xx` is the name it decodes to, a reference is one
// object per number.
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

describe('pdf-lib pools answered from memos', () => {
  it('replaces PDFName.of and PDFRef.of with memos that give what pdf-lib gives', async () => {
    const own = { name: PDFName.of, ref: PDFRef.of };
    const names = ['A B', 'A#20B', 'a#2fb', 'a#2Fb', 'Type', 'Font#23'].map((name) => [name, own.name(name)] as const);
    const refs = [[7, 0], [7, 1], [2.5, 0], [-1, 0], [2e7, 0], [0, 0]].map(([n, g]) => [n as number, g as number, own.ref(n as number, g)] as const);
    await import('../src/pdf/merge.js');
    expect(PDFName.of).not.toBe(own.name);
    expect(PDFRef.of).not.toBe(own.ref);
    for (const [name, object] of names) {
      expect(PDFName.of(name)).toBe(object);
      expect(PDFName.of(name)).toBe(object);
    }
    for (const [n, g, object] of refs) {
      expect(PDFRef.of(n, g)).toBe(object);
      expect(PDFRef.of(n, g)).toBe(object);
    }
    expect(PDFRef.of(7)).toBe(PDFRef.of(7, 0));
    expect(PDFRef.of(7, 1).toString()).toBe('7 1 R');
  });

  it('parses and writes a PDF with the same names and references', async () => {
    await import('../src/pdf/merge.js');
    const doc = await PDFDocument.create({ updateMetadata: false });
    const ref = doc.context.register(doc.context.obj({ Kind: PDFName.of('A B'), Next: PDFRef.of(3) }));
    doc.catalog.set(PDFName.of('Sample'), ref);
    const bytes = await doc.save({ useObjectStreams: false });
    expect(Buffer.from(bytes).toString('latin1')).toContain('/Kind /A#20B');
    const parsed = await PDFDocument.load(bytes, { updateMetadata: false });
    const sample = parsed.context.lookup(parsed.catalog.get(PDFName.of('Sample')) as PDFRef) as never as { get(key: PDFName): unknown };
    expect(sample.get(PDFName.of('Kind'))).toBe(PDFName.of('A B'));
    expect(sample.get(PDFName.of('Next'))).toBe(PDFRef.of(3));
  });
});
