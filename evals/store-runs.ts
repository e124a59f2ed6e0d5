import { randomUUID } from 'node:crypto';
import type { Store } from '../server/db/store';
import type { SuiteRun } from './runner';

/**
 * Stores one eval invocation's suite runs (`npm run eval -- --store`): a row per suite, all with the same `group`
 * (the invocation) and the suite's `kind` in the summary beside its metrics, so the QA dashboard can show the
 * invocation as one run, draw trends per suite and compare two invocations. Runs are stored as exported (redacted).
 */
export async function storeEvalRuns(store: Store, runs: Pick<SuiteRun, 'suite' | 'kind' | 'metrics' | 'cases' | 'timing'>[], model: string, group: string = randomUUID()): Promise<string> {
  for (const r of runs) {
    await store.insertEvalRun({
      id: randomUUID(),
      suite: r.suite,
      model,
      summary: { ...r.metrics, latencyMs: r.timing.latencyMs, kind: r.kind, group },
      results: r.cases,
    });
  }
  return group;
}
