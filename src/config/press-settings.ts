/** The press PDF (pdf/press/): book.yaml's `pdf.press…` and `page.bleed|marks|signature|hidden-folio`. */
export interface PressSettings {
  /** Written with every PDF (`pdf.press`), else only with `--press`. */
  always: boolean;
  standard: 'x4' | 'x1a';
  /** The CMYK ICC profile: Ghostscript's SWOP profile, or a file of the manuscript (its real
   *  path once the manuscript is loaded: manuscript/load-manuscript.ts confines it). */
  profile: { kind: 'swop' } | { kind: 'file'; written: string; path: string; condition: string | undefined; place: { line: number; column: number } | undefined };
  color: 'cmyk' | 'gray';
  /** Millimetres. */
  bleed: number;
  marks: { crop: boolean; cross: boolean };
  /** Pages a multiple of this (1: no padding). */
  signature: number;
  hiddenFolio: boolean;
}
