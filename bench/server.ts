/**
 * The server under test, as `npm start` runs it: `node scripts/start.mjs` (the compiled bundle) in its own process,
 * on a loopback port, with its own database folder. Also the same server under tsx (what `npm start` was before the
 * build), for the start-up comparison.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rssOf } from './lib';

export const HOST = '127.0.0.1';
const ROOT = join(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, HOST, r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** GET /health; the status code, or 0 when nothing answered. */
export function health(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path: '/health', timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** GET /health's JSON body, or null when nothing answered. */
export function healthBody(port: number): Promise<Record<string, any> | null> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path: '/health', timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch {
          resolve(null);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

export type Running = {
  child: ChildProcess;
  port: number;
  url: string;
  startMs: number;
  rssMb: () => number | null;
  /** Waits (bounded) until /health says every worker thread runs; how long that took from spawn, and how many. */
  workersReady: (timeoutMs?: number) => Promise<{ threads: number; readyMs: number | null }>;
  stop: () => Promise<void>;
};

/**
 * Starts the server and waits for /health to answer 200 (polled every 10 ms); `startMs` is spawn to that answer.
 * Bounded: gives up after `timeoutMs`.
 */
export async function startServer(opts: { dbDir: string; env?: Record<string, string>; runner?: 'compiled' | 'tsx'; timeoutMs?: number; nodeArgs?: string[] }): Promise<Running> {
  const port = await freePort();
  // nodeArgs: flags Node refuses in NODE_OPTIONS, such as --cpu-prof (profiling the server under the bench's load).
  const args = [...(opts.nodeArgs ?? []), ...(opts.runner === 'tsx' ? [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/main.ts'] : ['scripts/start.mjs'])];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOST,
      PORT: String(port),
      DATABASE_PATH: join(opts.dbDir, 'careline.db'),
      LOG_LEVEL: 'error',
      EMBEDDINGS: 'off',
      ...opts.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = t0 + (opts.timeoutMs ?? 60_000);
  while ((await health(port)) !== 200) {
    if (exited) throw new Error(`the server exited before it answered /health: ${stderr.slice(-500)}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the server did not answer /health in time');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = performance.now() - t0;
  return {
    child,
    port,
    url: `http://${HOST}:${port}`,
    startMs,
    rssMb: () => (child.pid ? rssOf(child.pid) : null),
    async workersReady(timeoutMs = 60_000) {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const w = (await healthBody(port))?.workers as { threads: number; ready: number } | undefined;
        if (!w || w.ready >= w.threads) return { threads: w?.threads ?? 0, readyMs: performance.now() - t0 };
        if (performance.now() > until) return { threads: w.threads, readyMs: null };
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
