/**
 * Images made fit for a book, in-process: raster images through sharp (raster.ts), SVGs through
 * svgo (svg.ts). The built book is checked end to end in real-inputs.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { epubMaxPixels, prepareRaster } from '../src/manuscript/raster.js';
import { cleanSvg } from '../src/manuscript/svg.js';
import { svgWithFonts } from '../src/pdf/svg-fonts.js';
import { repoRoot } from './helpers/cli.js';

/** A PNG chunk: length, type, body, CRC. */
const chunk = (type: string, body: Buffer) => {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), body])));
  return Buffer.concat([head, Buffer.from(type, 'latin1'), body, crc]);
};

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

  it('takes a PNG’s text, EXIF, time, content credentials and private chunks out and keeps every other byte (its pixels are not compressed again)', async () => {
    const png = await image(40, 30).png({ compressionLevel: 0 }).toBuffer();
    const header = 8 + 12 + 13; // signature, IHDR
    const metadata = [
      chunk('tEXt', Buffer.from('Comment\0made with a screenshot tool', 'latin1')),
      chunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta xmlns:x="adobe:ns:meta/"/>', 'latin1')),
      chunk('tIME', Buffer.from([0x07, 0xea, 12, 7, 1, 2, 3])),
      chunk('caBX', Buffer.from('c2pa: made by someone, edited with something')),
      chunk('prVW', Buffer.alloc(64, 7)),
    ];
    const tagged = Buffer.concat([png.subarray(0, header), ...metadata, png.subarray(header), Buffer.from('after the end')]);
    const meta = await sharp(tagged).metadata();
    expect(meta.comments?.length).toBeGreaterThan(0);
    const prepared = await prepareRaster(tagged);
    expect(prepared.print.equals(png)).toBe(true);
    expect(prepared.epub).toBe(prepared.print);
    // a private chunk alone goes too; a PNG with nothing to take out keeps its very bytes
    const private_ = Buffer.concat([png.subarray(0, header), chunk('mkBF', Buffer.alloc(32, 1)), png.subarray(header)]);
    expect((await prepareRaster(private_)).print.equals(png)).toBe(true);
    expect((await prepareRaster(png)).print).toBe(png);
    // a hand-made PNG whose chunks do not add up (its IDAT has no checksum) but whose header
    // reads, with no metadata, goes as it is, as ever (sharp cannot encode it again)
    const loose = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    expect((await prepareRaster(loose)).print).toBe(loose);
    // a file cut short in its last chunk is decoded and encoded again, its text gone
    const cut = await prepareRaster(tagged.subarray(0, header + metadata.reduce((n, c) => n + c.length, 0) + (png.length - header) - 4));
    expect((await sharp(cut.print).metadata()).comments).toBeUndefined();
  });

  it('makes a still GIF a PNG, keeps an animated GIF animated without its comment, and an animated WebP a GIF (it became a still)', async () => {
    const still = await prepareRaster(await image(20, 10).gif().toBuffer());
    expect([still.ext, (await sharp(still.epub).metadata()).format]).toEqual(['png', 'png']);
    const frames = await Promise.all(['red', 'blue', 'green'].map((background) => sharp({ create: { width: 8, height: 8, channels: 3, background } }).png().toBuffer()));
    const animated = await sharp(frames, { join: { animated: true } }).gif({ delay: 100 }).toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(3);
    const webp = await sharp(animated, { animated: true }).webp().toBuffer();
    for (const source of [animated, webp]) {
      const out = await prepareRaster(source);
      expect(out.ext).toBe('gif');
      expect((await sharp(out.epub).metadata()).pages).toBe(3);
    }
  });

  it('converts a CMYK JPEG to sRGB (readers show CMYK wrongly) and a lossless WebP to PNG, not JPEG', async () => {
    const cmyk = await image(20, 10).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    expect((await sharp((await prepareRaster(cmyk)).epub).metadata()).space).toBe('srgb');
    const lossless = await prepareRaster(await image(20, 10).webp({ lossless: true }).toBuffer());
    expect(lossless.ext).toBe('png');
  });

  it('says an image is too large rather than not an image', async () => {
    // A PNG's header is enough to tell its size: 20000 × 20000, and no pixels behind it.
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(20000, 0);
    ihdr.writeUInt32BE(20000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const huge = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
    await expect(prepareRaster(huge)).rejects.toThrow(/20000 × 20000 pixels is more than an image can have/);
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

  it('removes every way out of the file from the attacks of test/fixtures/svg-attacks, saying what it removed', () => {
    const dir = path.join(repoRoot, 'test/fixtures/svg-attacks');
    for (const name of readdirSync(dir)) {
      const { data, removed } = cleanSvg(readFileSync(path.join(dir, name)));
      const svg = data.toString();
      expect(svg, name).not.toMatch(/evil\.example|javascript:|<script|<set|<animate|\son[a-z]+=|xml:base|@import|\\|srcset|ping=|<h:|<\?xml-stylesheet/i);
      expect(removed.length, name).toBeGreaterThan(0);
    }
  });

  it('fails on a file that is not well-formed, naming the line', () => {
    expect(() => cleanSvg(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n'))).toThrow(/line/);
  });
});

describe('SVG text in print', () => {
  const face = (family: string, role: 'svg' | 'svg-mono') => ({ family, role, filename: `${family}.ttf`, weight: 400, face: family, style: 'Regular' as const, data: Buffer.from('font'), text: 'ab' });

  it('carries its faces and sets monospaced labels in the code face, the rest in the text face; 〓 for what no face has', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text font-family="monospace">a 𐀀</text><text>b</text></svg>');
    const out = svgWithFonts(svg, [face('Inkstone SVG', 'svg'), face('Inkstone SVG Mono', 'svg-mono')], '𐀀').toString();
    expect(out).toMatch(/^<svg [^>]*><style>@font-face\{font-family:"Inkstone SVG";font-weight:400;src:url\(data:font\/ttf;base64,/);
    expect(out).toContain('text,tspan,textPath{font-family:"Inkstone SVG"!important}');
    expect(out).toContain(':is(text,tspan,textPath)[font-family*=mono i]');
    expect(out).toContain('{font-family:"Inkstone SVG Mono","Inkstone SVG"!important}');
    expect(out).toContain('>a 〓</text>');
  });
});
