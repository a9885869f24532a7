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
