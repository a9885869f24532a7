/**
 * A raster image from the manuscript, made fit for every output (sharp):
 * - formats a reader may not show (WebP — EPUBCheck 3.2 and Kindle refuse it —, TIFF, AVIF) are
 *   converted: to PNG when the image has transparency, else to JPEG;
 * - a camera's orientation (EXIF) is applied to the pixels and every piece of metadata is
 *   dropped (EXIF with a phone's GPS position, XMP, IPTC, comments): a published book carries the
 *   picture and nothing about where it was taken; colours are converted to sRGB;
 * - the EPUB gets at most `epubMaxPixels` (larger images are scaled down, for readers' memory;
 *   Apple Books' guideline is 4 million pixels); print keeps every pixel.
 * An image that needs none of this keeps its bytes. GIFs are kept as they are (animation).
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

export class RasterError extends Error {}

const outputs = {
  png: { ext: 'png', mediaType: 'image/png' },
  jpg: { ext: 'jpg', mediaType: 'image/jpeg' },
  gif: { ext: 'gif', mediaType: 'image/gif' },
} as const;

function encode(image: Sharp, ext: 'png' | 'jpg'): Promise<Buffer> {
  return ext === 'png' ? image.png({ compressionLevel: 9 }).toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}

export async function prepareRaster(data: Buffer): Promise<RasterImage> {
  let meta: Metadata;
  try {
    meta = await sharp(data).metadata();
  } catch (error) {
    throw new RasterError((error as Error).message);
  }
  const format = meta.format;
  if (format === 'gif') return { ...outputs.gif, print: data, epub: data };
  if (!['png', 'jpeg', 'webp', 'tiff', 'heif'].includes(format)) throw new RasterError(`a ${format} image is not supported`);
  const ext = format === 'png' || (format !== 'jpeg' && meta.hasAlpha) ? 'png' : 'jpg';
  const rotated = (meta.orientation ?? 1) !== 1;
  const carriesMetadata = Boolean(meta.exif || meta.xmp || meta.iptc || meta.comments?.length || (format === 'jpeg' && meta.icc));
  const print = format === (ext === 'jpg' ? 'jpeg' : 'png') && !rotated && !carriesMetadata ? data : await encode(sharp(data).autoOrient(), ext);
  const width = rotated && (meta.orientation ?? 1) >= 5 ? meta.height : meta.width;
  const height = rotated && (meta.orientation ?? 1) >= 5 ? meta.width : meta.height;
  const pixels = width * height;
  const epub =
    pixels > epubMaxPixels
      ? await encode(sharp(print).resize({ width: Math.floor(width * Math.sqrt(epubMaxPixels / pixels)) }), ext)
      : print;
  return { ...outputs[ext], print, epub };
}
