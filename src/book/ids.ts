/**
 * Stable, readable, book-wide unique anchors. Headings keep their text (CJK included) as
 * github-slugger makes it; ids that would start with a digit get a letter in front so that
 * they also work as CSS selectors.
 */
import GithubSlugger from 'github-slugger';

export class IdAllocator {
  private readonly slugger = new GithubSlugger();

  /** A unique id from free text (a heading). */
  fromText(text: string, fallback: string): string {
    let base = this.slugger.slug(text);
    if (!base || /^[-_]*$/.test(base)) base = this.slugger.slug(fallback);
    if (/^[0-9-]/.test(base)) base = this.slugger.slug(`h-${base}`);
    return base;
  }

  /** Reserve an id that Inkstone makes itself (chapter anchors). */
  reserve(id: string): string {
    return this.slugger.slug(id);
  }
}

/** EPUB file name stem from a source file name: ASCII letters, digits, `-`, `_` only. */
export function fileStem(sourcePath: string, index: number, taken: Set<string>): string {
  const base = sourcePath.replace(/^.*[\\/]/, '').replace(/\.(md|markdown|txt)$/i, '');
  let stem = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  if (!stem || /^(nav|toc|cover|title|style|fonts|images)$/.test(stem)) stem = `chapter-${String(index + 1).padStart(2, '0')}`;
  let unique = stem;
  for (let n = 2; taken.has(unique); n++) unique = `${stem}-${n}`;
  taken.add(unique);
  return unique;
}
