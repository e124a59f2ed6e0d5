import { existsSync, readFileSync } from 'node:fs';
import express, { type Request } from 'express';
import { z } from 'zod';
import { compareRuns, type ComparedRun } from '../../evals/compare';
import { suiteKind } from '../../evals/schema';
import type { Auth } from '../auth';
import type { Config } from '../config';
import type { Baseline, CaseResult, EvalComparison, EvalGroup, EvalGroupList, EvalRunDetail, EvalRunInfo, EvalRunList, GateInfo, Metrics, SuiteKind, Thresholds } from '../contracts/evals';
import type { EvalRunSummary, Store } from '../db/store';
import { AppError } from '../errors';
import { contextOf, principalOf } from './auth';
import { parseInput } from './validate';

/** How many stored suite runs the groups and the comparison look through (an eval stores one per suite). */
const SCAN_RUNS = 2000;

const limitOf = (max: number, fallback: number) => z.coerce.number().int().min(1).default(fallback).transform((n) => Math.min(n, max));
const runsQuery = z.object({ limit: limitOf(200, 50) });
const groupsQuery = z.object({ limit: limitOf(100, 30) });
const runId = z.string().min(1).max(100);
const compareQuery = z.object({ base: runId, head: runId });

export type GateFiles = { thresholds: string; baseline: string };

/** A stored run with the suite kind and the eval invocation (group) it came from; older rows are their own group. */
export function runInfo(run: EvalRunSummary): EvalRunInfo {
  const summary = (run.summary && typeof run.summary === 'object' ? run.summary : {}) as EvalRunInfo['summary'];
  const kind = typeof summary.kind === 'string' ? (summary.kind as SuiteKind) : suiteKind(run.suite);
  const group = typeof summary.group === 'string' ? summary.group : run.id;
  return { id: run.id, suite: run.suite, kind, group, model: run.model, createdAt: run.createdAt, summary };
}

/** Suite runs (newest first) gathered into their eval invocations, newest first. */
export function groupRuns(runs: EvalRunInfo[]): EvalGroup[] {
  const groups = new Map<string, EvalGroup>();
  for (const r of runs) {
    const g = groups.get(r.group) ?? { id: r.group, createdAt: r.createdAt, model: r.model, runs: [] };
    g.runs.push(r);
    // The invocation's time is its first stored suite's.
    if (r.createdAt < g.createdAt) g.createdAt = r.createdAt;
    groups.set(r.group, g);
  }
  for (const g of groups.values()) g.runs.sort((a, b) => a.suite.localeCompare(b.suite));
  return [...groups.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

const readJson = <T>(file: string): T | null => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null);

/**
 * Read-only eval results for the QA dashboard (/qa): the runs `npm run eval -- --store` saved, grouped by the eval
 * invocation that stored them, the regression gate's thresholds and baseline, and a comparison of two invocations.
 * They hold synthetic test conversations, not patient data; with QA_TOKENS set or a qa or admin account created, a QA credential (a QA token, or a
 * qa or admin account's session) is required and each read is audited.
 */
export function createEvalRouter(deps: { config: Config; store: Store; auth: Auth; gateFiles?: GateFiles }) {
  const { config, store, auth, gateFiles } = deps;
  const router = express.Router();
  const guard = async (req: Request, detail: unknown) => {
    if (!(await auth.roleConfigured('qa'))) return;
    const ctx = contextOf(req);
    await auth.record(await auth.require(await principalOf(auth, req, config.allowedOrigins), 'qa', ctx, 'evals.read', detail), 'evals.read', detail, ctx);
  };
  const groups = async () => groupRuns((await store.listEvalRuns(SCAN_RUNS)).map(runInfo));

  router.get('/api/evals/runs', async (req, res) => {
    const { limit } = parseInput(runsQuery, req.query);
    await guard(req, { limit });
    res.json({ runs: (await store.listEvalRuns(limit)).map(runInfo) } satisfies EvalRunList);
  });

  router.get('/api/evals/runs/:id', async (req, res) => {
    const id = parseInput(runId, req.params.id);
    await guard(req, { runId: id });
    const run = await store.getEvalRun(id);
    if (!run) throw new AppError('not_found', 'No eval run with that id.');
    res.json({ ...runInfo(run), results: (run.results ?? []) as CaseResult[] } satisfies EvalRunDetail);
  });

  router.get('/api/evals/groups', async (req, res) => {
    const { limit } = parseInput(groupsQuery, req.query);
    await guard(req, { groups: limit });
    res.json({ groups: (await groups()).slice(0, limit) } satisfies EvalGroupList);
  });

  router.get('/api/evals/gate', async (req, res) => {
    await guard(req, { gate: true });
    const thresholds = gateFiles ? readJson<Thresholds>(gateFiles.thresholds) : null;
    const baseline = gateFiles ? readJson<Baseline>(gateFiles.baseline) : null;
    res.json({ thresholds: thresholds ?? { maxDrop: {}, maxRise: {}, floors: {}, ceilings: {} }, baseline } satisfies GateInfo);
  });

  router.get('/api/evals/compare', async (req, res) => {
    const q = parseInput(compareQuery, req.query);
    await guard(req, { compare: q });
    const all = await groups();
    const find = (id: string) => {
      const g = all.find((x) => x.id === id);
      if (!g) throw new AppError('not_found', `No eval run (group) "${id}".`);
      return g;
    };
    const base = find(q.base);
    const head = find(q.head);
    const load = async (g: EvalGroup): Promise<ComparedRun[]> =>
      Promise.all(
        g.runs.map(async (r) => {
          const full = await store.getEvalRun(r.id);
          return { id: r.id, suite: r.suite, kind: r.kind, summary: r.summary as Metrics, results: (full?.results ?? []) as CaseResult[] };
        }),
      );
    const { suites, cases } = compareRuns(await load(base), await load(head));
    res.json({ base, head, suites, cases } satisfies EvalComparison);
  });

  return router;
}
