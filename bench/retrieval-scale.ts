/**
 * Retrieval at 1x (the shipped library), 10k and 100k chunks: Careline's retriever (FTS5 bm25 with its query plan,
 * then ranking by subject) beside Orama and MiniSearch over the same rows, in the same process and run. The larger
 * libraries are the shipped one plus synthetic chunks made of real sentences from random articles under made-up
 * titles (what a clinic's own documents add: text that shares the library's words without being about the
 * question). Recall@5 is measured on the retrieval suites' questions (evals/suites/retrieval*.yaml, the dev suites),
 * whose answers are the shipped articles, now hidden among the synthetic ones. "careline, every term" is the same
 * index searched without the query plan (fts-query planMatch): every term of the question in the FTS5 query.
 */
import { create as createOrama, insertMultiple, search as searchOrama } from '@orama/orama';
import MiniSearch from 'minisearch';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Db } from '../server/db';
import { createKnowledgeIndex } from '../server/db/knowledge-index';
import type { Knowledge } from '../server/knowledge/load';
import { indexKnowledge } from '../server/knowledge/ingest';
import type { Language } from '../server/language';
import { createRetriever } from '../server/retrieval';
import { loadSuite } from '../evals/schema';
import { mb, random, round, stats } from './lib';

type Row = { rowid: number; articleId: string; audience: string; title: string; synonyms: string; section: string; text: string };
export type Question = { text: string; audience: 'patient' | 'nurse'; relevant: string[] };

export function retrievalQuestions(): Question[] {
  const out: Question[] = [];
  for (const name of ['retrieval', 'retrieval-blind']) {
    for (const c of loadSuite(join(import.meta.dirname, '..', 'evals', 'suites', `${name}.yaml`)).cases as { turns?: string[]; audience?: string; expect: { relevant?: string[] } }[]) {
      if (!c.turns?.length || !c.expect.relevant?.length) continue;
      out.push({ text: c.turns.at(-1)!, audience: c.audience === 'nurse' ? 'nurse' : 'patient', relevant: c.expect.relevant });
    }
  }
  return out;
}

/** The shipped library's index, plus synthetic chunks up to `total`. */
export function buildLibrary(path: string, knowledge: Knowledge, total: number): { db: Db; syntheticArticles: Knowledge['articles'] } {
  const db = openDatabase(path);
  indexKnowledge(db, knowledge, { force: true });
  const real = db.prepare('SELECT c.text, c.section FROM chunks c').all() as { text: string; section: string }[];
  const sentences = real.flatMap((r) => r.text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 30 && s.length < 300));
  const words = [...new Set(sentences.join(' ').toLowerCase().match(/[a-z]{5,}/g) ?? [])];
  const rnd = random(17);
  const add = total - real.length;
  const articles: Knowledge['articles'] = [];
  const insertArticle = db.prepare(
    `INSERT INTO articles (id, title, audience, summary, synonyms, concepts, sources, last_reviewed, origin, path, body)
     VALUES (?, ?, 'patient', '', '[]', '[]', '[{"name":"synthetic"}]', '2026-01-01', 'local', 'synthetic', ?)`,
  );
  const insertChunk = db.prepare('INSERT INTO chunks (article_id, ord, section, text) VALUES (?, ?, ?, ?)');
  const insertFts = db.prepare("INSERT INTO chunks_fts (rowid, title, synonyms, section, text) VALUES (?, ?, '', ?, ?)");
  db.transaction(() => {
    for (let a = 0; a * 10 < add; a++) {
      const id = `syn-${a}`;
      const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
      const title = `${cap(rnd.pick(words))} ${rnd.pick(words)}`;
      const chunks = Array.from({ length: Math.min(10, add - a * 10) }, () => ({
        section: rnd.pick(real).section,
        text: Array.from({ length: 3 + rnd.int(4) }, () => rnd.pick(sentences)).join(' '),
      }));
      const body = chunks.map((c) => `## ${c.section}\n\n${c.text}`).join('\n\n');
      insertArticle.run(id, title, body);
      chunks.forEach((c, ord) => insertFts.run(insertChunk.run(id, ord, c.section, c.text).lastInsertRowid, title, c.section, c.text));
      articles.push({ id, title, audience: 'patient', summary: '', synonyms: [], concepts: [], body, sources: [], last_reviewed: '2026-01-01', origin: 'local', path: 'synthetic' } as unknown as Knowledge['articles'][number]);
    }
  })();
  return { db, syntheticArticles: articles };
}

