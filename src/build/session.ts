import { diskChapters, memoryChapters, type ChapterStore } from '../book/chapter-cache.js';
import type { BuildCache } from '../build-cache.js';
import { SharedBrowser } from '../browser/browser.js';

/**
 * What can outlive one build: the browser, the drawn covers, the transformed chapters and the
 * build cache on disk (chapters, laid-out parts of long books).
 * `inkstone watch` keeps one session for all its rebuilds; a single build makes its own.
 */
export class BuildSession {
  readonly browser: SharedBrowser;
  readonly covers = new Map<string, Buffer>();
  /** The build cache on disk (src/build-cache.ts), if the build uses one. */
  readonly cache: BuildCache | undefined;
  /** Transformed chapters: in memory when the session rebuilds (watch), else in the build
   *  cache, if any. */
  readonly chapters: ChapterStore | undefined;

  /** @param browser a browser to use (perhaps already starting), or whether a new one ends the
   *  process on signals (see SharedBrowser) */
  constructor(browser: SharedBrowser | boolean = true, options: { cacheChapters?: boolean; cache?: BuildCache | undefined } = {}) {
    this.browser = typeof browser === 'boolean' ? new SharedBrowser(browser) : browser;
    this.cache = options.cache;
    this.chapters = options.cacheChapters ? memoryChapters() : options.cache ? diskChapters(options.cache) : undefined;
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
