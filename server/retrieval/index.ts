import type { ChunkHit, KnowledgeIndex } from '../db/knowledge-index';
import type { Audience } from '../db/store';
import type { Concept } from '../knowledge/schema';
import type { Language } from '../language';
import type { VectorHit, VectorIndex } from './embeddings';
import { buildMatch, phraseQuery, quoteTerm, tokensForSearch } from './fts-query';

export type SearchOptions = {
  audience?: Audience | null;
  limit?: number;
  /** Lexicon concepts already found by triage (present or asked about): their names widen the query. */
  concepts?: string[];
  /** Earlier user turns, for follow-ups such as "what about for kids?". */
  history?: string[];
  /** Who the message is about: articles for that age group (by title) rank a little higher. */
  ageGroup?: 'baby' | 'child';
};

/**
 * `score` is the (boosted) bm25 score, lower is better, as the relevance floor and the chat expect. In hybrid
 * results a chunk found by meaning alone has score 0 (no lexical evidence) and its `similarity`; `fused` is the
 * reciprocal-rank-fusion score that ordered the list.
 */
export type SearchResult = ChunkHit & { rank: number; similarity?: number; fused?: number };

export type Retriever = {
  search(text: string, options?: SearchOptions): SearchResult[];
  /**
   * bm25 and the embeddings' nearest chunks fused by reciprocal rank (k = 60), then the same post-processing as
   * `search()`. Without embeddings (not configured, not synced yet, the endpoint failing) it is `search()`.
   */
  searchHybrid(text: string, options?: SearchOptions): Promise<SearchResult[]>;
  /**
   * The relevance floor: does the best result really answer this text? bm25 alone says yes to anything that
   * shares a word, so the text must either name a lexicon concept, or share at least two meaningful words with
   * the top article and contain no significant word the library has never seen ("Fabry", "taxes").
   */
  isRelevant(text: string, results: SearchResult[], concepts?: string[]): { relevant: boolean; reason: string };
  /** Concepts the text mentions, in any context (a question about stroke is still about stroke). */
  conceptsIn(text: string): string[];
};

/** Lower bm25 is better; even a query naming a known concept must reach this to count as an answer. */
export const RELEVANCE_FLOOR = -4;

/** Words too general to show that an article is about the question. */
export const GENERIC_WORDS = new Set(
  ('treat treatment treatments disease diseases symptom symptoms sign signs condition conditions cure medicine medicines ' +
    'medication doctor problem problems health risk risks cause causes home best good take make write tell give get ' +
    'people person someone year years old month months week weeks time long normal best way ways type kind about more adult adults ' +
    'first line patient patients what now').split(' '),
);
/** Article titles for an age group (the age re-ranking in `lexical`). */
const BABY = /\b(babies|baby|infants?|newborns?)\b/i;
const CHILD = /\b(children|child|kids)\b/i;
const stem = (w: string) => w.replace(/(ies|es|s|ing|ed)$/, '');

/** The usual constant of reciprocal-rank fusion (Cormack et al.): 1/(k + rank) per list an item appears in. */
export const RRF_K = 60;

/**
 * Reciprocal-rank fusion: each item scores the sum of 1/(k + rank) over the ranked lists it appears in (rank from
 * 1), best first. Ties keep the order of the earlier list, then of the later one.
 */
export function reciprocalRankFusion<T>(lists: T[][], keyOf: (item: T) => string | number, k = RRF_K): { item: T; score: number; ranks: (number | undefined)[] }[] {
  const fused = new Map<string | number, { item: T; score: number; ranks: (number | undefined)[]; order: number }>();
  lists.forEach((list, li) => {
    const seen = new Set<string | number>();
    list.forEach((item, i) => {
      const key = keyOf(item);
      if (seen.has(key)) return; // an item counts once per list, at its best rank
      seen.add(key);
      let entry = fused.get(key);
      if (!entry) fused.set(key, (entry = { item, score: 0, ranks: lists.map(() => undefined), order: fused.size }));
      entry.ranks[li] = i + 1;
      entry.score += 1 / (k + i + 1);
    });
  });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ item, score, ranks }) => ({ item, score, ranks }));
}

/**
 * Lexical retrieval over the FTS5 index. The user's words, the lexicon names of the concepts they mention
 * (lay word -> medical word and back), and the articles those concepts point to are OR-ed together; bm25
 * ranks, and chunks of articles the lexicon links to get a boost.
 */
