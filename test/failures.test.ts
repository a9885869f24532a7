/**
 * A failure that is not Chromium's is a bug: exit 4, not retried (it was wrapped as
 * browser-failed, retried, and reported as the environment's, exit 3). The failure is injected
 * into post-processing the PDF (pdf-lib's work, after Chromium printed it).
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { listFiles, repoRoot, tempDir } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';

const merges = vi.hoisted(() => ({ calls: 0 }));

vi.mock('../src/pdf/postprocess.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/pdf/postprocess.js')>();
  return {
    ...original,
    finishPdf: async () => {
      merges.calls += 1;
      throw new Error('Expected instance of PDFDict, but got instance of undefined');
    },
  };
});

describe.skipIf(!haveTools('chromium'))('a bug while the PDF is made', () => {
  it('exits 4 with the stack under INKSTONE_DEBUG, is not retried, and writes nothing', async () => {
    const dir = tempDir();
    cpSync(path.join(repoRoot, 'test/fixtures/cjk-book'), path.join(dir, 'book'), { recursive: true });
    const out = path.join(dir, 'out');
    const lines: string[] = [];
    const io = { stdout: (text: string) => lines.push(text), stderr: (text: string) => lines.push(text), env: { INKSTONE_DEBUG: '1' }, cwd: dir, isTTY: false };
    const status = await main(['build', 'book', '--out', out, '-q'], io);
    expect(status).toBe(4);
    expect(merges.calls).toBe(1);
    const text = lines.join('\n');
    expect(text).toContain('inkstone: internal error: Expected instance of PDFDict, but got instance of undefined');
    expect(text).toMatch(/at .*render-pdf/);
    expect(text).not.toContain('browser-failed');
    expect(listFiles(out)).toEqual([]);
  }, 60_000);
});
