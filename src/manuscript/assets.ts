/**
 * The book's images, read from the manuscript folder and nowhere else. A source that leaves the
 * folder (`../../etc/…`, an absolute path, a `file:` URL, a symlink pointing out), a remote
 * image without `--allow-remote`, a missing file or a file that is not an image is a clear
 * error naming the manuscript file, line and the path. Names are stable: the file's name
 * (ASCII) and a hash of its bytes; a file used twice is stored once. Each image is made fit for
 * the book on the way in: SVGs cleaned (svg.ts), raster images upright, without metadata, in a
 * format every reader shows (raster.ts).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { confine, ConfineError, shown } from './confine.js';
// sharp (native) and svgo load when a book has an image: a book without one starts quicker.
const rasterModule = () => import('./raster.js');
type RasterImage = import('./raster.js').RasterImage;
const svgModule = () => import('./svg.js');

export interface Asset {
  /** File name under `images/` in every output, e.g. `diagram-3fa2c1d9.png`. */
  fileName: string;
  mediaType: string;
  /** For print: full size. */
  data: Buffer;
  /** For the EPUB: the same image, scaled down when it is very large (raster.ts). */
  epubData: Buffer;
  /** SVG only: the characters of its text, which print draws with the book's faces. */
  svgText?: string;
}

export interface AssetPlace {
  /** Manuscript file the reference is in (absolute), and as shown in messages. */
  file: string;
  display: string;
  line?: number | undefined;
  column?: number | undefined;
  /** Told what was removed from an SVG (scripts, outside references). */
  warn?: (message: string, ruleId: string) => void;
}

export interface AssetOptions {
  /** Allow http(s) images (fetched with a size and time limit). */
  allowRemote?: boolean;
}

const maxBytes = 50 * 1024 * 1024;
const remoteTimeoutMs = 15_000;

const hashOf = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** An SVG file starts, after an XML declaration, comments and a DOCTYPE, with `<svg`; anything
 *  else is left to sharp, which knows the raster formats. */
const looksLikeSvg = (b: Buffer) => startsWithMarkup(b) &&
  /^\s*(<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>\[]*(\[[\s\S]*?\])?\s*>\s*)*<svg[\s>]/i.test(b.subarray(0, 64 * 1024).toString('utf8').replace(/^\uFEFF/, ''));

/** Whether the text starts with `<` after white space (or is all white space as far as this
 *  reads): a raster image starts with its signature, and is not decoded as text — 64 KB of
 *  each image, twice, took 70 ms of a build of the Debian Edu manual's 68 screenshots. */
function startsWithMarkup(b: Buffer): boolean {
  return /^\s*(<|$)/.test(b.subarray(0, 256).toString('utf8'));
}

export class AssetResolver {
  private readonly byHash = new Map<string, Asset>();
  /** Raster images made fit for the book (raster.ts), by their bytes' hash: `prefetch` starts
   *  them early, `add` waits for them. */
  private readonly rasters = new Map<string, Promise<RasterImage>>();
  private readonly early = pLimit(availableParallelism());

  constructor(
    private readonly root: string,
    private readonly options: AssetOptions = {},
  ) {}

  /** Every image resolved so far, in first-use order. */
  get assets(): Asset[] {
    return [...this.byHash.values()];
  }

  async resolve(src: string, place: AssetPlace): Promise<Asset> {
    const fail = (reason: string): never => {
      throw new InkstoneError(reason, { file: place.display, line: place.line, column: place.column, ruleId: rules.imageRefused });
    };
    const source = src.trim();
    if (!source) fail('an image without a source');
    const data = source.startsWith('data:')
      ? this.fromDataUrl(source, fail)
      : /^https?:\/\//i.test(source)
        ? await this.fromNetwork(source, fail)
        : /^[a-z][a-z0-9+.-]*:/i.test(source)
          ? fail(`image “${shown(source)}” refused: only files in the manuscript folder${this.options.allowRemote ? ' and http(s) URLs' : ''} can be images`)
          : await this.fromFile(source, place, fail);
    return this.add(data, source, place, fail);
  }

  /**
   * Starts reading a raster image that a chapter names (a file in the manuscript folder) and
   * making it fit, while later chapters are still transformed: sharp works on threads of its own
   * (the Debian Edu manual, 68 images: the book stage 1.97–2.12 s against 2.18–2.29 s, 3 runs
   * each). `resolve`, called in the book's order, finds the work done and reports what it
   * reports; nothing is reported, and nothing fails, from here.
   */
  prefetch(src: string, file: string): void {
    const source = src.trim();
    if (!source || /^[a-z][a-z0-9+.-]*:/i.test(source)) return;
    const quiet = (reason: string): never => {
      throw new Error(reason);
    };
    this.early(async () => {
      const data = await this.fromFile(source, { file, display: '' }, quiet);
      if (!looksLikeSvg(data)) await this.raster(data, hashOf(data));
    }).catch(() => {});
  }

