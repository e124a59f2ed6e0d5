import { describe, expect, it } from 'vitest';
import { calculateEachFromText, calculateFromText, formatResult, getCalculatorDef } from './index';

describe('calculateFromText answers a nurse message end to end', () => {
  it.each([
    ['NEWS2: RR 24, sats 91% on air, BP 95/60, HR 112, T 38.4, new confusion', 'news2', 13, []],
    ['news 2 for RR 18, SpO2 97 RA, BP 130/80, pulse 80, temp 37, alert', 'news2', 0, []],
    ['NEWS2 RR 20, sats 95% on 2L O2, BP 118/70, HR 92, T 37.9, alert', 'news2', 4, []],
    ['qsofa? RR 24, SBP 95, confused', 'qsofa', 3, []],
    ['qSOFA: RR 20, BP 110/70, GCS 15', 'qsofa', 0, []],
    ['CURB-65: 72yo, confused, urea 8.2, RR 24, BP 95/60', 'curb65', 4, []],
    ['CRB-65 for a 50 year old, RR 32, BP 120/70, alert', 'crb65', 1, []],
    ['Centor: tonsillar exudate, no cough, tender anterior cervical nodes, history of fever', 'centor', 4, []],
    ['McIsaac for a 10 year old, T 38.5, no cough, swollen tonsils, tender nodes', 'mcisaac', 5, []],
    ['FeverPAIN: fever, pus on tonsils, sore throat for 2 days, severely inflamed tonsils, no cough or coryza', 'feverpain', 5, []],
    ['GCS E3 V4 M6', 'gcs', 13, []],
    ['gcs 8/15', 'gcs', 8, []],
    ['PERC: 35yo, HR 88, sats 98% RA, no leg swelling, no haemoptysis, no recent surgery or trauma, no previous DVT or PE, not on OCP', 'perc', 0, []],
    ['traffic light: 2 month old, temp 38.2', 'fever_traffic_light', 'red', []],
  ])('"%s"', (text, id, score, missing) => {
    const r = calculateFromText(text)!;
    expect(r.id).toBe(id);
    expect(r.score).toBe(score);
    expect(r.missing).toEqual(missing);
  });

  it('"CURB-65 RR 24, SBP 95, confused, urea 8" is partial: no age, and SBP 95 alone does not settle the BP', () => {
    const r = calculateFromText('CURB-65 RR 24, SBP 95, confused, urea 8')!;
    expect(r.score).toBe(2);
    expect(r.missing).toEqual(['diastolic_bp', 'age']);
    expect(r.interpretation).toMatch(/^CURB-65 2 \(partial - not given: Diastolic BP, Age; a minimum, could be up to 4\)/);
  });

  it('wells score for dvt with some criteria given is partial and does not call DVT unlikely', () => {
    const r = calculateFromText('wells score for dvt: calf swelling 4cm, previous DVT')!;
    expect(r.id).toBe('wells_dvt');
    expect(r.score).toBe(2);
    expect(r.escalation).toMatch(/^Do not treat DVT as unlikely yet/);
  });

  it('Wells PE from shorthand', () => {
    const r = calculateFromText('Wells PE: HR > 100, haemoptysis, no signs of DVT, PE most likely diagnosis, no previous DVT or PE, no cancer, no recent surgery')!;
    expect(r.score).toBe(5.5);
    expect(r.missing).toEqual([]);
    expect(r.interpretation).toMatch(/^Wells PE 5\.5: PE likely/);
  });

  it('returns null when no calculator is named', () => {
    expect(calculateFromText('RR 24, sats 91% on air')).toBeNull();
  });
});

describe('formatResult gives a nurse the result, components, escalation, what is missing and the source', () => {
  it('a complete result', () => {
    const text = formatResult(calculateFromText('CURB-65: 72yo, confused, urea 8.2, RR 24, BP 95/60')!);
    expect(text.split('\n')).toEqual([
      'CURB-65 4: high risk - over 15% 30-day mortality',
      'Components:',
      '- Confusion: yes (+1)',
      '- Urea: 8.2 mmol/L (+1)',
      '- Respiratory rate: 24/min (0)',
      '- Low blood pressure: 95/60 mmHg (+1)',
      '- Age: 72 years (+1)',
      'Escalation: High severity: tell the treating clinician now - NICE advises hospital-based care and considering intensive care assessment at CURB-65 3 or more.',
      'Source: Lim WS et al. Thorax 2003;58:377-382; NICE CG191 Pneumonia in adults - https://www.nice.org.uk/guidance/cg191',
    ]);
  });

  it('a partial result names what is missing and lists only the components given', () => {
    const text = formatResult(calculateFromText('NEWS2 RR 26, HR 120')!);
    expect(text).toMatch(/^NEWS2 5 \(partial/);
    expect(text).toContain('- Respiration rate: 26/min (+3)');
    expect(text).toContain('- Pulse: 120/min (+2)');
    expect(text).not.toContain('not given\n');
    expect(text).toContain('Missing (result is partial): SpO2, Supplemental oxygen, Systolic BP, Consciousness (ACVPU), Temperature.');
    expect(text).toContain('https://www.rcp.ac.uk/');
  });

  it('keeps a half point as a decimal', () => {
    expect(formatResult(calculateFromText('Wells PE: tachycardic')!)).toContain('- Heart rate over 100/min: yes (+1.5)');
  });
});

describe('calculateFromText reads a total said in words', () => {
  it('"NEWS2 of five, how often obs?" asks about the band, not a score of nothing', () => {
    expect(calculateFromText('NEWS2 of five, how often obs?')).toBeNull();
  });
  it('"CRB-65: she is seventy-two, confused, breathing thirty a minute" scores what it says', () => {
    const r = calculateFromText('CRB-65: she is seventy-two, confused, breathing thirty a minute')!;
    expect(r.score).toBe(3);
    expect(r.missing).toEqual(['systolic_bp', 'diastolic_bp']);
  });
});

describe('calculateEachFromText answers a comparison with each calculator', () => {
  it('gives both definitions when two are named without values', () => {
    const rs = calculateEachFromText('CURB-65 vs CRB-65 - which one in the GP practice');
    expect(rs.map((r) => r.id)).toEqual(['curb65', 'crb65']);
    for (const r of rs) expect(formatResult(r)).toMatch(/not scored - no values given[\s\S]*To score it, give:[\s\S]*Source: /);
  });
  it('puts a scored calculator before one only named', () => {
    const rs = calculateEachFromText('is qSOFA any use here or just NEWS2? RR 24, sats 95% on air, BP 98/60, HR 110, T 38.5, alert');
    expect(rs.map((r) => r.id).sort()).toEqual(['news2', 'qsofa']);
    expect(rs.every((r) => r.missing.length < getCalculatorDef(r.id).fields.length)).toBe(true);
  });
  it('gives calculateFromText\'s result alone for one calculator', () => {
    expect(calculateEachFromText('qsofa? RR 24, SBP 95, confused').map((r) => r.score)).toEqual([3]);
    expect(calculateEachFromText('how do I manage a fever')).toEqual([]);
  });
});
