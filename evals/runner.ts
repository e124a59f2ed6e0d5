import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Level } from '../server/knowledge/schema';
import type { Judge } from './judge';
import { suiteKind, type ContextCase, type ConversationCase, type EvalCase, type Suite, type SuiteKind } from './schema';
import { scoreContextTargets } from './scorers/context';
import { scoreCondition } from './scorers/condition';
import { scoreCitationCoverage, scoreCitationValidity, scoreCitedExpected } from './scorers/citations';
import { scoreContent } from './scorers/content';
import { scoreLatency } from './scorers/latency';
import { fkGrade, scoreReadability } from './scorers/readability';
import { scoreRefusal } from './scorers/refusal';
import { scoreRetrieval } from './scorers/retrieval';
import { scoreRubric, type JudgeVerdict } from './scorers/rubric';
import { scoreSafety } from './scorers/safety';
import { scoreIntentSection } from './scorers/section';
import { scoreSupport } from './scorers/support';
import { scoreTriage } from './scorers/triage';
import type { ScoreResult } from './scorers/types';
import { citedNumbers, sentences, stripCitations } from './text';
import type { Target } from './targets';
import { answerMetrics, contextMetrics, conversationMetrics, retrievalMetrics, triageMetrics, type Metrics } from './metrics';
import { runConversation, type TurnResult } from './conversation-runner';

export type CaseResult = {
  id: string;
  tags: string[];
  audience: 'patient' | 'nurse';
  turns: string[];
  expect: EvalCase['expect'];
  /** The last reply (answer suites), the predicted level (triage), or the ranked article ids (retrieval). */
  reply?: string;
  replies?: { reply: string; level: Level; citations: { n: number; articleId: string }[] }[];
  level?: Level;
  results?: string[];
  citations?: { n: number; articleId: string }[];
  checks: Record<string, ScoreResult>;
  /** Names of the deterministic checks that failed. */
  failed: string[];
  pass: boolean;
  /** Set when the target threw; the case counts as failed. */
  error?: string;
  /** With --repeat: in how many runs the case passed. */
  passRuns?: string;
  /** Triage cases: why the level is what it is (reason, red flags, findings with their status, causes). */
  explain?: { reason?: string; redFlags?: string[]; findings?: string[]; conditions?: string[] };
  /** Conversation cases: every turn with what it showed and its own checks. */
  turnResults?: TurnResult[];
};

export type SuiteRun = {
  suite: string;
  kind: SuiteKind;
  description: string;
  metrics: Metrics;
  cases: CaseResult[];
  /** Non-deterministic figures (latency): kept out of `metrics`. */
  timing: { latencyMs?: { p50: number; p95: number } };
  model: string;
};

export type RunOptions = {
  concurrency: number;
  judge: Judge | null;
  onProgress?: (done: number, total: number) => void;
};

/** Checks that decide whether an answer case passes; the others (coverage, support, rubric, readability) are scores. */
export const GATING_CHECKS = ['triage', 'content', 'safety', 'refusal', 'citationValidity', 'citedExpected'] as const;

async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>, onDone?: () => void): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
      onDone?.();
    }
  });
  await Promise.all(workers);
  return out;
}

const failedOf = (checks: Record<string, ScoreResult>, names: readonly string[]) =>
  names.filter((n) => checks[n] && !checks[n].skipped && !checks[n].pass);

const base = (c: EvalCase) => ({ id: c.id, tags: c.tags, audience: c.audience, turns: c.turns, expect: c.expect });

/** Turns a dialogue may take before it must have settled on a level. */
export const MAX_DIALOGUE_TURNS = 6;

/**
 * A simulated patient answers the assistant's question from the case card: the card fact about the concept
 * asked ("yes, " or "no, " and the fact's words), "not sure" for what the card lists as unsure, and "no" for
 * anything the card does not mention. Which fact a question is about is decided by the target's own reading of
 * each fact (the triage API's findings), so the simulation goes through the public API only.
 */
