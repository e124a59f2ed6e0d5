/**
 * npm run eval -- [--suite <name[,name]|all>] [--target in-process|http://host:port] [--concurrency N] [--repeat N]
 *   [--out dir] [--baseline file] [--fail-on-regression] [--no-cache] [--write-baseline file] [--store] [--offline]
 *   [--thresholds file]
 * See evals/README.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEvalConfig } from './config';
import { checkGate, type Baseline, type GateResult, type Thresholds } from './gate';
import { createJudge } from './judge';
import { forExport } from './export';
import { HEADLINE, renderReport } from './report-html';
import { runSuiteRepeated, type SuiteRun } from './runner';
import { storeEvalRuns } from './store-runs';
import { loadSuites, type SuiteKind } from './schema';
import { createHttpTarget, createInProcessTarget, type Target } from './targets';

const HERE = import.meta.dirname;

function parse() {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string', default: 'all' },
      target: { type: 'string', default: 'in-process' },
      concurrency: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      out: { type: 'string', default: join(HERE, 'out') },
      baseline: { type: 'string' },
      'fail-on-regression': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      'write-baseline': { type: 'string' },
      store: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      thresholds: { type: 'string', default: join(HERE, 'thresholds.json') },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got "${v}")`);
    return n;
  };
  const http = values.target !== 'in-process';
  if (http && !/^https?:\/\//.test(values.target)) throw new Error(`--target must be "in-process" or an http(s) URL (got "${values.target}")`);
  return {
    ...values,
    http,
    concurrency: int(values.concurrency, 'concurrency') ?? (http ? 4 : 1),
    repeat: int(values.repeat, 'repeat') ?? 1,
    suites: values.suite === 'all' ? ('all' as const) : values.suite.split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/** A one-line progress bar, redrawn in place; only when stderr is a terminal. */
function progress(label: string) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(done: number, total: number) {
      if (!tty) return;
      const now = Date.now();
      if (done < total && now - last < 80) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r${label.padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    },
    end() {
      if (tty) process.stderr.write('\r\x1b[2K');
    },
  };
}

const show = (v: unknown) => (v === undefined ? '-' : typeof v === 'number' ? (Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : 'n/a') : Array.isArray(v) ? String(v.length) : String(v));

