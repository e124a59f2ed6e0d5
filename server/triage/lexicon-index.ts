import type { Concept } from '../knowledge/schema';

/** Lower-case, apostrophes removed ("can't" -> "cant"), other punctuation turned into spaces. */
export function normalizeWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9./%]+/g, ' ')
    .trim();
}

export function phraseTokens(phrase: string): string[] {
  return normalizeWord(phrase).split(/\s+/).filter(Boolean);
}

type Phrase = { concept: string; tokens: string[] };

/**
 * Optimal string alignment distance capped at 2: one edit or one swap of neighbours
 * ("pian" -> "pain"), which is how most symptom typos look.
 */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Words that may sit inside a phrase without breaking it: "my chest is really tight" still matches "chest tight". */
// Only intensifiers and linking verbs: articles and prepositions would let "the end of it" read as "end it".
const FILLERS = new Set(['really', 'very', 'so', 'quite', 'kinda', 'pretty', 'extremely', 'super', 'is', 'are', 'feels', 'feel', 'been', 'getting', 'mild', 'slight', 'bad', 'nasty', 'horrible', 'awful', 'stinking', 'any']);

export type LexiconIndex = {
  concepts: Map<string, Concept>;
  /** Finds the longest phrase starting at token i; `words` are normalized tokens. */
  matchAt(words: string[], i: number): { concept: string; end: number } | null;
};

/**
 * Builds the phrase index used by triage (and by retrieval's query expansion). `vocabulary` holds correctly
 * spelled words (from the articles): a word in it must match exactly, so only misspelled words are
 * matched fuzzily and "never" can never be read as "fever".
 */
export function buildLexiconIndex(concepts: Concept[], vocabulary: Set<string>): LexiconIndex {
  const byFirst = new Map<string, Phrase[]>();
  const lexWords = new Set<string>();
  for (const c of concepts) {
    for (const p of new Set([c.name, ...c.lay, ...c.misspellings])) {
      const tokens = phraseTokens(p);
      if (!tokens.length) continue;
      tokens.forEach((t) => lexWords.add(t));
      const list = byFirst.get(tokens[0]) ?? [];
      list.push({ concept: c.id, tokens });
      byFirst.set(tokens[0], list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  const longWords = [...lexWords].filter((w) => w.length >= 4 && !/\d/.test(w));
  const fuzzyCache = new Map<string, string[]>();

  /** Lexicon words a misspelled word may stand for. */
  const fuzzy = (word: string): string[] => {
    if (word.length < 4 || /\d/.test(word) || vocabulary.has(word)) return [];
    let hit = fuzzyCache.get(word);
    if (!hit) {
      hit = longWords.filter((w) => {
        const d = editDistance(word, w);
        // Four-letter words only forgive a swap ("pian"); longer ones forgive one edit.
        if (d !== 1) return false;
        return word.length >= 5 || (w.length === word.length && [...w].sort().join('') === [...word].sort().join(''));
      });
      fuzzyCache.set(word, hit);
    }
    return hit;
  };

  const same = (word: string, target: string) => word === target || fuzzy(word).includes(target);

  return {
    concepts: new Map(concepts.map((c) => [c.id, c])),
    matchAt(words, i) {
      const candidates = [...(byFirst.get(words[i]) ?? []), ...fuzzy(words[i]).flatMap((w) => byFirst.get(w) ?? [])];
      let best: { concept: string; end: number } | null = null;
      for (const phrase of candidates) {
        let w = i;
        let ok = true;
        for (let k = 0; k < phrase.tokens.length; k++) {
          if (k > 0) {
            let skipped = 0;
            while (w < words.length && !same(words[w], phrase.tokens[k]) && FILLERS.has(words[w]) && skipped < 3) {
              w++;
              skipped++;
            }
          }
          if (w >= words.length || !same(words[w], phrase.tokens[k])) {
            ok = false;
            break;
          }
          w++;
        }
        if (ok && (!best || w > best.end)) best = { concept: phrase.concept, end: w };
      }
      return best;
    },
  };
}
