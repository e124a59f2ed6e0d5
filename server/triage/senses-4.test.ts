import { describe, expect, it } from 'vitest';
import { triageForTests } from '../../test/helpers/triage';

// Look-alikes found by probing American triage wording (issue 10, fourth blind US round): each sense beside its twin.
const { assess, concepts } = triageForTests();

describe('whose tablets, and which sugar', () => {
  it("a relative's name is no kind of pill: 'got into her grandmother's pills' is someone else's medicine", () => {
    expect(assess("my 18 month old got into her grandmother's pills").redFlags.map((f) => f.id)).toContain('child_had_adults_tablets');
    expect(assess('my 18 month old got into her pills').redFlags.map((f) => f.id)).not.toContain('child_had_adults_tablets');
  });
  it('confusion with a high sugar reading is not called a low sugar', () => {
    const ids = assess('55-year-old diabetic, glucose 550 and confused').redFlags.map((f) => f.id);
    expect(ids).toContain('dka_signs');
    expect(ids).not.toContain('hypo_with_confusion');
    expect(assess('diabetic, sugar 2.1 and confused').redFlags.map((f) => f.id)).toContain('hypo_with_confusion');
  });
});

describe('words read in their other sense', () => {
  it('pain radiating to the tummy is tummy pain, not a heart-attack spread; to the arm it still is', () => {
    const c = concepts('severe back pain radiating to his abdomen');
    expect(c).toContain('abdominal_pain');
    expect(c).not.toContain('pain_spreading_arm_jaw');
    expect(concepts('chest pain radiating to his left arm')).toContain('pain_spreading_arm_jaw');
  });
  it('HIV named as the condition is a weakened immune system; an HIV test or hearing aids are not', () => {
    expect(concepts('a 34-year-old with HIV has a fever and cough')).toContain('weakened_immune_system');
    expect(concepts('I want an HIV test')).not.toContain('weakened_immune_system');
    expect(concepts('she wears hearing aids')).not.toContain('weakened_immune_system');
  });
  it("'the worst she's ever had' is a thunderclap headache only about the headache", () => {
    expect(concepts("headache, and she says it's the worst she's ever had")).toContain('sudden_severe_headache');
    expect(concepts("my sore throat is the worst I've ever had")).not.toContain('sudden_severe_headache');
  });
  it("'walks with a limp' is a gait, not a limp (floppy) side", () => {
    const c = concepts('rolled his ankle, swollen and bruised on the outer side, he can walk on it with a limp');
    expect(c).toContain('limp');
    expect(c).not.toContain('one_sided_weakness');
  });
  it('a person who dropped is a collapse; a fever that dropped is not', () => {
    expect(concepts('he just dropped while we were walking the dog')).toContain('collapse');
    expect(concepts('the fever just dropped while he was asleep')).not.toContain('collapse');
  });
  it("a threat to kill a named person is a risk to others; 'my kids will kill me' is not", () => {
    expect(concepts('he keeps saying he is going to kill his girlfriend')).toContain('thoughts_of_harming_others');
    expect(concepts('my kids are going to kill me when they see this rash')).not.toContain('thoughts_of_harming_others');
  });
});

describe('mechanisms told in American trauma and device wording', () => {
  it('an airbag that went off in a slow crash is a collision, not a dangerous mechanism; a death in the car is', () => {
    expect(concepts('20 mph fender-bender, belted, airbag deployed, scrape on her forearm')).not.toContain('high_energy_injury');
    expect(concepts('rear passenger in a crash where the front passenger died, walked out of the car')).toContain('high_energy_injury');
  });
  it("an operation named by its '-ectomy' after 'after' is a recent operation", () => {
    expect(concepts('73M, day 4 after a colectomy, belly pain getting worse')).toContain('recent_surgery');
  });
  it('touching a live wire is an electric shock; touching a line on a drawing is not', () => {
    expect(concepts('electrician contacted a live 480-volt line at work')).toContain('electric_shock');
    expect(concepts('I touched the line on my drawing')).not.toContain('electric_shock');
  });
  it('jolts from an implanted defibrillator are ICD shocks', () => {
    expect(assess('60-year-old with an implanted defibrillator felt two strong jolts this morning').redFlags.map((f) => f.id)).toContain('icd_shocks');
  });
  it('a limb crushed in a machine is a crush injury; crushing chest pain spreading to the arm is not', () => {
    expect(concepts('his forearm was crushed in a machine')).toContain('crush_injury');
    expect(concepts('crushing pain in my arm')).not.toContain('crush_injury');
  });
});

describe('generic ESI wording probed in my own words', () => {
  it("'vomiting coffee-ground material' is vomiting blood, not a stomach upset", () => {
    expect(concepts('A 65-year-old man is vomiting coffee-ground material.')).toContain('vomiting_blood');
  });
  it("'the worst pain he's ever had' is severe pain", () => {
    expect(concepts("he says this is the worst pain he's ever had in his back")).toContain('severe_pain');
  });
});
