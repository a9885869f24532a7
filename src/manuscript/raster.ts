/**
 * A raster image from the manuscript, made fit for every output (sharp):
 * - formats a reader may not show (WebP — EPUBCheck 3.2 and Kindle refuse it —, TIFF, AVIF) are
 *   converted: to PNG when the image has transparency, else to JPEG;
 * - a camera's orientation (EXIF) is applied to the pixels and every piece of metadata is
 *   dropped (EXIF with a phone's GPS position, XMP, IPTC, comments): a published book carries the
 *   picture and nothing about where it was taken; colours are converted to sRGB;
 * - the EPUB gets at most `epubMaxPixels` (larger images are scaled down, for readers' memory;
 *   Apple Books' guideline is 4 million pixels); print keeps every pixel.
 * An image that needs none of this keeps its bytes; a PNG loses the chunks that do not say how to
 * show its pixels, the rest of its bytes as they were (it keeps an ICC profile). A still GIF
 * becomes PNG; an animated GIF or WebP becomes an animated GIF (without its metadata; print shows
 * its first frame).
 */
import sharp, { type Metadata, type Sharp } from 'sharp';

export const epubMaxPixels = 4_000_000;

export interface RasterImage {
  ext: 'png' | 'jpg' | 'gif';
  mediaType: string;
  /** For print: every pixel, upright, without metadata. */
  print: Buffer;
  /** For the EPUB: the same, scaled to at most `epubMaxPixels`. */
  epub: Buffer;
}

export class RasterError extends Error {
  /** The file is an image, but one that cannot be used (too many pixels): the message says why. */
  constructor(message: string, readonly isImage = false) {
    super(message);
  }
}

const outputs = {
  png: { ext: 'png', mediaType: 'image/png' },
  jpg: { ext: 'jpg', mediaType: 'image/jpeg' },
  gif: { ext: 'gif', mediaType: 'image/gif' },
} as const;

function encode(image: Sharp, ext: 'png' | 'jpg'): Promise<Buffer> {
  return ext === 'png' ? image.png({ compressionLevel: 9 }).toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}

/**
 * The chunks a PNG keeps: the critical ones, and those that say how to show its pixels —
 * transparency, colour (gamma, chromaticities, sRGB, an ICC profile: a PNG with a profile and
 * nothing else always kept it), significant bits, density, background — and an animation's
 * frames. Every other chunk is ancillary (its type starts with a lower-case letter) and carries
 * something else: text (comments, XMP, ImageMagick's raw EXIF and IPTC profiles), EXIF, the time
 * it was saved, C2PA content credentials (caBX), an editor's own data (Fireworks' layers, Apple's
 * iDOT).
 */
const pngKept = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs', 'bKGD', 'acTL', 'fcTL', 'fdAT']);

/**
 * The PNG with the kept chunks alone, each byte for byte (the same buffer when it had nothing
 * else): its pixels are not decoded and compressed again — at level 9 that took 18 ms a
 * screenshot, 0.3 s of the Debian Edu manual's 18 with comments. Undefined when the file is not
 * a sequence of whole chunks, or has a critical chunk this does not know, or sharp still finds
 * metadata in it: then, as before, it goes as it is if sharp found no metadata in it (a
 * hand-made file whose chunks do not add up, which sharp could not encode again), else it is
 * encoded again.
 * (By hand: a PNG is an 8-byte signature and length-prefixed chunks, each copied or left out
 * whole, so no checksum changes; the packages that list chunks are unmaintained.)
 */
async function pngKeptChunks(data: Buffer, carriesMetadata: boolean): Promise<Buffer | undefined> {
  const kept = [data.subarray(0, 8)];
  let at = 8;
  let dropped = false;
  for (let type = ''; type !== 'IEND'; ) {
    if (at + 12 > data.length) return undefined;
    const end = at + 12 + data.readUInt32BE(at);
    if (end > data.length) return undefined;
    type = data.toString('latin1', at + 4, at + 8);
    if (pngKept.has(type)) kept.push(data.subarray(at, end));
    else if (type.charCodeAt(0) < 0x61) return undefined; // a critical chunk this does not know
    else dropped = true;
    at = end;
  }
  // (bytes after IEND go too)
  if (!dropped && at === data.length) return carriesMetadata ? undefined : data;
  const stripped = Buffer.concat(kept);
  const meta = await sharp(stripped).metadata().catch(() => undefined);
  return meta && !(meta.exif || meta.xmp || meta.iptc || meta.comments?.length) ? stripped : undefined;
}

/** A WebP stored losslessly (a screenshot, line art): its VP8L chunk. Converted to PNG, not JPEG. */
const losslessWebp = (data: Buffer) => data.indexOf('VP8L', 12, 'latin1') >= 0;

export async function prepareRaster(data: Buffer): Promise<RasterImage> {
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new RasterError((error as Error).message);
  }
  const { format } = meta;
  if (!['png', 'jpeg', 'webp', 'tiff', 'heif', 'gif'].includes(format)) throw new RasterError(`a ${format} image is not supported`);
  const pixels = meta.width * meta.height;
  if (pixels > 268_402_689) throw new RasterError(`${meta.width} × ${meta.height} pixels is more than an image can have here (268 million)`, true);
  // An animation stays one, as a GIF (every reader plays GIF; print shows its first frame).
  if ((meta.pages ?? 1) > 1 && (format === 'gif' || format === 'webp')) {
    const gif = await sharp(data, { animated: true }).gif().toBuffer();
    return { ...outputs.gif, print: gif, epub: gif };
  }
  const ext = format === 'png' || format === 'gif' || (format !== 'jpeg' && (meta.hasAlpha || (format === 'webp' && losslessWebp(data)))) ? 'png' : 'jpg';
  const rotated = (meta.orientation ?? 1) !== 1;
  const carriesMetadata = Boolean(meta.exif || meta.xmp || meta.iptc || meta.comments?.length || (format === 'jpeg' && meta.icc));
  // CMYK (a press's JPEG) is shown wrongly by most readers: converted to sRGB like any profile.
  const keep = format === (ext === 'jpg' ? 'jpeg' : 'png') && !rotated && !carriesMetadata && meta.space !== 'cmyk';
  const png = format === 'png' && !rotated && meta.space !== 'cmyk' ? await pngKeptChunks(data, carriesMetadata) : undefined;
  const upright = png ?? (keep ? data : await encode(sharp(data).autoOrient(), ext));
  // Print sets it on white paper: transparency is flattened onto white (what the page shows),
  // so the PDF has no soft mask — a press PDF/X-1a would otherwise turn the page into an image.
  // (A file whose pixels sharp cannot decode, though its header reads, goes as it is, as before.)
  // (An image with transparency is a PNG here. Chromium decodes the print copy and compresses
  // its pixels itself: it is compressed fast.)
  const print = meta.hasAlpha ? await sharp(upright).flatten({ background: '#ffffff' }).png({ compressionLevel: 1 }).toBuffer().catch(() => upright) : upright;
  const width = rotated && (meta.orientation ?? 1) >= 5 ? meta.height : meta.width;

  const epub =
    pixels > epubMaxPixels
      ? await encode(sharp(upright).resize({ width: Math.floor(width * Math.sqrt(epubMaxPixels / pixels)) }), ext)
      : upright;

  return { ...outputs[ext], print, epub };
}
