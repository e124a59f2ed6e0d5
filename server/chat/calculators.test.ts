import { describe, expect, it } from 'vitest';
import { calculateFromText, formatResult } from '../calculators';
import { runCalculator } from './calculators';

const tool = { calculateFromText, formatResult };

describe('the calculators in a nurse answer', () => {
  it('give the result, its components and source when the question names one with values', () => {
    const c = runCalculator(tool, 'GCS? opens eyes to voice, confused speech, localises to pain')!;
    expect(c.value).toBe(12);
    expect(c.text).toMatch(/^GCS 12: moderate .*\(E3 V4 M5\)/);
    expect(c.text).toMatch(/Source: Teasdale/);
  });

  it('leave out a result that only restates the total the nurse gave, so the guideline answers the question', () => {
    expect(runCalculator(tool, 'elderly lady on apixaban bumped her head, GCS 15, does she need a CT?')).toBeNull();
  });

  it('describe a calculator named with no values, with no score for the guideline to match', () => {
    const c = runCalculator(tool, 'what are the qSOFA criteria and how many do you need')!;
    expect(c.value).toBeUndefined();
    expect(c.text).toMatch(/not scored - no values given/);
  });

  it('treat a calculator that throws as absent', () => {
    const errors: unknown[] = [];
    const broken = { calculateFromText: () => { throw new Error('boom'); }, formatResult };
    expect(runCalculator(broken, 'NEWS2 RR 24', (e) => errors.push(e))).toBeNull();
    expect(errors).toHaveLength(1);
  });
});
