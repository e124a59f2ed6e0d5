import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from 'pino';
import { loadConfig } from '../server/config';
import { openDatabase, type Db } from '../server/db';
import { indexKnowledge } from '../server/knowledge/ingest';
import type { Knowledge } from '../server/knowledge/load';
import { reciprocalRankFusion, RRF_K } from '../server/retrieval';
import { OpenAIEmbeddings } from '@langchain/openai';
import { chunksToEmbed, createEmbedder, createVectorIndex, syncEmbeddings } from '../server/retrieval/embeddings';
import { tokensForSearch } from '../server/retrieval/fts-query';
import { EMBEDDINGS_BASE, embeddingsDown, embeddingsHandler, TEST_DIMENSIONS, type EmbeddingsLog } from './helpers/embeddings-mock';
import { sharedKnowledge, startTestServer, type TestServer } from './helpers/server';

// The embeddings endpoint is mocked with msw (a hashed bag-of-words test double, see helpers/embeddings-mock.ts);
// requests to the test server itself pass through.
const log: EmbeddingsLog = { requests: 0, inputs: [] };
const mock = setupServer(embeddingsHandler(log));
const resetLog = () => {
  log.requests = 0;
  log.inputs = [];
};
const EMB_ENV = {
  EMBEDDINGS_BASE_URL: EMBEDDINGS_BASE,
  EMBEDDINGS_API_KEY: 'emb-test',
  EMBEDDINGS_MODEL: 'fake-embed',
  EMBEDDINGS_DIMENSIONS: String(TEST_DIMENSIONS),
  OPENAI_MAX_RETRIES: '0',
};
const embConfig = loadConfig(EMB_ENV).embeddings!;

// Shares no word with the Sunburn article (checked below), and means a sunburn.
const SEASIDE = 'roasted at the seaside all afternoon';

let srv: TestServer;

beforeAll(async () => {
  mock.listen({ onUnhandledRequest: (req, print) => (new URL(req.url).hostname === 'embeddings.test' ? print.error() : undefined) });
  srv = await startTestServer({ env: EMB_ENV });
  await srv.app.vectors!.sync(); // the sync started in the background by createApp
});
afterEach(() => {
  mock.resetHandlers();
  resetLog();
});
afterAll(async () => {
  // msw first: test files share a worker, so an interceptor left on would answer the next files' requests.
  mock.close();
  await srv?.close();
});

const rankOf = (results: { articleId: string }[], id: string) => {
  const i = results.findIndex((r) => r.articleId === id);
  return i < 0 ? Infinity : i + 1;
};

describe('reciprocal-rank fusion', () => {
  it('adds 1/(k + rank) over the lists, best first', () => {
    const fused = reciprocalRankFusion([['a', 'b', 'c'], ['c', 'a', 'd']], (x) => x);
    expect(fused.map((f) => f.item)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0].score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1].score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[2]).toMatchObject({ item: 'b', ranks: [2, undefined] });
    expect(fused[3]).toMatchObject({ item: 'd', ranks: [undefined, 3] });
    expect(RRF_K).toBe(60);
  });

  it('rewards agreement over one high rank, counts an item once per list and breaks ties by the first list', () => {
    // x is first in one list only; y is second in both.
    expect(reciprocalRankFusion([['x', 'y'], ['z', 'y']], (s) => s)[0].item).toBe('y');
    expect(reciprocalRankFusion([['p', 'p', 'q']], (s) => s).map((f) => [f.item, f.score])).toEqual([
      ['p', 1 / 61],
      ['q', 1 / 63],
    ]);
    expect(reciprocalRankFusion([['m'], ['n']], (s) => s).map((f) => f.item)).toEqual(['m', 'n']);
    expect(reciprocalRankFusion([[], []], (s: string) => s)).toEqual([]);
    // A small k makes the top ranks count for more.
    expect(reciprocalRankFusion([['a', 'b'], ['b']], (s) => s, 1).map((f) => f.item)).toEqual(['b', 'a']);
  });
});

