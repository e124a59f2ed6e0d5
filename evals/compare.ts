import type { CaseChange, CaseResult, Metrics, MetricChange, SuiteComparison, SuiteKind } from '../server/contracts/evals';

/** Metrics where a fall is the improvement. */
const LOWER_IS_BETTER = new Set([
  'overTriageRate',
  'underTriageRate',
  'underTriaged',
  'readabilityGrade',
  'kbReadabilityMean',
  'kbReadabilityP90',
  'errors',
  'offTopicCitations',
  'intentSectionMissing',
  'rubricUngraded',
]);
/** Counts and descriptions with no better direction. */
const NEUTRAL = new Set(['n', 'nLevel', 'nBounds', 'targets', 'questionsPerCase']);
const ORDER: CaseChange['change'][] = ['regressed', 'fixed', 'added', 'removed'];

/** One suite's stored run, as the comparison needs it. */
export type ComparedRun = { id: string; suite: string; kind: SuiteKind; summary: Metrics; results: CaseResult[] };

/** A metric as a number: numbers as they are, lists of ids (`underTriaged`) by their length; matrices and text not. */
function numeric(v: Metrics[string] | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length;
  return null;
}

export function compareMetrics(base: Metrics | null, head: Metrics | null): MetricChange[] {
  const keys = [...new Set([...Object.keys(base ?? {}), ...Object.keys(head ?? {})])].filter(
    (k) => numeric(base?.[k]) !== null || numeric(head?.[k]) !== null,
  );
  return keys.map((metric) => {
    const b = numeric(base?.[metric]);
    const h = numeric(head?.[metric]);
    const delta = b !== null && h !== null ? Math.round((h - b) * 1e6) / 1e6 : null;
    const better = delta === null || delta === 0 || NEUTRAL.has(metric) ? null : LOWER_IS_BETTER.has(metric) ? delta < 0 : delta > 0;
    return { metric, base: b, head: h, delta, better };
  });
}

const outcome = (c: CaseResult | undefined): CaseChange['base'] => (c ? { pass: c.pass, failed: c.failed, level: c.level, reply: c.reply } : null);

/**
 * Two eval runs (each a set of suite runs) side by side: every metric of every suite in either, and the cases whose
 * outcome changed, regressions (pass to fail) first, then fixes, then cases only in one run. Pure.
 */
export function compareRuns(base: ComparedRun[], head: ComparedRun[]): { suites: SuiteComparison[]; cases: CaseChange[] } {
  const bySuite = (runs: ComparedRun[]) => new Map(runs.map((r) => [r.suite, r]));
  const b = bySuite(base);
  const h = bySuite(head);
  const names = [...new Set([...b.keys(), ...h.keys()])].sort();
  const suites: SuiteComparison[] = [];
  const cases: CaseChange[] = [];
  for (const suite of names) {
    const bs = b.get(suite);
    const hs = h.get(suite);
    suites.push({ suite, kind: (hs ?? bs)!.kind, base: bs?.id ?? null, head: hs?.id ?? null, metrics: compareMetrics(bs?.summary ?? null, hs?.summary ?? null) });
    if (!bs || !hs) continue;
    const before = new Map(bs.results.map((c) => [c.id, c]));
    const after = new Map(hs.results.map((c) => [c.id, c]));
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const x = before.get(id);
      const y = after.get(id);
      const change: CaseChange['change'] | null = !x ? 'added' : !y ? 'removed' : x.pass && !y.pass ? 'regressed' : !x.pass && y.pass ? 'fixed' : null;
      if (!change) continue;
      const c = (y ?? x)!;
      cases.push({ suite, id, change, base: outcome(x), head: outcome(y), turns: c.turns, expect: c.expect });
    }
  }
  cases.sort((p, q) => ORDER.indexOf(p.change) - ORDER.indexOf(q.change) || p.suite.localeCompare(q.suite) || p.id.localeCompare(q.id));
  return { suites, cases };
}
