import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { OpenAIEmbeddings } from '@langchain/openai';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db';
import type { ChunkHit } from '../db/knowledge-index';
import type { Audience } from '../db/store';
import { stripMarkdown } from '../knowledge/ingest';

/**
 * Embeddings for hybrid retrieval, stored in the same SQLite file as everything else: `chunk_embeddings` (migration
 * 002) says which text each chunk's vector was made from, and the sqlite-vec `vec_chunks` table holds the vectors.
 * Nothing here runs unless an embeddings endpoint is configured; without one retrieval is FTS5 (bm25) only.
 */

export type EmbeddingsConfig = NonNullable<Config['embeddings']>;

/** One chunk as it is embedded. `key` survives a knowledge rebuild (chunk ids do not). */
export type EmbeddingChunk = { key: string; text: string };

export type SyncResult = {
  /** Texts sent to the endpoint (identical texts are sent once). */
  embedded: number;
  /** Chunks whose text already had a vector under another key (a section moved), copied instead of re-embedded. */
  reused: number;
  deleted: number;
  unchanged: number;
  requests: number;
};

export type VectorHit = ChunkHit & { similarity: number };

export const VEC_TABLE = 'vec_chunks';
export const SYNC_BATCH = 64;

export const chunkKey = (articleId: string, ord: number) => `${articleId}#${ord}`;
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const toBlob = (v: ArrayLike<number>) => Buffer.from(Float32Array.from(v as ArrayLike<number>).buffer);

/**
 * The OpenAI-compatible embeddings client. `encoding_format: float` because many compatible servers (Ollama,
 * llama.cpp) do not implement base64; `dimensions` is only sent to the models that accept it (text-embedding-3-*),
 * other models must return EMBEDDINGS_DIMENSIONS values by themselves. The class is passed in (server/models.ts
 * imports `@langchain/openai` only when a model or embeddings endpoint is configured).
 */
export function createEmbedder(cfg: EmbeddingsConfig, Embeddings: typeof OpenAIEmbeddings, options: { forQueries?: boolean } = {}): OpenAIEmbeddings {
  return new Embeddings({
    model: cfg.model,
    // A keyless local server still needs a non-empty key for the client; it is never read from process.env.
    apiKey: cfg.apiKey ?? 'not-needed',
    configuration: { baseURL: cfg.baseURL },
    dimensions: /^text-embedding-3/.test(cfg.model) ? cfg.dimensions : undefined,
    encodingFormat: 'float',
    batchSize: SYNC_BATCH,
    maxConcurrency: 1,
    // A question's embedding is on the chat path: one short try, then bm25 alone. The sync retries like the LLM.
    maxRetries: options.forQueries ? 0 : cfg.maxRetries,
    timeout: options.forQueries ? Math.min(cfg.timeoutMs, 5000) : cfg.timeoutMs,
  });
}

const loaded = new WeakSet<Db>();
/** Loads the sqlite-vec extension (shipped inside the npm package) into this connection, once. */
export function loadVectorExtension(db: Db): void {
  if (loaded.has(db)) return;
  // Required here: a server without embeddings never loads the package.
  (createRequire(import.meta.url)('sqlite-vec') as typeof import('sqlite-vec')).load(db);
  loaded.add(db);
}

/**
 * Creates `vec_chunks` for this dimension. A table of another dimension (the model changed) is dropped with the
 * bookkeeping rows, so everything is embedded again; a missing table also means no stored vector is valid.
 */
export function ensureVectorTable(db: Db, dims: number): { created: boolean } {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(VEC_TABLE) as string | undefined;
  const current = sql ? Number(/float\[(\d+)\]/.exec(sql)?.[1]) : undefined;
  if (current === dims) return { created: false };
  db.transaction(() => {
    if (sql) db.exec(`DROP TABLE ${VEC_TABLE}`);
    db.exec(`CREATE VIRTUAL TABLE ${VEC_TABLE} USING vec0(chunk_key text primary key, embedding float[${dims}] distance_metric=cosine)`);
    db.exec('DELETE FROM chunk_embeddings');
  })();
  return { created: true };
}

/** Every chunk of the index as the text that gets embedded: the article title and section give it context. */
export function chunksToEmbed(db: Db): EmbeddingChunk[] {
  const rows = db
    .prepare('SELECT c.article_id AS articleId, c.ord, a.title, c.section, c.text FROM chunks c JOIN articles a ON a.id = c.article_id ORDER BY c.article_id, c.ord')
    .all() as { articleId: string; ord: number; title: string; section: string; text: string }[];
  return rows.map((r) => ({ key: chunkKey(r.articleId, r.ord), text: `${r.title}\n${r.section}\n${stripMarkdown(r.text)}` }));
}

/**
 * Brings the stored vectors in line with `chunks`: removed chunks are deleted, unchanged ones (same text hash,
 * model and size) are left alone, and only new or changed texts go to the endpoint, in batches, each batch
 * written in its own transaction so an interrupted sync keeps what it finished.
 */
