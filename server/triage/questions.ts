import type { Condition, Level } from '../knowledge/schema';
import { conditionsLevel, type ConditionEngine, type ConditionScore, type Evidence } from './conditions';
import { levelRank, maxLevel } from './levels';

/** A question the assistant asks, with quick answers; free text is always accepted too. */
export type NextQuestion = {
  id: string;
  /** The concept the answer settles. */
  concept: string;
  text: string;
  answers: { id: 'yes' | 'no' | 'unsure'; label: string }[];
  /** Why this question: what the answer could change. */
  why: string;
};

export type QuestionBank = Map<string, string>;

const ANSWERS: NextQuestion['answers'] = [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
  { id: 'unsure', label: 'Not sure' },
];
/** Someone without any of the top conditions has a given finding this often (the rest of the population). */
const BASE_RATE = 0.03;
const CANDIDATE_CONDITIONS = 10;
const CANNOT_MISS = 3;
const FOLLOW_UP_PRIOR = 0.06;
const EMERGENT = levelRank('emergency');
const MAX_SIMULATED = 12;

/**
 * The conditions a question could tell apart: those that explain something reported, by how well they fit, and the
 * ones that must not be missed (life-threatening, explaining two or more of the findings) even when common
 * conditions fit better: a rash with a fever and a bad headache is most often viral, and the glass test is still
 * the question to ask.
 */
export function candidateConditions(scores: ConditionScore[]): ConditionScore[] {
  const explaining = scores.filter((s) => s.explains > 0).sort((a, b) => b.fit - a.fit);
  const top = explaining.slice(0, CANDIDATE_CONDITIONS);
  const cannotMiss = explaining.slice(CANDIDATE_CONDITIONS).filter((s) => s.danger === 'life_threatening' && s.explains >= 2).slice(0, CANNOT_MISS);
  return [...top, ...cannotMiss];
}

/** The conditions by id, made once per list (the knowledge's), not at every message. */
const byIdCache = new WeakMap<Condition[], Map<string, Condition>>();
function conditionsById(conditions: Condition[]): Map<string, Condition> {
  let byId = byIdCache.get(conditions);
  if (!byId) byIdCache.set(conditions, (byId = new Map(conditions.map((c) => [c.id, c]))));
  return byId;
}

/**
 * The next question, chosen by how much its answer could change the level (expected change in urgency first,
 * then in the conditions' probabilities), among the features of the likely conditions that the person has neither
 * reported nor denied. Null when nothing a question could settle would change the level.
 */
