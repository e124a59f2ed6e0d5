/**
 * The QA dashboard's payloads: what server/http/eval-routes.ts sends and web/src/pages/qa reads. Types only (the
 * evals/ modules they name are erased from a page bundle), so the page and the eval runner share one shape.
 */
import type { Baseline, Thresholds } from '../../evals/gate';
import type { Metrics } from '../../evals/metrics';
import type { CaseResult } from '../../evals/runner';
import type { SuiteKind } from '../../evals/schema';

export type { Baseline, CaseResult, Metrics, SuiteKind, Thresholds };

/**
 * One stored suite run (`npm run eval -- --store` stores one per suite). `group` names the eval invocation it came
 * from (all suites of one `npm run eval`); runs stored before groups existed are each their own group.
 */
export type EvalRunInfo = {
  id: string;
  suite: string;
  kind: SuiteKind;
  group: string;
  model: string;
  createdAt: string;
  /** The suite's metrics (and `latencyMs`, `kind`, `group`). */
  summary: Metrics & { latencyMs?: { p50: number; p95: number } };
};
/** `GET /api/evals/runs`, newest first. */
export type EvalRunList = { runs: EvalRunInfo[] };
/** `GET /api/evals/runs/:id`: the suite run with every case. */
export type EvalRunDetail = EvalRunInfo & { results: CaseResult[] };

/** One eval invocation: the suite runs stored together. */
export type EvalGroup = { id: string; createdAt: string; model: string; runs: EvalRunInfo[] };
/** `GET /api/evals/groups`, newest first. */
export type EvalGroupList = { groups: EvalGroup[] };

/** `GET /api/evals/gate`: the regression gate's thresholds and the committed baseline, to draw on the trends. */
export type GateInfo = { thresholds: Thresholds; baseline: Baseline | null };

/** A metric of one suite in two runs. `better`: whether the change is an improvement (null: unchanged or no direction). */
export type MetricChange = { metric: string; base: number | null; head: number | null; delta: number | null; better: boolean | null };
/** A case whose outcome differs between two runs (or is only in one). */
export type CaseChange = {
  suite: string;
  id: string;
  change: 'regressed' | 'fixed' | 'added' | 'removed';
  base: Pick<CaseResult, 'pass' | 'failed' | 'level' | 'reply'> | null;
  head: Pick<CaseResult, 'pass' | 'failed' | 'level' | 'reply'> | null;
  turns: string[];
  expect: CaseResult['expect'];
};
export type SuiteComparison = { suite: string; kind: SuiteKind; base: string | null; head: string | null; metrics: MetricChange[] };
/** `GET /api/evals/compare?base=<group>&head=<group>`: every metric side by side; regressions first in `cases`. */
export type EvalComparison = { base: EvalGroup; head: EvalGroup; suites: SuiteComparison[]; cases: CaseChange[] };
