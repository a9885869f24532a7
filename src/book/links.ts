/**
 * Links between chapters: `[见第二章](ch02.md#小节)` written against the manuscript's files
 * becomes a link to the heading's book-wide anchor, `#<id>` with the target chapter noted, which
 * each renderer turns into its own form (EPUB: `ch02.xhtml#id`; PDF: an in-document link).
 * A link that leaves the manuscript folder is refused; one that finds nothing is a warning.
 */
import { rules } from '../diagnostics/rules.js';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import { InkstoneError } from '../diagnostics/errors.js';
import type { Chapter } from './model.js';

export interface LinkContext {
  root: string;
  /** Absolute path of each chapter's source file. */
  paths: string[];
  /** Per chapter: the anchor an author writes (the heading's slug within its file) → book id. */
  localIds: Array<Map<string, string>>;
  files: VFile[];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** For messages: decoded, with control characters and line breaks made visible. */
function shown(text: string): string {
  return JSON.stringify(decode(text)).slice(1, -1);
}

function unlink(node: Element): void {
  node.tagName = 'span';
  node.properties = {};
}

function resolveOne(node: Element, from: number, chapters: Chapter[], context: LinkContext): void {
  const href = node.properties.href;
  if (typeof href !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(href)) return;
  const file = context.files[from];
  const warn = (reason: string) => {
    file?.message(reason, { place: node.position, ruleId: rules.linkUnresolved, source: 'inkstone' });
    unlink(node);
  };
  const hash = href.indexOf('#');
  const target = hash >= 0 ? href.slice(0, hash) : href;
  const fragment = hash >= 0 ? decode(href.slice(hash + 1)) : '';
  let index = from;
  if (target) {
    const absolute = path.resolve(path.dirname(context.paths[from] ?? context.root), decode(target));
    const relative = path.relative(context.root, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new InkstoneError(`link to “${shown(href)}” refused: it points outside the manuscript folder`, {
        file: file?.path,
        line: node.position?.start.line,
        column: node.position?.start.column,
        ruleId: rules.pathOutside,
      });
    }
    index = context.paths.indexOf(absolute);
    if (index < 0) return warn(`link to “${shown(href)}”: no chapter of the book is that file`);
  }
  const chapter = chapters[index];
  if (!chapter) return;
  const id = fragment
    ? context.localIds[index]?.get(fragment) ?? (chapter.headings.some((h) => h.id === fragment) ? fragment : undefined)
    : chapter.headings.find((h) => h.depth === 1)?.id ?? chapter.id;
  if (!id) return warn(`link to “${shown(href)}”: no heading “${shown(fragment)}” in ${shown(target) || 'this chapter'}`);
  node.properties.href = `#${id}`;
  node.properties.dataTargetChapter = String(index);
}

export function resolveLinks(chapters: Chapter[], context: LinkContext): void {
  chapters.forEach((chapter, index) => {
    const trees: Array<Root | Element> = [chapter.body, ...chapter.notes.map((note) => ({ type: 'root', children: note.content }) as Root)];
    for (const tree of trees) {
      visit(tree, 'element', (node: Element) => {
        if (node.tagName === 'a' && typeof node.properties.dataNoteref !== 'string') resolveOne(node, index, chapters, context);
      });
    }
  });
}
