/**
 * The browser, in one place: which Chromium, with which flags, launched once and closed exactly
 * once (also when the build fails or is interrupted).
 */
import type { Browser, Page } from 'puppeteer-core';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { interruptedBy, isGuarded, onInterrupt } from '../interrupt.js';
import { browserIdentity, findBrowser, headlessMode } from './find-browser.js';

export { findBrowser, headlessMode, isHeadlessShell } from './find-browser.js';

/** Flags: no sandbox as root, and no network lookups of Chromium's own (updates, DNS). */
export const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-component-update',
  '--disable-background-networking',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--font-render-hinting=none',
  // Pages laid out side by side must not be throttled as background tabs (Paged.js paces
  // itself with requestAnimationFrame).
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost',
];

/** What Inkstone asks of Chromium: pages, and its version (the build cache's part keys). */
export type Chromium = Pick<Browser, 'newPage' | 'version'>;

/** A Chromium held for a build, and how to let it go. */
interface Held {
  chromium: Chromium;
  close(): Promise<void>;
}

/** The DevTools WebSocket of a Chromium already running to build in (INKSTONE_CHROMIUM_WS). */
const sharedChromium = (): string | undefined => process.env['INKSTONE_CHROMIUM_WS'] || undefined;

/**
 * A Chromium for the build: launched, or — with INKSTONE_CHROMIUM_WS, the DevTools WebSocket of
 * one already running on this machine (the test suite's: a launch costs a second and three of
 * CPU) — a browser context of its own in it, closed after the build, the browser left running.
 */
async function holdChromium(): Promise<Held> {
  const endpoint = sharedChromium();
  if (endpoint) return connectChromium(endpoint);
  const browser = await launchBrowser();
  return { chromium: { newPage: withSpare(() => browser.newPage()), version: () => browser.version() }, close: () => closeLaunched(browser) };
}

/** `open`, with its first page opened at once: Chromium starts the page's renderer while the
 *  build parses and cuts the faces (a new page cost 0.2 s of the seed's PDF). */
function withSpare(open: () => Promise<Page>): () => Promise<Page> {
  let spare: Promise<Page> | undefined = open();
  spare.catch(() => {});
  return () => {
    const page = spare ?? open();
    spare = undefined;
    return page;
  };
}

/** A context of its own in the Chromium at `endpoint`. Connecting has no time limit of its own
 *  (a port that accepts and never answers held the build), so it gets one; a context left by a
 *  build that was killed stays until the browser closes. */
async function connectChromium(endpoint: string): Promise<Held> {
  const { default: puppeteer } = await import('puppeteer-core');
  let browser: Browser | undefined;
  try {
    browser = await limit(puppeteer.connect({ browserWSEndpoint: endpoint, protocolTimeout: 600_000 }), 10_000, 'connecting');
    const connected = browser;
    const context = await limit(connected.createBrowserContext(), 10_000, 'opening a browser context');
    return {
      chromium: { newPage: withSpare(() => context.newPage()), version: () => connected.version() },
      close: async () => {
        await graced(context.close().catch(() => {}));
        await connected.disconnect().catch(() => {});
      },
    };
  } catch (error) {
    await browser?.disconnect().catch(() => {});
    throw new InkstoneError(`no Chromium at INKSTONE_CHROMIUM_WS (${endpoint}): ${(error as Error).message.split('\n')[0]}`, {
      kind: 'environment',
      ruleId: rules.browserFailed,
      cause: error,
    });
  }
}

/** `work`, or nothing after three seconds: Chromium asked to close while a page is still being
 *  opened (a cover cut short) may never answer. */
async function graced(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)));
  await Promise.race([work, grace]);
  clearTimeout(timer);
}

/** Closes a browser this process launched: killed after the grace period, which also ends
 *  puppeteer's pending calls. (Killed at once, Chromium left its /tmp/org.chromium.Chromium.*
 *  folder behind, a folder per build: the graceful close, 0.15–0.2 s, stays.) */
async function closeLaunched(browser: Browser): Promise<void> {
  await graced(browser.close().catch(() => {}));
  browser.process()?.kill('SIGKILL');
  await browser.disconnect().catch(() => {});
}

