/**
 * Careline instances as separate processes (`node scripts/start.mjs`, the compiled server, as a container runs it), for the
 * cluster scripts: each with its own local SQLite file (its knowledge index), all sharing DATABASE_URL and
 * REDIS_URL, behind TRUST_PROXY=loopback (the balancer is on this machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './services';

export type Instance = { name: string; port: number; process: ChildProcess | null; start(): Promise<void>; kill(signal?: NodeJS.Signals): Promise<number | null> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET path on 127.0.0.1:port; the status, or 0 when nothing answered. */
export function getStatus(port: number, path: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const r = request({ host: '127.0.0.1', port, path, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('timeout', () => r.destroy());
    r.on('error', () => resolve(0));
    r.end();
  });
}

export async function waitReady(port: number, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await getStatus(port, '/ready')) === 200) return;
    await sleep(200);
  }
  throw new Error(`the instance on port ${port} was not ready within ${ms / 1000} s`);
}

export function createInstances(options: { count: number; env: Record<string, string>; logLevel?: string; onLog?: (name: string, line: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'careline-cluster-'));
  const instances: Instance[] = [];
  for (let i = 0; i < options.count; i++) {
    const name = `careline-${String.fromCharCode(97 + i)}`;
    const inst: Instance = {
      name,
      port: 0,
      process: null,
      async start() {
        if (!inst.port) inst.port = await freePort();
        const child = spawn(process.execPath, ['scripts/start.mjs'], {
          env: {
            PATH: process.env.PATH,
            HOST: '127.0.0.1',
            PORT: String(inst.port),
            DATABASE_PATH: join(dir, `${name}.db`),
            INSTANCE_ID: name,
            TRUST_PROXY: 'loopback',
            LOG_LEVEL: options.logLevel ?? 'warn',
            ...options.env,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
          // Its own process group: a Ctrl-C meant for the script reaches the instances once, as the SIGTERM sent below.
          detached: true,
        });
        inst.process = child;
        for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (d) => String(d).split('\n').filter(Boolean).forEach((l) => options.onLog?.(name, l)));
        await waitReady(inst.port);
      },
      async kill(signal = 'SIGKILL') {
        const child = inst.process;
        if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        child.kill(signal);
        const code = await Promise.race([exited, sleep(30_000).then(() => (child.kill('SIGKILL'), null))]);
        inst.process = null;
        return code;
      },
    };
    instances.push(inst);
  }
  return {
    instances,
    dir,
    async stopAll(signal: NodeJS.Signals = 'SIGTERM') {
      const codes = await Promise.all(instances.map((i) => i.kill(signal)));
      rmSync(dir, { recursive: true, force: true });
      return codes;
    },
  };
}
