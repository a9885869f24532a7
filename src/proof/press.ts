/**
 * The proof of a press PDF (one with a PDF/X output intent): what a print shop's preflight
 * checks beyond the page — boxes on every page and in order (TrimBox in BleedBox in MediaBox,
 * every TrimBox the same size), no RGB colour anywhere (content colour operators, colour spaces,
 * images), every font embedded. The layout itself is the screen PDF's, proofed there.
 * pdf-lib reads the objects; content streams are scanned for their colour operators only.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { contentText, usesOperator } from '../pdf/content-stream.js';
import { mm, type Finding } from './context.js';

/** Whether a PDF has a PDF/X output intent. */
export function isPressPdf(doc: PDFDocument): boolean {
  const intents = doc.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  return Boolean(intents?.asArray().some((intent) => doc.context.lookupMaybe(intent, PDFDict)?.get(PDFName.of('S')) === PDFName.of('GTS_PDFX')));
}

type Box = [number, number, number, number];

function box(dict: PDFDict, name: string): Box | undefined {
  const array = dict.lookupMaybe(PDFName.of(name), PDFArray);
  const values = array?.asArray().map((value) => (value instanceof PDFNumber ? value.asNumber() : NaN));
  return values?.length === 4 && values.every(Number.isFinite) ? (values as Box) : undefined;
}

const within = (inner: Box, outer: Box) => inner[0] >= outer[0] - 0.01 && inner[1] >= outer[1] - 0.01 && inner[2] <= outer[2] + 0.01 && inner[3] <= outer[3] + 0.01;

/** Whether a colour space (name or array) is RGB. */
function rgbSpace(doc: PDFDocument, value: PDFObject | undefined): boolean {
  const space = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (space === PDFName.of('DeviceRGB') || space === PDFName.of('CalRGB')) return true;
  if (!(space instanceof PDFArray)) return false;
  const family = space.get(0);
  if (family === PDFName.of('ICCBased')) {
    const stream = doc.context.lookup(space.get(1));
    return stream instanceof PDFRawStream && stream.dict.get(PDFName.of('N')) instanceof PDFNumber && (stream.dict.get(PDFName.of('N')) as PDFNumber).asNumber() === 3;
  }
  if (family === PDFName.of('CalRGB')) return true;
  if (family === PDFName.of('Indexed')) return rgbSpace(doc, space.get(1));
  return false;
}

/** What draws in RGB on a page or in its forms: content operators, colour spaces, images. */
function rgbUses(doc: PDFDocument, resources: PDFDict | undefined, contents: PDFObject[], depth = 0): string[] {
  const found = new Set<string>();
  for (const content of contents) {
    const text = contentText(doc, content);
    if (usesOperator(text, ['rg', 'RG'])) found.add('text or drawing in DeviceRGB');
    if (/\/(DeviceRGB|CalRGB)\s*(cs|CS)\b/.test(text)) found.add('a colour space set to DeviceRGB');
    if (/\bBI\b[\s\S]*?\/(CS|ColorSpace)\s*\/(RGB|DeviceRGB|CalRGB)\b/.test(text)) found.add('an inline image in RGB');
  }
  // Shadings (gradients), directly or in shading patterns.
  const shadings = resources?.lookupMaybe(PDFName.of('Shading'), PDFDict);
  for (const [name, value] of shadings?.entries() ?? []) {
    const shading = doc.context.lookup(value);
    const dict = shading instanceof PDFRawStream ? shading.dict : shading;
    if (dict instanceof PDFDict && rgbSpace(doc, dict.get(PDFName.of('ColorSpace')))) found.add(`shading ${name.decodeText()} is RGB`);
  }
  const patterns = resources?.lookupMaybe(PDFName.of('Pattern'), PDFDict);
  for (const [name, value] of patterns?.entries() ?? []) {
    const pattern = doc.context.lookup(value);
    const dict = pattern instanceof PDFRawStream ? pattern.dict : pattern;
    const shading = dict instanceof PDFDict ? doc.context.lookup(dict.get(PDFName.of('Shading'))) : undefined;
    const shadingDict = shading instanceof PDFRawStream ? shading.dict : shading;
    if (shadingDict instanceof PDFDict && rgbSpace(doc, shadingDict.get(PDFName.of('ColorSpace')))) found.add(`pattern ${name.decodeText()} is an RGB gradient`);
    if (pattern instanceof PDFRawStream && depth < 4) {
      for (const use of rgbUses(doc, pattern.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), [pattern], depth + 1)) found.add(use);
    }
  }
  const spaces = resources?.lookupMaybe(PDFName.of('ColorSpace'), PDFDict);
  for (const [name, value] of spaces?.entries() ?? []) if (rgbSpace(doc, value)) found.add(`colour space ${name.decodeText()} is RGB`);
  const objects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  for (const [name, ref] of objects?.entries() ?? []) {
    const object = doc.context.lookup(ref);
    if (!(object instanceof PDFRawStream)) continue;
    const subtype = object.dict.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('Image') && rgbSpace(doc, object.dict.get(PDFName.of('ColorSpace')))) found.add(`image ${name.decodeText()} is RGB`);
    if (subtype === PDFName.of('Form') && depth < 4) {
      for (const use of rgbUses(doc, object.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), [object], depth + 1)) found.add(use);
    }
  }
  return [...found];
}

