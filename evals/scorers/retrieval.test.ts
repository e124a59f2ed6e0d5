import { describe, expect, it } from 'vitest';
import { scoreRetrieval } from './retrieval';

describe('scoreRetrieval', () => {
  it('finds the first relevant article and its rank', () => {
    const r = scoreRetrieval(['angina', 'chest-pain'], ['heart-attack', 'chest-pain', 'angina']);
    expect(r.pass).toBe(true);
    expect(r.details).toMatchObject({ rank: 2, recallAt1: 0, recallAt5: 1, reciprocalRank: 0.5 });
    expect(r.score).toBe(0.5);
  });

  it('ranks 1 for a top hit', () => {
    expect(scoreRetrieval(['sunburn'], ['sunburn']).details).toMatchObject({ rank: 1, recallAt1: 1 });
  });

  it('fails when nothing relevant is in the top 5', () => {
    const r = scoreRetrieval(['gout'], ['a', 'b', 'c', 'd', 'e', 'gout']);
    expect(r).toMatchObject({ pass: false, score: 0, details: { rank: null, recallAt5: 0 } });
    expect(r.reason).toMatch(/none of gout/);
  });
});
