import { describe, expect, it } from 'vitest';
import { calculate } from './index';

describe('qSOFA (Sepsis-3) scores respiratory rate >= 22, systolic <= 100 and altered mentation', () => {
  it.each([
    [21, 101, false, 0, 'negative'],
    [22, 101, false, 1, 'negative'],
    [16, 100, false, 1, 'negative'],
    [16, 120, true, 1, 'negative'],
    [22, 100, false, 2, 'positive'],
    [30, 90, false, 2, 'positive'],
    [24, 95, true, 3, 'positive'],
  ])('RR %s, SBP %s, altered mentation %s: %s, %s', (rr, sbp, ams, score, band) => {
    const r = calculate('qsofa', { respiratory_rate: rr, systolic_bp: sbp, altered_mentation: ams });
    expect(r.score).toBe(score);
    expect(r.interpretation).toBe(`qSOFA ${score}: ${band} - ${band === 'positive' ? 'higher risk of death or prolonged intensive care if infection is present' : 'not in the higher-risk group by qSOFA; sepsis is not ruled out'}`);
    expect(r.missing).toEqual([]);
  });

  it('a positive qSOFA asks for urgent medical review for sepsis', () => {
    expect(calculate('qsofa', { respiratory_rate: 24, systolic_bp: 95, altered_mentation: false }).escalation).toMatch(/urgent medical review now/);
  });

  it('a negative qSOFA says sepsis is not ruled out', () => {
    expect(calculate('qsofa', { respiratory_rate: 18, systolic_bp: 130, altered_mentation: false }).escalation).toMatch(/does not rule out sepsis/);
  });

  it('two criteria met is positive whatever the missing third', () => {
    const r = calculate('qsofa', { respiratory_rate: 24, systolic_bp: 95 });
    expect(r.score).toBe(2);
    expect(r.missing).toEqual(['altered_mentation']);
    expect(r.interpretation).toMatch(/partial.*positive.*whatever the missing values/);
  });

  it('one criterion with two missing is partial and unsettled', () => {
    const r = calculate('qsofa', { respiratory_rate: 24 });
    expect(r.score).toBe(1);
    expect(r.missing).toEqual(['systolic_bp', 'altered_mentation']);
    expect(r.interpretation).toMatch(/a minimum, could be up to 3/);
    expect(r.interpretation).toMatch(/could be positive once complete/);
  });
});
