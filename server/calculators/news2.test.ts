import { describe, expect, it } from 'vitest';
import { calculate } from './index';

const points = (inputs: Record<string, number | boolean | string>, field: string) =>
  calculate('news2', inputs).components.find((c) => c.field === field)?.points;

// RCP NEWS2 chart 1, every threshold on both sides.
describe('NEWS2 scores each parameter at the RCP thresholds', () => {
  it.each([
    [8, 3], [9, 1], [11, 1], [12, 0], [20, 0], [21, 2], [24, 2], [25, 3],
  ])('respiration rate %s scores %s', (v, p) => expect(points({ respiratory_rate: v }, 'respiratory_rate')).toBe(p));

  it.each([
    [91, 3], [92, 2], [93, 2], [94, 1], [95, 1], [96, 0], [100, 0],
  ])('SpO2 %s%% on scale 1 scores %s', (v, p) => expect(points({ spo2: v }, 'spo2')).toBe(p));

  it.each([
    [83, false, 3], [84, false, 2], [85, true, 2], [86, false, 1], [87, true, 1], [88, false, 0], [92, true, 0],
    [93, false, 0], [99, false, 0], [93, true, 1], [94, true, 1], [95, true, 2], [96, true, 2], [97, true, 3], [100, true, 3],
  ])('SpO2 %s%% on scale 2 (oxygen: %s) scores %s', (v, o2, p) =>
    expect(points({ spo2: v, spo2_scale: '2', on_oxygen: o2 }, 'spo2')).toBe(p));

  it.each([[true, 2], [false, 0]])('supplemental oxygen %s scores %s', (o2, p) => expect(points({ on_oxygen: o2 }, 'on_oxygen')).toBe(p));

  it.each([
    [90, 3], [91, 2], [100, 2], [101, 1], [110, 1], [111, 0], [219, 0], [220, 3],
  ])('systolic BP %s scores %s', (v, p) => expect(points({ systolic_bp: v }, 'systolic_bp')).toBe(p));

  it.each([
    [40, 3], [41, 1], [50, 1], [51, 0], [90, 0], [91, 1], [110, 1], [111, 2], [130, 2], [131, 3],
  ])('pulse %s scores %s', (v, p) => expect(points({ heart_rate: v }, 'heart_rate')).toBe(p));

  it.each([
    ['alert', 0], ['new_confusion', 3], ['voice', 3], ['pain', 3], ['unresponsive', 3],
  ])('consciousness %s scores %s', (v, p) => expect(points({ consciousness: v }, 'consciousness')).toBe(p));

  it.each([
    [35.0, 3], [35.1, 1], [36.0, 1], [36.1, 0], [38.0, 0], [38.1, 1], [39.0, 1], [39.1, 2],
  ])('temperature %s scores %s', (v, p) => expect(points({ temperature: v }, 'temperature')).toBe(p));
});

const full = (o: Partial<Record<string, number | boolean | string>>) => ({
  respiratory_rate: 16, spo2: 97, on_oxygen: false, systolic_bp: 120, heart_rate: 70, consciousness: 'alert', temperature: 37.0, ...o,
});