export async function syncEmbeddings(
  db: Db,
  chunks: EmbeddingChunk[],
  options: { embedder: EmbeddingsInterface; model: string; dimensions: number; batchSize?: number; isClosed?: () => boolean },
): Promise<SyncResult> {
  const { embedder, model, dimensions } = options;
  const batchSize = options.batchSize ?? SYNC_BATCH;
  const closed = () => options.isClosed?.() || !db.open;
  const existing = db.prepare('SELECT chunk_key AS key, content_hash AS hash, model, dims FROM chunk_embeddings').all() as {
    key: string;
    hash: string;
    model: string;
    dims: number;
  }[];
  const valid = existing.filter((r) => r.model === model && r.dims === dimensions);
  const validByKey = new Map(valid.map((r) => [r.key, r.hash]));
  const keyByHash = new Map(valid.map((r) => [r.hash, r.key]));
  const current = new Map(chunks.map((c) => [c.key, { text: c.text, hash: hashOf(c.text) }]));

  const removed = existing.filter((r) => !current.has(r.key)).map((r) => r.key);
  const stale = [...current].filter(([key, c]) => validByKey.get(key) !== c.hash);
  // Read every vector to reuse before anything is written: its old key may be deleted or overwritten below.
  const getVector = db.prepare(`SELECT embedding FROM ${VEC_TABLE} WHERE chunk_key = ?`).pluck();
  const reused: { key: string; hash: string; blob: Buffer }[] = [];
  const toEmbed = new Map<string, { text: string; keys: string[] }>();
  for (const [key, c] of stale) {
    const from = keyByHash.get(c.hash);
    const blob = from ? (getVector.get(from) as Buffer | undefined) : undefined;
    if (blob) reused.push({ key, hash: c.hash, blob });
    else {
      const entry = toEmbed.get(c.hash) ?? { text: c.text, keys: [] };
      entry.keys.push(key);
      toEmbed.set(c.hash, entry);
    }
  }

  const deleteVec = db.prepare(`DELETE FROM ${VEC_TABLE} WHERE chunk_key = ?`);
  const insertVec = db.prepare(`INSERT INTO ${VEC_TABLE} (chunk_key, embedding) VALUES (?, ?)`);
  const deleteRow = db.prepare('DELETE FROM chunk_embeddings WHERE chunk_key = ?');
  const upsertRow = db.prepare(
    `INSERT INTO chunk_embeddings (chunk_key, content_hash, model, dims) VALUES (?, ?, ?, ?)
     ON CONFLICT(chunk_key) DO UPDATE SET content_hash = excluded.content_hash, model = excluded.model, dims = excluded.dims`,
  );
  // vec0 has no upsert: delete, then insert.
  const put = (key: string, hash: string, blob: Buffer) => {
    deleteVec.run(key);
    insertVec.run(key, blob);
    upsertRow.run(key, hash, model, dimensions);
  };

  if (closed()) throw new Error('database closed');
  db.transaction(() => {
    for (const key of removed) {
      deleteVec.run(key);
      deleteRow.run(key);
    }
    for (const r of reused) put(r.key, r.hash, r.blob);
  })();

  const pending = [...toEmbed];
  let requests = 0;
  for (let i = 0; i < pending.length; i += batchSize) {
    const batch = pending.slice(i, i + batchSize);
    const vectors = await embedder.embedDocuments(batch.map(([, e]) => e.text));
    requests++;
    if (closed()) throw new Error('database closed');
    if (vectors.length !== batch.length) throw new Error(`the embeddings endpoint returned ${vectors.length} vectors for ${batch.length} texts`);
    vectors.forEach((v) => checkDimensions(v, dimensions));
    db.transaction(() => {
      batch.forEach(([hash, e], j) => {
        const blob = toBlob(vectors[j]);
        for (const key of e.keys) put(key, hash, blob);
      });
    })();
  }
  return { embedded: pending.length, reused: reused.length, deleted: removed.length, unchanged: current.size - stale.length, requests };
}

function checkDimensions(v: ArrayLike<number>, dims: number) {
  if (v.length !== dims) throw new Error(`the embeddings model returned ${v.length} dimensions; EMBEDDINGS_DIMENSIONS is ${dims}`);
}

/** Nearest chunks to a vector by cosine distance (0 = same direction), closest first. */
export function vectorSearch(db: Db, queryVector: ArrayLike<number>, k: number): { key: string; distance: number }[] {
  return db
    .prepare(`SELECT chunk_key AS key, distance FROM ${VEC_TABLE} WHERE embedding MATCH ? AND k = ? ORDER BY distance`)
    .all(toBlob(queryVector), Math.max(1, Math.min(k, 4096))) as { key: string; distance: number }[];
}

export type VectorIndex = {
  /** True once a sync has completed in this process; until then retrieval is bm25 alone. */
  readonly ready: boolean;
  /** Embeds new and changed chunks; never throws (a failure is logged once and retried later). */
  sync(): Promise<SyncResult | null>;
  /**
   * The chunks nearest in meaning to `text`, or null when vectors cannot be used right now (not synced yet, the
   * endpoint failed): the caller then uses bm25 alone.
   */
  search(text: string, options: { k: number; audience?: Audience | null }): Promise<VectorHit[] | null>;
  close(): void;
};