describe('embeddings in the SQLite file', () => {
  it('stores one vector per chunk in the same database file, keyed to survive a rebuild', () => {
    const db = new Database(srv.dbPath, { readonly: true });
    try {
      sqliteVec.load(db);
      const chunks = db.prepare('SELECT count(*) FROM chunks').pluck().get() as number;
      expect(chunks).toBeGreaterThan(500);
      expect(db.prepare('SELECT count(*) FROM vec_chunks').pluck().get()).toBe(chunks);
      expect(db.prepare('SELECT count(*), min(model), max(model), min(dims), max(dims) FROM chunk_embeddings').raw().get()).toEqual([
        chunks,
        'fake-embed',
        'fake-embed',
        TEST_DIMENSIONS,
        TEST_DIMENSIONS,
      ]);
      const key = db.prepare("SELECT chunk_key FROM chunk_embeddings WHERE chunk_key LIKE 'sunburn#%' ORDER BY chunk_key").pluck().all();
      expect(key[0]).toBe('sunburn#0');
      const vector = db.prepare("SELECT vec_length(embedding) FROM vec_chunks WHERE chunk_key = 'sunburn#0'").pluck().get();
      expect(vector).toBe(TEST_DIMENSIONS);
    } finally {
      db.close();
    }
  });

  it('a second sync embeds nothing', async () => {
    const result = await srv.app.vectors!.sync();
    expect(result).toMatchObject({ embedded: 0, reused: 0, deleted: 0, requests: 0 });
    expect(result!.unchanged).toBeGreaterThan(500);
    expect(log.requests).toBe(0);
  });
});

describe('re-embedding only what changed', () => {
  let dir: string;
  let db: Db;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'careline-emb-'));
    db = openDatabase(join(dir, 'kb.db'));
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sync = () => syncEmbeddings(db, chunksToEmbed(db), { embedder: createEmbedder(embConfig, OpenAIEmbeddings), model: embConfig.model, dimensions: embConfig.dimensions });

  it('embeds the library once in batches, then only the changed chunk after a rebuild; removed chunks are deleted', async () => {
    const k = sharedKnowledge();
    indexKnowledge(db, k);
    createVectorIndex(db, embConfig, silentLogger(), { Embeddings: OpenAIEmbeddings }); // loads sqlite-vec and creates the table
    const first = await sync();
    const total = db.prepare('SELECT count(*) FROM chunks').pluck().get() as number;
    expect(first).toMatchObject({ deleted: 0, unchanged: 0, reused: 0 });
    expect(db.prepare('SELECT count(*) FROM vec_chunks').pluck().get()).toBe(total);
    expect(first.embedded).toBe(new Set(chunksToEmbed(db).map((c) => c.text)).size); // identical texts are sent once
    expect(log.requests).toBe(first.requests);
    expect(log.requests).toBeGreaterThan(1);
    expect(log.requests).toBeLessThan(40);
    resetLog();

    // One section of one article edited, the last section of another removed; chunk ids all change on rebuild.
    const edited: Knowledge = {
      ...k,
      contentHash: `${k.contentHash}-edited`,
      articles: k.articles.map((a) => {
        if (a.id === 'sunburn') return { ...a, sections: a.sections.map((s, i) => (i === 1 ? { ...s, text: `${s.text}\nAloe vera gel can soothe the skin.` } : s)) };
        if (a.id === 'stye') return { ...a, sections: a.sections.slice(0, -1) };
        return a;
      }),
    };
    const idsBefore = db.prepare("SELECT id FROM chunks WHERE article_id = 'sunburn'").pluck().all();
    expect(indexKnowledge(db, edited).rebuilt).toBe(true);
    expect(db.prepare("SELECT id FROM chunks WHERE article_id = 'sunburn'").pluck().all()).not.toEqual(idsBefore);
    const second = await sync();
    expect(log.requests).toBe(1);
    expect(log.inputs).toHaveLength(1);
    expect(log.inputs[0]).toContain('Aloe vera gel can soothe the skin.');
    expect(second).toMatchObject({ embedded: 1, deleted: 1, reused: 0, requests: 1 });
    expect(db.prepare("SELECT count(*) FROM chunk_embeddings WHERE chunk_key LIKE 'stye#%'").pluck().get()).toBe(
      db.prepare("SELECT count(*) FROM chunks WHERE article_id = 'stye'").pluck().get(),
    );
    expect(db.prepare('SELECT count(*) FROM vec_chunks').pluck().get()).toBe(db.prepare('SELECT count(*) FROM chunks').pluck().get());
    resetLog();
    expect(await sync()).toMatchObject({ embedded: 0, requests: 0 });
    expect(log.requests).toBe(0);
  });

  it('re-embeds everything when the model changes', async () => {
    const other = { ...embConfig, model: 'fake-embed-2' };
    const r = await syncEmbeddings(db, chunksToEmbed(db).slice(0, 5), { embedder: createEmbedder(other, OpenAIEmbeddings), model: other.model, dimensions: other.dimensions });
    expect(r).toMatchObject({ embedded: 5, unchanged: 0 });
    expect(r.deleted).toBeGreaterThan(500); // chunks missing from this (partial) list are deleted
  });
});

