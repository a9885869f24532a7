// The EPUB's XHTML is well-formed XML whatever the text: “]]>” may not stand in character data
// (a fuzzed heading, “[^x]]>Tm8”, made EPUBCheck fail with RSC-016).
import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import { toXhtml } from '../src/epub/xhtml.js';

describe('toXhtml', () => {
  it('escapes the > of ]]> in text', () => {
    const xhtml = toXhtml([h('h5', 'vZO9[^x]]>Tm8'), h('p', { title: 'a]]>b' }, 'c')]);
    expect(xhtml).not.toContain(']]>');
    expect(xhtml).toContain('vZO9[^x]]&gt;Tm8');
  });
});
