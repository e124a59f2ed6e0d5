import { planMatch } from '../retrieval/fts-query';
import type { Db } from './index';
import type { Audience } from './store';

export type ArticleRow = {
  id: string;
  title: string;
  audience: Audience;
  summary: string;
  synonyms: string[];
  sources: { name: string; url?: string }[];
  lastReviewed: string;
  origin: string;
  body: string;
};

export type ChunkHit = {
  chunkId: number;
  articleId: string;
  title: string;
  audience: Audience;
  section: string;
  text: string;
  sources: { name: string; url?: string }[];
  score: number;
  snippet: string;
};

/**
 * The knowledge index: articles, chunks and their FTS5 index (and the sqlite-vec vectors, in retrieval/). It is
 * built from the files in `knowledge/` by every instance into its own SQLite file and only read afterwards, so it
 * stays local and synchronous: nothing about it is shared between instances (the state is, see store.ts).
 */
export type KnowledgeIndex = ReturnType<typeof createKnowledgeIndex>;

/**
 * The query plan (retrieval/fts-query planMatch): how many rows a question's terms may match together (the sum of
 * their document frequencies) before its commonest terms are left out of the FTS5 query, and the share of the
 * library a term must be in to be left out. Measured on the retrieval suites at 100k chunks (270 questions): recall@5
 * the same as with every term (0.919), p50 36 -> 27 ms, p99 172 -> 121 ms; a 10% share is faster still but loses 2
 * questions, 5% loses 5; a pool of rows twice as large when terms are left out gained nothing. At 10k chunks it is
 * neutral. The shipped library (about 2,000 chunks) stays under the cap: its queries are every term, as before.
 */
export const QUERY_PLAN = { cap: 16_000, maxShare: 0.15 };
/** Distinct terms whose document frequency is remembered (the index is read-only once built). */
const FREQUENCY_CACHE = 50_000;
/**
 * FTS5 queries whose ranked rows are remembered, least recently used out first. bm25 over the OR of a question's
 * terms was the largest cost of an offline turn (2-4 ms of SQLite for the shipped library); the same query comes
 * back within a conversation (a short follow-up is searched with the message before it, a denied finding adds no
 * term) and across conversations (everyday questions). The index is read-only once built, so a remembered answer
 * is the answer. Each entry holds its rows' ids, scores and texts (about 80 rows: 50-100 KB); chunk texts are
 * shared between entries, so 256 entries of the shipped library stay within its ~2 MB of text.
 */
export const RESULT_CACHE = 256;

