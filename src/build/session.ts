import type { ChapterCache } from '../book/build-book.js';
import { SharedBrowser } from '../browser/browser.js';

/**
 * What can outlive one build: the browser, the drawn covers and the transformed chapters.
 * `inkstone watch` keeps one session for all its rebuilds; a single build makes its own.
 */
export class BuildSession {
  readonly browser: SharedBrowser;
  readonly covers = new Map<string, Buffer>();
  /** Transformed chapters by content, when the session rebuilds (watch); a single build has no
   *  use for copies of its trees. */
  readonly chapters: ChapterCache | undefined;

  /** @param browser a browser to use (perhaps already starting), or whether a new one ends the
   *  process on signals (see SharedBrowser) */
  constructor(browser: SharedBrowser | boolean = true, options: { cacheChapters?: boolean } = {}) {
    this.browser = typeof browser === 'boolean' ? new SharedBrowser(browser) : browser;
    this.chapters = options.cacheChapters ? new Map() : undefined;
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
