import { describe, expect, it } from 'vitest';
import { sameCondition, scoreCondition } from './condition';

describe('gold condition in the top 3', () => {
  it('matches by any name, lay name or other name', () => {
    const got = [
      { id: 'migraine', name: 'Migraine' },
      { id: 'pulmonary_embolism', name: 'Pulmonary embolism', layName: 'a blood clot in the lungs', aka: ['PE'] },
    ];
    expect(scoreCondition(['blood clot in the lungs', 'PE'], got)).toMatchObject({ pass: true, details: { rank: 2 } });
  });

  it('fails when the gold condition is not among the first three', () => {
    const got = ['a', 'b', 'c', 'appendicitis'].map((id) => ({ id, name: id }));
    expect(scoreCondition(['appendicitis'], got).pass).toBe(false);
  });

  it('compares content words, not filler', () => {
    expect(sameCondition('acute appendicitis', 'Appendicitis')).toBe(true);
    expect(sameCondition('heart failure', 'heart attack')).toBe(false);
  });
});