export function createRetriever(deps: {
  store: KnowledgeIndex;
  language: Language;
  concepts: Concept[];
  articles: { id: string; title: string; summary: string; synonyms: string[]; body: string }[];
  /** The embeddings side, when an endpoint is configured; without it `searchHybrid` is `search`. */
  vectors?: VectorIndex | null;
  logger?: { warn(obj: object, msg: string): void };
}): Retriever {
  const byId = new Map(deps.concepts.map((c) => [c.id, c]));
  const articleWords = new Map<string, Set<string>>();
  const libraryWords = new Set<string>();
  for (const a of deps.articles) {
    const words = new Set(tokensForSearch(`${a.title} ${a.synonyms.join(' ')} ${a.summary} ${a.body}`).map(stem));
    articleWords.set(a.id, words);
    words.forEach((w) => libraryWords.add(w));
  }
  for (const c of deps.concepts) for (const p of [c.name, ...c.lay, ...c.misspellings]) tokensForSearch(p).forEach((w) => libraryWords.add(stem(w)));

  function isRelevant(text: string, results: SearchResult[], concepts: string[] = conceptsIn(text)) {
    const top = results[0];
    if (!top || top.score > RELEVANCE_FLOOR) return { relevant: false, reason: 'no result above the floor' };
    if (concepts.length) return { relevant: true, reason: `mentions ${concepts.slice(0, 3).join(', ')}` };
    const terms = [...new Set(tokensForSearch(text).map(stem))].filter((t) => t.length >= 3 && !GENERIC_WORDS.has(t) && !/^\d+$/.test(t));
    const unknown = terms.filter((t) => t.length >= 5 && !libraryWords.has(t));
    const words = articleWords.get(top.articleId) ?? new Set();
    const shared = terms.filter((t) => words.has(t));
    // Two shared words (or every word, for a one- or two-word query), and fewer words the library has never
    // seen than words it shares: "Fabry disease" and "poem about cats" fail, "stemi ppci timeframe" passes.
    const enough = shared.length >= 2 || (terms.length > 0 && shared.length === terms.length);
    if (!enough) return { relevant: false, reason: `the top article shares ${shared.length} of ${terms.length} meaningful word(s)` };
    if (unknown.length >= shared.length) return { relevant: false, reason: `the library does not know "${unknown.join('", "')}"` };
    return { relevant: true, reason: `shares ${shared.join(', ')}` };
  }

  const conceptsIn = (text: string) => [...new Set(deps.language.analyze(text).mentions.map((m) => m.concept))];

  /** The FTS5 candidates with their boosts, best first (before one-chunk-per-article and the limit). */
  function lexical(text: string, options: SearchOptions = {}): ChunkHit[] {
    const limit = options.limit ?? 5;
    const concepts = new Set([...(options.concepts ?? []), ...conceptsIn(text)]);
    const words = tokensForSearch(text);
    // A short follow-up ("what about for kids?") borrows the words of the previous question.
    if (words.length < 3 && options.history?.length) words.push(...tokensForSearch(options.history.at(-1)!));
    const parts = words.map(quoteTerm);
    const linked = new Set<string>();
    for (const id of concepts) {
      const c = byId.get(id);
      if (!c) continue;
      parts.push(phraseQuery(c.name) ?? '');
      c.articles.forEach((a) => linked.add(a));
    }
    const match = buildMatch(parts);
    if (!match) return [];
    const hits = deps.store.searchChunks(match, options.audience ?? null, poolSize(limit));
    // Boosts (bm25 is negative, lower is better): articles the lexicon links to the concepts found, and
    // articles whose title contains a query word ("news2" is about the NEWS2 article, not every article naming it).
    const queryWords = new Set(words.map(stem));
    const titleHits = (title: string) => tokensForSearch(title).filter((w) => queryWords.has(stem(w))).length;
    const ageTitle = options.ageGroup === 'baby' ? BABY : options.ageGroup === 'child' ? CHILD : null;
    // ...and the other age group's articles a little lower: a 4 year old's fever is not in "Fever in babies".
    const otherAge = options.ageGroup === 'baby' ? CHILD : options.ageGroup === 'child' ? BABY : null;
    const scored = hits.map((h) => {
      let score = linked.has(h.articleId) ? h.score * 1.5 - 1 : h.score;
      const t = titleHits(h.title);
      if (t) score = score * (1 + 0.25 * t) - t;
      if (ageTitle?.test(h.title)) score = score * 1.2 - 1;
      if (otherAge?.test(h.title) && !ageTitle?.test(h.title)) score = score * 0.7;
      return { ...h, score };
    });
    scored.sort((a, b) => a.score - b.score);
    return scored;
  }

  // Articles now have up to 14 sections: the pool must reach past one article's chunks to find the next articles.
  const poolSize = (limit: number) => Math.max(limit * 16, 80);

  /** The best chunk of each article first, so one long article does not crowd out the others; then the limit. */
  function finish<T extends ChunkHit>(ranked: T[], limit: number): (T & { rank: number })[] {
    const seen = new Set<string>();
    const firsts: T[] = [];
    const rest: T[] = [];
    for (const h of ranked) (seen.has(h.articleId) ? rest : (seen.add(h.articleId), firsts)).push(h);
    return [...firsts, ...rest].slice(0, limit).map((h, i) => ({ ...h, rank: i + 1 }));
  }

  function search(text: string, options: SearchOptions = {}): SearchResult[] {
    return finish(lexical(text, options), options.limit ?? 5);
  }

  let warned = false;
  async function searchHybrid(text: string, options: SearchOptions = {}): Promise<SearchResult[]> {
    const limit = options.limit ?? 5;
    const vectors = deps.vectors;
    if (!vectors) return search(text, options);
    try {
      // The question as the user meant it; a short follow-up is embedded with the question it follows.
      const short = tokensForSearch(text).length < 3 && options.history?.length;
      const query = short ? `${options.history!.at(-1)} ${text}` : text;
      // null: not synced yet, or the endpoint failed (the vector index logs that once).
      const near = await vectors.search(query, { k: poolSize(limit), audience: options.audience ?? null });
      if (!near) return search(text, options);
      const scored = lexical(text, options);
      const fused = reciprocalRankFusion<ChunkHit | VectorHit>([scored, near], (h) => h.chunkId).map(({ item, score, ranks }) => {
        const similarity = ranks[1] === undefined ? undefined : near[ranks[1] - 1].similarity;
        // A chunk bm25 found keeps its bm25 score and snippet; one found by meaning alone has score 0.
        return { ...item, similarity, fused: score };
      });
      return finish(fused, limit);
    } catch (err) {
      if (!warned) deps.logger?.warn({ err: String(err) }, 'hybrid retrieval failed; using bm25 alone');
      warned = true;
      return search(text, options);
    }
  }

  return { search, searchHybrid, conceptsIn, isRelevant };
}
