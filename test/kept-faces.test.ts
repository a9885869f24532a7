/**
 * Faces kept preprocessed in HarfBuzz for their next subsets (src/fonts/kept-faces.ts): the same
 * bytes as subset-font's, for the large faces it is made for (the Kai, 16.5 MB; BabelStone Han,
 * 51 MB, where the system has it) and a small one, with Han, kana, Latin, emoji and joiners.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import subsetFont from 'subset-font';
import { describe, expect, it } from 'vitest';
import { source } from '../src/fonts/face-source.js';
import { isKept, subsetText } from '../src/fonts/kept-faces.js';

const require = createRequire(import.meta.url);
const fontsource = (name: string, file: string) => path.join(path.dirname(require.resolve(`@fontsource/${name}/package.json`)), 'files', file);
const babelstone = '/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf';
const texts = ['中文漢字かんじ测试開源模型語言，。abcXYZ', '𠀀𪚥𠀁㐀㐁 and 中', 'The quick brown fox 123', '😀👨\u200d👩\u200d👧', '表示する。「引用」', ''];

describe('a face subset again and again', () => {
  const faces = [fontsource('lxgw-wenkai', 'lxgw-wenkai-latin-500-normal.woff2'), fontsource('noto-serif-jp', 'noto-serif-jp-japanese-700-normal.woff2'), ...(existsSync(babelstone) ? [babelstone] : [])];

  it.each(faces)('is kept after its first subset, and every subset is subset-font’s bytes: %s', async (file) => {
    const sfnt = file.endsWith('.ttf') ? readFileSync(file) : (await source(file)).sfnt;
    for (const [round, text] of [...texts, ...texts].entries()) {
      const expected = Buffer.from(await subsetFont(sfnt, text, { targetFormat: 'truetype' }));
      expect(Buffer.from(await subsetText(sfnt, text)).equals(expected), `round ${round}: ${text}`).toBe(true);
      expect(isKept(sfnt)).toBe(round >= 1);
    }
  });
});
