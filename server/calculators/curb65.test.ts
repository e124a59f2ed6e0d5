import { describe, expect, it } from 'vitest';
import { calculate } from './index';

// Lim 2003 / NICE CG191: confusion, urea > 7, RR >= 30, SBP < 90 or DBP <= 60, age >= 65.
const none = { confusion: false, urea: 7, respiratory_rate: 29, systolic_bp: 90, diastolic_bp: 61, age: 64 };

describe('CURB-65 scores each criterion at its threshold', () => {
  it.each([
    ['nothing (every value just inside normal)', {}, 0],
    ['confusion', { confusion: true }, 1],
    ['urea 7.1 (over 7)', { urea: 7.1 }, 1],
    ['respiratory rate 30', { respiratory_rate: 30 }, 1],
    ['systolic 89', { systolic_bp: 89 }, 1],
    ['diastolic 60', { diastolic_bp: 60 }, 1],
    ['age 65', { age: 65 }, 1],
    ['all five', { confusion: true, urea: 12, respiratory_rate: 34, systolic_bp: 85, diastolic_bp: 50, age: 80 }, 5],
  ])('%s scores %s', (_, change, score) => {
    const r = calculate('curb65', { ...none, ...change });
    expect(r.score).toBe(score);
    expect(r.missing).toEqual([]);
  });
});

describe('CURB-65 bands (NICE CG191)', () => {
  it.each([
    [0, 'low risk', /home-based care/],
    [1, 'low risk', /home-based care/],
    [2, 'intermediate risk', /hospital-based care at CURB-65 2 or more/],
    [3, 'high risk', /intensive care assessment/],
    [5, 'high risk', /intensive care assessment/],
  ])('a score of %s is %s', (score, band, escalation) => {
    const keys = ['confusion', 'urea', 'respiratory_rate', 'systolic_bp', 'age'] as const;
    const bad = { confusion: true, urea: 9, respiratory_rate: 32, systolic_bp: 85, age: 70 };
    const inputs: Record<string, number | boolean> = { ...none };
    for (const k of keys.slice(0, score)) inputs[k] = bad[k];
    const r = calculate('curb65', inputs);
    expect(r.score).toBe(score);
    expect(r.interpretation.startsWith(`CURB-65 ${score}: ${band}`)).toBe(true);
    expect(r.escalation).toMatch(escalation);
  });

  it('a confused 72-year-old with urea 8, RR 24 and BP 95/60 scores 4', () => {
    const r = calculate('curb65', { confusion: true, urea: 8, respiratory_rate: 24, systolic_bp: 95, diastolic_bp: 60, age: 72 });
    expect(r.score).toBe(4);
    expect(r.components.map((c) => c.points)).toEqual([1, 1, 0, 1, 1]);
  });
});

describe('CURB-65 needs a urea, and blood pressure settles on either number', () => {
  it('without urea a score of 3 is already high', () => {
    const r = calculate('curb65', { confusion: true, respiratory_rate: 32, systolic_bp: 100, diastolic_bp: 70, age: 70 });
    expect(r.score).toBe(3);
    expect(r.missing).toEqual(['urea']);
    expect(r.interpretation).toMatch(/partial - not given: Urea/);
    expect(r.interpretation).toMatch(/high risk .*whatever the missing values/);
  });

  it('without urea a score of 1 could become 2, so the band is not settled', () => {
    const r = calculate('curb65', { confusion: false, respiratory_rate: 20, systolic_bp: 120, diastolic_bp: 80, age: 70 });
    expect(r.score).toBe(1);
    expect(r.interpretation).toMatch(/not settled - could be intermediate risk/);
    expect(r.escalation).toMatch(/^Assess Urea now/);
  });

  it.each([
    ['systolic 85 alone', { systolic_bp: 85 }, 1, []],
    ['diastolic 55 alone', { diastolic_bp: 55 }, 1, []],
    ['systolic 120 alone', { systolic_bp: 120 }, null, ['diastolic_bp']],
    ['diastolic 80 alone', { diastolic_bp: 80 }, null, ['systolic_bp']],
    ['neither', {}, null, ['systolic_bp', 'diastolic_bp']],
  ])('%s', (_, bp, points, missing) => {
    const r = calculate('curb65', { confusion: false, urea: 5, respiratory_rate: 18, age: 40, ...bp });
    expect(r.components.find((c) => c.label === 'Low blood pressure')?.points).toBe(points);
    expect(r.missing).toEqual(missing);
  });
});

describe('CRB-65 (NICE CG191, no urea)', () => {
  it.each([
    [{}, 0, 'low risk', /home-based care/],
    [{ confusion: true }, 1, 'intermediate risk', /hospital assessment/],
    [{ confusion: true, age: 80 }, 2, 'intermediate risk', /hospital assessment/],
    [{ confusion: true, age: 80, respiratory_rate: 30 }, 3, 'high risk', /without delay/],
    [{ confusion: true, age: 80, respiratory_rate: 30, systolic_bp: 80 }, 4, 'high risk', /without delay/],
  ])('%o scores %s: %s', (change, score, band, escalation) => {
    const r = calculate('crb65', { confusion: false, respiratory_rate: 20, systolic_bp: 120, diastolic_bp: 80, age: 50, ...change });
    expect(r.score).toBe(score);
    expect(r.interpretation.startsWith(`CRB-65 ${score}: ${band}`)).toBe(true);
    expect(r.escalation).toMatch(escalation);
    expect(r.missing).toEqual([]);
  });

  it('ignores a urea: CRB-65 has no blood test', () => {
    expect(calculate('crb65', { confusion: false, urea: 20, respiratory_rate: 20, systolic_bp: 120, diastolic_bp: 80, age: 50 }).score).toBe(0);
  });
});
