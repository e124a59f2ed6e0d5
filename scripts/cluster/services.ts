/**
 * Local PostgreSQL and Redis servers for tests and the cluster scripts: Debian's `postgresql` and `redis-server`
 * packages (installed by .ci/run, never by these scripts), each started on a free loopback port with its files in
 * a temp folder, and stopped (the folder deleted) afterwards. PostgreSQL refuses to run as root: as root, its
 * processes run as the `postgres` user the Debian package creates.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Service = { url: string; port: number; process: ChildProcess; stop(): Promise<void> };

/** A free TCP port on 127.0.0.1 (asked of the kernel). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The folder with initdb and postgres: the newest /usr/lib/postgresql/N/bin, else whatever is on PATH. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : null;
}

export function redisBin(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

/** Why these services cannot run here, or null when they can. */
export function missingServices(): string | null {
  const missing = [!postgresBin() && 'PostgreSQL (Debian package postgresql)', !redisBin() && 'Redis (Debian package redis-server)'].filter(Boolean);
  return missing.length ? `not installed: ${missing.join(', ')}` : null;
}

function waitForExit(p: ChildProcess, ms: number): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      p.kill('SIGKILL');
      resolve();
    }, ms);
    p.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, p: ChildProcess, log: () => string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (p.exitCode !== null) throw new Error(`${what} exited (${p.exitCode}):\n${log()}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within ${ms / 1000} s:\n${log()}`);
}

/** A throwaway PostgreSQL cluster on a free port: trust authentication on loopback, no fsync (tests only). */
export async function startPostgres(options: { port?: number; database?: string } = {}): Promise<Service> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const port = options.port ?? (await freePort());
  const database = options.database ?? 'careline';
  const dir = mkdtempSync(join(tmpdir(), 'careline-pg-'));
  const asUser: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    asUser.uid = id('-u');
    asUser.gid = id('-g');
    if (!Number.isInteger(asUser.uid)) throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
    chownSync(dir, asUser.uid, asUser.gid!);
  }
  const data = join(dir, 'data');
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'careline', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
    ...asUser,
    encoding: 'utf8',
    cwd: dir,
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  let output = '';
  const proc = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    { ...asUser, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const stop = async () => {
    proc.kill('SIGINT'); // fast shutdown
    await waitForExit(proc, 10_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const isReady = join(bin, 'pg_isready');
    await waitFor(() => spawnSync(isReady, ['-h', '127.0.0.1', '-p', String(port), '-q']).status === 0, 'PostgreSQL', proc, () => output);
    const created = spawnSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'careline', '-d', 'postgres', '-qc', `CREATE DATABASE ${database}`], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `postgres://careline@127.0.0.1:${port}/${database}`, port, process: proc, stop };
}

/** A throwaway Redis on a free port: loopback only, nothing saved to disk. */
export async function startRedis(options: { port?: number } = {}): Promise<Service> {
  const bin = redisBin();
  if (!bin) throw new Error('Redis is not installed (apt-get install redis-server)');
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'careline-redis-'));
  let output = '';
  const proc = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  proc.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const stop = async () => {
    proc.kill('SIGTERM');
    await waitForExit(proc, 10_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => /Ready to accept connections/.test(output), 'Redis', proc, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `redis://127.0.0.1:${port}`, port, process: proc, stop };
}
