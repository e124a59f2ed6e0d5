import { normalizeText } from '../language/normalize';

/** Lower-case, apostrophes removed ("can't" -> "cant"), other punctuation turned into spaces. */
export function normalizeWord(word: string): string {
  return normalizeText(word)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['`]/g, '')
    .replace(/[^a-z0-9./%]+/g, ' ')
    .trim();
}

/** Words that carry no meaning for search. Kept short: FTS5's bm25 already discounts common words. */
export const STOPWORDS = new Set(
  ('a all an and are as at be been being but by can could did do does doing dont for from get got had has have having he her ' +
    'hers him his how i id if im in into is it its ive just me my myself no not now of off on or our ours out over own ' +
    'please she should so some such than that the their them then there these they this those through to too under until up ' +
    'very was we were what when where which while who whom why will with would you your yours really bit lot much also ' +
    'still thing things any anything something know think tell help want need like feel feeling since today day days about').split(' '),
);

/**
 * Turns user text into terms that are safe inside an FTS5 MATCH: every term is re-quoted as a string, so
 * quotes, `*`, `NEAR`, `:`, `^`, column filters and unbalanced parentheses in the user's text are only words.
 */
export function tokensForSearch(text: string): string[] {
  return normalizeWord(text)
    .split(/[\s./%]+/)
    .filter((w) => (w.length > 1 && !STOPWORDS.has(w) && /[a-z]/.test(w)) || /^\d{1,3}$/.test(w));
}

// A NUL ends the string inside SQLite's FTS5 parser ("unterminated string"), so it cannot appear in a term.
export const quoteTerm = (term: string) => `"${term.replace(/\u0000/g, '').replace(/"/g, '""')}"`;

/** A phrase becomes an FTS5 phrase query ("sore throat"), a word a prefix-free term. */
export function phraseQuery(phrase: string): string | null {
  const words = normalizeWord(phrase).split(/[\s./%]+/).filter(Boolean);
  if (!words.length) return null;
  return quoteTerm(words.join(' '));
}

/** OR of the given terms and phrases, deduplicated; null when nothing searchable is left. */
export function buildMatch(parts: string[]): string | null {
  const unique = [...new Set(parts.filter(Boolean))];
  return unique.length ? unique.join(' OR ') : null;
}