export async function launchBrowser(timeoutMs = 30_000): Promise<Browser> {
  const executablePath = findBrowser();
  const { default: puppeteer } = await import('puppeteer-core'); // loaded only by builds that need it
  try {
    return await puppeteer.launch({ executablePath, args: launchArgs, headless: headlessMode(executablePath), timeout: timeoutMs, pipe: true, protocolTimeout: 600_000,
      // Signals are Inkstone's to handle (SharedBrowser): puppeteer's own handler would exit(130)
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  } catch (error) {
    throw new InkstoneError(`Chromium (${executablePath}) did not start: ${(error as Error).message.split('\n')[0]}`, {
      kind: 'environment',
      ruleId: rules.browserFailed,
      cause: error,
    });
  }
}

/**
 * One browser for a whole build (cover, PDF, every edition), launched on first use and closed
 * exactly once — also on Ctrl-C or a CI cancel, after which the signal ends the process as usual.
 */
let interrupted = false;

/** A SIGINT/SIGTERM closed the browser: what fails after it is the interruption, not a bug. */
export function wasInterrupted(): boolean {
  return interrupted || interruptedBy() !== undefined;
}

export class SharedBrowser {
  private launching: Promise<Held> | undefined;
  /** Closed by its owner: work still running (a cover drawn early) must not start another. */
  private ended = false;
  private closing: Promise<void> | undefined;
  private forget: (() => void) | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    void this.close().finally(() => process.kill(process.pid, signal));
  };

  /** @param handleSignals close the browser and end the process on SIGINT/SIGTERM (off when
   *  the caller, like `inkstone watch`, shuts down on signals itself) */
  constructor(private readonly handleSignals = true) {}

  get(): Promise<Chromium> {
    if (this.ended) {
      return Promise.reject(new InkstoneError('the build ended before Chromium was used', { kind: 'environment', ruleId: rules.browserFailed }));
    }
    if (!this.launching) {
      // A command that guards the process (interrupt.ts) closes the browser with its cleanups.
      if (this.handleSignals && isGuarded()) this.forget = onInterrupt(() => this.close());
      else if (this.handleSignals) {
        process.on('SIGINT', this.onSignal);
        process.on('SIGTERM', this.onSignal);
      }
      this.launching = holdChromium();
    }
    return this.launching.then((held) => held.chromium);
  }

  /** What names the Chromium this build uses, for the caches of what it draws (the cover): the
   *  running one's version with INKSTONE_CHROMIUM_WS, else the path, size and time of the file
   *  and of the programs a launcher script names (no launch needed). */
  async identity(): Promise<string> {
    if (sharedChromium()) return (await this.get()).version();
    return browserIdentity(findBrowser());
  }

  /** Closes the browser for good (once: a second call waits for the first). */
  close(): Promise<void> {
    this.ended = true;
    return (this.closing ??= this.shutdown());
  }

  /** Closes a failed browser; the next get() starts a fresh one. */
  restart(): Promise<void> {
    return this.shutdown();
  }

  private async shutdown(): Promise<void> {
    const launching = this.launching;
    this.launching = undefined;
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    this.forget?.();
    const held = await launching?.catch(() => undefined);
    await held?.close();
  }
}

/** Puppeteer's errors (protocol, timeouts, closed targets, launch), the ways Chromium dies, and
 *  a new page whose frames are not there yet (puppeteer's “Requesting main frame too early!”,
 *  seen with both CPUs busy; puppeteer/puppeteer#11246). */
function isBrowserError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (['ProtocolError', 'TimeoutError', 'TargetCloseError', 'ConnectionClosedError', 'UnsupportedOperation'].includes(error.name)) return true;
  return /Protocol error|Target closed|Session closed|Navigation|net::ERR_|Browser (was )?(disconnected|closed)|crash|Execution context|detached|Connection closed|main frame too early|Chromium|browser/i.test(error.message);
}

/**
 * What went wrong while Chromium was `doing` something — a crash, a closed target, a protocol
 * error — as the environment's fault (browser-failed), not the manuscript's. Inkstone's own
 * errors pass unchanged.
 */
export function browserFailure(error: unknown, doing: string): Error {
  if (error instanceof InkstoneError) return error;
  // Only Chromium's and its protocol's failures are the environment's; anything else thrown on
  // the way (pdf-lib joining the parts, Inkstone's own post-processing) is a bug: exit 4, not a
  // retry and exit 3 (the chapter-start: right merge bug was reported as “Chromium failed”).
  if (!isBrowserError(error)) return error instanceof Error ? error : new Error(String(error));
  return new InkstoneError(`${doing} failed: ${(error as Error).message.split('\n')[0]}`, {
    kind: 'environment',
    ruleId: rules.browserFailed,
    cause: error,
  });
}

/**
 * Runs `work` with the shared browser; if Chromium fails (a crash, a hang past the time limit),
 * starts a fresh one and tries once more before giving up with the error.
 */
export async function withRetry<T>(shared: SharedBrowser, work: (browser: Chromium) => Promise<T>): Promise<T> {
  try {
    return await work(await shared.get());
  } catch (error) {
    if (!(error instanceof InkstoneError) || error.ruleId !== rules.browserFailed) throw error;
    // (one line for whoever looks into a slow or flaky build: the retry is otherwise silent)
    if (process.env['INKSTONE_DEBUG']) process.stderr.write(`inkstone: ${error.message}; starting Chromium again and retrying\n`);
    await shared.restart();
    return work(await shared.get());
  }
}

/** Runs `work` with a browser of its own, closed whatever happens. */
export async function withBrowser<T>(work: (browser: Chromium) => Promise<T>): Promise<T> {
  const shared = new SharedBrowser();
  try {
    return await work(await shared.get());
  } finally {
    await shared.close();
  }
}

/** `work`, or a browser-failed error once `ms` have passed. */
export async function limit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InkstoneError(`Chromium did not finish ${what} in ${ms / 1000} s`, { kind: 'environment', ruleId: rules.browserFailed })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
