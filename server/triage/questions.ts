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
const BASE_RATE = 0.1;
const CANDIDATE_CONDITIONS = 10;

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
  /** The level from everything but the conditions (red flags, the base level). */
  floor: Level;
  current: Level;
  asked: Set<string>;
  bank: QuestionBank;
  text: (concept: string) => string | null;
}): NextQuestion | null {
  const { scores, evidence, floor, current } = input;
  const top = scores.filter((s) => s.probability >= 0.01).slice(0, CANDIDATE_CONDITIONS);
  if (!top.length) return null;
  const byId = new Map(input.conditions.map((c) => [c.id, c]));
  const mass = Math.min(0.9, top.reduce((a, s) => a + s.probability, 0));
  const weight = (s: ConditionScore) => (s.probability / top.reduce((a, x) => a + x.probability, 0)) * mass;

  const candidates = new Map<string, { sens: Map<string, number> }>();
  for (const s of top) {
    for (const u of s.unknown) {
      if (input.asked.has(u.concept) || evidence.present.has(u.concept) || evidence.denied.has(u.concept)) continue;
      const entry = candidates.get(u.concept) ?? { sens: new Map() };
      entry.sens.set(s.id, u.sensitivity);
      candidates.set(u.concept, entry);
    }
  }

  const levelWith = (concept: string, answer: 'yes' | 'no') => {
    const ev: Evidence = {
      ...evidence,
      present: answer === 'yes' ? new Set([...evidence.present, concept]) : evidence.present,
      denied: answer === 'no' ? new Set([...evidence.denied, concept]) : evidence.denied,
      symptoms: answer === 'yes' ? new Set([...evidence.symptoms, concept]) : evidence.symptoms,
    };
    const rescored = top.map((s) => input.engine.score(byId.get(s.id)!, ev) ?? s);
    const level = conditionsLevel(rescored).level;
    return { level: level ? maxLevel(floor, level) : floor, top: rescored };
  };

  let best: { q: string; value: number; why: string } | null = null;
  for (const [concept, { sens }] of candidates) {
    const text = input.bank.get(concept) ?? input.text(concept);
    if (!text) continue;
    const pYes = Math.min(0.95, top.reduce((a, s) => a + weight(s) * (sens.get(s.id) ?? BASE_RATE), 0) + (1 - mass) * BASE_RATE);
    const yes = levelWith(concept, 'yes');
    const no = levelWith(concept, 'no');
    const dLevel = pYes * Math.abs(levelRank(yes.level) - levelRank(current)) + (1 - pYes) * Math.abs(levelRank(no.level) - levelRank(current));
    // Second: how much the answer would move the likely conditions (sum of absolute changes).
    const move = (r: ConditionScore[]) => r.reduce((a, s, i) => a + Math.abs(s.probability - top[i].probability), 0);
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
