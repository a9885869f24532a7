/** Where a long book's parts fall, computed from page counts alone (pdf/part-plan.ts), and which anchors each is asked for (pdf/part-layout.ts), in-process. */
import { describe, expect, it } from 'vitest';
import { askedOf } from '../src/pdf/part-layout.js';
import { placeParts } from '../src/pdf/part-plan.js';

describe('placeParts', () => {
  it('a part opening on a recto after an odd number of pages gets a blank page; others follow on', () => {
    expect(placeParts(3, [5, 4], [true, true, false])).toEqual([
      { offset: 4, blankBefore: true },
      { offset: 10, blankBefore: true },
      { offset: 14, blankBefore: false },
    ]);
  });

  it('places only the parts whose predecessors are counted, and changes nothing it is given', () => {
    const counts = [2];
    const recto = [false, true, true];
    expect(placeParts(4, counts, recto)).toEqual([
      { offset: 4, blankBefore: false },
      { offset: 6, blankBefore: false },
    ]);
    expect(counts).toEqual([2]);
    expect(recto).toEqual([false, true, true]);
  });

  it('a blank page only where the pages before are odd', () => {
    expect(placeParts(2, [3, 1], [true, true, true]).map((place) => place.blankBefore)).toEqual([false, true, true]);
  });
});

describe('askedOf', () => {
  it('asks a part for the anchors its HTML has as attribute values, escaped or not, and no others', () => {
    const html = '<h2 id="a&#x26;b">x</h2><a href="#elsewhere">y</a><aside class="print-note" data-call-id="call-7" id="note&quot;q">z</aside>';
    expect(askedOf(html, ['a&b', 'elsewhere', 'call-7', 'note"q', 'missing'])).toEqual(['a&b', 'call-7', 'note"q']);
  });
});