/** Fonts whose program is not in the file. */
function unembedded(doc: PDFDocument, resources: PDFDict | undefined): string[] {
  const names: string[] = [];
  for (const [, ref] of resources?.lookupMaybe(PDFName.of('Font'), PDFDict)?.entries() ?? []) {
    const font = doc.context.lookupMaybe(ref, PDFDict);
    if (!font || font.get(PDFName.of('Subtype')) === PDFName.of('Type3')) continue;
    const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.asArray()[0];
    const described = descendant ? doc.context.lookupMaybe(descendant, PDFDict) : font;
    const descriptor = described?.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    if (!['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.get(PDFName.of(key)))) names.push(String(font.get(PDFName.of('BaseFont'))));
  }
  return names;
}

/** What PDF/X asks of the file: its version named, and the printing condition's profile. */
function pdfxKeys(doc: PDFDocument): string[] {
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict);
  const intents = doc.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray)?.asArray() ?? [];
  const problems: string[] = [];
  if (!info?.get(PDFName.of('GTS_PDFXVersion'))) problems.push('no GTS_PDFXVersion in the document information');
  if (!intents.some((intent) => doc.context.lookupMaybe(intent, PDFDict)?.get(PDFName.of('DestOutputProfile')))) problems.push('the output intent has no DestOutputProfile');
  return problems;
}

export function pressFindings(doc: PDFDocument): Finding[] {
  const findings: Finding[] = [];
  const keys = pdfxKeys(doc);
  if (keys.length) findings.push({ rule: 'press-pdfx', page: 1, message: `not a complete PDF/X file: ${keys.join('; ')}` });
  let trimSize: [number, number] | undefined;
  doc.getPages().forEach((page, index) => {
    const number = index + 1;
    const media = box(page.node, 'MediaBox');
    const bleed = box(page.node, 'BleedBox');
    const trim = box(page.node, 'TrimBox');
    if (!media || !bleed || !trim) {
      const missing = [media ? '' : 'MediaBox', bleed ? '' : 'BleedBox', trim ? '' : 'TrimBox'].filter(Boolean).join(', ');
      findings.push({ rule: 'press-boxes', page: number, message: `no ${missing}: the printer cannot tell where to cut` });
    } else if (!within(trim, bleed) || !within(bleed, media)) {
      findings.push({ rule: 'press-boxes', page: number, message: 'the boxes are out of order: TrimBox must lie within the BleedBox, and that within the MediaBox' });
    } else {
      const size: [number, number] = [trim[2] - trim[0], trim[3] - trim[1]];
      trimSize ??= size;
      if (Math.abs(size[0] - trimSize[0]) > 0.5 || Math.abs(size[1] - trimSize[1]) > 0.5) {
        findings.push({ rule: 'press-boxes', page: number, message: `trimmed to ${size.map(mm).join(' × ')}, unlike page 1` });
      }
    }
    const resources = page.node.Resources();
    const contents = page.node.get(PDFName.of('Contents'));
    const rgb = rgbUses(doc, resources, contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : []);
    if (rgb.length) findings.push({ rule: 'press-rgb', page: number, message: `RGB on a page for the press: ${rgb.join('; ')}` });
    const missing = unembedded(doc, resources);
    if (missing.length) findings.push({ rule: 'press-font-not-embedded', page: number, message: `font not embedded: ${missing.join(', ')}` });
  });
  return findings;
}
