/**
 * `npm run bench [-- --quick] [--100k] [--json file] [--workers 0,auto]`: speed and memory of Careline on this machine, as a table
 * and as JSON (bench/out/latest.json unless --json says otherwise). Loopback only, no network, no key; bounded
 * (a few minutes; every wait has a limit). Numbers live here, never in tests.
 *
 * 1. Start-up: the compiled server (`npm start`) from an empty folder (index and knowledge cache built) and again
 *    warm, to /health; idle memory; the same server under tsx (the old `npm start`) beside it.
 * 2. Socket.IO turns at 1, 10, 50 and 200 clients against the offline composer: time to triage, first token, done;
 *    turns per second; server memory, during and after the burst. Once per WORKER_THREADS setting of --workers
 *    (default `0,auto`: everything on the main thread, and the default pool), one after the other in the same run;
 *    the warm start and idle memory too, with the time until every worker runs.
 * 3. The server's overhead in front of a mock OpenAI-compatible model that waits a fixed time before streaming.
 * 4. Triage over several hundred distinct messages, unseen then repeated, and 2,000-character messages of new words.
 * 5. Retrieval at the shipped library and 10k chunks (100k with --100k: building the three indexes alone takes
 *    about 2.5 minutes on a 2-core machine, so it is not in the default run), beside Orama and MiniSearch (latency,
 *    recall@5, build time, memory), in the same process and run, so the ratios mean something. Each size has a time
 *    budget for its questions (the peers take up to seconds a question at 100k): the table says how many were asked.
 * The machine and its load average are recorded at the start and the end: on a shared machine they say how far to
 * trust a wall time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../server/knowledge/load';
import { createTriage } from '../server/triage';
import { machine, round, table, type Stats } from './lib';
import { compareAtSize, retrievalQuestions } from './retrieval-scale';
import { startServer } from './server';
import { mockModel, socketLoad, type LoadResult } from './sockets';
import { benchTriage } from './triage';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, '100k': { type: 'boolean', default: false }, json: { type: 'string' }, workers: { type: 'string', default: '0,auto' } },
  strict: true,
});
const QUICK = args.quick;
/** WORKER_THREADS settings measured side by side (the socket turns, start-up and idle memory): in-process and the default. */
const WORKERS = args.workers!.split(',').map((w) => w.trim()).filter(Boolean);
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const started = performance.now();
const at = () => `${Math.round((performance.now() - started) / 1000)} s`;
const dir = mkdtempSync(join(tmpdir(), 'careline-bench-'));
const result: Record<string, unknown> = { when: new Date().toISOString(), machineAtStart: machine() };

// The compiled server is what `npm start` runs: built here if a source is newer (as `npm start` would).
{
  // @ts-expect-error plain JavaScript module without types
  const { ensureServerBuild } = (await import('../scripts/build-server.mjs')) as { ensureServerBuild: () => Promise<boolean> };
  const t = performance.now();
  const built = await ensureServerBuild();
  result.serverBuild = { built, ms: Math.round(performance.now() - t) };
}

// 1. Start-up and idle memory.
log(`start-up (${at()})`);
{
  const db = join(dir, 'server');
  mkdirSync(db);
  const idle = async (s: Awaited<ReturnType<typeof startServer>>) => {
    await new Promise((r) => setTimeout(r, 1500));
    return s.rssMb();
  };
  const cold = await startServer({ dbDir: db });
  const coldIdle = await idle(cold);
  await cold.stop();
  // Warm, once per WORKER_THREADS setting: the start to /health, then until every worker runs, and idle memory then.
  const warmRuns: { workers: string; threads: number; ms: number; workersReadyMs: number | null; idleRssMb: number | null }[] = [];
  for (const workers of WORKERS) {
    const s = await startServer({ dbDir: db, env: { WORKER_THREADS: workers } });
    const ready = await s.workersReady();
    warmRuns.push({ workers, threads: ready.threads, ms: Math.round(s.startMs), workersReadyMs: ready.readyMs === null ? null : Math.round(ready.readyMs), idleRssMb: await idle(s) });
    await s.stop();
  }
  const warm = { startMs: warmRuns[0].ms };
  const warmIdle = warmRuns[0].idleRssMb;
  const tsx = await startServer({ dbDir: db, runner: 'tsx' });
  await tsx.stop();
  result.startup = {
    coldMs: Math.round(cold.startMs),
    warmMs: Math.round(warm.startMs),
    warmUnderTsxMs: Math.round(tsx.startMs),
    tsxOverCompiled: round(tsx.startMs / warm.startMs),
    idleRssMb: { cold: coldIdle, warm: warmIdle },
    byWorkers: warmRuns,
  };
}

