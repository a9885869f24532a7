/**
 * Images made fit for a book, in-process: raster images through sharp (raster.ts), SVGs through
 * svgo (svg.ts). The built book is checked end to end in real-inputs.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { epubMaxPixels, prepareRaster } from '../src/manuscript/raster.js';
import { cleanSvg } from '../src/manuscript/svg.js';
import { repoRoot } from './helpers/cli.js';

const image = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: channels === 4 ? { r: 200, g: 40, b: 40, alpha: 0.5 } : { r: 200, g: 40, b: 40 } } });

describe('raster images', () => {
  it('scales an image over 4 megapixels down for the EPUB only', async () => {
    const png = await image(2600, 2000).png().toBuffer();
    const prepared = await prepareRaster(png);
    const epub = await sharp(prepared.epub).metadata();
    expect(epub.width * epub.height).toBeLessThanOrEqual(epubMaxPixels);
    expect(epub.width / epub.height).toBeCloseTo(1.3, 2);
    expect(prepared.print).toBe(png); // nothing to change for print: the same bytes
  });

  it('converts WebP: to JPEG when opaque, to PNG when it has transparency', async () => {
    const opaque = await prepareRaster(await image(40, 30).webp().toBuffer());
    expect([opaque.ext, (await sharp(opaque.epub).metadata()).format]).toEqual(['jpg', 'jpeg']);
    const clear = await prepareRaster(await image(40, 30, 4).webp().toBuffer());
    expect([clear.ext, (await sharp(clear.epub).metadata()).format]).toEqual(['png', 'png']);
  });

  it('keeps a JPEG without metadata byte for byte, and strips one with EXIF', async () => {
    const plain = await image(40, 30).jpeg().toBuffer();
    expect((await prepareRaster(plain)).print).toBe(plain);
    const tagged = await image(40, 30).jpeg().withExif({ IFD0: { Make: 'Phone' } }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(tagged).metadata()).orientation).toBe(6);
    const prepared = await prepareRaster(tagged);
    const meta = await sharp(prepared.print).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([30, 40]); // turned upright
  });

  it('refuses what is not an image', async () => {
    await expect(prepareRaster(Buffer.from('hello'))).rejects.toThrow();
  });
});

describe('SVG cleaning', () => {
  it('takes an Illustrator export’s DOCTYPE and enable-background away and keeps its drawing', () => {
    const source = readFileSync(path.join(repoRoot, 'test/fixtures/real-inputs/images/ferris-illustrator.svg'));
    const { data, removed } = cleanSvg(source);
    const svg = data.toString();
    expect(svg).not.toMatch(/DOCTYPE|enable-background|<\?xml|<!--/);
    expect(svg.match(/<path/g)?.length).toBe(source.toString().match(/<path/g)?.length);
    expect(removed).toEqual([]);
  });

  it('takes Inkscape’s namespaces away and reads the characters of its text', () => {
    const { data, text } = cleanSvg(readFileSync(path.join(repoRoot, 'test/fixtures/real-inputs/images/inkscape-diagram.svg')));
    expect(data.toString()).not.toMatch(/sodipodi|inkscape|rdf:|enable-background/);
    for (const char of '书稿成EPUB·PDF inkstone') expect(text).toContain(char);
  });

  it('fails on a file that is not well-formed, naming the line', () => {
    expect(() => cleanSvg(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n'))).toThrow(/line/);
  });
});
