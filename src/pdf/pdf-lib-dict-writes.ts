/**
 * pdf-lib writes a dictionary by asking for `entries()`, which copies its map into a new array
 * of new pairs: twice for each of the 33,000-odd dictionaries of the 300,000-character book's
 * save (once to measure it, once to write it), and the garbage with them. The two methods below
 * are pdf-lib's own, walking the dictionary's map itself (which neither changes): the same bytes.
 * Importing this module is enough.
 * (Hand-written: pdf-lib has no option for it.)
 */
import { PDFDict } from 'pdf-lib';
import { entriesOf } from './move-objects.js';

/** `<` `>` and the newline, as pdf-lib's CharCodes has them. */
const lessThan = 0x3c;
const greaterThan = 0x3e;
const newline = 0x0a;
const space = 0x20;

PDFDict.prototype.sizeInBytes = function sizeInBytes(this: PDFDict): number {
  let size = 5;
  for (const [key, value] of entriesOf(this)) size += key.sizeInBytes() + value.sizeInBytes() + 2;
  return size;
};

PDFDict.prototype.copyBytesInto = function copyBytesInto(this: PDFDict, buffer: Uint8Array, offset: number): number {
  const initialOffset = offset;
  buffer[offset++] = lessThan;
  buffer[offset++] = lessThan;
  buffer[offset++] = newline;
  for (const [key, value] of entriesOf(this)) {
    offset += key.copyBytesInto(buffer, offset);
    buffer[offset++] = space;
    offset += value.copyBytesInto(buffer, offset);
    buffer[offset++] = newline;
  }
  buffer[offset++] = greaterThan;
  buffer[offset++] = greaterThan;
  return offset - initialOffset;
};
