import { LEVELS, type Level } from '../server/knowledge/schema';
import { threeLevel } from '../server/triage/levels';
import type { CaseResult } from './runner';
import type { ScoreResult } from './scorers/types';
import { round } from './text';
import type { TargetResult } from './scorers/context';
import { declines, isNoAnswer } from './scorers/refusal';

export type Metrics = Record<string, number | string[] | number[][] | string>;

const rate = (hits: number, n: number) => (n ? round(hits / n) : Number.NaN);
const meanOf = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : Number.NaN);
const applicable = (cases: CaseResult[], check: string) =>
  cases.map((c) => c.checks[check]).filter((s): s is ScoreResult => Boolean(s) && !s.skipped);

/**
 * Triage suites. accuracy5/accuracy3 and the confusion matrix use cases with an exact gold `level`; bounds
 * (atLeast/atMost) have their own pass rate. Emergent gold = a gold level (or atLeast bound) of emergency or
 * emergency_ambulance.
 */
export function triageMetrics(cases: CaseResult[]): Metrics {
  const leveled = cases.filter((c) => c.expect.triage?.level && c.level);
  const bounded = cases.filter((c) => !c.expect.triage?.level && c.expect.triage && c.level);
  const gold = (c: CaseResult) => c.expect.triage!.level!;
  const emergentGold = cases.filter((c) => {
    const t = c.expect.triage;
    return t && ((t.level && threeLevel(t.level) === 'emergent') || (t.atLeast && threeLevel(t.atLeast) === 'emergent'));
  });
  const gotEmergent = (c: CaseResult) => Boolean(c.level && threeLevel(c.level) === 'emergent');
  const selfCare = leveled.filter((c) => gold(c) === 'self_care');
  const nonEmergent = leveled.filter((c) => threeLevel(gold(c)) !== 'emergent');
  const order = ['self_care', 'non_emergent', 'emergent'];
  const confusion = LEVELS.map((g) => LEVELS.map((p) => leveled.filter((c) => gold(c) === g && c.level === p).length));
  return {
    n: cases.length,
    nLevel: leveled.length,
    accuracy5: rate(leveled.filter((c) => c.level === gold(c)).length, leveled.length),
    accuracy3: rate(leveled.filter((c) => threeLevel(c.level!) === threeLevel(gold(c))).length, leveled.length),
    emergencyRecall: rate(emergentGold.filter(gotEmergent).length, emergentGold.length),
    selfCareAccuracy: rate(selfCare.filter((c) => c.level === 'self_care').length, selfCare.length),
    overTriageRate: rate(nonEmergent.filter((c) => order.indexOf(threeLevel(c.level!)) > order.indexOf(threeLevel(gold(c)))).length, nonEmergent.length),
    underTriageRate: rate(leveled.filter((c) => order.indexOf(threeLevel(c.level!)) < order.indexOf(threeLevel(gold(c)))).length, leveled.length),
    boundsPassRate: rate(bounded.filter((c) => c.pass).length, bounded.length),
    nBounds: bounded.length,
    errors: cases.filter((c) => c.error).length,
    underTriaged: emergentGold.filter((c) => !gotEmergent(c)).map((c) => c.id),
    ...(cases.some((c) => c.checks.condition) ? { conditionTop3: rate(cases.filter((c) => c.checks.condition?.pass).length, cases.filter((c) => c.checks.condition).length) } : {}),
    ...(cases.some((c) => c.checks.questions) ? { questionsPerCase: meanOf(cases.map((c) => (c.checks.questions?.details as { asked: number } | undefined)?.asked ?? 0)) } : {}),
    confusion,
  };
}

/** Retrieval suites: rank of the first relevant article -> recall@1, recall@5, MRR (overall and per audience). */
export function retrievalMetrics(cases: CaseResult[]): Metrics {
  const rr = (cs: CaseResult[]) => cs.map((c) => (c.checks.retrieval?.details as { rank: number | null } | undefined)?.rank ?? null);
  const block = (cs: CaseResult[], prefix = '') => {
    const ranks = rr(cs);
    return {
      [`${prefix}recall@1`]: rate(ranks.filter((r) => r === 1).length, ranks.length),
      [`${prefix}recall@5`]: rate(ranks.filter((r) => r !== null && r <= 5).length, ranks.length),
      [`${prefix}mrr`]: meanOf(ranks.map((r) => (r ? 1 / r : 0))),
    };
  };
  const patient = cases.filter((c) => c.audience === 'patient');
  const nurse = cases.filter((c) => c.audience === 'nurse');
  return {
    n: cases.length,
    ...block(cases),
    ...(patient.length ? block(patient, 'patient.') : {}),
    ...(nurse.length ? block(nurse, 'nurse.') : {}),
    errors: cases.filter((c) => c.error).length,
  };
}