// 2. Socket.IO turns, offline composer. Limits raised: this measures the server, not the rate limiter.
const LIMITS = { RATE_LIMIT_IP_MESSAGES_PER_MINUTE: '100000', RATE_LIMIT_MESSAGES_PER_MINUTE: '100000', RATE_LIMIT_MESSAGE_BURST: '1000', RATE_LIMIT_REQUESTS_PER_MINUTE: '100000', MAX_SOCKETS_PER_IP: '1000' };
// Once per WORKER_THREADS setting, one after the other in the same run (the ratios are the point).
{
  const runs: (LoadResult & { workers: string; threads: number })[] = [];
  for (const workers of WORKERS) {
    const server = await startServer({ dbDir: join(dir, 'server'), env: { ...LIMITS, WORKER_THREADS: workers } });
    try {
      const { threads } = await server.workersReady();
      const plan = QUICK ? [[1, 5], [10, 2], [50, 1]] : [[1, 20], [10, 6], [50, 3], [200, 2]];
      for (const [clients, turns] of plan) {
        log(`sockets, WORKER_THREADS=${workers} (${threads}): ${clients} clients x ${turns} turns (${at()})`);
        runs.push({ workers, threads, ...(await socketLoad(server, { clients, turns })) });
      }
    } finally {
      await server.stop();
    }
  }
  result.sockets = runs;
}

// 3. Overhead in front of a model: a mock OpenAI-compatible server that waits DELAY ms before streaming.
{
  const DELAY = 200;
  const mock = await mockModel(DELAY);
  const server = await startServer({
    dbDir: join(dir, 'server'),
    env: { ...LIMITS, OPENAI_API_KEY: 'bench-mock', OPENAI_BASE_URL: mock.url, OPENAI_MAX_RETRIES: '0', OPENAI_TIMEOUT_MS: '20000' },
  });
  const questions = [['how do I treat a mild sunburn at home?'], ['what can I take for a sore throat?'], ['how do I look after a sprained ankle?'], ['what helps a tension headache?']];
  const runs: (LoadResult & { modelDelayMs: number; modelRequests: number; overheadP50Ms: number | null; overheadP99Ms: number | null })[] = [];
  try {
    for (const [clients, turns] of QUICK ? [[1, 5]] : [[1, 20], [10, 5]]) {
      log(`mock model: ${clients} clients x ${turns} turns (${at()})`);
      const before = mock.arrivals.length;
      const r = await socketLoad(server, { clients, turns, scripts: questions });
      // What the server adds in front of the model: time to the first token minus the model's own delay.
      const less = (x: number | null) => (x === null ? null : round(x - DELAY, 1));
      runs.push({ ...r, modelDelayMs: DELAY, modelRequests: mock.arrivals.length - before, overheadP50Ms: less(r.firstToken.p50Ms), overheadP99Ms: less(r.firstToken.p99Ms) });
    }
  } finally {
    await server.stop();
    await mock.close();
  }
  result.mockModel = runs;
}

// 4. Triage, in this process (the language layer built fresh, so "unseen" means unseen).
log(`triage (${at()})`);
const knowledge = loadKnowledge(join(import.meta.dirname, '..', 'knowledge'));
const triage = createTriage(knowledge, { emergencyNumber: '911' });
result.triage = benchTriage(triage);

// 5. Retrieval at scale beside Orama and MiniSearch.
{
  const questions = retrievalQuestions();
  // Every question at the shipped size would take the peers minutes; an even sample of the suites' questions
  // (the same for every engine), smaller as the library grows, keeps the run bounded.
  const every = (n: number) => questions.filter((_, i) => i % n === 0);
  const sizes: [string, number, typeof questions, number][] = [['shipped', 0, every(3), 30_000], ['10k', 10_000, every(8), 30_000]];
  if (args['100k']) sizes.push(['100k', 100_000, every(8), 60_000]);
  const out = [];
  for (const [label, total, qs, budgetMs] of sizes) {
    log(`retrieval at ${label} (${at()})`);
    out.push(await compareAtSize({ dir, knowledge, language: triage.language, total, questions: QUICK ? qs.slice(0, 20) : qs, label, budgetMs, log }));
  }
  result.retrieval = out;
}

result.machineAtEnd = machine();
result.totalSeconds = Math.round((performance.now() - started) / 1000);
rmSync(dir, { recursive: true, force: true });

