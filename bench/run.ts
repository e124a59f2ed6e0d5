/**
 * `npm run bench`: speed and memory, as JSON on stdout. Numbers live here, never in tests. Comparisons are
 * measured side by side in the same run (same machine, same moment), so the ratios mean something.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db';
import { loadKnowledge } from '../server/knowledge/load';
import { createLogger } from '../server/logger';
import { buildMatch, quoteTerm, tokensForSearch } from '../server/retrieval/fts-query';

const MESSAGES = [
  "I have crushing chest pain and I can't breathe",
  'how do I treat a mild sunburn at home?',
  'my 3 year old has had a temperature of 38.5 since yesterday and a runny nose, no rash, drinking ok',
  'Headache since this morning, no fever or stiff neck, I think it is stress',
  'I had a heart attack 5 years ago, now I just have a cold with a sore throat',
  'bad diarhea and vomitting for 2 days, cant keep fluids down',
  "I'm 32 weeks pregnant and the baby has barely moved today",
  'twisted my ankle playing football, a bit swollen but I can walk on it',
  'I want to end it all tonight, I have saved up my pills',
  'what are the signs of a stroke?',
];

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: s.length, meanMs: r(mean), p50Ms: r(q(0.5)), p99Ms: r(q(0.99)), maxMs: r(s.at(-1)!) };
}

async function time(fn: () => unknown | Promise<unknown>, rounds: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'careline-bench-'));
const heapBefore = process.memoryUsage();
const t0 = performance.now();
const knowledge = loadKnowledge('knowledge');
const config = loadConfig({ DATABASE_PATH: join(dir, 'bench.db'), LOG_LEVEL: 'silent' });
const db = openDatabase(config.databasePath);
const app = createApp({ config, db, knowledge, logger: createLogger('silent') });
const startupMs = performance.now() - t0;

// Warm up JIT and caches before measuring.
for (const m of MESSAGES) app.triage.assess({ text: m });

const triageSamples = await time(() => {
  for (const m of MESSAGES) app.triage.assess({ text: m });
}, 200);
const perMessage = triageSamples.map((t) => t / MESSAGES.length);

// Retrieval: the FTS5 index against a naive LIKE scan that has to read every matching chunk to rank it,
// side by side, on the real library and on a copy 20 times its size (how a clinic's own documents grow it).
function compareRetrieval(database: typeof db, rounds: number) {
  const ftsSamples: number[] = [];
  const likeSamples: number[] = [];
  const fts = database.prepare(
    'SELECT rowid, bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score LIMIT 20',
  );
  const like = database.prepare('SELECT id, text FROM chunks WHERE text LIKE ? OR text LIKE ? OR text LIKE ?');
  for (let round = 0; round < rounds; round++) {
    for (const m of MESSAGES) {
      const words = tokensForSearch(m).slice(0, 3);
      while (words.length < 3) words.push(words[0] ?? 'pain');
      let t = performance.now();
      fts.all(buildMatch(words.map(quoteTerm)));
      ftsSamples.push(performance.now() - t);
      t = performance.now();
      like.all(...words.map((w) => `%${w}%`));
      likeSamples.push(performance.now() - t);
    }
  }
  const f = stats(ftsSamples);
  const l = stats(likeSamples);
  return { fts5: f, naiveLikeScan: l, likeOverFtsMeanRatio: Math.round((l.meanMs / f.meanMs) * 100) / 100 };
}
const retrieval1x = compareRetrieval(db, 30);
const big = openDatabase(join(dir, 'bench-20x.db'));
big.exec(`ATTACH '${config.databasePath}' AS src`);
big.transaction(() => {
  const rows = big.prepare('SELECT c.text, a.title, a.synonyms, c.section FROM src.chunks c JOIN src.articles a ON a.id = c.article_id').all() as { text: string; title: string; synonyms: string; section: string }[];
  const chunk = big.prepare("INSERT INTO chunks (article_id, ord, section, text) VALUES ('x', 0, ?, ?)");
  const ftsRow = big.prepare('INSERT INTO chunks_fts (rowid, title, synonyms, section, text) VALUES (?, ?, ?, ?, ?)');
  big.exec("INSERT INTO articles (id, title, audience, summary, synonyms, concepts, sources, last_reviewed, path, body) VALUES ('x', 'x', 'patient', 'x', '[]', '[]', '[]', '2026-01-01', 'x', 'x')");
  for (let copy = 0; copy < 20; copy++) for (const r of rows) ftsRow.run(chunk.run(r.section, r.text).lastInsertRowid, r.title, r.synonyms, r.section, r.text);
})();
const retrieval20x = compareRetrieval(big, 10);
big.close();
// The whole search (question read, FTS5, ranking by subject, snippets for the rows returned) over varied questions:
// more distinct questions than the reader's memo holds, so every search reads its question afresh. CPU time is
// reported beside the wall time: on a shared machine the wall time's tail is other processes.
const QUESTIONS: { text: string; audience: 'patient' | 'nurse' }[] = [
  ...MESSAGES.map((text) => ({ text, audience: 'patient' as const })),
  ...['What causes kidney stones?', 'who is at risk of glaucoma?', 'what is the outlook for sepsis', 'can i take ibuprofen if i have asthma', 'red on the loo roll when i wipe after going for a number 2', 'What is lupus?', 'my 2 year old has a fever', 'How to prevent cold sores?'].map((text) => ({ text, audience: 'patient' as const })),
  ...['adrenaline dose IM for adult anaphylaxis', 'NEWS2 0 - how often obs?', 'CURB65 3 - where to manage', 'qSOFA 2 what next'].map((text) => ({ text, audience: 'nurse' as const })),
];
for (const q of QUESTIONS) app.retriever.search(q.text, { audience: q.audience });
const searchWall: number[] = [];
const searchCpu: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const q of QUESTIONS) {
    const c = process.cpuUsage();
    const t = performance.now();
    app.retriever.search(q.text, { audience: q.audience, limit: 5 });
    searchWall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    searchCpu.push((d.user + d.system) / 1000);
  }
}

// The whole offline answer path in-process (store, triage, retrieval, composer, store).
let k = 0;
const chatSamples = await time(() => app.chat.handle({ text: MESSAGES[k++ % MESSAGES.length], audience: 'patient' }), 100);

const heapAfter = process.memoryUsage();
const result = {
  machine: { node: process.version, platform: process.platform, arch: process.arch },
  knowledge: app.knowledgeIndex.knowledgeCounts(),
  startupMs: Math.round(startupMs),
  triage: { perMessage: stats(perMessage), goalP99Ms: 5, meetsGoal: stats(perMessage).p99Ms < 5 },
  retrieval: {
    library1x: retrieval1x,
    library20x: retrieval20x,
    search: { questions: QUESTIONS.length, wall: stats(searchWall), cpu: stats(searchCpu), goalP99Ms: 10, meetsGoal: stats(searchWall).p99Ms < 10 },
  },
  chatOffline: stats(chatSamples),
  memoryMb: {
    rss: Math.round(heapAfter.rss / 1e6),
    heapUsed: Math.round(heapAfter.heapUsed / 1e6),
    heapGrowth: Math.round((heapAfter.heapUsed - heapBefore.heapUsed) / 1e6),
  },
};
console.log(JSON.stringify(result, null, 2));
await app.close();
db.close();
rmSync(dir, { recursive: true, force: true });
