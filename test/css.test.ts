/**
 * The manuscript's CSS cleaner (src/manuscript/css.ts), in-process: what loads from outside is
 * removed with a warning, a local @import is read in place, @font-face gives way to font.*, a
 * syntax error stops with its line, classes are collected for the sanitizer.
 */
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { cleanCss, type CssSource } from '../src/manuscript/css.js';
import { InkstoneError } from '../src/diagnostics/errors.js';

const sheets: Record<string, string> = {
  '/m/base.css': ':root { --red: #c00; }\n.base { color: var(--red); }',
  '/m/loop.css': '@import "main.css";\n.loop { color: red; }',
  '/m/main.css': '/* read again through loop.css: once is enough */',
};

async function clean(text: string) {
  const file = new VFile({ path: 'main.css' });
  const source: CssSource = { path: '/m/main.css', display: 'main.css', text };
  const result = await cleanCss(source, file, async (written, fromDir) => {
    const full = `${fromDir}/${written}`;
    const sheet = sheets[full];
    if (sheet === undefined) throw new Error(`style sheet “${written}” not found`);
    return { path: full, display: written, text: sheet };
  });
  return { ...result, messages: file.messages.map((m) => `${m.line}:${m.ruleId} ${m.reason}`) };
}

describe('a manuscript’s CSS', () => {
  it('loses remote imports and urls, with a warning at their line, and keeps the rest', async () => {
    const { css, messages } = await clean('@import url("https://fonts.googleapis.com/css2?family=X");\n.a { color: red; }\n.b { background: url(http://example.com/x.png); color: blue; }\n.c { background-image: url(paper.png); }');
    expect(css).not.toMatch(/googleapis|example\.com|paper\.png/);
    expect(css).toContain('.a{color:red}');
    expect(messages).toEqual([
      expect.stringMatching(/^1:css-refused @import of https:\/\/fonts\.googleapis/),
      expect.stringMatching(/^3:css-refused url\(http:\/\/example\.com\/x\.png\) removed/),
      expect.stringMatching(/^4:css-refused url\(paper\.png\) removed/),
    ]);
  });

  it('sees through escapes and other loaders: \\75rl("…"), @\\69mport, image-set("…"), element(); keeps inline images', async () => {
    const { css, messages } = await clean(
      '.a { background: \\75rl("http://evil.example/x.png"); }\n@\\69mport "http://evil.example/x.css";\n.b { background-image: image-set("http://evil.example/a.png" 1x); }\n.c { background: element(#x); }\n.d { background: url(data:image/png;base64,AAAA); }',
    );
    expect(css).not.toMatch(/evil|element/);
    expect(css).toContain('url(data:image/png;base64,AAAA)');
    expect(messages.map((m) => m.split(' ')[0])).toEqual(['1:css-refused', '2:css-refused', '3:css-refused', '4:css-refused']);
  });

  it('refuses what the review found: url() in a custom property, -webkit-image-set, @font-fac\\65, machine faces, conditional imports', async () => {
    const { css, messages } = await clean(
      [
        ':root { --bg: url(http://evil.example/x.png); --ok: 1em; }',
        '.a { background-image: -webkit-image-set("http://evil.example/a.png" 1x); }',
        '@font-fac\\65 { font-family: X; src: local("Nimbus Sans"); }',
        '.b { font-family: "URW Bookman", serif; }',
        '.c { font-family: sans-serif; }',
        '.d { font-family: var(--ink-font-quote), serif; font: bold 1.2em/1.4 var(--ink-font-heading); }',
        '@import "base.css" print;',
        '@property --x { syntax: "<length>"; inherits: false; initial-value: 0px; }',
      ].join('\n'),
    );
    expect(css).not.toMatch(/evil|Nimbus|Bookman|sans-serif|base/);
    expect(css).toMatch(/--ok:\s*1em/);
    expect(css).toContain('font-family:var(--ink-font-quote),serif');
    expect(css).toContain('inherits:false');
    expect(messages.map((m) => m.split(' ')[0])).toEqual(['1:css-refused', '2:css-refused', '3:css-refused', '4:css-refused', '5:css-refused', '7:css-refused']);
  });

  it('reads a local @import in its place, once, and collects every class', async () => {
    const { css, classes } = await clean('@import "base.css";\n@import "loop.css";\n.main { color: var(--red); }');
    expect(css.indexOf('--red')).toBeLessThan(css.indexOf('.main'));
    expect(css.match(/\.main/g)).toHaveLength(1);
    expect([...classes].sort()).toEqual(['base', 'loop', 'main']);
  });

  it('refuses @font-face (faces come through font.*), code and unknown properties', async () => {
    const { css, messages } = await clean('@font-face { font-family: X; src: local(X); }\n.a { behavior: url(x.htc); colr: red; width: expression(1); }');
    expect(css).not.toMatch(/font-face|behavior|expression/);
    expect(messages.map((m) => m.split(' ')[0]).sort()).toEqual(['1:css-refused', '2:css-invalid', '2:css-refused', '2:css-refused']);
    expect(messages.find((m) => m.includes('invalid'))).toMatch(/unknown property “colr”/);
  });

  it('stops at a syntax error with its line', async () => {
    // (an empty value or an unclosed block at the end is CSS a browser reads; this is not)
    const error = await clean('.a { color: red; }\n.b { color: blue }\n.c { color red }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InkstoneError);
    expect((error as InkstoneError).ruleId).toBe('css-syntax');
    expect((error as InkstoneError).line).toBe(3);
  });

  it('names an @import it cannot read at the @import', async () => {
    const error = await clean('.a { color: red; }\n@import "missing.css";').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InkstoneError);
    expect([(error as InkstoneError).ruleId, (error as InkstoneError).line]).toEqual(['style-missing', 2]);
  });
});
