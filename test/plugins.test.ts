/**
 * One fixture folder per unified plugin of src/transform, discovered here:
 * `test/fixtures/<plugin>/<case>/input.md` (with `options.json` for the transform's options when
 * the case needs them: `{"insertAutospace": true}`, `{"vertical": true}`, `{"convert": "zh-Hant"}`
 * …) runs through the whole chapter transform in-process, and its HTML (notes taken out of the
 * flow, each after `<!-- note label -->`) and messages (or the error that stops the chapter) must equal `output.html` and `messages.txt`.
 * `UPDATE=1 npx vitest run test/plugins.test.ts` writes them; read the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { findVariant } from '../src/config/variant.js';
import { isInkstoneError } from '../src/diagnostics/errors.js';
import { createConverter } from '../src/transform/convert.js';
import { createProcessor, transformChapter, type TransformOptions } from '../src/transform/processor.js';
import { repoRoot } from './helpers/cli.js';

const fixtures = path.join(repoRoot, 'test/fixtures');
const plugins = readdirSync(path.join(repoRoot, 'src/transform'))
  .filter((name) => /^(remark|rehype)-.*\.ts$/.test(name))
  .map((name) => name.replace(/\.ts$/, ''));
const update = process.env['UPDATE'] === '1';

function casesOf(plugin: string): string[] {
  const dir = path.join(fixtures, plugin);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isDirectory() && existsSync(path.join(dir, name, 'input.md')));
}

async function optionsOf(dir: string): Promise<TransformOptions> {
  const file = path.join(dir, 'options.json');
  if (!existsSync(file)) return {};
  const { convert, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as TransformOptions & { convert?: string };
  return { ...rest, ...(convert ? { convert: await createConverter(findVariant(convert)) } : {}) };
}

async function run(dir: string): Promise<{ html: string; messages: string }> {
  const file = new VFile({ path: 'input.md', value: readFileSync(path.join(dir, 'input.md'), 'utf8') });
  let tree;
  try {
    tree = await transformChapter(createProcessor(await optionsOf(dir)), file);
  } catch (error) {
    // a manuscript error stops the chapter: the error is the one message
    if (!isInkstoneError(error)) throw error;
    return { html: '', messages: `${error.format()}\n` };
  }
  const notes = [...(file.data.noteDefinitions?.values() ?? [])].map((note) => `<!-- note ${note.label} -->${toHtml({ type: 'root', children: note.content })}`);
  const html = toHtml(tree) + (notes.length ? `\n${notes.join('\n')}` : '') + '\n';
  const messages = file.messages.map((m) => `${m.line ?? '?'}:${m.column ?? '?'} ${m.fatal ? 'error' : 'warning'} ${m.ruleId ?? ''}: ${m.reason}\n`).join('');
  return { html, messages };
}

/** The expected file's text, or (UPDATE=1) the actual one written in its place. */
function expected(file: string, actual: string): string {
  if (update) writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: UPDATE=1 writes it`);
  return readFileSync(file, 'utf8');
}

describe('each plugin has fixtures', () => {
  it('every remark-*/rehype-* plugin of src/transform has at least one case', () => {
    expect(plugins.filter((plugin) => !casesOf(plugin).length)).toEqual([]);
  });

  it('every remark-*/rehype-* fixture folder is a plugin’s (a misspelt one would be skipped)', () => {
    expect(readdirSync(fixtures).filter((name) => /^(remark|rehype)-/.test(name) && !plugins.includes(name))).toEqual([]);
  });
});

for (const plugin of plugins) {
  describe(plugin, () => {
    for (const name of casesOf(plugin)) {
      it(name, async () => {
        const dir = path.join(fixtures, plugin, name);
        const { html, messages } = await run(dir);
        expect(html).toBe(expected(path.join(dir, 'output.html'), html));
        expect(messages).toBe(expected(path.join(dir, 'messages.txt'), messages));
      });
    }
  });
}
