import { setTimeout as sleep } from 'node:timers/promises';
import { loadEvalConfig } from '../../evals/config';
import { forExport } from '../../evals/export';
import { answerMetrics, triageMetrics } from '../../evals/metrics';
import { runSuite, type CaseResult, type SuiteRun } from '../../evals/runner';
import { loadSuites, type Suite } from '../../evals/schema';
import { storeEvalRuns } from '../../evals/store-runs';
import { createHttpTarget } from '../../evals/targets';
import { isEmergent } from '../../server/triage';
import type { TestServer } from './server';

export type StoredRuns = { before: string; after: string; regressed: { suite: string; id: string }[]; runs: SuiteRun[] };

/** A few cases of three real suites (triage with emergencies in it, retrieval, patient answers): quick to run. */
function slices(): Suite[] {
  const [triage, retrieval, answers] = loadSuites(['triage', 'retrieval', 'patient-answers']);
  const emergent = (c: Suite['cases'][number]) => Boolean(c.expect.triage?.level && isEmergent(c.expect.triage.level));
  return [
    { ...triage, cases: [...triage.cases.filter(emergent).slice(0, 4), ...triage.cases.filter((c) => !emergent(c)).slice(0, 6)] },
    { ...retrieval, cases: retrieval.cases.slice(0, 8) },
    { ...answers, cases: answers.cases.slice(0, 5) },
  ];
}

const fail = (c: CaseResult, check: string, reason: string, patch: Partial<CaseResult> = {}): CaseResult => ({
  ...c,
  ...patch,
  pass: false,
  failed: [...new Set([...c.failed, check])],
  checks: { ...c.checks, [check]: { pass: false, score: 0, reason } },
});

/**
 * Two stored eval runs, as `npm run eval -- --store` stores them, of real suites run by the real runner against the
 * test server (HTTP target). The second is the first with a regression put in by hand (what a bad change would
 * cause; the offline model is deterministic, so running twice would not change anything): an emergency triaged
 * self-care and an answer with an invalid citation, with the suites' metrics recomputed by the runner's own metrics.
 */
export async function storeTwoRuns(srv: TestServer): Promise<StoredRuns> {
  const target = await createHttpTarget(srv.url, loadEvalConfig({ EVAL_NURSE_TOKEN: 'nurse-secret' }));
  const runs: SuiteRun[] = [];
  for (const suite of slices()) runs.push(await runSuite(suite, target, { concurrency: 2, judge: null }));
  await target.close();
  const before = await storeEvalRuns(srv.app.store, forExport(runs), target.model);

  const regressed: { suite: string; id: string }[] = [];
  const worse = runs.map((r): SuiteRun => {
    if (r.kind === 'triage') {
      const victim = r.cases.find((c) => c.pass && c.expect.triage?.level && isEmergent(c.expect.triage.level))!;
      regressed.push({ suite: r.suite, id: victim.id });
      const cases = r.cases.map((c) => (c === victim ? fail(c, 'triage', `expected ${c.expect.triage!.level}, got self_care`, { level: 'self_care' }) : c));
      return { ...r, cases, metrics: triageMetrics(cases) };
    }
    if (r.kind === 'answers') {
      const victim = r.cases.find((c) => c.pass)!;
      regressed.push({ suite: r.suite, id: victim.id });
      const cases = r.cases.map((c) => (c === victim ? fail(c, 'citationValidity', '[9] is not one of the returned citations') : c));
      return { ...r, cases, metrics: answerMetrics(cases) };
    }
    return r;
  });
  // Stored after the first: the dashboard orders runs by when they were stored.
  await sleep(5);
  const after = await storeEvalRuns(srv.app.store, forExport(worse), target.model);
  return { before, after, regressed, runs };
}
