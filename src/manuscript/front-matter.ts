/**
 * Splits YAML front matter (`---` … `---` at the very top, as remark-frontmatter reads it)
 * from a Markdown file, remembering on which line the YAML starts.
 */
export interface FrontMatterBlock {
  yaml: string;
  /** Lines in the file before the YAML text (the opening fence). */
  lineOffset: number;
}

const fence = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

export function extractFrontMatter(text: string): FrontMatterBlock | undefined {
  const match = fence.exec(text.replace(/^\uFEFF/, ''));
  if (!match) return undefined;
  return { yaml: match[1] ?? '', lineOffset: 1 };
}

/** The Markdown after the front matter (all of it when there is none). */
export function withoutFrontMatter(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(fence, '');
}
