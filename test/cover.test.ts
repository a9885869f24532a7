/**
 * The drawn cover when Chromium fails under it, in-process: a browser that closes while the
 * cover opens its page (the PDF's retry restarts the shared browser beside it) is the
 * environment's failure — drawn again, else the EPUB goes without a cover and says so — never an
 * internal error. (CI, before: “inkstone: internal error: Protocol error (Target.createTarget):
 * Target closed”, exit 4, in the press book's build.)
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import sharp from 'sharp';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import type { Metadata } from '../src/book/model.js';
import { coverImage } from '../src/build/cover.js';
import { BuildSession } from '../src/build/session.js';
import { launchBrowser, SharedBrowser } from '../src/browser/browser.js';
import { coverKey, renderCover } from '../src/cover/render-cover.js';
import { InkstoneError } from '../src/diagnostics/errors.js';
import { version } from '../src/version.js';
import { repoRoot } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';

function targetClosed(): Error {
  const error = new Error('Protocol error (Target.createTarget): Target closed');
  error.name = 'ProtocolError';
  return error;
}

/** A browser whose every new page fails as a closed one does. */
const closed = { newPage: () => Promise.reject(targetClosed()) } as unknown as Browser;

function metadata(): Metadata {
  return {
    // a title no cover in the disk cache has
    title: `封面 ${randomUUID()}`,
    shortTitle: undefined,
    subtitle: undefined,
    authors: ['张三'],
    translators: [],
    publisher: undefined,
    lang: 'zh-CN',
    date: undefined,
    identifier: 'urn:uuid:cover-test',
    modified: new Date(0),
    rights: undefined,
    description: undefined,
    source: undefined,
    cover: undefined,
    writingMode: 'horizontal-tb',
    generator: 'Inkstone test',
    release: undefined,
  };
}

describe.runIf(haveTools('chromium'))('the drawn cover when Chromium fails', () => {
  it('a page that cannot be opened is a browser failure (environment), not a bug', async () => {
    const failure = await renderCover(closed, metadata()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InkstoneError);
    expect(failure).toMatchObject({ kind: 'environment', ruleId: 'browser-failed' });
  });

  it('is drawn again with the browser the session has then; a second failure leaves the EPUB without a cover, with a warning', async () => {
    const browsers = [closed, closed];
    const asked: number[] = [];
    const shared = new SharedBrowser(false);
    shared.identity = () => Promise.resolve('a Chromium that fails');
    shared.get = () => {
      asked.push(asked.length);
      return Promise.resolve(browsers.shift()!);
    };
    const notices = new VFile();
    const cover = await coverImage(metadata(), new BuildSession(shared), notices);
    expect(asked).toHaveLength(2);
    expect(cover).toBeUndefined();
    expect(notices.messages.map((m) => m.ruleId)).toEqual(['cover-missing']);
  });

  it('a screenshot Chromium never answers costs one attempt: the cover is drawn again in a new page of the same browser, which nothing of the first holds', async () => {
    const browser = await launchBrowser();
    const book = metadata();
    const identity = `a Chromium that loses a screenshot ${randomUUID()}`;
    try {
      // Every DevTools message goes through the connection (puppeteer's internals, for this test
      // only): the first screenshot asked is lost, as one Chromium never answered in CI.
      const probe = await browser.newPage();
      const connection = (probe as unknown as { _client(): { connection(): { _rawSend(...args: unknown[]): Promise<unknown> } } })._client().connection();
      await probe.close();
      const send = connection._rawSend.bind(connection);
      let lost = 0;
      connection._rawSend = (...args: unknown[]) => (args[1] === 'Page.captureScreenshot' && lost++ === 0 ? new Promise(() => {}) : send(...args));
      const shared = new SharedBrowser(false);
      shared.get = () => Promise.resolve(browser);
      shared.identity = () => Promise.resolve(identity);
      const notices = new VFile();
      // (before: the second attempt waited for puppeteer's lock, which the first held for good)
      const cover = await coverImage(book, new BuildSession(shared), notices, 10_000);
      expect(lost).toBe(2);
      expect(notices.messages).toEqual([]);
      expect(await sharp(cover!.data).metadata()).toMatchObject({ format: 'png', width: 1600, height: 2400 });
    } finally {
      await browser.close();
      rmSync(path.join(repoRoot, 'node_modules/.cache/inkstone/covers', `${coverKey(book, version, identity)}.png`), { force: true });
    }
  }, 90_000);
});
