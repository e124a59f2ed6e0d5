/**
 * `npx tsx bench/warm-start.ts [--runs 5] [--workers 0] [--against /path/to/other/checkout]`: the compiled server
 * (`npm start`: `node scripts/start.mjs`) started once from an empty folder (index and knowledge cache built), then
 * warm `--runs` times, each timed from spawn to the first 200 on /health and to the first 200 on /ready (the language
 * layer and retriever built), both polled every 10 ms. With `--against`, another checkout (its dependencies
 * installed or linked, its server built) is started the same way, alternating with this one run by run, so the two
 * are measured side by side on a shared machine. Only this part of `npm run bench`, in seconds rather than minutes;
 * the figures go to stdout as JSON, with the load average at the start and the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { machine } from './lib';
import { freePort, HOST } from './server';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, workers: { type: 'string', default: '0' }, against: { type: 'string' } }, strict: true });

const status = (port: number, path: string) =>
  new Promise<number>((done) => {
    const req = request({ host: HOST, port, path, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(0));
    req.end();
  });

/** Starts `root`'s `npm start` on a free port; milliseconds from spawn to /health and to /ready answering 200. */
async function startOnce(root: string, dbDir: string): Promise<{ healthMs: number; readyMs: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST, PORT: String(port), DATABASE_PATH: join(dbDir, 'careline.db'), LOG_LEVEL: 'error', EMBEDDINGS: 'off', WORKER_THREADS: args.workers! },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const until = async (path: string) => {
      while ((await status(port, path)) !== 200) {
        if (child.exitCode !== null || performance.now() - t0 > 60_000) throw new Error(`${root}: no 200 on ${path}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return Math.round(performance.now() - t0);
    };
    const healthMs = await until('/health');
    return { healthMs, readyMs: await until('/ready') };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

// @ts-expect-error plain JavaScript module without types
const { ensureServerBuild } = (await import('../scripts/build-server.mjs')) as { ensureServerBuild: () => Promise<boolean> };
await ensureServerBuild();
const roots = [resolve(import.meta.dirname, '..'), ...(args.against ? [resolve(args.against)] : [])];
const dirs = roots.map(() => mkdtempSync(join(tmpdir(), 'careline-warm-')));
const loadAtStart = machine().loadAverage;
try {
  const cold: number[] = [];
  for (const [i, root] of roots.entries()) cold.push((await startOnce(root, dirs[i])).healthMs);
  const warm = roots.map(() => ({ healthMs: [] as number[], readyMs: [] as number[] }));
  for (let run = 0; run < Number(args.runs); run++) {
    for (const [i, root] of roots.entries()) {
      const r = await startOnce(root, dirs[i]);
      warm[i].healthMs.push(r.healthMs);
      warm[i].readyMs.push(r.readyMs);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const out = roots.map((root, i) => ({ root, coldMs: cold[i], ...warm[i], healthMedianMs: median(warm[i].healthMs), readyMedianMs: median(warm[i].readyMs) }));
  console.log(JSON.stringify({ when: new Date().toISOString(), workers: args.workers, runs: out, loadAtStart, loadAtEnd: machine().loadAverage }, null, 1));
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