export function chooseQuestion(input: {
  engine: ConditionEngine;
  conditions: Condition[];
  scores: ConditionScore[];
  evidence: Evidence;
  /** The level from everything but the conditions (red flags, the base level), given one more finding or denial. */
  floor: (change?: { concept: string; answer: 'yes' | 'no' }) => Level;
  /** Findings that would complete a red-flag rule begun by what was reported: asked first when they matter. */
  ruleCandidates: string[];
  /**
   * The questions a nurse asks about each reported complaint (the knowledge's follow-ups: "does the rash fade under a
   * glass?"): candidates too, with at least FOLLOW_UP_PRIOR for a yes, since they are asked because the answer is
   * often yes when it matters.
   */
  followUps?: string[];
  current: Level;
  asked: Set<string>;
  bank: QuestionBank;
  text: (concept: string) => string | null;
  /** False for a concept that cannot apply to this person (a baby's sign for someone writing about themselves). */
  askable?: (concept: string) => boolean;
}): NextQuestion | null {
  const askable = input.askable ?? (() => true);
  const { scores, evidence, current } = input;
  // The conditions the complaint could be: those that explain something reported, by how well they fit. Their
  // `unknown` must be filled in (triage explains these scores before asking: engine.explain).
  const top = candidateConditions(scores);
  if (!top.length && !input.ruleCandidates.length) return null;
  const byId = conditionsById(input.conditions);
  const total = top.reduce((a, x) => a + x.fit, 0) || 1;
  const mass = Math.min(0.9, total);
  const weight = (s: ConditionScore) => (s.fit / total) * mass;

  const candidates = new Map<string, { sens: Map<string, number> }>();
  for (const s of top) {
    for (const u of s.unknown) {
      if (input.asked.has(u.concept) || evidence.present.has(u.concept) || evidence.denied.has(u.concept) || !askable(u.concept)) continue;
      const entry = candidates.get(u.concept) ?? { sens: new Map() };
      entry.sens.set(s.id, u.sensitivity);
      candidates.set(u.concept, entry);
    }
  }

  const followUps = new Set(input.followUps ?? []);
  for (const concept of [...input.ruleCandidates, ...followUps]) {
    if (input.asked.has(concept) || evidence.present.has(concept) || evidence.denied.has(concept) || candidates.has(concept) || !askable(concept)) continue;
    candidates.set(concept, { sens: new Map() });
  }

  const levelWith = (concept: string, answer: 'yes' | 'no') => {
    const ev: Evidence = {
      ...evidence,
      present: answer === 'yes' ? new Set([...evidence.present, concept]) : evidence.present,
      denied: answer === 'no' ? new Set([...evidence.denied, concept]) : evidence.denied,
      symptoms: answer === 'yes' ? new Set([...evidence.symptoms, concept]) : evidence.symptoms,
    };
    // Only the numbers: the level and the fit, not the words that explain them.
    const rescored = top.map((s) => input.engine.score(byId.get(s.id)!, ev, false) ?? s);
    const level = conditionsLevel(rescored).level;
    const floor = input.floor({ concept, answer });
    return { level: level ? maxLevel(floor, level) : floor, top: rescored };
  };

  // A cheap first pass (how likely a yes is, with the most urgent condition it belongs to), then the full
  // simulation for the best few: re-scoring every condition and rule for every candidate costs too much.
  const urgencyOf = new Map(top.map((s) => [s.id, levelRank(s.urgency)]));
  const pre = [...candidates.entries()]
    .map(([concept, { sens }]) => {
      const modelled = top.reduce((a, s) => a + weight(s) * (sens.get(s.id) ?? BASE_RATE), 0) + (1 - mass) * BASE_RATE;
      const pYes = Math.min(0.95, followUps.has(concept) ? Math.max(FOLLOW_UP_PRIOR, modelled) : modelled);
      const maxUrgency = Math.max(0, ...[...sens.keys()].map((id) => urgencyOf.get(id) ?? 0));
      return { concept, sens, pYes, rough: pYes * (1 + maxUrgency) + (input.ruleCandidates.includes(concept) || followUps.has(concept) ? 1 : 0) };
    })
    .sort((a, b) => b.rough - a.rough)
    .slice(0, MAX_SIMULATED);

  let best: { q: string; value: number; why: string } | null = null;
  for (const { concept, pYes } of pre) {
    const text = input.bank.get(concept) ?? input.text(concept);
    if (!text) continue;
    const yes = levelWith(concept, 'yes');
    const no = levelWith(concept, 'no');
    // Urgency first: an answer that would make it an emergency weighs more than one that moves a routine level.
    const change = (l: Level) => Math.abs(levelRank(l) - levelRank(current)) + (levelRank(l) >= EMERGENT && levelRank(current) < EMERGENT ? 2 : 0);
    const dLevel = pYes * change(yes.level) + (1 - pYes) * change(no.level);
    // Second: how much the answer would move the likely conditions (sum of absolute changes).
    const move = (r: ConditionScore[]) => r.reduce((a, s, i) => a + Math.abs(s.fit - top[i].fit), 0);
    const dConditions = pYes * move(yes.top) + (1 - pYes) * move(no.top);
    const value = dLevel + 0.25 * dConditions;
    if (value > 0.02 && (!best || value > best.value)) {
      const upTo = levelRank(yes.level) > levelRank(current) ? yes.level : levelRank(no.level) < levelRank(current) ? no.level : null;
      best = { q: concept, value, why: upTo ? `the answer could change the level to ${upTo}` : 'the answer tells the likely causes apart' };
    }
  }
  if (!best) return null;
  return { id: `q_${best.q}`, concept: best.q, text: input.bank.get(best.q) ?? input.text(best.q)!, answers: ANSWERS, why: best.why };
}
