import type { VFile } from 'vfile';
import type { Metadata } from '../book/model.js';
import { isInkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { cached } from '../disk-cache.js';
import type { CoverImage } from '../epub/render-epub.js';
import { version } from '../version.js';
import type { BuildSession } from './session.js';

const coverRenderer = () => import('../cover/render-cover.js');

/** A cover drawn from the cover template (when the manuscript brings none).
 *  @param attemptMs how long one drawing may take (see renderCover) */
export async function coverImage(metadata: Metadata, session: BuildSession, notices: VFile, attemptMs?: number): Promise<CoverImage | undefined> {
  try {
    const { renderCover, coverKey } = await coverRenderer();
    const key = coverKey(metadata, version, await session.browser.identity());
    let data = session.covers.get(key);
    if (!data) {
      // Drawn once per book and toolchain: Chromium is needed only when the cover changes. A
      // page that fails to draw is drawn again in a new page of the same browser: restarting the
      // shared browser (withRetry) would kill the PDF being printed beside it. (Now and then, one
      // in some forty builds here, the cover page never fired `load`; the restart that followed
      // made the whole build wait for the PDF's own timeouts.) INKSTONE_DEBUG names the step that
      // did not answer.
      data = await cached('covers', `${key}.png`, async () => {
        try {
          return await renderCover(await session.browser.get(), metadata, attemptMs);
        } catch (error) {
          if (!isInkstoneError(error) || error.kind !== 'environment') throw error;
          if (process.env['INKSTONE_DEBUG']) process.stderr.write(`inkstone: ${error.message}; drawing it again in a new page\n`);
          return renderCover(await session.browser.get(), metadata, attemptMs);
        }
      });
      session.covers.set(key, data);
    }
    return { data, extension: 'png' };
  } catch (error) {
    if (!isInkstoneError(error) || error.kind !== 'environment') throw error;
    notices.message(`no cover: the EPUB's cover is drawn by Chromium, which is not available (${error.message})`, {
      ruleId: rules.coverMissing,
      source: 'inkstone',
    });
    return undefined;
  }
}
