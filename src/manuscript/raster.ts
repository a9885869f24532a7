/**
 * A raster image from the manuscript, made fit for every output (sharp):
 * - formats a reader may not show (WebP — EPUBCheck 3.2 and Kindle refuse it —, TIFF, AVIF) are
 *   converted: to PNG when the image has transparency, else to JPEG;
 * - a camera's orientation (EXIF) is applied to the pixels and every piece of metadata is
 *   dropped (EXIF with a phone's GPS position, XMP, IPTC, comments): a published book carries the
 *   picture and nothing about where it was taken; colours are converted to sRGB;
 * - the EPUB gets at most `epubMaxPixels` (larger images are scaled down, for readers' memory;
 *   Apple Books' guideline is 4 million pixels); print keeps every pixel.
 * An image that needs none of this keeps its bytes; a PNG whose only metadata are text, EXIF and
 * its time loses those chunks, the rest of its bytes as they were. A still GIF becomes PNG; an animated GIF or
 * WebP becomes an animated GIF (without its metadata; print shows its first frame).
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

/** PNG chunks that hold nothing but metadata: text (comments, XMP, ImageMagick's raw EXIF and
 *  IPTC profiles), EXIF, the time it was last changed. */
const pngMetadataChunks = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/**
 * The PNG without its metadata chunks, every other chunk byte for byte — the pixels are not
 * decoded and compressed again (at level 9 that took 18 ms a screenshot: 0.3 s of the Debian Edu
 * manual's 18 with comments). Undefined when the file is not a PNG of whole chunks, or sharp
 * still finds metadata in it: then it is encoded again.
 * (By hand: a PNG is an 8-byte signature and length-prefixed chunks, each copied or left out
 * whole, so no checksum changes; the packages that list chunks are unmaintained.)
 */
async function withoutPngMetadata(data: Buffer): Promise<Buffer | undefined> {
  const kept = [data.subarray(0, 8)];
  for (let at = 8, type = ''; type !== 'IEND'; ) {
    if (at + 12 > data.length) return undefined;
    const end = at + 12 + data.readUInt32BE(at);
    if (end > data.length) return undefined;
    type = data.toString('latin1', at + 4, at + 8);
    if (!pngMetadataChunks.has(type)) kept.push(data.subarray(at, end));
    at = end;
  }
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
  const stripped = !keep && format === 'png' && !rotated && meta.space !== 'cmyk' ? await withoutPngMetadata(data) : undefined;
  const upright = keep ? data : (stripped ?? (await encode(sharp(data).autoOrient(), ext)));
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
