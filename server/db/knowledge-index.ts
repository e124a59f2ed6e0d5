import { buildMatch, planMatch } from '../retrieval/fts-query';
import type { Db } from './index';
import type { Audience } from './store';
import { LruCache } from '../lru-cache';

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
 * Postings remembered (rows of a term with its share of the bm25), least recently used term out first. A term's
 * list is read from FTS5 once and serves every question that uses it: 1,000,000 postings are about 12 MB; every
 * term of the retrieval suites' questions in the shipped library is about 320,000.
 */
export const POSTINGS_CACHE = 1_000_000;
/**
 * Postings a question may read from FTS5 for terms not yet kept. Reading a term's postings into JS costs about three
 * times what FTS5 spends scoring those rows inside an OR query, so it pays from a term's third question on; a query
 * whose new terms hold more rows than this is answered by FTS5's own OR query instead (the same rows and scores)
 * and reads none of them. The shipped library's commonest term has about 1,500 rows.
 */
export const POSTINGS_READ_PER_QUERY = 8_000;
/** Chunk rows (text, title, sources) remembered for the pools of ranked rows: the whole shipped library is ~2,000. */
const CHUNK_CACHE = 10_000;

export function createKnowledgeIndex(db: Db, options: { plan?: Partial<typeof QUERY_PLAN>; postingsCache?: number; postingsReadPerQuery?: number } = {}) {
  const plan = { ...QUERY_PLAN, ...options.plan };
  const postingsCache = options.postingsCache ?? POSTINGS_CACHE;
  const readPerQuery = options.postingsReadPerQuery ?? POSTINGS_READ_PER_QUERY;
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
    // One term's rows and its bm25 alone (see `rankTerms`): no ORDER BY, no LIMIT, nothing joined.
    termScores: db.prepare('SELECT rowid, bm25(chunks_fts, 4.0, 3.0, 1.0, 1.0) FROM chunks_fts WHERE chunks_fts MATCH ?').raw(),
    chunk: db.prepare(
      `SELECT c.id AS chunkId, c.article_id AS articleId, a.title, a.audience, c.section, c.text, a.sources
         FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.id = ?`,
    ),
    chunkIdsOfArticle: db.prepare('SELECT id FROM chunks WHERE article_id = ? ORDER BY ord').pluck(),
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

  function searchChunks(match: string, audience: Audience | null, limit: number): ChunkHit[] {
    // An article's sources are parsed once per search, not once per chunk.
    const parsed = new Map<string, ChunkHit['sources']>();
    const sourcesOf = (raw: string) => parsed.get(raw) ?? (parsed.set(raw, JSON.parse(raw)), parsed.get(raw)!);
    return (q.search.all({ match, audience, limit, pool: limit * 2 }) as Record<string, unknown>[]).map((r) => ({
      ...(r as Omit<ChunkHit, 'sources' | 'snippet'>),
      snippet: '',
      sources: sourcesOf(r.sources as string),
    }));
  }

  /*
   * bm25 of an OR query, from each term's postings. FTS5's bm25 of a row is a sum over the query's phrases, in
   * their order, of IDF(phrase) x a function of the phrase's weighted count in the row and the row's length; a
   * phrase absent from the row adds exactly 0, and neither the IDF (the rows that have the phrase) nor the rest
   * depends on the other phrases. So each term's own bm25 (a query of that term alone) is its share, and adding
   * the shares in the query's order gives the very same double FTS5 computes for the OR. Ties go by rowid, as
   * FTS5's scan in rowid order and SQLite's stable sorter leave them. A term's postings are read once and serve
   * every question that has it, where FTS5 scored every matching row of every question again (1,468 of the
   * ~2,000 chunks for the average question of the eval suites). `searchChunks` (the SQL) stays as the reference;
   * a test compares the two on the suites' questions.
   */
  type Postings = { rows: Int32Array; shares: Float64Array };
  const postings = new Map<string, Postings>();
  let postingsHeld = 0;
  function postingsOf(term: string): Postings {
    let p = postings.get(term);
    if (p) {
      postings.delete(term);
      postings.set(term, p);
      return p;
    }
    const raw = q.termScores.all(term) as [number, number][];
    p = { rows: Int32Array.from(raw, (r) => r[0]), shares: Float64Array.from(raw, (r) => -r[1]) };
    if (postingsCache > 0) {
      postings.set(term, p);
      postingsHeld += p.rows.length;
      for (const [t, old] of postings) {
        if (postingsHeld <= postingsCache || t === term) break;
        postings.delete(t);
        postingsHeld -= old.rows.length;
      }
    }
    return p;
  }
  // Scratch space for the sums, by rowid (grown when a row is past the end).
  let sums = new Float64Array(0);
  let stamp = new Uint32Array(0);
  let round = 0;
  /** The `pool` best rows for the OR of `terms` (deduplicated, in order): rowid and bm25, best (lowest) first. */
  function rankTerms(terms: string[], pool: number): { rowid: number; score: number }[] {
    round = (round + 1) >>> 0 || 1;
    if (round === 1) stamp.fill(0);
    const touched: number[] = [];
    for (const term of terms) {
      const { rows, shares } = postingsOf(term);
      for (let k = 0; k < rows.length; k++) {
        const id = rows[k];
        if (id >= sums.length) {
          const size = Math.max(id + 1, sums.length * 2, 1024);
          const s2 = new Float64Array(size);
          s2.set(sums);
          const t2 = new Uint32Array(size);
          t2.set(stamp);
          sums = s2;
          stamp = t2;
        }
        if (stamp[id] !== round) {
          stamp[id] = round;
          sums[id] = 0;
          touched.push(id);
        }
        sums[id] += shares[k];
      }
    }
    return bestRows(touched, sums, pool);
  }

  const chunks = new LruCache<number, Omit<ChunkHit, 'score' | 'snippet'>>(CHUNK_CACHE);
  /** A chunk row as one object literal, in the columns' order (see `searchRanked`). */
  const rowOf = (r: Omit<ChunkHit, 'score' | 'snippet' | 'sources'>, sources: ChunkHit['sources']): Omit<ChunkHit, 'score' | 'snippet'> => ({
    chunkId: r.chunkId,
    articleId: r.articleId,
    title: r.title,
    audience: r.audience,
    section: r.section,
    text: r.text,
    sources,
  });
  const sourcesByArticle = new Map<string, ChunkHit['sources']>();
  function chunkRow(id: number): Omit<ChunkHit, 'score' | 'snippet'> | undefined {
    let c = chunks.get(id);
    if (!c) {
      const r = q.chunk.get(id) as (Omit<ChunkHit, 'score' | 'snippet' | 'sources'> & { sources: string }) | undefined;
      if (!r) return undefined;
      if (sourcesByArticle.size > CHUNK_CACHE) sourcesByArticle.clear();
      const sources = sourcesByArticle.get(r.sources) ?? (sourcesByArticle.set(r.sources, JSON.parse(r.sources)), sourcesByArticle.get(r.sources)!);
      c = rowOf(r, sources);
      chunks.set(id, c);
    }
    return c;
  }

  /**
   * Can `terms` be ranked from postings within the read budget? Then the new terms' postings are read (and kept).
   */
  function postingsReady(terms: string[]): boolean {
    if (postingsCache <= 0) return true;
    const missing = terms.filter((t) => !postings.has(t));
    let rows = 0;
    for (const t of missing) rows += documentFrequency(t);
    if (rows > readPerQuery) return false;
    for (const t of missing) postingsOf(t);
    return true;
  }

  /** What `searchChunks` gives for the OR of `terms`: the pool of twice `limit` rows, then the audience, then `limit`. */
  function searchRanked(terms: string[], audience: Audience | null, limit: number): ChunkHit[] {
    if (!postingsReady(terms)) return searchChunks(buildMatch(terms)!, audience, limit);
    const out: ChunkHit[] = [];
    for (const { rowid, score } of rankTerms(terms, limit * 2)) {
      const c = chunkRow(rowid);
      if (!c || (audience !== null && c.audience !== audience)) continue;
      // One literal, not `{ ...c, score, snippet }`: spread copies are slow to make and to extend (retrieval adds its
      // features to each row), and this is the per-row work of every query.
      out.push({ chunkId: c.chunkId, articleId: c.articleId, title: c.title, audience: c.audience, section: c.section, text: c.text, sources: c.sources, score, snippet: '' });
      if (out.length === limit) break;
    }
    return out;
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
      const { kept, dropped } = planMatch(parts, documentFrequency, { ...plan, rows });
      return { hits: kept.length ? searchRanked(kept, audience, limit) : [], dropped };
    },

    documentFrequency,

    chunksOfArticle(articleId: string): Omit<ChunkHit, 'score' | 'snippet'>[] {
      // The rows' ids in order, then the rows from the cache the ranked pools use (read and parsed once): a fresh
      // object per row, as before.
      const out: Omit<ChunkHit, 'score' | 'snippet'>[] = [];
      for (const id of q.chunkIdsOfArticle.all(articleId) as number[]) {
        const c = chunkRow(id);
        if (c) out.push(rowOf(c, c.sources));
      }
      return out;
    },
  };
}

