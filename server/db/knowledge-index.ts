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
    search: db.prepare(
      `SELECT c.id AS chunkId, c.article_id AS articleId, a.title, a.audience, c.section, c.text, a.sources,
              bm25(chunks_fts, 4.0, 3.0, 1.0, 1.0) AS score,
              snippet(chunks_fts, 3, '', '', ' … ', 24) AS snippet
         FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN articles a ON a.id = c.article_id
        WHERE chunks_fts MATCH @match AND (@audience IS NULL OR a.audience = @audience)
        ORDER BY score LIMIT @limit`,
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

    /** `match` must be a query built by retrieval/fts-query (never raw user text). */
    searchChunks(match: string, audience: Audience | null, limit: number): ChunkHit[] {
      return (q.search.all({ match, audience, limit }) as Record<string, unknown>[]).map((r) => ({
        ...(r as Omit<ChunkHit, 'sources'>),
        sources: JSON.parse(r.sources as string),
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
