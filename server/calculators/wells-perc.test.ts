import { describe, expect, it } from 'vitest';
import { calculate, calculateFromText } from './index';

const DVT_FIELDS = [
  'active_cancer', 'paralysis_or_cast', 'bedridden_or_surgery', 'deep_vein_tenderness', 'entire_leg_swollen',
  'calf_swelling_3cm', 'pitting_oedema', 'collateral_veins', 'previous_dvt', 'alternative_diagnosis_likely',
];
const dvt = (present: string[]) => calculate('wells_dvt', Object.fromEntries(DVT_FIELDS.map((f) => [f, present.includes(f)])));

describe('two-level Wells DVT (NICE NG158): likely at 2 or more', () => {
  it.each([
    [[], 0, 'DVT unlikely'],
    [['calf_swelling_3cm'], 1, 'DVT unlikely'],
    [['calf_swelling_3cm', 'previous_dvt'], 2, 'DVT likely'],
    [['alternative_diagnosis_likely'], -2, 'DVT unlikely'],
    [['active_cancer', 'pitting_oedema', 'deep_vein_tenderness', 'alternative_diagnosis_likely'], 1, 'DVT unlikely'],
    [['active_cancer', 'pitting_oedema', 'deep_vein_tenderness', 'entire_leg_swollen', 'alternative_diagnosis_likely'], 2, 'DVT likely'],
    [DVT_FIELDS, 7, 'DVT likely'],
    [DVT_FIELDS.slice(0, 9), 9, 'DVT likely'],
  ])('%j scores %s: %s', (present, score, band) => {
    const r = dvt(present);
    expect(r.score).toBe(score);
    expect(r.interpretation.startsWith(`Wells DVT ${score}: ${band}`)).toBe(true);
    expect(r.escalation).toMatch(band === 'DVT likely' ? /proximal leg vein ultrasound with the result within 4 hours/ : /^Arrange a D-dimer/);
  });

  it('a partial score of 2 could drop to 0 if an alternative diagnosis is as likely: not a minimum, not settled', () => {
    const r = calculate('wells_dvt', { calf_swelling_3cm: true, previous_dvt: true });
    expect(r.score).toBe(2);
    expect(r.missing).toHaveLength(8);
    expect(r.interpretation).toMatch(/not a minimum, could be 0 to 9/);
    expect(r.escalation).toMatch(/^Do not treat DVT as unlikely yet/);
  });

  it('a partial score of 4 stays likely even if the alternative diagnosis applies', () => {
    const r = calculate('wells_dvt', { calf_swelling_3cm: true, previous_dvt: true, active_cancer: true, pitting_oedema: true });
    expect(r.interpretation).toMatch(/DVT likely .*whatever the missing values/);
  });
});

const PE_FIELDS = ['dvt_signs', 'pe_most_likely', 'heart_rate_over_100', 'immobilisation_or_surgery', 'previous_vte', 'haemoptysis', 'malignancy'];
const pe = (present: string[]) => calculate('wells_pe', Object.fromEntries(PE_FIELDS.map((f) => [f, present.includes(f)])));

describe('two-level Wells PE (NICE NG158): likely above 4', () => {
  it.each([
    [[], 0, 'PE unlikely'],
    [['heart_rate_over_100', 'haemoptysis', 'malignancy'], 3.5, 'PE unlikely'],
    [['pe_most_likely', 'haemoptysis'], 4, 'PE unlikely'],
    [['heart_rate_over_100', 'immobilisation_or_surgery', 'previous_vte'], 4.5, 'PE likely'],
    [['dvt_signs', 'heart_rate_over_100'], 4.5, 'PE likely'],
    [['dvt_signs', 'pe_most_likely'], 6, 'PE likely'],
    [PE_FIELDS, 12.5, 'PE likely'],
  ])('%j scores %s: %s', (present, score, band) => {
    const r = pe(present);
    expect(r.score).toBe(score);
    expect(r.interpretation.startsWith(`Wells PE ${score === 3.5 || score === 4.5 || score === 12.5 ? score.toFixed(1) : score}: ${band}`)).toBe(true);
    expect(r.escalation).toMatch(band === 'PE likely' ? /immediate CTPA/ : /^Arrange a D-dimer/);
  });

  it('a partial 4 could still be likely: do not call it unlikely', () => {
    const r = calculate('wells_pe', { pe_most_likely: true, haemoptysis: true, dvt_signs: false });
    expect(r.score).toBe(4);
    expect(r.interpretation).toMatch(/PE unlikely so far, not settled - could be PE likely/);
    expect(r.escalation).toMatch(/^Do not treat PE as unlikely yet/);
  });
});

const PERC_FIELDS = ['age_50_or_over', 'heart_rate_100_or_more', 'spo2_below_95', 'unilateral_leg_swelling', 'haemoptysis', 'recent_surgery_or_trauma', 'previous_vte', 'hormone_use'];
const perc = (present: string[]) => calculate('perc', Object.fromEntries(PERC_FIELDS.map((f) => [f, present.includes(f)])));

describe('PERC (Kline 2004): all eight absent rules PE out in a low-risk patient', () => {
  it('all eight absent is PERC negative, for a low pretest probability only', () => {
    const r = perc([]);
    expect(r.score).toBe(0);
    expect(r.interpretation).toBe('PERC 0: PERC negative - all eight criteria absent');
    expect(r.escalation).toMatch(/already low \(under 15%\), PE is ruled out without a D-dimer/);
  });

  it.each(PERC_FIELDS.map((f) => [f]))('%s alone makes PERC positive', (f) => {
    const r = perc([f]);
    expect(r.score).toBe(1);
    expect(r.interpretation).toMatch(/^PERC 1: PERC positive/);
    expect(r.escalation).toMatch(/cannot rule PE out/);
  });

  it('counts every criterion present', () => {
    expect(perc(['age_50_or_over', 'hormone_use', 'haemoptysis']).score).toBe(3);
  });

  it('seven absent and one unknown does not rule PE out', () => {
    const r = calculate('perc', Object.fromEntries(PERC_FIELDS.slice(0, 7).map((f) => [f, false])));
    expect(r.score).toBe(0);
    expect(r.missing).toEqual(['hormone_use']);
    expect(r.interpretation).toMatch(/PERC negative so far, not settled/);
    expect(r.escalation).toMatch(/^Do not rule PE out yet: assess Hormone use/);
  });

  it('one present is positive whatever is unknown', () => {
    const r = calculate('perc', { haemoptysis: true });
    expect(r.interpretation).toMatch(/PERC positive .*whatever the missing values/);
  });
});

describe('Wells from a nurse shorthand', () => {
  it('reads "swollen tender calf" as the clinical signs of a DVT', () => {
    expect(calculateFromText('Wells PE: HR 112, swollen tender calf, PE is the most likely dx')?.score).toBe(7.5);
  });
});

describe('"otherwise nothing"', () => {
  it('makes the yes/no items not mentioned absent, so the score is complete', () => {
    const r = calculateFromText('wells pe score - HR 105, on the pill, otherwise nothing, another dx is more likely');
    expect(r).toMatchObject({ score: 1.5, missing: [] });
    expect(r?.escalation).toMatch(/D-dimer/);
  });
  it('is not assumed without it', () => {
    expect(calculateFromText('wells pe score - HR 105, on the pill')?.missing.length).toBeGreaterThan(0);
  });
});
