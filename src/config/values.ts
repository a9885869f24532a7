/**
 * Values a person writes in book.yaml and gets wrong in familiar ways, checked with a message
 * that says what to write instead: the language tag (BCP 47, through Intl) and the date.
 */

/** Names people write for the languages Inkstone sets, and the tag they mean. */
const languageNames: Record<string, string> = {
  chinese: 'zh', mandarin: 'zh', zhongwen: 'zh', 中文: 'zh', 汉语: 'zh', 漢語: 'zh', 华语: 'zh', 華語: 'zh',
  'simplified chinese': 'zh-CN', 简体中文: 'zh-CN', 简体: 'zh-CN', 简中: 'zh-CN', cn: 'zh-CN', 'zh-cn': 'zh-CN',
  'traditional chinese': 'zh-TW', 繁體中文: 'zh-TW', 繁体中文: 'zh-TW', 繁體: 'zh-TW', 繁体: 'zh-TW', tw: 'zh-TW', hk: 'zh-HK',
  japanese: 'ja', 日本語: 'ja', 日语: 'ja', 日語: 'ja', jp: 'ja',
  korean: 'ko', 한국어: 'ko', 韩语: 'ko', 韓語: 'ko', kr: 'ko',
  english: 'en', 英语: 'en', 英語: 'en',
};

const displayNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Why `tag` is not a language tag Inkstone can use, or undefined when it is one. */
export function languageProblem(tag: string): string | undefined {
  const suggestion = languageNames[tag.trim().toLowerCase()];
  const hint = suggestion ? `: did you mean “${suggestion}”?` : ': write a BCP 47 tag such as zh-CN, zh-TW, ja or ko';
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0];
  } catch {
    return `“${tag}” is not a language tag${hint}`;
  }
  const primary = (canonical ?? '').split('-')[0] ?? '';
  // BCP 47 allows 5–8 letter primary subtags (“chinese” parses), but none is registered.
  if (!/^[a-z]{2,3}$/.test(primary) || !displayNames.of(primary)) return `“${tag}” is not a known language${hint}`;
  return undefined;
}

/** Why `date` is not `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (or an ISO 8601 date and time), or undefined. */
export function dateProblem(date: string): string | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?$/.exec(date);
  if (match) {
    const [, year, month, day] = match;
    if (month && (Number(month) < 1 || Number(month) > 12)) return `“${date}” has no month ${month}`;
    if (day) {
      const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
      if (Number(day) < 1 || Number(day) > last) return `“${date}” has no day ${day}`;
    }
    return undefined;
  }
  const parts = /(\d{4})\D+(\d{1,2})(?:\D+(\d{1,2}))?/.exec(date);
  const hint = parts ? `, here “${[parts[1], parts[2]?.padStart(2, '0'), parts[3]?.padStart(2, '0')].filter(Boolean).join('-')}”` : '';
  return `“${date}” is not a date as EPUB needs it: write YYYY, YYYY-MM or YYYY-MM-DD${hint}`;
}