/** Answer suites (patient-answers, nurse-answers, safety, multi-turn and any other). */
export function answerMetrics(cases: CaseResult[]): Metrics {
  const passRate = (check: string) => {
    const s = applicable(cases, check);
    return rate(s.filter((x) => x.pass).length, s.length);
  };
  const meanScore = (check: string) => meanOf(applicable(cases, check).map((x) => x.score));
  const emergencyRequired = cases.filter((c) => c.expect.emergencyInstruction && c.checks.safety);
  const grades = applicable(cases, 'readability').map((s) => (s.details as { grade: number }).grade);
  const rubricUngraded = cases.reduce((a, c) => a + ((c.checks.rubric?.details as { ungraded?: number } | undefined)?.ungraded ?? 0), 0);
  return {
    n: cases.length,
    passRate: rate(cases.filter((c) => c.pass).length, cases.length),
    triageBoundPassRate: passRate('triage'),
    contentPassRate: passRate('content'),
    safetyPassRate: passRate('safety'),
    emergencyInstructionRate: rate(
      emergencyRequired.filter((c) => (c.checks.safety.details as { emergencyInstruction: boolean | null }).emergencyInstruction).length,
      emergencyRequired.length,
    ),
    refusalCorrectness: passRate('refusal'),
    citationValidity: passRate('citationValidity'),
    citationCoverage: meanScore('citationCoverage'),
    supportShare: meanScore('support'),
    citedExpectedRate: passRate('citedExpected'),
    answerRelevance: answerRelevance(cases),
    rubricMean: meanScore('rubric'),
    rubricUngraded,
    readabilityGrade: meanOf(grades),
    readabilityPassRate: passRate('readability'),
    ...abstention(cases),
    ...(cases.some((c) => c.checks.intentSection) ? { intentSectionHit: passRate('intentSection'), intentSectionMissing: cases.filter((c) => (c.checks.intentSection?.details as { missing?: boolean } | undefined)?.missing).length } : {}),
    ...(cases.some((c) => c.checks.retrieval) ? { 'retrievalRecall@5': passRate('retrieval') } : {}),
    /** Informational: cases expecting an emergent level that got a non-emergent one through the chat. */
    underTriaged: cases
      .filter((c) => {
        const d = c.checks.triage?.details as { goldEmergent?: boolean; gotEmergent?: boolean } | undefined;
        return c.checks.triage && !c.checks.triage.skipped && d?.goldEmergent && !d.gotEmergent;
      })
      .map((c) => c.id),
    errors: cases.filter((c) => c.error).length,
  };
}

/**
 * Abstention, when a suite has questions the library cannot answer (`refusal: true`): of the replies that say there is
 * no reliable answer (or decline and cite nothing), the share that should have (precision); of the questions that
 * should get one, the share that did (recall); and how many of those cited something anyway (off-topic citations).
 */
function abstention(cases: CaseResult[]): Metrics {
  const expected = cases.filter((c) => c.expect.refusal && !c.expect.cited?.length && !c.error);
  if (!expected.length) return {};
  const abstained = (c: CaseResult) => Boolean(c.reply) && (isNoAnswer(c.reply!) || (declines(c.reply!) && !(c.citations ?? []).length));
  const all = cases.filter((c) => !c.error && abstained(c));
  return {
    abstentionPrecision: rate(all.filter((c) => c.expect.refusal).length, all.length),
    abstentionRecall: rate(expected.filter(abstained).length, expected.length),
    offTopicCitations: expected.filter((c) => (c.citations ?? []).length > 0).length,
  };
}

/**
 * Answer relevance (deterministic): of the cases that should be answered and name the articles that answer them,
 * the share whose reply cites at least one of those articles (`expect.relevant` or `expect.cited`).
 */
