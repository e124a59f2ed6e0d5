import { LEVELS, type Level } from '../../server/knowledge/schema';
import { threeLevel } from '../../server/triage/levels';
import type { ScoreResult } from './types';

export type TriageExpect = { level?: Level; atLeast?: Level; atMost?: Level };
export type TriageDetails = {
  got: Level;
  gold?: Level;
  exact?: boolean;
  threeLevelMatch?: boolean;
  /** Compared on the 3-level scale: under = less urgent than expected, over = more urgent. */
  direction: 'under' | 'over' | 'ok';
  goldEmergent: boolean;
  gotEmergent: boolean;
};

const rank = (l: Level) => LEVELS.indexOf(l);
const THREE = ['self_care', 'non_emergent', 'emergent'] as const;
const rank3 = (l: Level) => THREE.indexOf(threeLevel(l));

/**
 * Triage level against the case's expectation: an exact `level`, or a bound (`atLeast` / `atMost`). The details
 * say whether it is right on the 3-level scale and, if not, whether it was under- or over-triaged.
 */
export function scoreTriage(expect: TriageExpect | undefined, got: Level): ScoreResult<TriageDetails> {
  if (!expect || !(expect.level || expect.atLeast || expect.atMost)) {
    return { pass: true, score: 1, reason: 'no triage expectation', skipped: true, details: { got, direction: 'ok', goldEmergent: false, gotEmergent: threeLevel(got) === 'emergent' } };
  }
  const gotEmergent = threeLevel(got) === 'emergent';
  if (expect.level) {
    const gold = expect.level;
    const exact = got === gold;
    const threeLevelMatch = threeLevel(got) === threeLevel(gold);
    const direction = rank3(got) < rank3(gold) ? 'under' : rank3(got) > rank3(gold) ? 'over' : 'ok';
    return {
      pass: exact,
      score: exact ? 1 : threeLevelMatch ? 0.5 : 0,
      reason: exact ? `level ${got} as expected` : `expected ${gold}, got ${got}${direction === 'ok' ? ' (same 3-level)' : ` (${direction}-triaged)`}`,
      details: { got, gold, exact, threeLevelMatch, direction, goldEmergent: threeLevel(gold) === 'emergent', gotEmergent },
    };
  }
  const low = expect.atLeast ? rank(got) >= rank(expect.atLeast) : true;
  const high = expect.atMost ? rank(got) <= rank(expect.atMost) : true;
  const pass = low && high;
  const under = !low && expect.atLeast && rank3(got) < rank3(expect.atLeast);
  const over = !high && expect.atMost && rank3(got) > rank3(expect.atMost);
  const bound = [expect.atLeast && `at least ${expect.atLeast}`, expect.atMost && `at most ${expect.atMost}`].filter(Boolean).join(' and ');
  return {
    pass,
    score: pass ? 1 : 0,
    reason: pass ? `level ${got} is within ${bound}` : `expected ${bound}, got ${got}`,
    details: {
      got,
      direction: under ? 'under' : over ? 'over' : 'ok',
      goldEmergent: Boolean(expect.atLeast && threeLevel(expect.atLeast) === 'emergent'),
      gotEmergent,
    },
  };
}
