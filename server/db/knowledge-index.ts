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

export function createKnowledgeIndex(db: Db) {
  const q = {
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
    searchChunks(match: string, audience: Audience | null, limit: number): ChunkHit[] {
      // An article's sources are parsed once per search, not once per chunk.
      const parsed = new Map<string, ChunkHit['sources']>();
      const sourcesOf = (raw: string) => parsed.get(raw) ?? (parsed.set(raw, JSON.parse(raw)), parsed.get(raw)!);
      return (q.search.all({ match, audience, limit, pool: limit * 2 }) as Record<string, unknown>[]).map((r) => ({
        ...(r as Omit<ChunkHit, 'sources' | 'snippet'>),
        snippet: '',
        sources: sourcesOf(r.sources as string),
      }));
    },

    chunksOfArticle(articleId: string): Omit<ChunkHit, 'score' | 'snippet'>[] {
      return (q.chunksOfArticle.all(articleId) as Record<string, unknown>[]).map((r) => ({
        ...(r as Omit<ChunkHit, 'sources' | 'score' | 'snippet'>),
        sources: JSON.parse(r.sources as string),
      }));
    },
  };
}