function summaryTables(runs: SuiteRun[]): string {
  const out: string[] = [];
  for (const kind of ['triage', 'retrieval', 'answers', 'context', 'conversation'] as SuiteKind[]) {
    const rows = runs.filter((r) => r.kind === kind);
    if (!rows.length) continue;
    const extra =
      kind === 'triage' ? ['questionsPerCase', 'underTriaged'] : kind === 'retrieval' ? ['kbReadabilityMean', 'kbReadabilityP90'] : kind === 'answers' ? ['readabilityGrade', 'underTriaged'] : kind === 'context' ? ['targets', 'statusAccuracy'] : [];
    const cols = ['n', ...HEADLINE[kind], ...extra];
    const header = ['suite', ...cols, ...(kind === 'answers' ? ['p50ms', 'p95ms'] : [])];
    const body = rows.map((r) => [
      r.suite,
      ...cols.map((c) => show(r.metrics[c])),
      ...(kind === 'answers' ? [show(r.timing.latencyMs?.p50), show(r.timing.latencyMs?.p95)] : []),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    out.push(`${kind}:`, line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '');
  }
  return out.join('\n');
}

async function main(): Promise<number> {
  const opts = parse();
  if (opts.help) {
    console.log(readFileSync(join(HERE, 'cli.ts'), 'utf8').split('*/')[0]);
    return 0;
  }
  const config = loadEvalConfig();
  const suites = loadSuites(opts.suites);
  const judge = await createJudge(config, { noCache: opts['no-cache'] });
  const started = new Date();
  const target: Target = opts.http ? await createHttpTarget(opts.target, config) : await createInProcessTarget(config, { offline: opts.offline });
  const runs: (SuiteRun & { spread?: Record<string, [number, number]> })[] = [];
  try {
    for (const suite of suites) {
      const bar = progress(suite.suite);
      runs.push(await runSuiteRepeated(suite, target, { concurrency: opts.concurrency, repeat: opts.repeat, judge, onProgress: bar.update }));
      bar.end();
    }
  } finally {
    await target.close();
  }

  const thresholds = JSON.parse(readFileSync(opts.thresholds, 'utf8')) as Thresholds;
  const baseline = opts.baseline ? (JSON.parse(readFileSync(opts.baseline, 'utf8')) as Baseline) : undefined;
  const gate: GateResult | undefined = baseline || opts['fail-on-regression'] ? checkGate(runs, thresholds, baseline) : undefined;

  const meta = {
    target: target.name,
    model: target.model,
    emergencyNumber: target.emergencyNumber,
    judge: judge ? { model: judge.model, calls: judge.stats.calls, cached: judge.stats.cached } : null,
    concurrency: opts.concurrency,
    repeat: opts.repeat,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    node: process.version,
    latencyMs: Object.fromEntries(runs.filter((r) => r.timing.latencyMs).map((r) => [r.suite, r.timing.latencyMs])),
  };
  // results.json: `suites` is deterministic for a deterministic model (no times, no ids); `run` holds the rest.
  const results = {
    suites: Object.fromEntries(
      runs.map((r) => [r.suite, { kind: r.kind, description: r.description, metrics: r.metrics, ...(r.spread ? { spread: r.spread } : {}), cases: r.cases }]),
    ),
    gate: gate ? { ok: gate.ok, failures: gate.failures } : undefined,
    run: meta,
  };
  // Exports leave the machine (CI artifacts, shared reports): identifiers in case texts and replies are redacted.
  const exported = forExport(results);
  const exportedRuns = forExport(runs);
  const out = resolve(opts.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(exported, null, 2)}\n`);
  writeFileSync(join(out, 'report.html'), renderReport({ suites: exportedRuns, meta, gate }));

  if (opts['write-baseline']) {
    const file = resolve(opts['write-baseline']);
    const base = {
      $comment: 'Generated by `npm run eval -- --suite all --offline --write-baseline evals/baseline.json`. Metrics only, no times, so it is reproducible.',
      model: target.model,
      suites: Object.fromEntries(runs.map((r) => [r.suite, { kind: r.kind, metrics: r.metrics }])),
    };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(base, null, 2)}\n`);
    console.log(`baseline written to ${file}`);
  }

  if (opts.store) {
    if (opts.http) console.warn('--store is for in-process runs; not stored.');
    else {
      const { openStateStore, describeStateStore } = await import('../server/db/open-store');
      const where = { databasePath: config.databasePath, postgres: config.databaseUrl ? { url: config.databaseUrl, poolSize: 2 } : null };
      const { store, close } = await openStateStore(where);
      const group = await storeEvalRuns(store, exportedRuns, target.model);
      await close();
      console.log(`stored ${runs.length} eval run(s) in ${describeStateStore(where)} (group ${group}: the QA dashboard at /qa)`);
    }
  }

  console.log(summaryTables(runs));
  if (judge) console.log(`judge ${judge.model}: ${judge.stats.calls} call(s), ${judge.stats.cached} from cache`);
  else {
    const ungraded = runs.reduce((a, r) => a + ((r.metrics.rubricUngraded as number) || 0), 0);
    if (ungraded) console.log(`no judge configured (EVAL_JUDGE_MODEL): ${ungraded} rubric criteria without \`match\` were not graded`);
  }
  console.log(`wrote ${join(out, 'results.json')} and ${join(out, 'report.html')} (${((Date.now() - started.getTime()) / 1000).toFixed(1)} s)`);

  if (gate) {
    for (const n of gate.notes) console.log(`gate note: ${n}`);
    if (gate.ok) console.log('regression gate: passed');
    else {
      console.log(`regression gate: FAILED\n${gate.failures.map((f) => `  - ${f}`).join('\n')}`);
      if (opts['fail-on-regression']) return 1;
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`eval: ${(err as Error).message}`);
    process.exit(2);
  },
);