  private raster(data: Buffer, hash: string): Promise<RasterImage> {
    let made = this.rasters.get(hash);
    if (!made) {
      made = rasterModule().then(({ prepareRaster }) => prepareRaster(data));
      this.rasters.set(hash, made);
    }
    return made;
  }

  private fromDataUrl(source: string, fail: (reason: string) => never): Buffer {
    const match = /^data:image\/[a-z0-9.+-]+;base64,([a-z0-9+/=\s]*)$/i.exec(source);
    if (!match) return fail('a data: image must be base64 image data');
    return Buffer.from(match[1] ?? '', 'base64');
  }

  private async fromNetwork(url: string, fail: (reason: string) => never): Promise<Buffer> {
    if (!this.options.allowRemote) {
      return fail(`remote image “${shown(url)}” refused: save it in the manuscript folder, or build with --allow-remote`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(remoteTimeoutMs), redirect: 'follow' });
      if (!response.ok || !response.body) return fail(`remote image “${shown(url)}”: HTTP ${response.status}`);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > maxBytes) return fail(`remote image “${shown(url)}” is larger than ${maxBytes >> 20} MB`);
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    } catch (error) {
      if (error instanceof InkstoneError) throw error;
      return fail(`remote image “${shown(url)}” could not be fetched (${(error as Error).name === 'TimeoutError' ? `no answer in ${remoteTimeoutMs / 1000} s` : (error as Error).message})`);
    }
  }

  private async fromFile(source: string, place: AssetPlace, fail: (reason: string) => never): Promise<Buffer> {
    let relative = source.replace(/[?#].*$/, '');
    try {
      relative = decodeURIComponent(relative);
    } catch {
      // keep it as written
    }
    let real: string;
    try {
      real = await confine(this.root, path.dirname(place.file), relative, 'image');
    } catch (error) {
      if (error instanceof ConfineError) return fail(error.message.replace(`“${shown(relative)}”`, `“${shown(source)}”`));
      throw error;
    }
    if ((await stat(real)).size > maxBytes) fail(`image “${shown(source)}” is larger than ${maxBytes >> 20} MB`);
    return readFile(real);
  }

  private async add(data: Buffer, source: string, place: AssetPlace, fail: (reason: string) => never): Promise<Asset> {
    const hash = hashOf(data);
    const existing = this.byHash.get(hash);
    if (existing) return existing;
    const stem = path.basename(source.replace(/[?#].*$/, '')).replace(/\.[a-z0-9]+$/i, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'image';
    let asset: Asset;
    if (looksLikeSvg(data)) {
      const { cleanSvg, SvgError } = await svgModule();
      let svg: ReturnType<typeof cleanSvg>;
      try {
        svg = cleanSvg(data);
      } catch (error) {
        if (error instanceof SvgError) return fail(`SVG image “${shown(source)}” cannot be read: ${error.message}`);
        throw error;
      }
      if (svg.removed.length) {
        const list = svg.removed.length > 4 ? [...svg.removed.slice(0, 3), `${svg.removed.length - 3} more`] : svg.removed;
        place.warn?.(`SVG image “${shown(source)}”: removed ${list.join(', ')} (a book's images neither run code nor load anything)`, rules.imageSvgCleaned);
      }
      asset = { fileName: `${stem}-${hash.slice(0, 8)}.svg`, mediaType: 'image/svg+xml', data: svg.data, epubData: svg.data, svgText: svg.text };
    } else {
      const { RasterError } = await rasterModule();
      let raster: RasterImage;
      try {
        raster = await this.raster(data, hash);
      } catch (error) {
        if (error instanceof RasterError && error.isImage) return fail(`image “${shown(source)}”: ${error.message}`);
        if (error instanceof RasterError) return fail(`“${shown(source)}” is not an image Inkstone can use (PNG, JPEG, GIF, WebP, TIFF, AVIF or SVG)`);
        throw error;
      }
      asset = { fileName: `${stem}-${hash.slice(0, 8)}.${raster.ext}`, mediaType: raster.mediaType, data: raster.print, epubData: raster.epub };
    }
    this.byHash.set(hash, asset);
    return asset;
  }
}
