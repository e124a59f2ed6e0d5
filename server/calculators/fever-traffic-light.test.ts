import { describe, expect, it } from 'vitest';
import { CALCULATORS, calculate } from './index';

const BOOLEANS = CALCULATORS.find((c) => c.id === 'fever_traffic_light')!.fields.filter((f) => f.type === 'boolean').map((f) => f.id);

/** A well 2-year-old with every feature assessed: green. */
const well = (o: Record<string, number | boolean | string> = {}) => ({
  age_months: 24, temperature: 37.5, respiratory_rate: 30, heart_rate: 120, spo2: 98, colour: 'normal', activity: 'normal', fever_days: 1,
  ...Object.fromEntries(BOOLEANS.map((id) => [id, false])),
  ...o,
});
const light = (o: Record<string, number | boolean | string>) => calculate('fever_traffic_light', well(o)).score;

describe('NICE NG143 traffic light: the highest feature sets the light', () => {
  it('a well child with every feature assessed is green, with home care and safety-netting', () => {
    const r = calculate('fever_traffic_light', well());
    expect(r.score).toBe('green');
    expect(r.missing).toEqual([]);
    expect(r.interpretation).toBe('Traffic light green: low risk of serious illness - no amber or red feature.');
    expect(r.escalation).toMatch(/home/);
  });

  it.each([
    ['pallor reported by a parent', { colour: 'pallor_reported' }, 'amber'],
    ['pale, mottled, ashen or blue', { colour: 'pale_mottled_ashen_blue' }, 'red'],
    ['reduced activity', { activity: 'reduced' }, 'amber'],
    ['no response to social cues', { activity: 'none' }, 'red'],
    ['weak, high-pitched cry', { weak_cry: true }, 'red'],
    ['nasal flaring', { nasal_flaring: true }, 'amber'],
    ['crackles', { crackles: true }, 'amber'],
    ['grunting', { grunting: true }, 'red'],
    ['moderate or severe chest indrawing', { chest_indrawing: true }, 'red'],
    ['SpO2 95% in air', { spo2: 95 }, 'amber'],
    ['SpO2 96% in air', { spo2: 96 }, 'green'],
    ['capillary refill 3 seconds or more', { capillary_refill_3s: true }, 'amber'],
    ['dry mucous membranes', { dry_mucous_membranes: true }, 'amber'],
    ['poor feeding', { poor_feeding: true }, 'amber'],
    ['reduced urine output', { reduced_urine_output: true }, 'amber'],
    ['reduced skin turgor', { reduced_skin_turgor: true }, 'red'],
    ['fever for 5 days', { fever_days: 5 }, 'amber'],
    ['fever for 4 days', { fever_days: 4 }, 'green'],
    ['rigors', { rigors: true }, 'amber'],
    ['a swollen joint', { limb_or_joint_swelling: true }, 'amber'],
    ['not weight bearing', { non_weight_bearing: true }, 'amber'],
    ['non-blanching rash', { non_blanching_rash: true }, 'red'],
    ['bulging fontanelle', { bulging_fontanelle: true }, 'red'],
    ['neck stiffness', { neck_stiffness: true }, 'red'],
    ['status epilepticus', { status_epilepticus: true }, 'red'],
    ['focal neurological signs', { focal_neurological_signs: true }, 'red'],
    ['focal seizures', { focal_seizures: true }, 'red'],
    ['amber and red together', { nasal_flaring: true, grunting: true }, 'red'],
  ])('%s: %s', (_, change, expected) => expect(light(change)).toBe(expected));
});

describe('NG143 age-specific bands', () => {
  it.each([
    ['2.9 months, 38.0 °C', 'red', 2.9, 38.0],
    ['2 months, 37.9 °C', 'green', 2, 37.9],
    ['3 months, 38.5 °C', 'green', 3, 38.5],
    ['3 months, 39.0 °C', 'amber', 3, 39.0],
    ['6 months, 39.0 °C', 'amber', 6, 39.0],
    ['7 months, 40.0 °C (temperature alone is not a feature)', 'green', 7, 40.0],
  ])('temperature: %s is %s', (_, expected, age, temperature) => {
    expect(light({ age_months: age, temperature, respiratory_rate: 30, heart_rate: 120 })).toBe(expected);
  });

  it.each([
    [5, 55, 'green'], [6, 50, 'green'], [6, 51, 'amber'], [12, 51, 'amber'], [12, 50, 'green'], [13, 40, 'green'], [13, 41, 'amber'],
    [48, 41, 'amber'], [3, 60, 'green'], [3, 61, 'red'], [48, 61, 'red'],
  ])('respiratory rate: age %s months, %s/min is %s', (age, rr, expected) => {
    expect(light({ age_months: age, respiratory_rate: rr, heart_rate: 100 })).toBe(expected);
  });

  it.each([
    [11, 160, 'green'], [11, 161, 'amber'], [12, 150, 'green'], [12, 151, 'amber'], [23, 151, 'amber'],
    [24, 140, 'green'], [24, 141, 'amber'], [59, 141, 'amber'],
  ])('heart rate: age %s months, %s/min is %s', (age, hr, expected) => {
    expect(light({ age_months: age, heart_rate: hr, respiratory_rate: 30 })).toBe(expected);
  });
});

describe('a partial traffic light never says green on missing features', () => {
  it('a tachycardic 18-month-old with the rest unassessed is amber so far and could be red', () => {
    const r = calculate('fever_traffic_light', { age_months: 18, heart_rate: 170 });
    expect(r.score).toBe('amber');
    expect(r.interpretation).toMatch(/^Traffic light amber so far \(partial, a minimum - not assessed:/);
    expect(r.interpretation).toMatch(/could be red once complete/);
    expect(r.missing).toContain('colour');
    expect(r.missing).not.toContain('spo2');
    expect(r.escalation).toMatch(/^Act on amber now/);
  });

  it('one red feature is red whatever else is missing', () => {
    const r = calculate('fever_traffic_light', { non_blanching_rash: true });
    expect(r.score).toBe('red');
    expect(r.missing).toEqual([]);
    expect(r.interpretation).toMatch(/^Traffic light red: high risk of serious illness - red features: non-blanching rash/);
    expect(r.escalation).toMatch(/Refer urgently to specialist paediatric care/);
  });

  it('normal observations with the rest unassessed are only green so far', () => {
    const r = calculate('fever_traffic_light', { age_months: 24, temperature: 37.5, respiratory_rate: 30 });
    expect(r.score).toBe('green');
    expect(r.interpretation).toMatch(/green so far .*no amber or red feature among those assessed/);
    expect(r.escalation).toMatch(/^Assess .* before treating this child as green/);
  });

  it('a heart rate of 150 without an age cannot be banded', () => {
    const r = calculate('fever_traffic_light', well({ age_months: '', heart_rate: 150 }));
    expect(r.missing).toEqual(['age_months']);
    expect(r.components.find((c) => c.field === 'heart_rate')?.value).toMatch(/band depends on age/);
  });

  it('nothing assessed is not given a light', () => {
    expect(calculate('fever_traffic_light', { age_months: 12 }).score).toBe('unassessed');
  });

  it('a child of 5 or over is outside NG143', () => {
    expect(calculate('fever_traffic_light', well({ age_months: 72 })).interpretation).toMatch(/Not applicable: NICE NG143 covers children under 5/);
  });
});
