// Packages that ship no types (or none for the entry we use).
// fontverter ships no types.
declare module 'fontverter' {
  type Format = 'sfnt' | 'truetype' | 'woff' | 'woff2';
  const fontverter: {
    convert(font: Buffer | Uint8Array, to: Format, from?: Format): Promise<Buffer>;
    detectFormat(font: Buffer | Uint8Array): Format;
  };
  export default fontverter;
}

// unicode-name ships no types.
declare module 'unicode-name' {
  export function unicodeName(char: string): string | undefined;
}

/** The wasm-bindgen glue of @huacnlee/autocorrect (its package types only the bundler entry). */
declare module '@huacnlee/autocorrect/autocorrect_bg.js' {
  export function __wbg_set_wasm(exports: WebAssembly.Exports): void;
  export function format(text: string): string;
  export function loadConfig(config: string): unknown;
}

// pako 1.x ships no types; zlib-deflate.ts replaces the one function pdf-lib calls.
declare module 'pako' {
  const pako: { deflate: (data: Uint8Array) => Uint8Array };
  export default pako;
}