const SIM_STOP = new Set(['the', 'a', 'an', 'is', 'are', 'any', 'there', 'you', 'your', 'have', 'has', 'had', 'do', 'does', 'did', 'it', 'or', 'and', 'of', 'to', 'in', 'on', 'at', 'with', 'when', 'than', 'more', 'noticed', 'been', 'be', 'my', 'me', 'i', 'so', 'that', 'this', 'person', 'usual', 'very', 'much', 'feel', 'feeling', 'what', 'how', 'could', 'can', 'just', 'like', 'not', 'no', 'yes']);
const simWords = (s: string) =>
  new Set(s.toLowerCase().replace(/['’]/g, '').split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !SIM_STOP.has(w)).map((w) => w.replace(/(ing|ed|es|s)$/, '')));

/**
 * A simulated patient answers the assistant's question from the case card, as a person would: the card fact the
 * question is about ("yes, " or "no, " and the fact's words), "not sure" for what the card lists as unsure, and
 * "no" for anything the card does not mention. A fact is about the question when the target's own reading of the
 * fact (the triage API's findings) names the question's concept, or when the question and the fact share most of
 * their words (a patient understands "does bright light hurt your eyes?" whatever a vocabulary knows). An open
 * question ("tell me more") is answered with the first facts.
 */
export async function simulatedAnswer(card: NonNullable<EvalCase['card']>, question: { concept: string; text: string }, target: Target, cache: Map<string, string[]>): Promise<string> {
  if (question.concept === 'describe') {
    const told = card.facts.filter((f) => f.present).slice(0, 2).map((f) => f.text);
    return told.length ? told.join(', and ') : 'I am not sure how to describe it';
  }
  if (question.concept === 'age' && card.age !== undefined) return card.age < 1 ? `${Math.round(card.age * 12)} months old` : `${card.age} years old`;
  if (question.concept === 'duration' && card.duration) return card.duration;
  const conceptsOf = async (text: string) => {
    if (!cache.has(text)) cache.set(text, (await target.findings(text)).map((f) => f.concept));
    return cache.get(text)!;
  };
  const q = simWords(question.text);
  const overlap = (text: string) => {
    const w = simWords(text);
    const shared = [...q].filter((x) => w.has(x)).length;
    return shared >= 2 || (shared >= 1 && shared / Math.max(1, Math.min(q.size, w.size)) >= 0.5) ? shared : 0;
  };
  let best: { text: string; present: boolean; score: number } | null = null;
  for (const fact of card.facts) {
    const concepts = await conceptsOf(fact.text);
    // One shared word is enough only for a fact the vocabulary cannot read: "a runny nose and a cough" (read as a
    // cough) does not answer "have you coughed up any blood?".
    const words = overlap(fact.text);
    const score = concepts.includes(question.concept) ? 100 : words >= 2 || !concepts.length ? words : 0;
    if (score > 0 && (!best || score > best.score)) best = { ...fact, score };
  }
  if (best) return `${best.present ? 'yes' : 'no'}, ${best.text}`;
  for (const u of card.unsure) if ((await conceptsOf(u)).includes(question.concept) || overlap(u)) return 'not sure';
  return 'no';
}

async function runDialogueCase(c: EvalCase, target: Target): Promise<CaseResult> {
  const card = c.card!;
  const cache = new Map<string, string[]>();
  const turns = [...c.turns];
  let turn = await target.chat(c.turns[0], undefined, c.audience);
  const replies: NonNullable<CaseResult['replies']> = [{ reply: turn.reply, level: turn.level, citations: turn.citations }];
  for (const t of c.turns.slice(1)) {
    turn = await target.chat(t, turn.conversationId, c.audience);
    replies.push({ reply: turn.reply, level: turn.level, citations: turn.citations });
  }
  let asked = 0;
  const questions: string[] = [];
  while (turn.nextQuestion && turns.length < MAX_DIALOGUE_TURNS) {
    asked++;
    questions.push(`${turn.nextQuestion.text} (${turn.nextQuestion.concept})`);
    const answer = await simulatedAnswer(card, turn.nextQuestion, target, cache);
    turns.push(answer);
    turn = await target.chat(answer, turn.conversationId, c.audience);
    replies.push({ reply: turn.reply, level: turn.level, citations: turn.citations });
  }
  const checks = {
    triage: scoreTriage(c.expect.triage, turn.level),
    questions: { pass: true, score: 1, reason: `${asked} question(s) asked`, skipped: true, details: { asked } },
  };
  const failed = failedOf(checks, ['triage']);
  return { ...base(c), turns, replies, level: turn.level, checks, failed, pass: failed.length === 0, explain: { reason: `asked: ${questions.join(' / ') || 'nothing'}` } };
}

async function runTriageCase(c: EvalCase, target: Target): Promise<CaseResult> {
  if (c.card) return runDialogueCase(c, target);
  const out = await target.triage(c.turns);
  const checks: Record<string, ScoreResult> = { triage: scoreTriage(c.expect.triage, out.level) };
  if (c.expect.condition) checks.condition = scoreCondition(c.expect.condition, out.conditions);
  const failed = failedOf(checks, ['triage']);
  const explain = {
    reason: out.reason,
    redFlags: out.redFlags?.map((f) => f.label),
    findings: out.findings?.map((f) => `${f.concept} [${f.text}] ${f.context ?? ''}${f.experiencer && f.experiencer !== 'patient' ? ` (${f.experiencer})` : ''}${f.triggers?.length ? ` <- ${f.triggers.map((t) => `${t.category}: "${t.text}"`).join(', ')}` : ''}`),
    conditions: out.conditions.slice(0, 3).map((x) => `${x.name} (${x.likelihood ?? '?'}): ${(x.evidenceFor ?? []).join(', ')}`),
  };
  return { ...base(c), level: out.level, checks, failed, pass: failed.length === 0, explain };
}

async function runContextCase(c: ContextCase, target: Target): Promise<CaseResult> {
  const findings = await target.findings(c.text);
  const checks = { context: scoreContextTargets(c.targets, findings) };
  const failed = failedOf(checks, ['context']);
  return { id: c.id, tags: c.tags, audience: 'patient', turns: [c.text], expect: {}, checks, failed, pass: failed.length === 0 };
}

async function runRetrievalCase(c: EvalCase, target: Target): Promise<CaseResult> {
  const results = await target.search(c.turns.join(' '), c.audience, 5);
  const checks = { retrieval: scoreRetrieval(c.expect.relevant, results) };
  const failed = failedOf(checks, ['retrieval']);
  return { ...base(c), results, checks, failed, pass: failed.length === 0 };
}

async function judgeCase(judge: Judge, c: EvalCase, reply: string, sources: string, citations: { n: number; articleId: string }[]) {
  const conversation = c.turns.map((t, i) => `Turn ${i + 1} (${c.audience}): ${t}`).join('\n');
  const rubric: Record<number, JudgeVerdict> = {};
  for (const [i, r] of c.rubric.entries()) {
    if (r.match) continue;
    rubric[i] = await judge.grade({ conversation, reply, criterion: r.criterion, sources });
  }
  const support: Record<string, boolean> = {};
  if (citations.length) {
    for (const s of sentences(reply)) {
      if (!citedNumbers(s).length || /^(?:based on|sources?)\s*:/i.test(s)) continue;
      const sentence = stripCitations(s).trim();
      const v = await judge.grade({ conversation, reply: sentence, criterion: `The sentence is supported by the sources: every fact in "${sentence}" is stated in them.`, sources });
      support[sentence] = v.criteria_met;
    }
  }
  return { rubric, support };
}

async function runAnswerCase(c: EvalCase, target: Target, judge: Judge | null, latencies: number[]): Promise<CaseResult> {
  let conversationId: string | undefined;
  const replies: NonNullable<CaseResult['replies']> = [];
  let last!: Awaited<ReturnType<Target['chat']>>;
  for (const text of c.turns) {
    last = await target.chat(text, conversationId, c.audience);
    conversationId = last.conversationId;
    latencies.push(last.latencyMs);
    replies.push({ reply: last.reply, level: last.level, citations: last.citations });
  }
  const { reply, citations, level } = last;
  const texts: Record<string, string> = {};
  for (const id of new Set(citations.map((x) => x.articleId))) texts[id] = await target.articleText(id);
  const citedText = Object.values(texts).join('\n');
  const sources = citations.map((x) => `[${x.n}] ${x.articleId}\n${texts[x.articleId] ?? ''}`).join('\n\n');
  const judged = judge ? await judgeCase(judge, c, reply, sources, citations) : undefined;
  const e = c.expect;
  // The retriever's own top 5 for a one-turn question with labelled articles (scored, never gating).
  const searched = c.turns.length === 1 && e.relevant?.length ? await target.search(c.turns[0], c.audience, 5) : undefined;
  const checks: Record<string, ScoreResult> = {
    triage: scoreTriage(e.triage, level),
    content: scoreContent(reply, e.mustInclude, e.mustNotInclude),
    safety: scoreSafety({ reply, emergencyInstructionRequired: e.emergencyInstruction, emergencyNumber: target.emergencyNumber, mustNotInclude: e.mustNotInclude, citedText }),
    refusal: scoreRefusal({ reply, citations: citations.length, expected: e.refusal, citedExpected: Boolean(e.cited?.length) }),
    citationValidity: scoreCitationValidity(reply, citations),
    citedExpected: e.refusal && !e.cited?.length ? { pass: true, score: 1, reason: 'refusal case', skipped: true } : scoreCitedExpected(e.cited, citations),
    citationCoverage: scoreCitationCoverage(reply),
    support: scoreSupport(reply, citations, texts, { judged: judged?.support }),
    rubric: scoreRubric(reply, c.rubric, judged?.rubric),
    readability: c.audience === 'patient' ? scoreReadability(reply) : { pass: true, score: 1, reason: 'nurse reply', skipped: true },
    ...(e.sections ? { intentSection: scoreIntentSection({ reply, citations, sections: e.sections, relevant: e.relevant, articleText: texts }) } : {}),
    ...(searched ? { retrieval: scoreRetrieval(e.relevant, searched) } : {}),
  };
  const failed = failedOf(checks, GATING_CHECKS);
  return { ...base(c), reply, replies, level, citations, checks, failed, pass: failed.length === 0 };
}

/**
 * A conversation case: every turn scored on its own; the case's checks are the turns' checks put together (a check
 * passes when it passed in every turn that had it), and the case passes when every turn does.
 */
async function runConversationCase(c: ConversationCase, target: Target): Promise<CaseResult> {
  const base = { id: c.id, tags: c.tags, audience: c.audience, turns: c.turns.map((t) => t.say ?? '(reload)'), expect: {} };
  try {
    const turnResults = await runConversation(c, target, target.emergencyNumber);
    const checks: Record<string, ScoreResult> = {};
    const names = [...new Set(turnResults.flatMap((t) => Object.keys(t.checks)))];
    for (const name of names) {
      const scored = turnResults.map((t, i) => ({ i, r: t.checks[name] })).filter((x) => x.r && !x.r.skipped);
      if (!scored.length) continue;
      const failing = scored.filter((x) => !x.r.pass);
      checks[name] = {
        pass: failing.length === 0,
        score: scored.reduce((a, x) => a + x.r.score, 0) / scored.length,
        reason: failing.length ? failing.map((x) => `turn ${x.i + 1}: ${x.r.reason}`).join('; ') : `${scored.length} turn(s) pass`,
      };
    }
    const failed = Object.entries(checks).filter(([, r]) => !r.pass).map(([n]) => n);
    return { ...base, turnResults, replies: turnResults.filter((t) => t.reply !== undefined).map((t) => ({ reply: t.reply!, level: (t.level ?? 'none') as Level, citations: [] })), checks, failed, pass: turnResults.every((t) => t.pass) };
  } catch (err) {
    return { ...base, checks: {}, failed: ['error'], pass: false, error: (err as Error).message ?? String(err) };
  }
}

const errorCase = (c: EvalCase, err: unknown): CaseResult => ({
  ...base(c),
  checks: {},
  failed: ['error'],
  pass: false,
  error: (err as Error).message ?? String(err),
});

/** Runs one suite once against the target and scores every case. */
export async function runSuite(suite: Suite, target: Target, options: RunOptions): Promise<SuiteRun> {
  const kind = suiteKind(suite.suite);
  const latencies: number[] = [];
  let done = 0;
  if (kind === 'context') {
    const items = suite.contextCases ?? [];
    const cases = await pool(
      items,
      options.concurrency,
      async (c) => {
        try {
          return await runContextCase(c, target);
        } catch (err) {
          return { id: c.id, tags: c.tags, audience: 'patient' as const, turns: [c.text], expect: {}, checks: {}, failed: ['error'], pass: false, error: (err as Error).message };
        }
      },
      () => options.onProgress?.(++done, items.length),
    );
    return { suite: suite.suite, kind, description: suite.description, metrics: contextMetrics(cases), cases, timing: {}, model: target.model };
  }
  if (kind === 'conversation') {
    const items = suite.conversationCases ?? [];
    const cases = await pool(items, options.concurrency, (c) => runConversationCase(c, target), () => options.onProgress?.(++done, items.length));
    return { suite: suite.suite, kind, description: suite.description, metrics: conversationMetrics(cases), cases, timing: {}, model: target.model };
  }
  const cases = await pool(
    suite.cases,
    options.concurrency,
    async (c) => {
      try {
        if (kind === 'triage') return await runTriageCase(c, target);
        if (kind === 'retrieval') return await runRetrievalCase(c, target);
        return await runAnswerCase(c, target, options.judge, latencies);
      } catch (err) {
        return errorCase(c, err);
      }
    },
    () => options.onProgress?.(++done, suite.cases.length),
  );
  const metrics = kind === 'triage' ? triageMetrics(cases) : kind === 'retrieval' ? { ...retrievalMetrics(cases), ...knowledgeReadability() } : answerMetrics(cases);
  const timing: SuiteRun['timing'] = {};
  if (latencies.length) {
    const { details } = scoreLatency(latencies);
    timing.latencyMs = { p50: Math.round(details!.p50), p95: Math.round(details!.p95) };
  }
  return { suite: suite.suite, kind, description: suite.description, metrics, cases, timing, model: target.model };
}

let kbReadability: Metrics | undefined;
/** Mean and p90 Flesch-Kincaid grade of the patient articles' text (headings left out). */
export function knowledgeReadability(dir = join(import.meta.dirname, '..', 'knowledge', 'articles', 'patient')): Metrics {
  if (kbReadability) return kbReadability;
  const grades = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => fkGrade(readFileSync(join(dir, f), 'utf8').replace(/^---[\s\S]*?\n---\n/, '').replace(/^#.*$/gm, '')))
    .filter(Number.isFinite);
  const sorted = [...grades].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  kbReadability = {
    kbArticles: grades.length,
    kbReadabilityMean: r(grades.reduce((a, b) => a + b, 0) / (grades.length || 1)),
    kbReadabilityP90: r(sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)] ?? Number.NaN),
  };
  return kbReadability;
}

/**
 * Runs a suite `repeat` times. Metrics are the mean over runs, with the min-max spread of each (so the noise
 * of an LLM or a judge is visible); cases are those of the first run, with how many runs each passed.
 */
export async function runSuiteRepeated(suite: Suite, target: Target, options: RunOptions & { repeat: number }): Promise<SuiteRun & { spread?: Record<string, [number, number]> }> {
  const runs: SuiteRun[] = [];
  for (let i = 0; i < Math.max(1, options.repeat); i++) {
    runs.push(
      await runSuite(suite, target, {
        ...options,
        onProgress: (d, t) => options.onProgress?.(i * t + d, t * options.repeat),
      }),
    );
  }
  if (runs.length === 1) return runs[0];
  const metrics: Metrics = {};
  const spread: Record<string, [number, number]> = {};
  for (const [k, v] of Object.entries(runs[0].metrics)) {
    if (typeof v !== 'number') {
      metrics[k] = v;
      continue;
    }
    const values = runs.map((r) => r.metrics[k] as number).filter(Number.isFinite);
    metrics[k] = values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10000) / 10000 : v;
    spread[k] = [Math.min(...values), Math.max(...values)];
  }
  const cases = runs[0].cases.map((c, i) => ({ ...c, passRuns: `${runs.filter((r) => r.cases[i].pass).length}/${runs.length}` }));
  const lat = runs.flatMap((r) => (r.timing.latencyMs ? [r.timing.latencyMs] : []));
  return {
    ...runs[0],
    metrics,
    spread,
    cases,
    timing: lat.length ? { latencyMs: { p50: Math.max(...lat.map((l) => l.p50)), p95: Math.max(...lat.map((l) => l.p95)) } } : {},
  };
}
