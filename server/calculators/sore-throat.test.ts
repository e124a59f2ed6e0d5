import { describe, expect, it } from 'vitest';
import { calculate } from './index';
import { calculateFromText } from './index';

const centorOf = (exudate: boolean, nodes: boolean, fever: boolean, noCough: boolean) =>
  calculate('centor', { tonsillar_exudate: exudate, tender_anterior_nodes: nodes, fever_history: fever, cough_absent: noCough });

describe('Centor: one point per criterion, NICE NG84 bands and Centor 1981 culture rates', () => {
  it.each([
    [false, false, false, false, 0, 'lower', '2.5%'],
    [true, false, false, false, 1, 'lower', '6.5%'],
    [true, true, false, false, 2, 'lower', '15%'],
    [true, true, true, false, 3, 'higher', '32%'],
    [true, true, true, true, 4, 'higher', '56%'],
    [false, true, true, true, 3, 'higher', '32%'],
  ])('exudate %s, nodes %s, fever %s, no cough %s: %s', (e, n, f, c, score, band, culture) => {
    const r = centorOf(e, n, f, c);
    expect(r.score).toBe(score);
    expect(r.interpretation).toMatch(new RegExp(`^Centor ${score}: ${band} likelihood of streptococcus`));
    expect(r.interpretation).toContain(`${culture} culture-positive`);
    expect(r.escalation).toMatch(score >= 3 ? /immediate or a back-up antibiotic/ : /no antibiotic/);
  });

  it('two criteria with two unknown could reach 4: partial and unsettled', () => {
    const r = calculate('centor', { tonsillar_exudate: true, cough_absent: true });
    expect(r.score).toBe(2);
    expect(r.missing).toEqual(['tender_anterior_nodes', 'fever_history']);
    expect(r.interpretation).toMatch(/partial.*a minimum, could be up to 4/);
  });

  it('three criteria with one unknown is already the higher band', () => {
    const r = calculate('centor', { tonsillar_exudate: true, tender_anterior_nodes: true, fever_history: true });
    expect(r.interpretation).toMatch(/higher likelihood.*whatever the missing values/);
  });
});

const mcisaacOf = (age: number, fever: boolean, noCough: boolean, nodes: boolean, tonsils: boolean) =>
  calculate('mcisaac', { age, temperature_over_38: fever, cough_absent: noCough, tender_anterior_nodes: nodes, tonsillar_swelling_or_exudate: tonsils });

describe('McIsaac: Centor plus the age adjustment', () => {
  it.each([
    [3, 1], [14, 1], [15, 0], [44, 0], [45, -1], [80, -1],
  ])('age %s adds %s', (age, pts) => {
    expect(mcisaacOf(age, false, false, false, false).components.find((c) => c.field === 'age')?.points).toBe(pts);
  });

  it.each([
    ['a 10-year-old with all four', 10, true, true, true, true, 5, 'high', /clinical grounds/],
    ['a 50-year-old with all four', 50, true, true, true, true, 3, 'moderate', /throat swab for culture/],
    ['a 30-year-old with fever and no cough', 30, true, true, false, false, 2, 'moderate', /throat swab for culture/],
    ['a 30-year-old with fever only', 30, true, false, false, false, 1, 'low', /No throat swab or antibiotic/],
    ['a 50-year-old with none', 50, false, false, false, false, -1, 'low', /No throat swab or antibiotic/],
    ['a 20-year-old with all four', 20, true, true, true, true, 4, 'high', /clinical grounds/],
  ])('%s scores %s', (_, age, f, c, n, t, score, band, escalation) => {
    const r = mcisaacOf(age, f, c, n, t);
    expect(r.score).toBe(score);
    expect(r.interpretation).toMatch(new RegExp(`^McIsaac ${score}: ${band} likelihood`));
    expect(r.escalation).toMatch(escalation);
  });

  it('without an age the score is not a minimum: age can add 1 or take 1 away', () => {
    const r = calculate('mcisaac', { temperature_over_38: true, cough_absent: true, tender_anterior_nodes: true, tonsillar_swelling_or_exudate: true });
    expect(r.score).toBe(4);
    expect(r.missing).toEqual(['age']);
    expect(r.interpretation).toMatch(/not a minimum, could be 3 to 5/);
    expect(r.interpretation).toMatch(/not settled/);
  });

  it('an age under 3 is outside the score and is not used', () => {
    const r = mcisaacOf(2, true, true, true, true);
    expect(r.missing).toEqual(['age']);
    expect(r.components.find((c) => c.field === 'age')?.value).toMatch(/invalid: 2/);
  });
});

const feverpainOf = (n: number) => {
  const ids = ['fever_24h', 'purulence', 'attend_rapidly', 'inflamed_tonsils', 'no_cough_or_coryza'];
  return calculate('feverpain', Object.fromEntries(ids.map((id, i) => [id, i < n])));
};

describe('FeverPAIN: NICE NG84 likelihoods and prescribing strategies', () => {
  it.each([
    [0, 'low', '13-18%', /no antibiotic/],
    [1, 'low', '13-18%', /no antibiotic/],
    [2, 'moderate', '34-40%', /no antibiotic or a back-up/],
    [3, 'moderate', '34-40%', /no antibiotic or a back-up/],
    [4, 'high', '62-65%', /immediate or a back-up/],
    [5, 'high', '62-65%', /immediate or a back-up/],
  ])('%s criteria: %s likelihood (%s)', (n, band, likelihood, escalation) => {
    const r = feverpainOf(n);
    expect(r.score).toBe(n);
    expect(r.interpretation).toBe(`FeverPAIN ${n}: ${band} likelihood of streptococcus - ${likelihood} likelihood of isolating streptococcus`);
    expect(r.escalation).toMatch(escalation);
  });

  it('unknown criteria make the score partial', () => {
    const r = calculate('feverpain', { fever_24h: true, purulence: true });
    expect(r.missing).toEqual(['attend_rapidly', 'inflamed_tonsils', 'no_cough_or_coryza']);
    expect(r.interpretation).toMatch(/^FeverPAIN 2 \(partial/);
  });
});

describe('FeverPAIN from a nurse shorthand', () => {
  it.each([
    ['feverpain: had a fever yesterday, pus on tonsils, came in day 2 of symptoms, no cough or cold sx, tonsils not that swollen', 4],
    ['FeverPAIN? sore throat 5 days, runny nose, no temp, tonsils v inflamed but no pus', 1],
  ])('%s -> %i, complete', (text, score) => {
    const r = calculateFromText(text);
    expect(r?.score).toBe(score);
    expect(r?.missing).toEqual([]);
  });
});