/**
 * The vector side of retrieval for the app: loads sqlite-vec into the connection, creates the table, and keeps
 * the endpoint's failures away from the chat (logged once per outage, a short pause before the next try, a failed
 * sync retried lazily). Returns null, with a warning, if the extension cannot be loaded on this platform.
 */
export function createVectorIndex(
  db: Db,
  cfg: EmbeddingsConfig,
  logger: Logger,
  options: { Embeddings?: typeof OpenAIEmbeddings; embedder?: EmbeddingsInterface; queryEmbedder?: EmbeddingsInterface; retryAfterMs?: number; resyncAfterMs?: number } = {},
): VectorIndex | null {
  try {
    loadVectorExtension(db);
    ensureVectorTable(db, cfg.dimensions);
  } catch (err) {
    logger.warn({ err }, 'sqlite-vec could not be loaded; retrieval stays FTS5 (bm25) only');
    return null;
  }
  const clientClass = () => {
    if (!options.Embeddings) throw new Error('createVectorIndex needs `Embeddings` (the OpenAIEmbeddings class) or both embedders');
    return options.Embeddings;
  };
  const embedder = options.embedder ?? createEmbedder(cfg, clientClass());
  const queryEmbedder = options.queryEmbedder ?? createEmbedder(cfg, clientClass(), { forQueries: true });
  const retryAfterMs = options.retryAfterMs ?? 30_000;
  const resyncAfterMs = options.resyncAfterMs ?? 5 * 60_000;
  let ready = false;
  let closed = false;
  let syncing: Promise<SyncResult | null> | null = null;
  let lastSync = 0;
  let pausedUntil = 0;
  let warnedSync = false;
  let warnedQuery = false;

  const byKey = db.prepare(
    `SELECT c.id AS chunkId, c.article_id AS articleId, a.title, a.audience, c.section, c.text, a.sources
       FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.article_id = ? AND c.ord = ?`,
  );

  function sync(): Promise<SyncResult | null> {
    if (syncing) return syncing;
    lastSync = Date.now();
    const started = performance.now();
    syncing = Promise.resolve()
      .then(() => syncEmbeddings(db, chunksToEmbed(db), { embedder, model: cfg.model, dimensions: cfg.dimensions, isClosed: () => closed }))
      .then((r) => {
        ready = true;
        warnedSync = false;
        logger.info({ ...r, ms: Math.round(performance.now() - started), model: cfg.model }, 'embeddings in sync; hybrid retrieval on');
        return r;
      })
      .catch((err) => {
        if (closed) return null;
        if (!warnedSync) logger.warn({ err: String(err) }, 'embedding the knowledge base failed; retrieval stays bm25 only for now');
        else logger.debug({ err: String(err) }, 'embeddings sync failed again');
        warnedSync = true;
        return null;
      })
      .finally(() => {
        syncing = null;
      });
    return syncing;
  }

  async function search(text: string, opts: { k: number; audience?: Audience | null }): Promise<VectorHit[] | null> {
    if (closed) return null;
    if (!ready) {
      if (!syncing && Date.now() - lastSync > resyncAfterMs) void sync();
      return null;
    }
    if (Date.now() < pausedUntil) return null;
    try {
      const vector = await queryEmbedder.embedQuery(text);
      checkDimensions(vector, cfg.dimensions);
      if (closed) return null;
      const audience = opts.audience ?? null;
      const nearest = vectorSearch(db, vector, audience ? opts.k * 3 : opts.k);
      const hits: VectorHit[] = [];
      for (const n of nearest) {
        const at = n.key.lastIndexOf('#');
        const row = byKey.get(n.key.slice(0, at), Number(n.key.slice(at + 1))) as Record<string, unknown> | undefined;
        if (!row || (audience && row.audience !== audience)) continue;
        const chunk = { ...(row as Omit<ChunkHit, 'sources' | 'score' | 'snippet'>), sources: JSON.parse(row.sources as string) };
        hits.push({ ...chunk, score: 0, snippet: snippetOf(chunk.text), similarity: 1 - n.distance });
        if (hits.length >= opts.k) break;
      }
      warnedQuery = false;
      return hits;
    } catch (err) {
      if (closed) return null;
      pausedUntil = Date.now() + retryAfterMs;
      if (!warnedQuery) logger.warn({ err: String(err) }, 'the embeddings endpoint failed; answering with bm25 alone');
      else logger.debug({ err: String(err) }, 'the embeddings endpoint failed again');
      warnedQuery = true;
      return null;
    }
  }

  return {
    get ready() {
      return ready;
    },
    sync,
    search,
    close() {
      closed = true;
    },
  };
}

/** Like FTS5's snippet() for a chunk found by meaning alone: its first words. */
function snippetOf(text: string, words = 24): string {
  const all = stripMarkdown(text).split(/\s+/).filter(Boolean);
  return all.length > words ? `${all.slice(0, words).join(' ')} …` : all.join(' ');
}