describe('hybrid retrieval', () => {
  it('ranks the right article higher than bm25 alone for a question that shares no word with it', async () => {
    const sunburn = sharedKnowledge().articles.find((a) => a.id === 'sunburn')!;
    // Everything the index holds for the article: its text and the lexicon phrases of the concepts linked to it.
    const linked = sharedKnowledge().lexicon.filter((c) => c.articles.includes('sunburn') || sunburn.concepts.includes(c.id));
    const words = new Set(
      tokensForSearch(`${sunburn.title} ${sunburn.synonyms.join(' ')} ${sunburn.summary} ${sunburn.body} ${linked.flatMap((c) => [c.name, ...c.lay, ...c.misspellings]).join(' ')}`),
    );
    expect(tokensForSearch(SEASIDE).filter((w) => words.has(w))).toEqual([]);

    const bm25 = srv.app.retriever.search(SEASIDE, { audience: 'patient', limit: 5 });
    const hybrid = await srv.app.retriever.searchHybrid(SEASIDE, { audience: 'patient', limit: 5 });
    expect(rankOf(bm25, 'sunburn')).toBe(Infinity);
    // In the top 5 (bm25 alone does not find it at all): since the articles gained sections on prevention and
    // causes, other chunks mention the sun too and the test double's one "sun" dimension no longer singles it out.
    expect(rankOf(hybrid, 'sunburn')).toBeLessThanOrEqual(5);
    expect(log.requests).toBe(1); // the question's embedding
    const hit = hybrid.find((h) => h.articleId === 'sunburn')!;
    expect(hit.score).toBe(0); // no bm25 evidence: the relevance floor stays lexical
    expect(hit.similarity).toBeGreaterThan(0.5);
    expect(hybrid.every((h) => h.audience === 'patient')).toBe(true);
    // Ordered by the fused score (the best chunk of each article first); a chunk bm25 also found keeps its score.
    const firsts = hybrid.filter((h, i) => hybrid.findIndex((x) => x.articleId === h.articleId) === i).map((h) => h.fused!);
    expect(firsts).toEqual([...firsts].sort((a, b) => b - a));
    for (const h of hybrid) {
      const same = bm25.find((b) => b.chunkId === h.chunkId);
      if (same) expect(h.score).toBe(same.score);
    }
  });

  it('embeds a short follow-up with the question it follows', async () => {
    await srv.app.retriever.searchHybrid('and for kids?', { audience: 'patient', history: [SEASIDE] });
    expect(log.inputs).toEqual([`${SEASIDE} and for kids?`]);
  });

  it('serves GET /api/knowledge/search from the hybrid ranking', async () => {
    const res = await fetch(`${srv.url}/api/knowledge/search?q=${encodeURIComponent('frazzled at the seaside')}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(srv.app.retriever.search('frazzled at the seaside', { audience: 'patient' })).toEqual([]);
    expect(body.results[0]).toMatchObject({ articleId: 'sunburn', score: 0 });
    expect(body.results[0].snippet.length).toBeGreaterThan(10);
  });

  it('keeps bm25 order for an ordinary question and the chat embeds each question once', async () => {
    const q = 'how do I treat a mild sunburn at home?';
    const hybrid = await srv.app.retriever.searchHybrid(q, { audience: 'patient' });
    expect(hybrid[0].articleId).toBe('sunburn');
    resetLog();
    const res = await fetch(`${srv.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: q }) });
    const body = await res.json();
    expect(body.citations[0].articleId).toBe('sunburn');
    expect(log.requests).toBe(1);
    expect(log.inputs[0]).toContain('sunburn');
  });
});

