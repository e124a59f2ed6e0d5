import { describe, expect, it } from 'vitest';
import { calculateEachFromText, calculateFromText, formatResult } from '../calculators';
import { runCalculator } from './calculators';

const tool = { calculateFromText, formatResult, calculateEachFromText };

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

  it('answer a comparison with each calculator named, and no one band to match', () => {
    const c = runCalculator(tool, 'qsofa or news2 for spotting sepsis on the ward?')!;
    expect(c.id).toBe('qsofa');
    expect(c.value).toBeUndefined();
    expect(c.text).toMatch(/^quick SOFA \(qSOFA\): not scored[\s\S]*Source: Seymour[\s\S]*NEWS2\): not scored[\s\S]*Source: Royal College of Physicians/);
  });

  it('without calculateEachFromText, answer with the first calculator named', () => {
    const c = runCalculator({ calculateFromText, formatResult }, 'qsofa or news2 for spotting sepsis on the ward?')!;
    expect(c.text).not.toMatch(/NEWS2/);
  });

  it('treat a calculator that throws as absent', () => {
    const errors: unknown[] = [];
    const broken = { calculateFromText: () => { throw new Error('boom'); }, formatResult };
    expect(runCalculator(broken, 'NEWS2 RR 24', (e) => errors.push(e))).toBeNull();
    expect(errors).toHaveLength(1);
  });
});