describe('NEWS2 totals and RCP clinical response bands', () => {
  it.each([
    ['all normal', full({}), 0, 'NEWS2 0: low', /every 12 hours/],
    ['aggregate 4', full({ respiratory_rate: 22, spo2: 95, heart_rate: 95 }), 4, 'NEWS2 4: low', /registered nurse, who must assess/],
    ['a single 3 (new confusion) with total 3', full({ consciousness: 'new_confusion' }), 3, 'NEWS2 3: low-medium', /inform the medical team/],
    ['aggregate 5 on oxygen', full({ respiratory_rate: 22, spo2: 94, on_oxygen: true }), 5, 'NEWS2 5: medium', /urgent assessment/],
    ['aggregate 6 that includes a 3 is medium, not low-medium', full({ respiratory_rate: 26, systolic_bp: 105, heart_rate: 95, temperature: 38.5 }), 6, 'NEWS2 6: medium', /urgent assessment/],
    ['aggregate 7', full({ respiratory_rate: 24, spo2: 93, systolic_bp: 105, heart_rate: 115 }), 7, 'NEWS2 7: high - emergency response', /continuously/],
    ['septic picture', full({ respiratory_rate: 24, spo2: 91, systolic_bp: 95, heart_rate: 112, consciousness: 'new_confusion', temperature: 38.4 }), 13, 'NEWS2 13: high', /critical care/],
  ])('%s', (_, inputs, score, interpretation, escalation) => {
    const r = calculate('news2', inputs);
    expect(r.score).toBe(score);
    expect(r.interpretation.startsWith(interpretation)).toBe(true);
    expect(r.escalation).toMatch(escalation);
    expect(r.missing).toEqual([]);
    expect(r.interpretation).not.toMatch(/partial/);
  });

  it('a scale 2 patient at 93% on oxygen scores 1 for SpO2, plus 2 for the oxygen', () => {
    const r = calculate('news2', full({ spo2: 93, spo2_scale: '2', on_oxygen: true }));
    expect(r.score).toBe(3);
    expect(r.components.find((c) => c.field === 'spo2')?.value).toMatch(/scale 2/);
  });

  it('the same 90% scores 3 on scale 1 but 0 on scale 2', () => {
    expect(calculate('news2', full({ spo2: 90 })).score).toBe(3);
    expect(calculate('news2', full({ spo2: 90, spo2_scale: '2' })).score).toBe(0);
  });
});

describe('NEWS2 with observations missing never invents a score', () => {
  it('one observation: the score is a minimum, the missing six are listed and the band is not settled', () => {
    const r = calculate('news2', { respiratory_rate: 26 });
    expect(r.score).toBe(3);
    expect(r.missing).toEqual(['spo2', 'on_oxygen', 'systolic_bp', 'heart_rate', 'consciousness', 'temperature']);
    expect(r.interpretation).toMatch(/partial/);
    expect(r.interpretation).toMatch(/a minimum/);
    expect(r.interpretation).toMatch(/not settled/);
    expect(r.escalation).toMatch(/^Record the missing observations/);
    expect(r.components.find((c) => c.field === 'temperature')).toEqual({ field: 'temperature', label: 'Temperature', value: 'not given', points: null });
  });

  it('a partial score already at 7 is high whatever the missing values', () => {
    const r = calculate('news2', { respiratory_rate: 26, spo2: 91, systolic_bp: 95 });
    expect(r.score).toBe(8);
    expect(r.interpretation).toMatch(/high - emergency response, whatever the missing values/);
    expect(r.escalation).toMatch(/^Immediately inform the medical team/);
  });

  it('a partial 0 is not called low', () => {
    const r = calculate('news2', { respiratory_rate: 16, temperature: 37 });
    expect(r.interpretation).toMatch(/not settled/);
  });

  it('scale 2 at 95% without air or oxygen cannot score the SpO2', () => {
    const r = calculate('news2', full({ spo2: 95, spo2_scale: '2', on_oxygen: undefined }));
    expect(r.components.find((c) => c.field === 'spo2')?.points).toBeNull();
    expect(r.missing).toEqual(['on_oxygen']);
  });

  it('an impossible value is not scored and says why', () => {
    const r = calculate('news2', full({ respiratory_rate: 300 }));
    expect(r.missing).toContain('respiratory_rate');
    expect(r.components.find((c) => c.field === 'respiratory_rate')?.value).toMatch(/invalid: 300/);
  });

  it('form strings are read as numbers, yes/no and option ids', () => {
    const r = calculate('news2', { respiratory_rate: '24', spo2: '95', on_oxygen: 'yes', systolic_bp: '120', heart_rate: '80', consciousness: 'Alert', temperature: '37.2' });
    expect(r.score).toBe(5);
    expect(r.missing).toEqual([]);
  });
});
