import { describe, expect, it } from 'vitest';
import { isClaim, scoreCitationCoverage, scoreCitationValidity, scoreCitedExpected } from './citations';

const cites = [{ n: 1, articleId: 'sunburn' }, { n: 2, articleId: 'heat-exhaustion' }];

describe('citation validity', () => {
  it('passes when every marker is in the citation list', () => {
    expect(scoreCitationValidity('Cool the skin with a damp cloth. [1] Drink water. [2]', cites).pass).toBe(true);
  });
  it('fails on a marker with no citation', () => {
    const r = scoreCitationValidity('Cool the skin. [1] Take a bath. [3]', cites);
    expect(r).toMatchObject({ pass: false, details: { invalid: [3] } });
  });
});

describe('citation coverage', () => {
  it('passes when the claim sentences are cited', () => {
    const r = scoreCitationCoverage('Sunburn makes the skin red, sore and warm to touch. [1] Drink plenty of water to avoid getting dehydrated. [2] This is general information from our clinic library, not a diagnosis.');
    expect(r.pass).toBe(true);
    expect(r.score).toBe(1);
  });
  it('fails when most claims carry no citation', () => {
    const r = scoreCitationCoverage('Sunburn makes the skin red, sore and warm to touch. Drink plenty of water to avoid getting dehydrated. Aloe vera gel can soothe the skin quickly. [1]');
    expect(r.pass).toBe(false);
    expect(r.score).toBeCloseTo(1 / 3);
  });
  it('does not count questions, short lines or disclaimers as claims', () => {
    expect(isClaim('How old is the baby, in weeks or months?')).toBe(false);
    expect(isClaim('Call 911 now.')).toBe(false);
    expect(isClaim('This is general information from our clinic library, not a diagnosis.')).toBe(false);
  });
});

describe('cited expected', () => {
  it('passes when one expected article is cited', () => {
    expect(scoreCitedExpected(['heat-exhaustion', 'heatstroke'], cites).pass).toBe(true);
  });
  it('fails when none is cited', () => {
    expect(scoreCitedExpected(['heart-attack'], cites)).toMatchObject({ pass: false, score: 0 });
  });
});
