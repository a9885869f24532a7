/**
 * Puts each image of the book in place: the source the transform set aside is resolved inside
 * the manuscript folder (see manuscript/assets.ts) and the `<img>` points at the image's stable
 * name under `images/`, the same in every output. Figures get their numbers here when the book
 * numbers them, since numbering runs across chapters.
 */
import { rules } from '../diagnostics/rules.js';
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import type { Asset, AssetResolver } from '../manuscript/assets.js';
import { isInkstoneError } from '../diagnostics/errors.js';
import type { Chapter } from './model.js';

function treesOf(chapter: Chapter): Root[] {
  return [chapter.body, ...chapter.notes.map((note) => ({ type: 'root', children: note.content }) as Root)];
}

/** Starts making the chapter's raster images fit while later chapters are transformed
 *  (AssetResolver.prefetch); `file`: the chapter's file (absolute). */
export function prefetchImages(chapter: Chapter, resolver: AssetResolver, file: string): void {
  for (const image of imagesOf(chapter)) resolver.prefetch(String(image.properties.dataInkstoneSrc), file);
}

/** The chapter's images whose source the transform set aside (body and notes), in order. */
function imagesOf(chapter: Chapter): Element[] {
  const images: Element[] = [];
  for (const tree of treesOf(chapter)) {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'img' && typeof node.properties.dataInkstoneSrc === 'string') images.push(node);
    });
  }
  return images;
}

/** With `collect`, an image that cannot be used is an error message on its file (and the build
 *  goes on to find the others) instead of an exception. */
export async function placeImages(chapters: Chapter[], files: VFile[], paths: string[], resolver: AssetResolver, collect = false): Promise<void> {
  for (const chapter of chapters) {
    const file = files[chapter.index];
    for (const image of imagesOf(chapter)) {
      let asset: Asset;
      try {
        asset = await resolver.resolve(String(image.properties.dataInkstoneSrc), {
          file: paths[chapter.index] ?? '',
          display: file?.path ?? chapter.source,
          line: image.position?.start.line,
          column: image.position?.start.column,
          warn: (message, ruleId) => file?.message(message, { place: image.position, ruleId, source: 'inkstone' }),
        });
      } catch (error) {
        // `inkstone check` lists every image that cannot be used, not the first only.
        if (!collect || !isInkstoneError(error) || !file) throw error;
        const message = file.message(error.message, { place: image.position, ruleId: error.ruleId, source: 'inkstone' });
        message.fatal = true;
        continue;
      }
      delete image.properties.dataInkstoneSrc;
      image.properties.src = `images/${asset.fileName}`;
      if (typeof image.properties.alt !== 'string' || !image.properties.alt.trim()) {
        image.properties.alt = '';
        file?.message('image without a description (alt text): readers who cannot see it get nothing', {
          place: image.position,
          ruleId: rules.imageAltMissing,
          source: 'inkstone',
        });
      }
    }
  }
}

/** Figures numbered through the book: the caption starts with its label, `图 3`. */
export function numberFigures(chapters: Chapter[], label: (n: number) => string): void {
  let n = 0;
  for (const chapter of chapters) {
    visit(chapter.body, 'element', (node: Element) => {
      if (node.tagName !== 'figure') return;
      const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
      if (!caption) return;
      n += 1;
      node.properties.id ??= `figure-${n}`;
      caption.children.unshift(
        { type: 'element', tagName: 'span', properties: { className: ['figure-label'] }, children: [{ type: 'text', value: label(n) }] },
        { type: 'text', value: ' ' },
      );
    });
  }
}
