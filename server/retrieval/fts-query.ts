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

/** OR of the given terms and phrases, deduplicated (the first of each kept, in order); null when nothing searchable is left. */
export function buildMatch(parts: string[]): string | null {
  const unique = [...new Set(parts.filter(Boolean))];
  return unique.length ? unique.join(' OR ') : null;
}

/**
 * The query plan for a library that has grown (issue 17): an OR of every term of a question matches a large share of
 * a big library (half of it at 100k chunks), and FTS5 computes bm25 for every row it matches before it can keep the
 * best. So when the terms together match more than `cap` rows (the sum of their document frequencies, an upper
 * bound of the union), the terms found in more than `maxShare` of the rows are left out, commonest first, while
 * what is left still matches more than `cap` rows; the rarest term is always kept. What is left out weighs least in
 * bm25 (its IDF is the lowest; FTS5 gives a term in more than half of the rows almost none), and the ranking by
 * subject after it (retrieval/index.ts) reads the whole question, not the query. Under the cap the query is every
 * term, as before.
 */
export function planMatch(
  parts: string[],
  documentFrequency: (part: string) => number,
  plan: { cap: number; rows: number; maxShare: number },
): { match: string | null; kept: string[]; dropped: string[] } {
  const unique = [...new Set(parts.filter(Boolean))];
  const df = new Map(unique.map((p) => [p, documentFrequency(p)]));
  let total = 0;
  for (const n of df.values()) total += n;
  if (total <= plan.cap) return { match: buildMatch(unique), kept: unique, dropped: [] };
  // Commonest first (a stable sort: of two as common, the earlier in the question goes first).
  const byCommonness = [...unique].sort((a, b) => df.get(b)! - df.get(a)!);
  const dropped = new Set<string>();
  for (const p of byCommonness.slice(0, -1)) {
    if (total <= plan.cap || df.get(p)! <= plan.maxShare * plan.rows) break;
    dropped.add(p);
    total -= df.get(p)!;
  }
  const kept = unique.filter((p) => !dropped.has(p));
  return { match: buildMatch(kept), kept, dropped: unique.filter((p) => dropped.has(p)) };
}