export function createKnowledgeIndex(db: Db, options: { plan?: Partial<typeof QUERY_PLAN>; resultCache?: number } = {}) {
  const plan = { ...QUERY_PLAN, ...options.plan };
  const resultCache = options.resultCache ?? RESULT_CACHE;
  const q = {
    // How many rows a term (or phrase) matches: the doclist is read, nothing is scored.
    frequency: db.prepare('SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?').pluck(),
    article: db.prepare('SELECT * FROM articles WHERE id = ?'),
    counts: db.prepare('SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM chunks) AS chunks'),
    // FTS5 ranks first (bm25 alone, no join, twice the rows asked for), then the rows are joined and filtered by
    // audience: about half the time of joining every match before ranking.
    search: db.prepare(
      `SELECT c.id AS chunkId, c.article_id AS articleId, a.title, a.audience, c.section, c.text, a.sources, f.score
         FROM (SELECT rowid, bm25(chunks_fts, 4.0, 3.0, 1.0, 1.0) AS score FROM chunks_fts
                WHERE chunks_fts MATCH @match ORDER BY score LIMIT @pool) f
         JOIN chunks c ON c.id = f.rowid JOIN articles a ON a.id = c.article_id
        WHERE (@audience IS NULL OR a.audience = @audience)
        ORDER BY f.score LIMIT @limit`,
    ),
    chunksOfArticle: db.prepare(
      `SELECT c.id AS chunkId, c.article_id AS articleId, a.title, a.audience, c.section, c.text, a.sources
         FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.article_id = ? ORDER BY c.ord`,
    ),
  };

  const frequencies = new Map<string, number>();
  /** The library's size in chunks, read once (the index is read-only once built). */
  let rows: number | undefined;
  function documentFrequency(part: string): number {
    let n = frequencies.get(part);
    if (n === undefined) {
      if (frequencies.size >= FREQUENCY_CACHE) frequencies.clear();
      n = q.frequency.get(part) as number;
      frequencies.set(part, n);
    }
    return n;
  }

  /** Remembered results (see RESULT_CACHE): the rows as read, copied out, since retrieval scores them in place. */
  const results = new Map<string, ChunkHit[]>();
  /** One string per chunk text and one parsed list per article's sources, shared by every remembered result. */
  const texts = new Map<number, string>();
  const parsedSources = new Map<string, ChunkHit['sources']>();

  function searchChunks(match: string, audience: Audience | null, limit: number): ChunkHit[] {
    const key = `${audience ?? ''}\u0000${limit}\u0000${match}`;
    let rows = results.get(key);
    if (rows) {
      results.delete(key);
      results.set(key, rows);
    } else {
      // An article's sources are parsed once, not once per chunk.
      if (parsedSources.size > 4096) parsedSources.clear();
      const sourcesOf = (raw: string) => parsedSources.get(raw) ?? (parsedSources.set(raw, JSON.parse(raw)), parsedSources.get(raw)!);
      if (texts.size > 8 * 1024) texts.clear();
      rows = (q.search.all({ match, audience, limit, pool: limit * 2 }) as Record<string, unknown>[]).map((r) => {
        const id = r.chunkId as number;
        const text = texts.get(id) ?? (texts.set(id, r.text as string), r.text as string);
        return { ...(r as Omit<ChunkHit, 'sources' | 'snippet'>), text, snippet: '', sources: sourcesOf(r.sources as string) };
      });
      if (resultCache > 0) {
        results.set(key, rows);
        if (results.size > resultCache) results.delete(results.keys().next().value!);
      }
    }
    return rows.map((r) => ({ ...r }));
  }

  return {
    getArticle(id: string): ArticleRow | undefined {
      const r = q.article.get(id) as Record<string, string> | undefined;
      if (!r) return undefined;
      return {
        id: r.id,
        title: r.title,
        audience: r.audience as Audience,
        summary: r.summary,
        synonyms: JSON.parse(r.synonyms),
        sources: JSON.parse(r.sources),
        lastReviewed: r.last_reviewed,
        origin: r.origin,
        body: r.body,
      };
    },

    knowledgeCounts(): { articles: number; chunks: number } {
      return q.counts.get() as { articles: number; chunks: number };
    },

    /**
     * The best chunks for an FTS5 query by bm25 (title and synonyms weigh more than the text), without snippets
     * (`snippet` is ''): retrieval makes them for the rows it returns.
     * `match` must be a query built by retrieval/fts-query (never raw user text).
     */
    searchChunks,

    /**
     * The best chunks for the OR of a question's quoted terms and phrases (built by retrieval/fts-query), by the
     * query plan of `planMatch`: every term, or the rarest ones when together they would match more rows than the
     * candidate cap. `dropped`: the terms left out.
     */
    searchTerms(parts: string[], audience: Audience | null, limit: number): { hits: ChunkHit[]; dropped: string[] } {
      rows ??= (q.counts.get() as { chunks: number }).chunks;
      const { match, dropped } = planMatch(parts, documentFrequency, { ...plan, rows });
      return { hits: match ? searchChunks(match, audience, limit) : [], dropped };
    },

    documentFrequency,

    chunksOfArticle(articleId: string): Omit<ChunkHit, 'score' | 'snippet'>[] {
      return (q.chunksOfArticle.all(articleId) as Record<string, unknown>[]).map((r) => ({
        ...(r as Omit<ChunkHit, 'sources' | 'score' | 'snippet'>),
        sources: JSON.parse(r.sources as string),
      }));
    },
  };
}
