/**
 * The press PDF (`NAME.press.pdf`), made from the finished screen PDF: Ghostscript converts its
 * colour (ghostscript.ts), then pdf-lib lays out the sheets (sheet.ts) and writes what PDF/X
 * asks of the file: the output intent with the printing condition's ICC profile, the version
 * keys (GTS_PDFXVersion; for PDF/X-4 also in XMP metadata), Trapped, title and dates, no
 * annotations (links have no place on paper, and PDF/X allows none inside the bleed).
 * The layout is the screen PDF's, page for page: nothing is set again.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFStream, PDFString, ParseSpeeds, type PDFObject } from 'pdf-lib';
import type { Book } from '../../book/model.js';
import { mmToPt } from '../geometry.js';
import { convertForPress } from './ghostscript.js';
import { outputCondition, type OutputCondition } from './profile.js';
import { layOutSheets } from './sheet.js';
// pdf-lib's streams compressed by Node's zlib (zlib-deflate.ts)
import '../zlib-deflate.js';

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** XMP for PDF/X-4 (ISO 15930-7): the version, dates, title, producer, trapping, document ids. */
function xmp(book: Book, version: string, producer: string, id: string): string {
  const date = book.metadata.modified.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const uuid = `uuid:${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  const creators = [...book.metadata.authors, ...book.metadata.translators].map((name) => `<rdf:li>${xml(name)}</rdf:li>`).join('');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(book.metadata.title)}</rdf:li></rdf:Alt></dc:title>
${creators ? `<dc:creator><rdf:Seq>${creators}</rdf:Seq></dc:creator>` : ''}
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<xmp:CreatorTool>${xml(book.metadata.generator)}</xmp:CreatorTool>
<pdf:Producer>${xml(producer)}</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>${uuid}</xmpMM:DocumentID>
<xmpMM:InstanceID>${uuid}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfxid:GTS_PDFXVersion>${version}</pdfxid:GTS_PDFXVersion>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Objects nothing refers to any more (Ghostscript's Info and XMP, which carry the time of the
 *  run) are left out of the file: pdf-lib writes every object it holds. */
function dropUnreachable(doc: PDFDocument): void {
  const { context } = doc;
  const seen = new Set<string>();
  const queue: PDFObject[] = [context.trailerInfo.Root, context.trailerInfo.Info].filter((o): o is PDFObject => !!o);
  while (queue.length) {
    const object = queue.pop();
    if (object instanceof PDFRef) {
      if (seen.has(object.toString())) continue;
      seen.add(object.toString());
      const target = context.lookup(object);
      if (target) queue.push(target);
    } else if (object instanceof PDFDict) queue.push(...object.values());
    else if (object instanceof PDFStream) queue.push(object.dict);
    else if (object instanceof PDFArray) queue.push(...object.asArray());
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!seen.has(ref.toString())) context.delete(ref);
}

/** Bookmarks and named destinations follow the pages' drawing, which moved by `dx` `dy`. */
function moveDestinations(doc: PDFDocument, dx: number, dy: number): void {
  const { context } = doc;
  const move = (value: PDFObject | undefined) => {
    const dest = value instanceof PDFRef ? context.lookup(value) : value;
    if (!(dest instanceof PDFArray) || dest.size() < 2) return;
    const kind = dest.get(1);
    const shift = (index: number, by: number) => {
      const number = dest.get(index);
      if (number instanceof PDFNumber) dest.set(index, PDFNumber.of(number.asNumber() + by));
    };
    if (kind === PDFName.of('XYZ')) {
      shift(2, dx);
      shift(3, dy);
    }
    else if (kind === PDFName.of('FitH') || kind === PDFName.of('FitBH')) shift(2, dy);
    else if (kind === PDFName.of('FitV') || kind === PDFName.of('FitBV')) shift(2, dx);
    else if (kind === PDFName.of('FitR')) for (const [index, by] of [[2, dx], [3, dy], [4, dx], [5, dy]] as const) shift(index, by);
  };
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    move(object.get(PDFName.of('Dest')));
    const action = object.lookupMaybe(PDFName.of('A'), PDFDict);
    if (action?.get(PDFName.of('S')) === PDFName.of('GoTo')) move(action.get(PDFName.of('D')));
  }
  const named = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [, value] of named?.entries() ?? []) move(value);
}

/** The transfer, black generation and under-colour removal functions Ghostscript's conversion
 *  used (set by ghostscript.ts) are written into the graphics states; they have done their work,
 *  and PDF/X-1a forbids transfer functions. */
function clearDeviceFunctions(doc: PDFDocument): void {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    for (const key of ['TR', 'TR2', 'BG', 'BG2', 'UCR', 'UCR2']) object.delete(PDFName.of(key));
  }
}

function outputIntent(doc: PDFDocument, condition: OutputCondition): void {
  const { context } = doc;
  const profile = context.register(context.flateStream(condition.data, { N: condition.components }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: PDFString.of(condition.identifier),
    OutputCondition: PDFString.of(condition.info),
    Info: PDFString.of(condition.info),
    DestOutputProfile: profile,
  }) as PDFDict;
  if (condition.registry) intent.set(PDFName.of('RegistryName'), PDFString.of(condition.registry));
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
}

export async function pressPdf(screen: Uint8Array, book: Book, options: { configFile: string; digitsFace: Buffer | undefined }): Promise<Buffer> {
  const { press } = book.print;
  const condition = await outputCondition(press, options.configFile);
  const converted = await convertForPress(screen, { standard: press.standard, color: press.color, profile: condition.path });
  const doc = await PDFDocument.load(converted, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const trim = { width: mmToPt(book.print.size.width), height: mmToPt(book.print.size.height) };
  const { dx, dy } = layOutSheets(doc, { press, trim, rtl: book.metadata.writingMode === 'vertical-rl', digitsFace: options.digitsFace });
  moveDestinations(doc, dx, dy);
  clearDeviceFunctions(doc);
  outputIntent(doc, condition);

  const x4 = press.standard === 'x4';
  const version = x4 ? 'PDF/X-4' : 'PDF/X-1:2001';
  const producer = `${book.metadata.generator} (Chromium Skia/PDF, Ghostscript pdfwrite, pdf-lib)`;
  // Ghostscript's Info (its own producer and dates) is replaced whole.
  const info = doc.context.obj({}) as PDFDict;
  doc.context.trailerInfo.Info = doc.context.register(info);
  doc.setTitle(book.metadata.title);
  doc.setAuthor([...book.metadata.authors, ...book.metadata.translators].join(', '));
  doc.setCreator(book.metadata.generator);
  doc.setProducer(producer);
  doc.setCreationDate(book.metadata.modified);
  doc.setModificationDate(book.metadata.modified);
  info.set(PDFName.of('GTS_PDFXVersion'), PDFString.of(version));
  if (!x4) info.set(PDFName.of('GTS_PDFXConformance'), PDFString.of('PDF/X-1a:2001'));
  info.set(PDFName.of('Trapped'), PDFName.of('False'));
  for (const key of ['Metadata', 'OpenAction', 'AcroForm', 'Names', 'StructTreeRoot', 'MarkInfo']) doc.catalog.delete(PDFName.of(key));

  // Same screen PDF and settings, same bytes (Ghostscript's own ID and dates are replaced).
  const id = createHash('sha256').update(screen).update(JSON.stringify(press)).update(condition.data).digest('hex').slice(0, 32);
  if (x4) {
    const metadata = doc.context.stream(Buffer.from(xmp(book, version, producer, id), 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(metadata));
  }
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]) as PDFArray;
  dropUnreachable(doc);
  // PDF/X-1a is PDF 1.3: no object streams. PDF/X-4 is PDF 1.6, which has them. pdf-lib labels
  // every file it writes 1.7: the header is set to the version, in the same eight bytes.
  const bytes = Buffer.from(await doc.save({ useObjectStreams: x4, updateFieldAppearances: false, objectsPerTick: Infinity }));
  if (bytes.subarray(0, 8).toString('latin1') === '%PDF-1.7') bytes.write(x4 ? '%PDF-1.6' : '%PDF-1.3', 0, 'latin1');
  return bytes;
}
