/**
 * Latin words get soft hyphens (U+00AD) where their language's patterns allow, so justified
 * Latin text — an English paragraph left untranslated in a Chinese manual, a licence — breaks
 * inside long words instead of spreading its spaces (the Debian Edu manual's English pages had
 * word spaces stretched to 1–2 em). CSS `hyphens: auto` would need Chromium's hyphenation
 * dictionaries, which Debian's Chromium does not ship, and most e-readers ignore it; soft
 * hyphens work in both. Patterns: the `hyphen` package (TeX patterns). The language is the
 * nearest `lang` among those it has patterns for, else English. Code, links and headings keep
 * their words whole.
 */
import { createRequire } from 'node:module';
import type { Element, Root, Text } from 'hast';

const require = createRequire(import.meta.url);
type Hyphenate = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
const languages: Record<string, string> = { en: 'hyphen/en-us', de: 'hyphen/de', fr: 'hyphen/fr', es: 'hyphen/es', it: 'hyphen/it', nl: 'hyphen/nl', pt: 'hyphen/pt' };
const loaded = new Map<string, Hyphenate>();

function hyphenator(lang: string): Hyphenate {
  const key = languages[lang] ? lang : 'en';
  let hyphenate = loaded.get(key);
  if (!hyphenate) {
    hyphenate = (require(languages[key] as string) as { hyphenateSync: Hyphenate }).hyphenateSync;
    loaded.set(key, hyphenate);
  }
  return hyphenate;
}

// Table cells keep their words whole: their columns are sized to them (in-page-breaks.ts).
const skip = new Set(['code', 'pre', 'kbd', 'samp', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'script', 'style', 'svg', 'math', 'rt', 'td', 'th']);
/** Latin text, as opposed to a Latin word in a Chinese sentence: three words or more in a row. */
const latinRun = /[A-Za-z\u00C0-\u024F'’][A-Za-z\u00C0-\u024F'’.,;:!?()-]*(?:\s+[A-Za-z\u00C0-\u024F'’(][A-Za-z\u00C0-\u024F'’.,;:!?()-]*){2,}/gu;
/** A word too long for any line: broken wherever it stands. */
const tooLong = 16;
/** A Latin word long enough to be worth breaking — not part of a URL, path, address or compound
 *  (`https://example.com`, `/usr/share`, `debian-edu-config`: no letter, digit or . / : @ \ _ -
 *  joins it to what is around it). */
const longWord = /[A-Za-z\u00C0-\u024F]{7,}/u;
const longWords = /(?<![A-Za-z0-9\u00C0-\u024F./:@\\_-])[A-Za-z\u00C0-\u024F]{7,}(?![A-Za-z0-9\u00C0-\u024F]|[./:@\\_-][A-Za-z0-9])/gu;

export default function rehypeHyphenateLatin() {
  return (tree: Root) => {
    const walk = (node: Root | Element, lang: string) => {
      for (const child of node.children) {
        if (child.type === 'element') {
          if (skip.has(child.tagName)) continue;
          const own = child.properties.lang;
          walk(child, typeof own === 'string' && own ? own.toLowerCase().split('-')[0] ?? lang : lang);
        } else if (child.type === 'text' && longWord.test(child.value)) {
          // Words of Latin text hyphenate; a single word inside Chinese text (a name, a command
          // like aptitude) only when it is too long for any line. (The patterns load with the
          // first word to break: a book whose Latin words are all short names loads none.)
          const word = (w: string) => hyphenator(lang)(w, { hyphenChar: '\u00AD', minWordLength: 7 });
          const runs = [...child.value.matchAll(latinRun)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
          (child as Text).value = child.value.replace(longWords, (w: string, offset: number) =>
            w.length >= tooLong || runs.some(([start, end]) => offset >= start && offset < end) ? word(w) : w,
          );
        }
      }
    };
    walk(tree, 'en');
  };
}
