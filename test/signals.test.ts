/**
 * Interrupting a build as users do — SIGINT, SIGTERM, SIGHUP to `npx inkstone build` (the README's
 * Quick start) — stops it: no Inkstone or Chromium process left, nothing written. Before, the
 * node process under npm's shell went on and wrote book.epub and book.pdf after the interrupt.
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, repoRoot, tempDir } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';

/** Processes whose command line contains `text`, with their parent. */
function processes(text: string): Array<{ pid: number; ppid: number }> {
  const found: Array<{ pid: number; ppid: number }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes(text)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      found.push({ pid: Number(entry), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function children(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!haveTools('chromium') || process.platform !== 'linux')('interrupting npx inkstone build', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} stops the build: no process left, nothing written`, async () => {
      const dir = tempDir();
      cpSync(path.join(repoRoot, 'manuscript'), path.join(dir, 'book'), { recursive: true });
      const out = path.join(dir, `out-${signal}`);
      // its own Chromium, not the suite's (test/helpers/chromium-server.ts): the one it must close
      const { INKSTONE_CHROMIUM_WS: _suite, ...env } = process.env;
      const npx = spawn('npx', ['inkstone', 'build', path.join(dir, 'book'), '--out', out, '-q'], { cwd: repoRoot, stdio: 'ignore', env });
      const exited = new Promise((resolve) => npx.once('exit', resolve));
      // Wait for Inkstone's node and its Chromium (up to 30 s: on a loaded machine npx, Node and
      // Chromium took more than the 10 s this waited before).
      let inkstone: number | undefined;
      let chromium: number[] = [];
      for (let i = 0; i < 300 && !chromium.length; i++) {
        await sleep(100);
        inkstone = processes(out).find((p) => p.pid !== npx.pid && !children(p.pid).some((c) => processes(out).some((q) => q.pid === c)))?.pid;
        chromium = inkstone ? children(inkstone) : [];
      }
      expect(inkstone, 'Inkstone started').toBeDefined();
      expect(chromium.length, 'Chromium started').toBeGreaterThan(0);
      npx.kill(signal);
      await exited;
      for (let i = 0; i < 80 && (alive(inkstone ?? 0) || chromium.some(alive)); i++) await sleep(100);
      expect(alive(inkstone ?? 0), 'Inkstone still running').toBe(false);
      expect(chromium.filter(alive), 'Chromium still running').toEqual([]);
      await sleep(500);
      expect(listFiles(out)).toEqual([]);
    }, 60_000);
  }
});
