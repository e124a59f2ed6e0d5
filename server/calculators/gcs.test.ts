import { describe, expect, it } from 'vitest';
import { calculate, calculateFromText } from './index';

describe('GCS from eye, verbal and motor responses', () => {
  it.each([
    ['4', '5', '6', 15, 'normal', /Continue observations/],
    ['4', '4', '6', 14, 'mild', /medical team for a review/],
    ['3', '4', '6', 13, 'mild', /medical team for a review/],
    ['3', '3', '6', 12, 'moderate', /urgent medical review/],
    ['2', '2', '5', 9, 'moderate', /urgent medical review/],
    ['2', '2', '4', 8, 'severe', /airway at risk/],
    ['1', '1', '1', 3, 'severe', /airway at risk/],
  ])('E%s V%s M%s totals %s (%s)', (eye, verbal, motor, total, band, escalation) => {
    const r = calculate('gcs', { eye, verbal, motor });
    expect(r.score).toBe(total);
    expect(r.interpretation).toMatch(new RegExp(`^GCS ${total}: ${band} - .*\\(E${eye} V${verbal} M${motor}\\)$`));
    expect(r.escalation).toMatch(escalation);
    expect(r.missing).toEqual([]);
  });

  it('accepts the responses as numbers', () => {
    expect(calculate('gcs', { eye: 4, verbal: 5, motor: 6 }).score).toBe(15);
  });

  it('uses the total when only the total is given, and asks for the responses', () => {
    const r = calculate('gcs', { total: 14 });
    expect(r.score).toBe(14);
    expect(r.missing).toEqual([]);
    expect(r.interpretation).toMatch(/^GCS 14: mild.*Total only: record eye, verbal and motor responses too\.$/);
  });

  it('prefers the responses to a total that does not match them, and says so', () => {
    const r = calculate('gcs', { eye: '4', verbal: '5', motor: '6', total: 13 });
    expect(r.score).toBe(15);
    expect(r.interpretation).toMatch(/does not match E4 V5 M6/);
  });

  it('with one response missing, the total is a minimum (the missing one scores at least 1)', () => {
    const r = calculate('gcs', { eye: '3', motor: '5' });
    expect(r.score).toBe(9);
    expect(r.missing).toEqual(['verbal']);
    expect(r.interpretation).toMatch(/^GCS 9 \(partial - not given: Verbal response; a minimum, could be up to 13\)/);
    expect(r.escalation).toMatch(/^Assess Verbal response now/);
  });

  it('an intubated patient (verbal not testable) with E1 M1 is severe whatever the verbal score', () => {
    const r = calculate('gcs', { eye: '1', verbal: 'NT', motor: '1' });
    expect(r.score).toBe(3);
    expect(r.components.find((c) => c.field === 'verbal')?.value).toBe('not testable');
    expect(r.interpretation).toMatch(/severe .*whatever the missing values \(E1 VNT M1\)/);
  });

  it('nothing given asks for the assessment and invents no total', () => {
    const r = calculate('gcs', {});
    expect(r.missing).toEqual(['eye', 'verbal', 'motor']);
    expect(r.interpretation).toBe('GCS not assessed (partial - not given: Eye opening, Verbal response, Motor response; could be 3 to 15)');
    expect(r.escalation).toBe('Assess Eye opening, Verbal response, Motor response to score the GCS.');
  });

  it('rejects a response out of its range', () => {
    const r = calculate('gcs', { eye: '5', verbal: '5', motor: '6' });
    expect(r.missing).toEqual(['eye']);
    expect(r.components[0].value).toMatch(/invalid/);
  });
});

describe('GCS from described responses', () => {
  it.each([
    ['GCS? opens eyes when i speak to her, confused conversation, localises to pain', 12],
    ['gcs: eyes open to pain only, groaning, withdraws from pain', 8],
    ['no eye opening at all, no sounds, arms and legs extend to painful stimulus. gcs?', 4],
    ["opens his eyes when I speak to him, confused about where he is, localises to pain. What's his GCS?", 12],
    ["GCS? eyes open to voice, doesn't know where she is, obeys commands", 13],
  ])('%s -> %i', (text, score) => {
    expect(calculateFromText(text)?.score).toBe(score);
  });
});
