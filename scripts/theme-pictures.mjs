#!/usr/bin/env node
/**
 * The README's pictures of the shipped themes: the seed (manuscript/) built with each theme, the
 * opening page of its third chapter (a heading, text and a quotation) drawn at 60 dpi, written to
 * templates/themes/<theme>/page.png as a small palette PNG. Run after changing a theme:
 *   npm run build && node scripts/theme-pictures.mjs
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(import.meta.dirname, '..');
const themes = ['classic', 'modern', 'manual'];
const work = mkdtempSync(path.join(os.tmpdir(), 'inkstone-themes-'));
try {
  for (const theme of themes) {
    const book = path.join(work, theme);
    cpSync(path.join(root, 'manuscript'), book, { recursive: true });
    writeFileSync(path.join(book, 'book.yaml'), `theme: ${theme}\n${readFileSync(path.join(book, 'book.yaml'), 'utf8')}`);
    execFileSync(process.execPath, [path.join(root, 'bin/inkstone.js'), 'build', book, '--out', path.join(book, 'out'), '--format', 'pdf', '--quiet'], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
      stdio: 'inherit',
    });
    const pdf = path.join(book, 'out', 'book.pdf');
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
    const page = pages.findIndex((text, i) => i > 3 && /长期趋势/.test(text.replace(/\s/g, ''))) + 1;
    const png = execFileSync('pdftoppm', ['-r', '60', '-f', String(page), '-l', String(page), '-png', pdf]);
    const out = path.join(root, 'templates/themes', theme, 'page.png');
    await sharp(png).extend({ top: 1, bottom: 1, left: 1, right: 1, background: '#999' }).png({ palette: true, colours: 64, compressionLevel: 9 }).toFile(out);
    console.log(`${theme}: page ${page} → ${path.relative(root, out)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
