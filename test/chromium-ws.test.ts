/**
 * A running Chromium (INKSTONE_CHROMIUM_WS): a build works in a browser context of its own and
 * leaves the browser as it found it — running, with no context or page of the build's — and
 * launches nothing; an endpoint nobody answers, or one that never answers, is the environment's
 * error, named, with nothing written. And without the variable, the build users get by default:
 * its own Chromium, launched and gone after it.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import puppeteer from 'puppeteer';
import { describe, expect, inject, it } from 'vitest';
import { inkstone, listFiles, repoRoot, tempDir } from './helpers/cli.js';
import { pdfInfo } from './helpers/tools.js';

const endpoint = inject('chromiumWs');
const book = path.join(repoRoot, 'test/fixtures/notes-book');

/** Chromium's processes now running, with their parents. */
function chromiumProcesses(): Map<number, number> {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  const all = out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , comm]) => comm && /chrom/.test(comm));
  return new Map(all.map(([pid, ppid]) => [Number(pid), Number(ppid)]));
}

/** Processes of a Chromium that was not running `before`: new, and not started by one that was
 *  (the suite's Chromium starts renderers of its own at any time). */
function newChromium(before: Map<number, number>): number[] {
  const now = chromiumProcesses();
  const ofOld = (pid: number): boolean => {
    for (let at: number | undefined = pid, hops = 0; at && hops < 10; at = now.get(at), hops++) if (before.has(at)) return true;
    return false;
  };
  return [...now.keys()].filter((pid) => !ofOld(pid));
}

describe.runIf(endpoint)('a build in a running Chromium', () => {
  it('uses a context of its own, closed after it, and launches none; the browser goes on running', async () => {
    // (connected only around the build: a client that reads nothing while spawnSync blocks this
    // process holds Chromium up)
    const look = async () => {
      const browser = await puppeteer.connect({ browserWSEndpoint: endpoint });
      try {
        return { contexts: browser.browserContexts().length, pages: (await browser.pages()).length };
      } finally {
        await browser.disconnect();
      }
    };
    const before = await look();
    const out = tempDir();
    // a launch would fail: there is no such Chromium
    const env = { INKSTONE_CHROMIUM_WS: endpoint, PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' };
    const run = inkstone(['build', book, '--out', out, '-q'], { env });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(Number(pdfInfo(path.join(out, 'book.pdf'))['Pages'])).toBeGreaterThan(0);
    expect(await look()).toEqual(before);
  });

  it('an endpoint nobody answers: exit 3 naming the variable, nothing written', () => {
    const out = tempDir();
    const run = inkstone(['build', book, '--out', out, '-q'], { env: { INKSTONE_CHROMIUM_WS: 'ws://127.0.0.1:9/devtools/browser/none' } });
    expect(run.stderr).toMatch(/no Chromium at INKSTONE_CHROMIUM_WS \(ws:\/\/127\.0\.0\.1:9\/devtools\/browser\/none\)/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.status).toBe(3);
    expect(listFiles(out)).toEqual([]);
  });

  it('an endpoint that takes the connection and never answers: exit 3 after the time limit, not a build that hangs', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const out = tempDir();
      const { spawn } = await import('node:child_process');
      // (spawned, not spawnSync: this process must keep accepting)
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/inkstone.js'), 'build', book, '--out', out, '-q'], {
        env: { ...process.env, INKSTONE_CHROMIUM_WS: `ws://127.0.0.1:${port}/devtools/browser/silent` },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(stderr).toMatch(/no Chromium at INKSTONE_CHROMIUM_WS .*did not finish connecting in 10 s/);
      expect(status).toBe(3);
      expect(listFiles(out)).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  }, 90_000);
});

describe.runIf(endpoint)('a build without INKSTONE_CHROMIUM_WS', () => {
  it('launches its own Chromium and leaves no process of it', async () => {
    const before = chromiumProcesses();
    const out = tempDir();
    const run = inkstone(['build', book, '--out', out, '-q'], { unset: ['INKSTONE_CHROMIUM_WS'] });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(Number(pdfInfo(path.join(out, 'book.pdf'))['Pages'])).toBeGreaterThan(0);
    // (its helpers end on their own once the browser is gone: a moment after the build)
    let left = newChromium(before);
    for (let i = 0; i < 50 && left.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = newChromium(before);
    }
    expect(left).toEqual([]);
  });
});
