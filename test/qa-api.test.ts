import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/auth/passwords';
import type { EvalComparison, EvalGroupList, EvalRunDetail, EvalRunList, GateInfo } from '../server/contracts/evals';
import { storeTwoRuns, type StoredRuns } from './helpers/eval-runs';
import { startTestServer, type TestServer } from './helpers/server';

let srv: TestServer;
let stored: StoredRuns;
let qa: string;
beforeAll(async () => {
  srv = await startTestServer({ env: { QA_TOKENS: 'qa-secret' } });
  await srv.app.accounts.addUser('quinn', 'qa', await hashPassword('quinn-password-123'));
  const res = await fetch(`${srv.url}/api/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'quinn', password: 'quinn-password-123' }) });
  qa = ((await res.json()) as { token: string }).token;
  stored = await storeTwoRuns(srv);
}, 120_000);
afterAll(() => srv.close());

const get = async <T>(path: string, token = qa) => {
  const res = await fetch(srv.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T & { error?: { code: string } } };
};

describe('stored eval runs for the QA dashboard', () => {
  it('groups the suites one eval stored into one run, newest first, each suite with its kind', async () => {
    const { status, body } = await get<EvalGroupList>('/api/evals/groups');
    expect(status).toBe(200);
    expect(body.groups.map((g) => g.id)).toEqual([stored.after, stored.before]);
    expect(body.groups[0].runs.map((r) => [r.suite, r.kind])).toEqual([
      ['patient-answers', 'answers'],
      ['retrieval', 'retrieval'],
      ['triage', 'triage'],
    ]);
    const before = body.groups[1].runs.find((r) => r.kind === 'triage')!;
    const after = body.groups[0].runs.find((r) => r.kind === 'triage')!;
    // One of the four emergencies in the slice was turned into a miss.
    expect(after.summary.emergencyRecall).toBeCloseTo((before.summary.emergencyRecall as number) - 0.25, 6);
    expect(after.summary.confusion).toHaveLength(5);
  });

  it('keeps the runs list and one run with its cases, and puts runs stored before groups in their own group', async () => {
    await srv.app.store.insertEvalRun({ id: 'legacy-1', suite: 'triage-holdout', model: 'offline', summary: { accuracy3: 0.9 }, results: [] });
    const list = await get<EvalRunList>('/api/evals/runs?limit=2');
    expect(list.body.runs[0]).toMatchObject({ id: 'legacy-1', kind: 'triage', group: 'legacy-1', summary: { accuracy3: 0.9 } });
    expect(list.body.runs).toHaveLength(2);
    const groups = await get<EvalGroupList>('/api/evals/groups');
    expect(groups.body.groups[0]).toMatchObject({ id: 'legacy-1', runs: [{ id: 'legacy-1' }] });
    const runId = groups.body.groups[1].runs.find((r) => r.suite === 'triage')!.id;
    const one = await get<EvalRunDetail>(`/api/evals/runs/${runId}`);
    expect(one.body.results.map((c) => c.id)).toEqual(stored.runs.find((r) => r.suite === 'triage')!.cases.map((c) => c.id));
    expect((await get('/api/evals/runs?limit=zero')).body.error?.code).toBe('bad_request');
  });

  it('gives the gate thresholds and the committed baseline to draw on the trends', async () => {
    const { body } = await get<GateInfo>('/api/evals/gate');
    expect(body.thresholds).toEqual(JSON.parse(readFileSync('evals/thresholds.json', 'utf8')));
    expect(body.baseline?.suites.triage.metrics.emergencyRecall).toEqual(expect.any(Number));
  });

  it('compares two runs: every metric side by side, the cases that went from pass to fail first', async () => {
    const { status, body } = await get<EvalComparison>(`/api/evals/compare?base=${stored.before}&head=${stored.after}`);
    expect(status).toBe(200);
    expect(body.cases.map((c) => [c.change, c.suite, c.id])).toEqual(stored.regressed.map((r) => ['regressed', r.suite, r.id]).sort((a, b) => a[1].localeCompare(b[1])));
    const triage = body.suites.find((s) => s.suite === 'triage')!;
    const recall = triage.metrics.find((m) => m.metric === 'emergencyRecall')!;
    expect(recall).toMatchObject({ delta: -0.25, better: false });
    expect(recall.head).toBeCloseTo(recall.base! - 0.25, 6);
    const under = triage.metrics.find((m) => m.metric === 'underTriaged')!;
    expect(under).toMatchObject({ delta: 1, better: false });
    expect(body.suites.find((s) => s.suite === 'retrieval')!.metrics.every((m) => m.delta === 0)).toBe(true);
    expect((await get(`/api/evals/compare?base=${stored.before}&head=nope`)).body.error?.code).toBe('not_found');
    expect((await get(`/api/evals/compare?base=${stored.before}`)).body.error?.code).toBe('bad_request');
  });

  it('needs a QA credential when QA_TOKENS is set, and audits each read', async () => {
    for (const path of ['/api/evals/groups', '/api/evals/gate', `/api/evals/compare?base=${stored.before}&head=${stored.after}`]) {
      expect((await get(path, '')).status, path).toBe(401);
      expect((await get(path, 'nurse-secret')).status, path).toBe(403);
      expect((await get(path, 'qa-secret')).status, path).toBe(200);
    }
    const reads = (await srv.app.store.listAudit(1000)).filter((e) => e.action === 'evals.read' && e.actor === 'user:quinn');
    expect(reads.some((e) => (e.detail as { compare?: unknown }).compare)).toBe(true);
  });
});

describe('the eval results without QA_TOKENS', () => {
  it('are open on a newcomer machine, and need a QA credential once a qa account exists', async () => {
    const open = await startTestServer();
    try {
      expect((await fetch(`${open.url}/api/evals/groups`)).status).toBe(200);
      await open.app.accounts.addUser('quinn', 'qa', await hashPassword('quinn-password-123'));
      expect((await fetch(`${open.url}/api/evals/groups`)).status).toBe(401);
    } finally {
      await open.close();
    }
  });
});
