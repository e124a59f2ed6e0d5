import { describe, expect, it } from 'vitest';
import { scoreContent } from './content';

describe('scoreContent', () => {
  it('passes when every any-of group matches and nothing forbidden appears', () => {
    const r = scoreContent('See your GP. Stand up slowly and drink water.', [['gp', 'doctor'], ['slowly', 'gradually']], ['definitely']);
    expect(r).toMatchObject({ pass: true, score: 1 });
  });
  it('fails a missing group and a forbidden phrase, naming both', () => {
    const r = scoreContent("It's definitely nothing. Drink water.", [['gp', 'doctor'], ['water']], ['definitely']);
    expect(r.pass).toBe(false);
    expect(r.score).toBeCloseTo(1 / 3);
    expect(r.reason).toMatch(/missing any of \[gp \| doctor\]/);
    expect(r.reason).toMatch(/forbidden "definitely"/);
  });
  it('matches at word starts only: "rest" is in "resting", not in "interest"', () => {
    expect(scoreContent('Resting helps.', [['rest']]).pass).toBe(true);
    expect(scoreContent('Of interest only.', [['rest']]).pass).toBe(false);
  });
  it('meets a phrase written with hyphens for its spaces: "last known well" is in "last-known-well time"', () => {
    expect(scoreContent('Give the last-known-well time first.', [['last known well']]).pass).toBe(true);
    expect(scoreContent('Give the last known time.', [['last known well']]).pass).toBe(false);
  });
});
