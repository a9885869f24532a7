/**
 * pdf-lib keeps one object per name and per reference, found in a pool by a string made on
 * every call: `PDFName.of` runs a regular expression over the name first (to decode `#xx`), and
 * `PDFRef.of` builds the text `N 0 R`. Parsing a long book's parts calls each tens of thousands
 * of times (a 28-page part has some 2,700 objects, most of them structure elements), and those
 * two calls were a fifth of the parse. The memos below answer a name or object number seen
 * before with the object pdf-lib's pool gave for it — the same object, so nothing else changes —
 * and ask pdf-lib for the rest. Importing this module is enough.
 * Numbers too: pdf-lib makes a new PDFNumber for each, writing it out as text at once; a small
 * whole number (a marked-content id, a width, a count) is answered with the one made for it
 * before. A PDFNumber never changes, and nothing in pdf-lib or here tells two of the same value
 * apart (pdf-lib's only lookup by identity is for a form's dictionaries).
 * (Hand-written: pdf-lib has no option for it; its pools are not exported.)
 */
import { PDFName, PDFNumber, PDFRef } from 'pdf-lib';

const names = new Map<string, PDFName>();
const nameOf = PDFName.of;
const refs: PDFRef[] = [];
const refOf = PDFRef.of;

(PDFName as { of: (name: string) => PDFName }).of = (name: string): PDFName => {
  let found = names.get(name);
  if (!found) names.set(name, (found = nameOf(name)));
  return found;
};

(PDFRef as { of: (objectNumber: number, generationNumber?: number) => PDFRef }).of = (objectNumber: number, generationNumber = 0): PDFRef => {
  if (generationNumber !== 0 || !Number.isInteger(objectNumber) || objectNumber < 0 || objectNumber > 1e7) return refOf(objectNumber, generationNumber);
  let found = refs[objectNumber];
  if (!found) refs[objectNumber] = found = refOf(objectNumber, 0);
  return found;
};

const numbers: PDFNumber[] = [];
const numberOf = PDFNumber.of;

(PDFNumber as { of: (value: number) => PDFNumber }).of = (value: number): PDFNumber => {
  if (!(Number.isInteger(value) && value >= 0 && value < 65536) || Object.is(value, -0)) return numberOf(value);
  return (numbers[value] ??= numberOf(value));
};