/**
 * The `pool` best of `rows` by (score, rowid), best (lowest score) first, where a row's score is `-1.0 * sums[rowid]`
 * (`sums` indexed by rowid, rowids unique): what sorting them all and keeping the first `pool` gives, the order
 * being total, without sorting the ~1,500 rows of an average question to keep 160. A bounded heap holds the best
 * seen so far, its worst at the root; only those are sorted.
 */
export function bestRows(rows: number[], sums: Float64Array, pool: number): { rowid: number; score: number }[] {
  const byScore = (a: { rowid: number; score: number }, b: { rowid: number; score: number }) => a.score - b.score || a.rowid - b.rowid;
  if (rows.length <= pool) return rows.map((rowid) => ({ rowid, score: -1.0 * sums[rowid] })).sort(byScore);
  if (pool <= 0) return [];
  // worse(i, j): row i ranks after row j (byScore > 0).
  const worse = (si: number, ri: number, sj: number, rj: number) => si - sj > 0 || (!(si - sj < 0) && ri - rj > 0);
  const hs = new Float64Array(pool);
  const hr = new Int32Array(pool);
  const down = (i: number) => {
    const s = hs[i];
    const r = hr[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= pool) break;
      const c = l + 1 < pool && worse(hs[l + 1], hr[l + 1], hs[l], hr[l]) ? l + 1 : l;
      if (!worse(hs[c], hr[c], s, r)) break;
      hs[i] = hs[c];
      hr[i] = hr[c];
      i = c;
    }
    hs[i] = s;
    hr[i] = r;
  };
  for (let k = 0; k < pool; k++) {
    hr[k] = rows[k];
    hs[k] = -1.0 * sums[rows[k]];
  }
  for (let i = (pool >> 1) - 1; i >= 0; i--) down(i);
  for (let k = pool; k < rows.length; k++) {
    const r = rows[k];
    const s = -1.0 * sums[r];
    if (!worse(hs[0], hr[0], s, r)) continue;
    hs[0] = s;
    hr[0] = r;
    down(0);
  }
  const out: { rowid: number; score: number }[] = [];
  for (let k = 0; k < pool; k++) out.push({ rowid: hr[k], score: hs[k] });
  return out.sort(byScore);
}
