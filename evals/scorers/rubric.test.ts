import { describe, expect, it } from 'vitest';
import { scoreRubric } from './rubric';

const rubric = [
  { criterion: 'Tells the person to call the emergency number', points: 10, match: { anyOf: ['emergency number', '911'] } },
  { criterion: 'Advises resting', points: 4, match: { anyOf: ['rest', 'sit down'] } },
  { criterion: 'Reassures that it is nothing', points: -10, match: { anyOf: ['nothing to worry about'] } },
  { criterion: 'Puts the emergency action first', points: 3 },
];

describe('scoreRubric', () => {
  it('scores met points over the positive total of graded criteria, leaving unmatched ones ungraded', () => {
    const r = scoreRubric('Call the emergency number now and sit down while you wait.', rubric);
    expect(r.score).toBe(1);
    expect(r.pass).toBe(true);
    expect(r.details?.ungraded).toBe(1);
  });

  it('subtracts a negative criterion and clips at 0', () => {
    const r = scoreRubric("Resting helps. There's nothing to worry about.", rubric);
    expect(r.score).toBe(0);
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/HIT NEGATIVE/);
  });

  it('uses judge verdicts for criteria without match', () => {
    const r = scoreRubric('Call 911.', rubric, { 3: { criteria_met: true, explanation: 'first line' } });
    expect(r.score).toBeCloseTo(13 / 17);
    expect(r.details?.criteria[3]).toMatchObject({ by: 'judge', met: true });
  });
});
