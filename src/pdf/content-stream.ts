/**
 * What a PDF content stream says, as text, and whether it uses an operator: enough to tell a
 * page that draws nothing (press/sheet.ts) or one that sets RGB colour (proof/press.ts), without
 * interpreting it. (pdf-lib writes content streams but does not read them; pdf.js reads them
 * through a whole renderer.)
 */
import { decodePDFRawStream, PDFArray, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';

/** The decoded text of a page's or form's `Contents` (a stream, a reference, or an array of them). */
export function contentText(doc: PDFDocument, contents: PDFObject | undefined): string {
  const list = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  let text = '';
  for (const item of list) {
    const stream = item instanceof PDFRef ? doc.context.lookup(item) : item;
    if (stream instanceof PDFRawStream) text += `${Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')}\n`;
  }
  return text;
}

/** Whether `text` uses one of `operators`: an operator follows white space or the end of a
 *  string, array or hex string (`]TJ`), and is followed by white space or what opens a token. */
export function usesOperator(text: string, operators: readonly string[]): boolean {
  const names = operators.map((name) => name.replace(/[*'"]/g, (char) => `\\${char}`)).join('|');
  return new RegExp(`(^|[\\s\\])>])(${names})(?=[\\s[(</]|$)`).test(text);
}
