import { describe, expect, it } from 'vitest';
import { calculate, calculateFromText, formatResult, parseInputs } from './index';

describe('ROSIER (stroke recognition in the emergency department)', () => {
  it.each([
    [{ facial_weakness: true, arm_weakness: true, speech_disturbance: true, leg_weakness: false, visual_field_defect: false, seizure: false, loss_of_consciousness: false }, 3, 'stroke likely'],
    [{ facial_weakness: false, arm_weakness: true, speech_disturbance: false, leg_weakness: false, visual_field_defect: false, seizure: false, loss_of_consciousness: true }, 0, 'stroke unlikely'],
    [{ facial_weakness: false, arm_weakness: false, speech_disturbance: false, leg_weakness: false, visual_field_defect: false, seizure: true, loss_of_consciousness: true }, -2, 'stroke unlikely'],
    [{ facial_weakness: true, arm_weakness: true, speech_disturbance: true, leg_weakness: true, visual_field_defect: true, seizure: false, loss_of_consciousness: false }, 5, 'stroke likely'],
  ])('%j scores %s (%s)', (inputs, score, band) => {
    const r = calculate('rosier', inputs);
    expect(r.score).toBe(score);
    expect(r.missing).toEqual([]);
    expect(r.interpretation).toMatch(new RegExp(`^ROSIER ${score}: ${band}`));
  });

  it('reads a nurse message, with the items named as normal counted as absent', () => {
    const r = calculateFromText('ROSIER: L facial droop, L arm weak, slurred speech, no seizure, no LOC, leg and vision ok. score?')!;
    expect(r.id).toBe('rosier');
    expect(r.score).toBe(3);
    expect(r.missing).toEqual([]);
    const text = formatResult(r);
    expect(text).toContain('- Asymmetric facial weakness: yes (+1)');
    expect(text).toContain('- Loss of consciousness or syncope: no (0)');
    expect(text).toMatch(/blood glucose/);
    expect(text).toMatch(/Source: Nor AM et al\..*Lancet Neurol 2005/);
  });

  it('with items missing is partial, not a minimum (the negative items could still lower it), and never says unlikely as settled', () => {
    const r = calculateFromText('rosier: collapsed with LOC, now R arm weakness')!;
    expect(r.score).toBe(0);
    expect(r.missing).toEqual(['seizure', 'facial_weakness', 'leg_weakness', 'speech_disturbance', 'visual_field_defect']);
    expect(r.interpretation).toMatch(/^ROSIER 0 \(partial - not given: .*not a minimum, could be -1 to 4\): stroke unlikely so far, not settled/);
    expect(r.escalation).toMatch(/^Assess Seizure activity/);
  });
});

describe('Westley croup score', () => {
  it.each([
    [{ consciousness: '0', cyanosis: '0', stridor: '1', air_entry: '0', recession: '0' }, 1, 'mild'],
    [{ consciousness: '0', cyanosis: '0', stridor: '2', air_entry: '1', recession: '1' }, 4, 'moderate'],
    [{ consciousness: '0', cyanosis: '0', stridor: '2', air_entry: '2', recession: '3' }, 7, 'moderate'],
    [{ consciousness: '0', cyanosis: '4', stridor: '2', air_entry: '1', recession: '2' }, 9, 'severe'],
    [{ consciousness: '5', cyanosis: '5', stridor: '2', air_entry: '2', recession: '3' }, 17, 'impending respiratory failure'],
  ])('%j scores %s (%s)', (inputs, score, band) => {
    const r = calculate('westley', inputs);
    expect(r.score).toBe(score);
    expect(r.interpretation).toMatch(new RegExp(`^Westley ${score}: ${band} - `));
  });

  it('reads a nurse message and shows each item with its points and the source', () => {
    const r = calculateFromText('Westley score? stridor at rest, mild recession, decreased air entry, no cyanosis, normal consciousness')!;
    expect(r.id).toBe('westley');
    expect(r.score).toBe(4);
    const text = formatResult(r);
    expect(text).toContain('- Stridor: at rest (+2)');
    expect(text).toContain('- Chest wall recession: mild (+1)');
    expect(text).toMatch(/considering hospital admission/);
    expect(text).toMatch(/Source: Westley CR et al\./);
  });

  it('with items missing is a partial minimum and asks for them before settling the band', () => {
    const r = calculateFromText('westley: stridor at rest, moderate recession')!;
    expect(r.score).toBe(4);
    expect(r.missing).toEqual(['consciousness', 'cyanosis', 'air_entry']);
    expect(r.interpretation).toMatch(/^Westley 4 \(partial - .*a minimum, could be up to 16\): moderate so far, not settled/);
    expect(r.escalation).toMatch(/^Assess Level of consciousness, Cyanosis, Air entry now/);
  });
});

describe('a calculator named without values', () => {
  it.each(['NEWS2 of 5 - how often obs and who do I call', 'news2 8 what now', 'obs frequency news2 score 2?', 'one obs scoring 3 on NEWS2 but total only 3'])(
    '%j states the total, so the guideline band answers (no calculation)',
    (text) => expect(calculateFromText(text)).toBeNull(),
  );

  it('with no values and no total is described: what it scores, what to give, and its source', () => {
    const r = calculateFromText('what are the qSOFA criteria and how many do you need')!;
    const text = formatResult(r);
    expect(text.split('\n')[0]).toBe('quick SOFA (qSOFA): not scored - no values given.');
    expect(text).toMatch(/respiratory rate 22\/min or more, systolic BP 100 mmHg or less/);
    expect(text).toMatch(/To score it, give: Respiratory rate, Systolic BP, Altered mentation\./);
    expect(text).toMatch(/^Source: Seymour CW/m);
  });

  it('with one value given is still scored (partial), not described', () => {
    expect(formatResult(calculateFromText('NEWS2 RR 26')!)).toMatch(/^NEWS2 3 \(partial/);
  });
});

describe('ROSIER reads one weakness said of both limbs', () => {
  it.each([
    'L facial droop, L arm and leg weak, slurred speech, no LOC, no seizure, vision fine',
    'weak R arm and leg, facial droop, slurred speech, no LOC, no seizure, no visual loss',
    'weakness in the left arm and leg, facial droop, slurred speech, no LOC, no seizure, no visual loss',
  ])('"%s" scores the arm and the leg', (text) => {
    const got = parseInputs('rosier', text);
    expect(got.arm_weakness).toBe(true);
    expect(got.leg_weakness).toBe(true);
  });
});