// Output: the tables, then where the JSON is.
const r = result as any;
const f = (s: Stats) => (s.n ? `${s.p50Ms} / ${s.p99Ms}` : '-');
const lines = [
  `Careline bench, ${r.when}: ${r.machineAtStart.cpus} x ${r.machineAtStart.cpuModel}, ${r.machineAtStart.memoryGb} GB, Node ${r.machineAtStart.node}; load average ${r.machineAtStart.loadAverage.join(' ')} at the start, ${r.machineAtEnd.loadAverage.join(' ')} at the end; ${r.totalSeconds} s`,
  '',
  table('Start-up to /health (ms) and idle RSS (MB)', [
    { run: 'compiled, empty folder (index + cache built)', ms: r.startup.coldMs, idleRssMb: r.startup.idleRssMb.cold },
    ...r.startup.byWorkers.map((w: any) => ({ run: `compiled, warm (npm start), WORKER_THREADS=${w.workers} (${w.threads})${w.threads ? `, workers ready at ${w.workersReadyMs} ms` : ''}`, ms: w.ms, idleRssMb: w.idleRssMb })),
    { run: 'tsx, warm (the old npm start)', ms: r.startup.warmUnderTsxMs, idleRssMb: null },
  ]),
  table(
    'Socket.IO turns, offline composer (ms, p50 / p99 at the client)',
    r.sockets.map((s: LoadResult & { workers: string; threads: number }) => ({ workers: `${s.workers} (${s.threads})`, clients: s.clients, turns: s.turns, errors: Object.keys(s.errors).length ? JSON.stringify(s.errors) : 0, triage: f(s.triage), firstToken: f(s.firstToken), done: f(s.done), 'turns/s': s.turnsPerSecond, rssPeakMb: s.serverRssMb.peak, rssAfterMb: s.serverRssMb.after })),
  ),
  table(
    'In front of a mock model that waits 200 ms (ms)',
    r.mockModel.map((s: any) => ({ clients: s.clients, turns: s.turns, errors: Object.keys(s.errors).length ? JSON.stringify(s.errors) : 0, triage: f(s.triage), firstToken: f(s.firstToken), 'overhead p50': s.overheadP50Ms, 'overhead p99': s.overheadP99Ms, done: f(s.done) })),
  ),
  table('Triage per message (ms)', [
    { messages: 'unseen', n: r.triage.unseen.n, p50: r.triage.unseen.p50Ms, p99: r.triage.unseen.p99Ms, max: r.triage.unseen.maxMs },
    { messages: 'unseen, CPU time', n: r.triage.unseenCpu.n, p50: r.triage.unseenCpu.p50Ms, p99: r.triage.unseenCpu.p99Ms, max: r.triage.unseenCpu.maxMs },
    { messages: 'repeated', n: r.triage.repeated.n, p50: r.triage.repeated.p50Ms, p99: r.triage.repeated.p99Ms, max: r.triage.repeated.maxMs },
    { messages: '2,000 chars of new words', n: r.triage.longUnknown2000Chars.n, p50: r.triage.longUnknown2000Chars.p50Ms, p99: r.triage.longUnknown2000Chars.p99Ms, max: r.triage.longUnknown2000Chars.maxMs },
    { messages: '2,000 chars, CPU time', n: r.triage.longUnknown2000CharsCpu.n, p50: r.triage.longUnknown2000CharsCpu.p50Ms, p99: r.triage.longUnknown2000CharsCpu.p99Ms, max: r.triage.longUnknown2000CharsCpu.maxMs },
  ]) + `  the first message after start: ${r.triage.firstAfterStartMs} ms; reading the message is ${Math.round(r.triage.languageShareUnseen * 100)}% of triage on unseen messages; messages over 20 ms: ${r.triage.overTwentyMs} (${r.triage.overTwentyMsCpu} by CPU time)\n`,
  table(
    'Retrieval beside Orama and MiniSearch (same rows, same questions, one process)',
    r.retrieval.flatMap((s: any) =>
      s.engines.map((e: any) => ({
        library: `${s.label} (${s.chunks} chunks)`,
        engine: e.engine,
        questions: e.questions,
        'p50 / p99 ms': f(e.latency),
        'recall@5': e.recallAt5,
        buildMs: e.buildMs,
        memoryMb: e.memoryMb,
        'p50 vs careline': e.engine.startsWith('careline') ? '-' : round(e.latency.p50Ms / s.engines[0].latency.p50Ms, 1),
      })),
    ),
  ),
];
console.log(lines.join('\n'));
const jsonPath = args.json ?? join(import.meta.dirname, 'out', 'latest.json');
mkdirSync(dirname(jsonPath), { recursive: true });
writeFileSync(jsonPath, JSON.stringify(result, null, 2));
console.log(`JSON: ${jsonPath}`);
