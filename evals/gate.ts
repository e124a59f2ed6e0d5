import type { Metrics } from './metrics';
import type { SuiteKind } from './schema';

export type Thresholds = {
  maxDrop: Record<string, number>;
  maxRise: Record<string, number>;
  floors: Record<string, number>;
  ceilings?: Record<string, number>;
};

export type GateSuite = { suite: string; kind: SuiteKind; metrics: Metrics };
export type Baseline = { suites: Record<string, { kind?: SuiteKind; metrics: Metrics }> };
export type GateResult = { ok: boolean; failures: string[]; notes: string[]; compared: { suite: string; metric: string; baseline: number; current: number; delta: number; allowed: number; ok: boolean }[] };

/** Thresholds for one suite: `<suite>.<metric>` wins over `<kind>.<metric>`. */
function forSuite(table: Record<string, number> | undefined, s: GateSuite): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, v] of Object.entries(table ?? {})) if (k.startsWith(`${s.kind}.`)) m.set(k.slice(s.kind.length + 1), v);
  for (const [k, v] of Object.entries(table ?? {})) if (k.startsWith(`${s.suite}.`)) m.set(k.slice(s.suite.length + 1), v);
  return m;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));

/**
 * The regression gate: fails when a metric drops (or rises, for lower-is-better ones) past its allowance
 * against the baseline, when an absolute floor or ceiling is broken, or when an emergency case in a triage suite
 * is under-triaged that the baseline did not miss (every miss, without a baseline). Pure.
 */
export function checkGate(current: GateSuite[], thresholds: Thresholds, baseline?: Baseline): GateResult {
  const failures: string[] = [];
  const notes: string[] = [];
  const compared: GateResult['compared'] = [];
  for (const s of current) {
    const num = (k: string) => (typeof s.metrics[k] === 'number' && Number.isFinite(s.metrics[k]) ? (s.metrics[k] as number) : undefined);
    if (s.kind === 'triage') {
      // An emergency case the baseline already missed is a known miss (listed, measured by the recall floor); a
      // newly missed one always fails. Without a baseline every miss fails.
      const under = (s.metrics.underTriaged as string[] | undefined) ?? [];
      const known = new Set((baseline?.suites[s.suite]?.metrics.underTriaged as string[] | undefined) ?? []);
      const fresh = baseline?.suites[s.suite] ? under.filter((id) => !known.has(id)) : under;
      if (fresh.length) failures.push(`${s.suite}: ${fresh.length} emergency case(s) newly under-triaged (gold emergent, got non-emergent): ${fresh.join(', ')}`);
      const still = under.filter((id) => !fresh.includes(id));
      if (still.length) notes.push(`${s.suite}: ${still.length} emergency case(s) still under-triaged, as in the baseline: ${still.join(', ')}`);
    }
    for (const [metric, floor] of forSuite(thresholds.floors, s)) {
      const v = num(metric);
      if (v !== undefined && v < floor) failures.push(`${s.suite}: ${metric} ${fmt(v)} is below the floor ${floor}`);
    }
    for (const [metric, ceiling] of forSuite(thresholds.ceilings, s)) {
      const v = num(metric);
      if (v !== undefined && v > ceiling) failures.push(`${s.suite}: ${metric} ${fmt(v)} is above the ceiling ${ceiling}`);
    }
    if (!baseline) continue;
    const b = baseline.suites[s.suite];
    if (!b) {
      notes.push(`${s.suite}: not in the baseline, not compared`);
      continue;
    }
    const bnum = (k: string) => (typeof b.metrics[k] === 'number' ? (b.metrics[k] as number) : undefined);
    const compare = (table: Map<string, number>, direction: 1 | -1) => {
      for (const [metric, allowed] of table) {
        const cur = num(metric);
        const was = bnum(metric);
        if (cur === undefined || was === undefined) continue;
        const delta = cur - was;
        // Rounding noise below 1e-9 is not a regression.
        const ok = direction * delta >= -allowed - 1e-9;
        compared.push({ suite: s.suite, metric, baseline: was, current: cur, delta, allowed, ok });
        if (!ok) {
          failures.push(
            `${s.suite}: ${metric} ${direction === 1 ? 'dropped' : 'rose'} from ${fmt(was)} to ${fmt(cur)} (${delta > 0 ? '+' : ''}${fmt(delta)}; allowed ${direction === 1 ? '-' : '+'}${allowed})`,
          );
        }
      }
    };
    compare(forSuite(thresholds.maxDrop, s), 1);
    compare(forSuite(thresholds.maxRise, s), -1);
  }
  return { ok: failures.length === 0, failures, notes, compared };
}
