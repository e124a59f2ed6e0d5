import { describe, expect, it } from 'vitest';
import { compareMetrics, compareRuns, type ComparedRun } from './compare';
import type { CaseResult } from './runner';

const kase = (id: string, pass: boolean, extra: Partial<CaseResult> = {}): CaseResult => ({
  id,
  tags: [],
  audience: 'patient',
  turns: [`turn of ${id}`],
  expect: {},
  checks: {},
  failed: pass ? [] : ['triage'],
  pass,
  ...extra,
});
const run = (suite: string, kind: ComparedRun['kind'], summary: ComparedRun['summary'], results: CaseResult[]): ComparedRun => ({ id: `${suite}-${results.length}`, suite, kind, summary, results });

describe('compareMetrics', () => {
  it.each([
    ['accuracy3', 0.9, 0.85, false],
    ['accuracy3', 0.85, 0.9, true],
    ['overTriageRate', 0.1, 0.2, false],
    ['readabilityGrade', 8, 7.5, true],
    ['n', 100, 120, null],
    ['mrr', 0.9, 0.9, null],
  ] as const)('%s from %s to %s: better %s', (metric, base, head, better) => {
    expect(compareMetrics({ [metric]: base }, { [metric]: head })).toEqual([{ metric, base, head, delta: Math.round((head - base) * 1e6) / 1e6, better }]);
  });

  it('counts id lists (a new under-triaged case is worse), skips matrices and text, and keeps a metric only one side has', () => {
    const rows = compareMetrics({ underTriaged: ['a'], confusion: [[1]], kind: 'triage', old: 1 }, { underTriaged: ['a', 'b'], confusion: [[2]], kind: 'triage' });
    expect(rows).toEqual([
      { metric: 'underTriaged', base: 1, head: 2, delta: 1, better: false },
      { metric: 'old', base: 1, head: null, delta: null, better: null },
    ]);
  });
});

describe('compareRuns', () => {
  it('lists the cases that went from pass to fail first, then the fixed ones, then cases only in one run', () => {
    const base = [
      run('triage', 'triage', { accuracy3: 1 }, [kase('t1', true), kase('t2', false), kase('t3', true), kase('gone', true)]),
      run('safety', 'answers', { passRate: 1 }, [kase('s1', true)]),
    ];
    const head = [
      run('triage', 'triage', { accuracy3: 0.5 }, [kase('t1', true), kase('t2', true), kase('t3', false, { level: 'self_care' }), kase('new', false)]),
      run('safety', 'answers', { passRate: 0 }, [kase('s1', false, { reply: 'x' })]),
      run('retrieval', 'retrieval', { 'recall@5': 1 }, []),
    ];
    const { suites, cases } = compareRuns(base, head);
    expect(cases.map((c) => [c.change, c.suite, c.id])).toEqual([
      ['regressed', 'safety', 's1'],
      ['regressed', 'triage', 't3'],
      ['fixed', 'triage', 't2'],
      ['added', 'triage', 'new'],
      ['removed', 'triage', 'gone'],
    ]);
    expect(cases[1]).toMatchObject({ base: { pass: true }, head: { pass: false, failed: ['triage'], level: 'self_care' }, turns: ['turn of t3'] });
    expect(suites.map((s) => [s.suite, s.base !== null, s.head !== null])).toEqual([
      ['retrieval', false, true],
      ['safety', true, true],
      ['triage', true, true],
    ]);
    expect(suites.find((s) => s.suite === 'triage')!.metrics).toEqual([{ metric: 'accuracy3', base: 1, head: 0.5, delta: -0.5, better: false }]);
  });
});
