import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** p50/p99/max of a list of milliseconds (nearest rank), rounded to the microsecond. */
export function stats(samples: number[]) {
  if (!samples.length) return { n: 0, p50Ms: null, p99Ms: null, maxMs: null, meanMs: null };
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: s.length, p50Ms: r(q(0.5)), p99Ms: r(q(0.99)), maxMs: r(s.at(-1)!), meanMs: r(s.reduce((a, b) => a + b, 0) / s.length) };
}
export type Stats = ReturnType<typeof stats>;

export const mb = (bytes: number) => Math.round(bytes / 1e6);
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Wall time of `fn` in milliseconds. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

/** The machine and how busy it was: on a shared machine the load average says how far to trust a wall time. */
export function machine() {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 1e9, 1),
    freeMemoryGb: round(freemem() / 1e9, 1),
    loadAverage: loadavg().map((x) => round(x, 2)),
  };
}

/** Resident memory of a process, from /proc (Linux); null elsewhere. */
export function rssOf(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** A small seeded generator (mulberry32): the synthetic library and the message mix are the same every run. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] };
}

/** A plain-text table: one row per object, the given columns. */
export function table(title: string, rows: Record<string, unknown>[], columns?: string[]): string {
  if (!rows.length) return `${title}\n  (none)\n`;
  const cols = columns ?? Object.keys(rows[0]);
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : typeof v === 'number' ? String(v) : String(v));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => `  ${vals.map((v, i) => (i === 0 ? v.padEnd(width[i]) : v.padStart(width[i]))).join('  ')}`;
  return [title, line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n') + '\n';
}
