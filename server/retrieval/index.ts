import type { Audience, ChunkHit, Store } from '../db/store';
import type { Concept } from '../knowledge/schema';
import type { LexiconIndex } from '../triage/lexicon-index';
import { analyzeText } from '../triage/analyze';
import { buildMatch, phraseQuery, quoteTerm, tokensForSearch } from './fts-query';

export type SearchOptions = {
  audience?: Audience | null;
  limit?: number;
  /** Lexicon concepts already found by triage (present or asked about): their names widen the query. */
  concepts?: string[];
  /** Earlier user turns, for follow-ups such as "what about for kids?". */
  history?: string[];
};

export type SearchResult = ChunkHit & { rank: number };

export type Retriever = {
  search(text: string, options?: SearchOptions): SearchResult[];
  /** Concepts the text mentions, in any context (a question about stroke is still about stroke). */
  conceptsIn(text: string): string[];
};

/** Lower bm25 is better; a result must beat this to count as relevant (see docs in README, "Relevance floor"). */
export const RELEVANCE_FLOOR = -4;

/**
 * Lexical retrieval over the FTS5 index. The user's words, the lexicon names of the concepts they mention
 * (lay word -> medical word and back), and the articles those concepts point to are OR-ed together; bm25
 * ranks, and chunks of articles the lexicon links to get a boost.
 */
export function createRetriever(deps: { store: Store; lexicon: LexiconIndex; concepts: Concept[] }): Retriever {
  const byId = new Map(deps.concepts.map((c) => [c.id, c]));

  const conceptsIn = (text: string) => [...new Set(analyzeText(text, deps.lexicon).mentions.map((m) => m.concept))];

  function search(text: string, options: SearchOptions = {}): SearchResult[] {
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
    const hits = deps.store.searchChunks(match, options.audience ?? null, Math.max(limit * 6, 30));
    // Boost chunks of articles the lexicon links to the concepts found, then keep the best chunk per article
    // first so one long article does not crowd out the others.
    const scored = hits.map((h) => ({ ...h, score: linked.has(h.articleId) ? h.score * 1.5 - 1 : h.score }));
    scored.sort((a, b) => a.score - b.score);
    const seen = new Set<string>();
    const firsts: ChunkHit[] = [];
    const rest: ChunkHit[] = [];
    for (const h of scored) (seen.has(h.articleId) ? rest : (seen.add(h.articleId), firsts)).push(h);
    return [...firsts, ...rest].slice(0, limit).map((h, i) => ({ ...h, rank: i + 1 }));
  }

  return { search, conceptsIn };
}