function rowsOf(db: Db): Row[] {
  return db
    .prepare('SELECT f.rowid, c.article_id AS articleId, a.audience, f.title, f.synonyms, f.section, f.text FROM chunks_fts f JOIN chunks c ON c.id = f.rowid JOIN articles a ON a.id = c.article_id')
    .all() as Row[];
}

/** First `k` distinct article ids of a ranked list of chunks. */
const topArticles = (ids: string[], k = 5) => [...new Set(ids)].slice(0, k);

type EngineResult = { engine: string; buildMs: number; memoryMb: number | null; latency: ReturnType<typeof stats>; recallAt5: number; questions: number };

/**
 * One library size: build each engine's index over the same rows, then run the same questions through each, in
 * turn per question (so a burst of load from elsewhere hits them alike).
 */
export async function compareAtSize(opts: { dir: string; knowledge: Knowledge; language: Language; total: number; questions: Question[]; label: string; log?: (s: string) => void; budgetMs?: number }): Promise<{ label: string; chunks: number; engines: EngineResult[] }> {
  const path = join(opts.dir, `retrieval-${opts.label}.db`);
  let t = performance.now();
  const { db, syntheticArticles } = buildLibrary(path, opts.knowledge, opts.total);
  const retriever = createRetriever({
    store: createKnowledgeIndex(db),
    language: opts.language,
    concepts: opts.knowledge.lexicon,
    articles: [...opts.knowledge.articles, ...syntheticArticles],
    conditions: opts.knowledge.conditions,
  });
  const carelineBuild = performance.now() - t;
  // The same index without the query plan (every term of the question searched, as before issue 17's third round).
  const everyTerm = createRetriever({
    store: createKnowledgeIndex(db, { plan: { cap: Number.MAX_SAFE_INTEGER } }),
    language: opts.language,
    concepts: opts.knowledge.lexicon,
    articles: [...opts.knowledge.articles, ...syntheticArticles],
    conditions: opts.knowledge.conditions,
  });
  // The same index keeping no term's postings: every term read from FTS5 at every question (its first sight).
  const firstSight = createRetriever({
    store: createKnowledgeIndex(db, { postingsCache: 0 }),
    language: opts.language,
    concepts: opts.knowledge.lexicon,
    articles: [...opts.knowledge.articles, ...syntheticArticles],
    conditions: opts.knowledge.conditions,
  });
  const log = (s: string) => opts.log?.(`${opts.label}: ${s}`);
  log(`careline built in ${Math.round(carelineBuild)} ms`);
  const rows = rowsOf(db);
  const carelineSize = statSync(path).size;

  global.gc?.();
  let heap = process.memoryUsage().heapUsed;
  t = performance.now();
  const orama = createOrama({ schema: { articleId: 'string', audience: 'enum', title: 'string', synonyms: 'string', section: 'string', text: 'string' } as const });
  await insertMultiple(orama, rows.map((r) => ({ id: String(r.rowid), articleId: r.articleId, audience: r.audience, title: r.title, synonyms: r.synonyms, section: r.section, text: r.text })), 1000);
  const oramaBuild = performance.now() - t;
  log(`orama built in ${Math.round(oramaBuild)} ms`);
  global.gc?.();
  const oramaMem = process.memoryUsage().heapUsed - heap;

  heap = process.memoryUsage().heapUsed;
  t = performance.now();
  const mini = new MiniSearch<Row>({ idField: 'rowid', fields: ['title', 'synonyms', 'section', 'text'], storeFields: ['articleId', 'audience'] });
  mini.addAll(rows);
  const miniBuild = performance.now() - t;
  log(`minisearch built in ${Math.round(miniBuild)} ms`);
  global.gc?.();
  const miniMem = process.memoryUsage().heapUsed - heap;

  const engines = {
    careline: (q: Question) => retriever.search(q.text, { audience: q.audience, limit: 5 }).map((h) => h.articleId),
    'careline, every term': (q: Question) => everyTerm.search(q.text, { audience: q.audience, limit: 5 }).map((h) => h.articleId),
    'careline, no postings kept': (q: Question) => firstSight.search(q.text, { audience: q.audience, limit: 5 }).map((h) => h.articleId),
    orama: async (q: Question) => {
      const r = await searchOrama(orama, {
        term: q.text,
        properties: ['title', 'synonyms', 'text'],
        boost: { title: 4, synonyms: 3 },
        limit: 50,
        ...(q.audience === 'patient' ? { where: { audience: { eq: 'patient' } } } : {}),
      });
      return r.hits.map((h) => h.document.articleId as string);
    },
    minisearch: (q: Question) =>
      mini
        .search(q.text, { boost: { title: 4, synonyms: 3 }, fuzzy: 0.2, prefix: true, ...(q.audience === 'patient' ? { filter: (r) => r.audience === 'patient' } : {}) })
        .slice(0, 50)
        .map((r) => r.articleId as string),
  };
  // Warm each once.
  for (const q of opts.questions.slice(0, 3)) for (const run of Object.values(engines)) await run(q);
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(engines).map((e) => [e, []]));
  const hits: Record<string, number> = Object.fromEntries(Object.keys(engines).map((e) => [e, 0]));
  // Bounded: questions stop when the budget is spent (every engine answers the same questions, so recall compares).
  const until = performance.now() + (opts.budgetMs ?? Infinity);
  let asked = 0;
  for (const q of opts.questions) {
    if (performance.now() > until) break;
    asked++;
    for (const [name, run] of Object.entries(engines)) {
      const t0 = performance.now();
      const ids = await run(q);
      samples[name].push(performance.now() - t0);
      if (topArticles(ids).some((id) => q.relevant.includes(id))) hits[name]++;
    }
    if (asked % 50 === 0) log(`${asked} questions`);
  }
  // Past the budget, Careline alone answers the rest of the questions (with and without its query plan, in turn):
  // its own figures over all of them.
  const own = ['careline', 'careline, every term'] as const;
  const all = Object.fromEntries(own.map((e) => [e, { samples: [...samples[e]], hits: hits[e] }]));
  for (const q of opts.questions.slice(asked)) {
    for (const e of own) {
      const t0 = performance.now();
      const ids = await engines[e](q);
      all[e].samples.push(performance.now() - t0);
      if (topArticles(ids).some((id) => q.relevant.includes(id))) all[e].hits++;
    }
  }
  db.close();
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  const result = (engine: string, buildMs: number, memoryMb: number | null): EngineResult => ({
    engine,
    buildMs: Math.round(buildMs),
    memoryMb,
    latency: stats(samples[engine]),
    recallAt5: round(hits[engine] / asked, 3),
    questions: asked,
  });
  return {
    label: opts.label,
    chunks: rows.length,
    engines: [
      result('careline', carelineBuild, mb(carelineSize)),
      result('careline, every term', carelineBuild, mb(carelineSize)),
      result('careline, no postings kept', carelineBuild, mb(carelineSize)),
      result('orama', oramaBuild, global.gc ? mb(oramaMem) : null),
      result('minisearch', miniBuild, global.gc ? mb(miniMem) : null),
      ...(asked < opts.questions.length
        ? own.map((e) => ({ engine: `${e}, all questions`, buildMs: Math.round(carelineBuild), memoryMb: mb(carelineSize), latency: stats(all[e].samples), recallAt5: round(all[e].hits / opts.questions.length, 3), questions: opts.questions.length }))
        : []),
    ],
  };
}