describe('without a working embeddings endpoint', () => {
  it('falls back to the bm25 results and the chat still answers', async () => {
    mock.use(embeddingsDown(log));
    const q = 'how do I treat a mild sunburn at home?';
    const fts = srv.app.retriever.search(q, { audience: 'patient', limit: 5 });
    expect(await srv.app.retriever.searchHybrid(q, { audience: 'patient', limit: 5 })).toEqual(fts);
    expect(log.requests).toBe(1); // one try, no retries on the chat path
    const res = await fetch(`${srv.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: q }) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.reply.length).toBeGreaterThan(50);
    expect(body.citations[0].articleId).toBe('sunburn');
  });

  it('logs the failure once and pauses before trying again', async () => {
    const db = openDatabase(':memory:');
    indexKnowledge(db, sharedKnowledge());
    const logger = silentLogger();
    const index = createVectorIndex(db, embConfig, logger, { Embeddings: OpenAIEmbeddings, retryAfterMs: 0 })!;
    expect(await index.sync()).not.toBeNull();
    resetLog();
    mock.use(embeddingsDown(log));
    expect(await index.search('sunburn', { k: 5 })).toBeNull();
    expect(await index.search('sunburn', { k: 5 })).toBeNull();
    expect(log.requests).toBe(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    index.close();

    const paused = createVectorIndex(db, embConfig, silentLogger(), { Embeddings: OpenAIEmbeddings })!; // the default pause after a failure
    await paused.sync();
    resetLog();
    expect(await paused.search('sunburn', { k: 5 })).toBeNull();
    expect(await paused.search('sunburn', { k: 5 })).toBeNull();
    expect(log.requests).toBe(1);
    paused.close();
    db.close();
  });

  it('refuses vectors of the wrong size, and retries a failed sync later', async () => {
    const db = openDatabase(':memory:');
    indexKnowledge(db, sharedKnowledge());
    const logger = silentLogger();
    const index = createVectorIndex(db, { ...embConfig, dimensions: 32 }, logger, { Embeddings: OpenAIEmbeddings, resyncAfterMs: 0 })!;
    expect(await index.sync()).toBeNull();
    expect(String(logger.warn.mock.calls[0][0].err)).toMatch(/returned 64 dimensions; EMBEDDINGS_DIMENSIONS is 32/);
    expect(db.prepare('SELECT count(*) FROM chunk_embeddings').pluck().get()).toBe(0);
    index.close();

    const later = createVectorIndex(db, embConfig, logger, { Embeddings: OpenAIEmbeddings, resyncAfterMs: 0 })!; // the right size now
    mock.use(embeddingsDown(log));
    expect(await later.sync()).toBeNull();
    mock.resetHandlers();
    expect(await later.search('sunburn', { k: 5 })).toBeNull(); // not ready: starts a sync, answers bm25 meanwhile
    await vi.waitFor(() => expect(later.ready).toBe(true));
    expect((await later.search('sunburn', { k: 5 }))?.[0].articleId).toBe('sunburn');
    later.close();
    db.close();
  });

  it('starts with the endpoint down: bm25 only, the chat answers, nothing stored', async () => {
    mock.use(embeddingsDown(log));
    const down = await startTestServer({ env: EMB_ENV });
    try {
      expect(await down.app.vectors!.sync()).toBeNull();
      expect(down.app.vectors!.ready).toBe(false);
      const requests = log.requests;
      const q = 'how do I treat a mild sunburn at home?';
      expect(await down.app.retriever.searchHybrid(q, { audience: 'patient' })).toEqual(down.app.retriever.search(q, { audience: 'patient' }));
      expect(log.requests).toBe(requests); // not ready: the question is not even sent
      const res = await fetch(`${down.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: q }) });
      expect((await res.json()).citations[0].articleId).toBe('sunburn');
    } finally {
      await down.close();
    }
  });

  it('is off without an embeddings configuration: no table, no extension, searchHybrid is search', async () => {
    const off = await startTestServer();
    try {
      expect(off.config.embeddings).toBeNull();
      expect(off.app.vectors).toBeNull();
      const q = 'chest pain when I climb stairs';
      expect(await off.app.retriever.searchHybrid(q, { audience: 'patient' })).toEqual(off.app.retriever.search(q, { audience: 'patient' }));
      const db = new Database(off.dbPath, { readonly: true });
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'vec_chunks'").pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'chunk_embeddings'").pluck().get()).toBe(1);
      db.close();
    } finally {
      await off.close();
    }
    expect(log.requests).toBe(0);
  });
});

function silentLogger() {
  return { warn: vi.fn(), info: vi.fn(), debug: vi.fn(), error: vi.fn() } as unknown as Logger & { warn: ReturnType<typeof vi.fn> };
}
