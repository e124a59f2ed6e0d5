import { firstMatch } from '../text';
import type { ScoreResult } from './types';

export type RubricCriterion = { criterion: string; points: number; match?: { anyOf: string[] } };
export type JudgeVerdict = { criteria_met: boolean; explanation: string };
export type RubricDetails = {
  criteria: { criterion: string; points: number; met: boolean | null; by: 'match' | 'judge' | 'ungraded'; why: string }[];
  ungraded: number;
};

/**
 * HealthBench-style rubric score: the sum of the points of the criteria met (negative criteria subtract) over
 * the total of the positive points, clipped to 0..1. Criteria with `match` are graded here (any phrase present);
 * the others by the judge (`judged`, by criterion index) or, without one, left ungraded and out of the total.
 */
export function scoreRubric(reply: string, rubric: RubricCriterion[], judged: Record<number, JudgeVerdict> = {}, passAt = 0.5): ScoreResult<RubricDetails> {
  if (!rubric.length) return { pass: true, score: 1, reason: 'no rubric', skipped: true };
  const criteria: RubricDetails['criteria'] = rubric.map((c, i) => {
    if (c.match) {
      const hit = firstMatch(reply, c.match.anyOf);
      return { criterion: c.criterion, points: c.points, met: Boolean(hit), by: 'match', why: hit ? `contains "${hit}"` : 'none of the phrases' };
    }
    const v = judged[i];
    if (v) return { criterion: c.criterion, points: c.points, met: v.criteria_met, by: 'judge', why: v.explanation };
    return { criterion: c.criterion, points: c.points, met: null, by: 'ungraded', why: 'no judge configured' };
  });
  const graded = criteria.filter((c) => c.met !== null);
  const ungraded = criteria.length - graded.length;
  const possible = graded.filter((c) => c.points > 0).reduce((a, c) => a + c.points, 0);
  if (!possible) return { pass: true, score: 1, reason: `no gradable positive criteria (${ungraded} ungraded)`, skipped: true, details: { criteria, ungraded } };
  const earned = graded.filter((c) => c.met).reduce((a, c) => a + c.points, 0);
  const score = Math.min(1, Math.max(0, earned / possible));
  const missed = graded.filter((c) => (c.points > 0 ? !c.met : c.met)).map((c) => `${c.points > 0 ? 'missed' : 'HIT NEGATIVE'} (${c.points}): ${c.criterion}`);
  return {
    pass: score >= passAt,
    score,
    reason: `${earned}/${possible} points${ungraded ? `, ${ungraded} ungraded` : ''}${missed.length ? `; ${missed.join('; ')}` : ''}`,
    details: { criteria, ungraded },
  };
}