function answerRelevance(cases: CaseResult[]): number {
  const answerable = cases.filter((c) => !c.expect.refusal && ((c.expect.relevant?.length ?? 0) + (c.expect.cited?.length ?? 0)) > 0);
  const relevant = answerable.filter((c) => {
    const wanted = new Set([...(c.expect.relevant ?? []), ...(c.expect.cited ?? [])]);
    return (c.citations ?? []).some((x: { articleId: string }) => wanted.has(x.articleId));
  });
  return rate(relevant.length, answerable.length);
}

export const levelNames: readonly Level[] = LEVELS;

/**
 * Conversation suites, per turn (a reload is a turn with its transcript check): the share of turns and of
 * conversations that pass every check, and the rate of each kind of check (act, badge, level bound, citation,
 * content, emergency instruction, transcript), with counts of repeated sentences and of replies over their word limit.
 */
export function conversationMetrics(cases: CaseResult[]): Metrics {
  const turns = cases.flatMap((c) => c.turnResults ?? []);
  const checks = (name: string) => turns.map((t) => t.checks[name]).filter((r): r is ScoreResult => Boolean(r) && !r.skipped);
  const passRate = (name: string) => {
    const s = checks(name);
    return rate(s.filter((r) => r.pass).length, s.length);
  };
  const said = turns.filter((t) => t.reply !== undefined);
  const repeated = said.reduce((a, t) => a + ((t.checks.repetition?.details as { repeated: string[] } | undefined)?.repeated.length ?? 0), 0);
  return {
    n: cases.length,
    turns: turns.length,
    turnPassRate: rate(turns.filter((t) => t.pass).length, turns.length),
    casePassRate: rate(cases.filter((c) => c.pass).length, cases.length),
    actAccuracy: passRate('act'),
    badgeAccuracy: passRate('badge'),
    levelBoundAccuracy: passRate('triage'),
    citationAccuracy: passRate('cited'),
    contentPassRate: passRate('content'),
    emergencyInstructionRate: passRate('emergencyInstruction'),
    transcriptAccuracy: passRate('transcript'),
    repeatFreeRate: rate(said.filter((t) => t.checks.repetition?.pass).length, said.length),
    repeatedTexts: repeated,
    maxWordsViolations: checks('maxWords').filter((r) => !r.pass).length,
    errors: cases.filter((c) => c.error).length,
  };
}

/**
 * ConText suites, per gold target: `targetAccuracy` (status and experiencer right), `recognised` (a finding
 * covers the span), `statusAccuracy` and `experiencerAccuracy` among recognised targets, and F1 per category.
 */
export function contextMetrics(cases: CaseResult[]): Metrics {
  const targets = cases.flatMap((c) => (c.checks.context?.details as TargetResult[] | undefined) ?? []);
  const recognised = targets.filter((t) => t.found);
  const pred = (t: TargetResult) => (t.found!.accepted.includes(t.gold) ? t.gold : t.found!.accepted[0]);
  const f1 = (cat: string) => {
    const tp = recognised.filter((t) => t.gold === cat && pred(t) === cat).length;
    const fp = recognised.filter((t) => t.gold !== cat && pred(t) === cat).length;
    const fn = targets.filter((t) => t.gold === cat && (!t.found || pred(t) !== cat)).length;
    const p = tp + fp ? tp / (tp + fp) : 1;
    const r = tp + fn ? tp / (tp + fn) : 1;
    return p + r ? round((2 * p * r) / (p + r)) : 0;
  };
  return {
    n: cases.length,
    targets: targets.length,
    targetAccuracy: rate(targets.filter((t) => t.statusOk && t.experiencerOk).length, targets.length),
    recognised: rate(recognised.length, targets.length),
    statusAccuracy: rate(recognised.filter((t) => t.statusOk).length, recognised.length),
    experiencerAccuracy: rate(recognised.filter((t) => t.experiencerOk).length, recognised.length),
    presentF1: f1('present'),
    negatedF1: f1('negated'),
    historicalF1: f1('historical'),
    hypotheticalF1: f1('hypothetical'),
    possibleF1: f1('possible'),
    casePassRate: rate(cases.filter((c) => c.pass).length, cases.length),
    errors: cases.filter((c) => c.error).length,
  };
}
