// The English texts of ours that must not show on a page in another
// language: shared by the dist test (every prerendered page) and the e2e
// language journey (the app's states).
import fs from 'node:fs';

export const catalogue = (lang) => JSON.parse(fs.readFileSync(`i18n/${lang}.json`, 'utf8'));

/** Each English text (its parts between `{values}`): none may show on a
 * page in `lang`, not even one its catalogue copied from English. Let
 * pass: the names of the languages (the switch names each in its own
 * words) and a single word the same in both ("Name" in German); short
 * single words ("Email", "Code") are also names, brands and input. */
export function englishBesides(lang) {
  const en = catalogue('en');
  const other = catalogue(lang);
  const texts = (v) => (typeof v === 'string' ? [v] : Object.values(v));
  const same = (key) => JSON.stringify(en[key]) === JSON.stringify(other[key]) && !/\s/.test(en[key]);
  const parts = new Set();
  for (const [key, value] of Object.entries(en)) {
    if (key === 'LanguageName' || same(key)) continue;
    for (const text of texts(value)) {
      for (const part of text.split(/\{[a-z]+\}/).map((p) => p.trim())) {
        if (part.split(/\s+/).length >= 2 || part.length >= 6) parts.add(part);
      }
    }
  }
  return [...parts];
}

/** The English parts found in `text`. */
export const englishIn = (lang, text) =>
  englishBesides(lang).filter((part) =>
    // A single word is English only as a word of its own: "Continue" is
    // not found in the French "Continuer".
    /\s/.test(part) ? text.includes(part) : new RegExp(`(?<![\\p{L}])${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(text),
  );
