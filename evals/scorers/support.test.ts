import { describe, expect, it } from 'vitest';
import { scoreSupport } from './support';

const article = 'Sunburn. Sunburn makes the skin red, sore and warm. Cool the skin with a cool shower or a damp towel. Drink plenty of water.';

describe('scoreSupport', () => {
  it('passes when each cited sentence is in the cited article', () => {
    const r = scoreSupport('Cool the skin with a cool shower or a damp towel. [1] Drink plenty of water. [1]', [{ n: 1, articleId: 'sunburn' }], { sunburn: article });
    expect(r).toMatchObject({ pass: true, score: 1 });
  });

  it('fails a cited sentence the article does not say', () => {
    const r = scoreSupport('Cool the skin with a damp towel. [1] Antibiotic cream prevents infection and scarring permanently. [1]', [{ n: 1, articleId: 'sunburn' }], { sunburn: article });
    expect(r.pass).toBe(false);
    expect(r.score).toBe(0.5);
    expect(r.reason).toMatch(/Antibiotic cream/);
  });

  it('ignores the source list line and lets a judge verdict overrule the overlap', () => {
    const reply = 'Antibiotic cream prevents infection. [1]\n\nBased on: [1] NHS - Sunburn.';
    const r = scoreSupport(reply, [{ n: 1, articleId: 'sunburn' }], { sunburn: article }, { judged: { 'Antibiotic cream prevents infection.': true } });
    expect(r).toMatchObject({ pass: true, details: { sentences: [{ by: 'judge' }] } });
  });
});
