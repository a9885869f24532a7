/**
 * The unified processor: Markdown → mdast (GFM, CJK-friendly emphasis) → hast.
 * Never touches the file system; content problems become vfile messages.
 */
import type { Root } from 'hast';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkCjkFriendlyGfmStrikethrough from 'remark-cjk-friendly-gfm-strikethrough';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { handlers } from './handlers.js';
import remarkNoteDefinitions from './remark-note-definitions.js';

export function createProcessor() {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkCjkFriendly)
    .use(remarkCjkFriendlyGfmStrikethrough)
    .use(remarkNoteDefinitions)
    .use(remarkRehype, { handlers });
}

export type Processor = ReturnType<typeof createProcessor>;

/** Markdown vfile → hast root; note definitions land in `file.data.noteDefinitions`. */
export async function transformChapter(processor: Processor, file: VFile): Promise<Root> {
  const mdast = processor.parse(file);
  return (await processor.run(mdast, file)) as Root;
}
