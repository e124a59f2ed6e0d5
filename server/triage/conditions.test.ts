import { describe, expect, it } from 'vitest';
import { conditionSchema, type Condition } from '../knowledge/schema';
import type { PatientContext } from '../language/extract';
import { absentLr, conditionsLevel, createConditionEngine, type Evidence } from './conditions';
import { testKnowledge } from '../../test/helpers/knowledge';
import { createTriage } from './index';

const condition = (c: Partial<Condition> & { id: string }): Condition =>
  conditionSchema.parse({
    name: c.id,
    lay_name: c.id.replace(/_/g, ' '),
    article: 'test',
    urgency: 'consultation',
    danger: 'moderate',
    prevalence: 'common',
    sources: [{ name: 'test source' }],
    last_reviewed: '2026-12-06',
    ...c,
  });

const dvt = condition({
  id: 'dvt',
  lay_name: 'a blood clot in the leg',
  urgency: 'consultation_24',
  danger: 'serious',
  prevalence: 'uncommon',
  age: { min: 16 },
  features: [
    { concept: 'calf_pain_swelling', points: 'strong', seen: 'usually' },
    { concept: 'red_leg', points: 'moderate', seen: 'often' },
  ],
  risk_factors: [{ concept: 'recent_surgery', points: 'strong' }],
  escalate: [{ when: ['shortness_of_breath'], unless: [], to: 'emergency_ambulance', because: 'a clot may have moved to the lungs' }],
});
const cold = condition({
  id: 'cold',
  urgency: 'self_care',
  danger: 'minor',
  prevalence: 'very_common',
  features: [
    { concept: 'runny_nose', points: 'moderate', seen: 'usually' },
    { concept: 'sore_throat', points: 'weak', seen: 'often' },
  ],
});
const torsion = condition({ id: 'torsion', sex: 'male', urgency: 'emergency', danger: 'life_threatening', features: [{ concept: 'testicular_pain', points: 'strong', seen: 'usually' }] });

const engine = createConditionEngine([dvt, cold, torsion]);
const scoreCondition = (c: Condition, ev: Evidence) => engine.score(c, ev);
const scoreConditions = (cs: Condition[], ev: Evidence) => createConditionEngine(cs).scoreAll(ev);

const ctx = (c: Partial<PatientContext> = {}): PatientContext => ({ subject: 'self', vitals: {}, ...c });
const evidence = (present: string[], denied: string[] = [], c: Partial<PatientContext> = {}): Evidence => ({
  present: new Set(present),
  denied: new Set(denied),
  symptoms: new Set(present.filter((p) => p !== 'recent_surgery')),
  ctx: ctx(c),
  words: (id) => id.replace(/_/g, ' '),
});

describe('condition scores', () => {
  it('rise with the features that point to a condition and with its risk factors', () => {
    const calf = scoreCondition(dvt, evidence(['calf_pain_swelling']))!;
    const afterSurgery = scoreCondition(dvt, evidence(['calf_pain_swelling', 'recent_surgery']))!;
    expect(afterSurgery.probability).toBeGreaterThan(calf.probability);
    expect(afterSurgery.evidenceFor).toEqual(['calf pain swelling', 'recent surgery']);
    expect(afterSurgery.passes).toBe(true);
  });

  it('fall when a feature the condition usually has is denied', () => {
    const unknown = scoreCondition(cold, evidence(['sore_throat']))!;
    const denied = scoreCondition(cold, evidence(['sore_throat'], ['runny_nose']))!;
    expect(denied.probability).toBeLessThan(unknown.probability);
    expect(denied.evidenceAgainst).toContain('no runny nose');
  });

  it('fall outside the typical ages, and a condition of one sex is not scored for the other', () => {
    const child = scoreCondition(dvt, evidence(['calf_pain_swelling'], [], { ageYears: 8 }))!;
    const adult = scoreCondition(dvt, evidence(['calf_pain_swelling'], [], { ageYears: 40 }))!;
    expect(child.probability).toBeLessThan(adult.probability);
    expect(scoreCondition(torsion, evidence(['testicular_pain'], [], { sex: 'female' }))).toBeNull();
  });

  it('fall for findings the condition does not explain', () => {
    const plain = scoreCondition(cold, evidence(['runny_nose']))!;
    const more = scoreCondition(cold, evidence(['runny_nose', 'chest_pain', 'blood_in_stool']))!;
    expect(more.probability).toBeLessThan(plain.probability);
  });

  it('never pass without a strong or moderate feature of their own', () => {
    const s = scoreCondition(dvt, evidence(['recent_surgery']))!;
    expect(s.passes).toBe(false);
  });

  it('explain themselves term by term', () => {
    const s = scoreCondition(dvt, evidence(['calf_pain_swelling', 'recent_surgery']))!;
    expect(s.terms.map((t) => t.what)).toEqual(['prior (uncommon)', 'calf pain swelling (strong)', 'recent surgery (risk, strong)']);
    expect(s.terms[1].logLr).toBeCloseTo(Math.log(0.85 / 0.02));
  });

  it('escalate when what makes them more urgent is present', () => {
    const s = scoreCondition(dvt, evidence(['calf_pain_swelling', 'recent_surgery', 'shortness_of_breath']))!;
    expect(s.urgency).toBe('emergency_ambulance');
  });

  it('give the level of the most urgent condition that passes, and nothing when none does', () => {
    const scores = scoreConditions([dvt, cold], evidence(['calf_pain_swelling', 'recent_surgery', 'runny_nose']));
    expect(conditionsLevel(scores).level).toBe('consultation_24');
    expect(conditionsLevel(scoreConditions([dvt], evidence(['headache']))).level).toBeNull();
  });

  it('let a condition the person names escalate when none is likely, but not over one that fits better', () => {
    const backPain = condition({
      id: 'back_pain',
      urgency: 'self_care',
      danger: 'minor',
      prevalence: 'rare',
      features: [{ concept: 'back_pain', points: 'weak', seen: 'usually' }],
      escalate: [{ when: ['bilateral_leg_symptoms'], unless: [], to: 'emergency', because: 'both legs' }],
    });
    const named = scoreConditions([backPain], evidence(['back_pain', 'bilateral_leg_symptoms']));
    expect(named[0].passes).toBe(false);
    expect(conditionsLevel(named).level).toBe('emergency');
    // Not named: its escalation is one more guess among the unlikely ones.
    expect(conditionsLevel(scoreConditions([backPain], evidence(['leg_pain', 'bilateral_leg_symptoms']))).level).toBeNull();
    // A likely condition keeps the say.
    const withDvt = scoreConditions([backPain, dvt], evidence(['back_pain', 'bilateral_leg_symptoms', 'calf_pain_swelling', 'recent_surgery']));
    expect(withDvt.find((x) => x.id === 'dvt')?.passes).toBe(true);
    expect(conditionsLevel(withDvt).level).toBe('consultation_24');
  });
});

describe('the likelihood ratio of an absent finding', () => {
  it.each([
    [0.85, 8, 0.25],
    [0.5, 3, 0.7],
    [0.2, 1.6, 0.95],
  ])('sensitivity %s with LR+ %s gives LR- under %s', (sens, lr, below) => {
    expect(absentLr(sens, lr)).toBeLessThan(below);
    expect(absentLr(sens, lr)).toBeGreaterThan(0);
  });

  it('is neutral for a finding that does not point to the condition', () => {
    expect(absentLr(0.5, 1)).toBe(1);
  });
});

describe('findings that many conditions share', () => {
  it('cannot make a condition likely on their own, however its data weighs them', () => {
    const many = Array.from({ length: 30 }, (_, i) => condition({ id: `c${i}`, features: [{ concept: 'fever', points: 'moderate', seen: 'often' }, { concept: `specific_${i}`, points: 'strong', seen: 'often' }] }));
    const seizure = condition({ id: 'febrile_seizure', urgency: 'emergency_ambulance', danger: 'serious', features: [{ concept: 'fever', points: 'strong', seen: 'usually' }, { concept: 'seizure', points: 'strong', seen: 'usually' }] });
    const e = createConditionEngine([...many, seizure]);
    expect(e.sharedBy('fever')).toBe(31);
    expect(e.score(seizure, evidence(['fever']))!.passes).toBe(false);
    expect(e.score(seizure, evidence(['fever', 'seizure']))!.passes).toBe(true);
  });
});

describe('a condition that needs a context the message does not give', () => {
  it('shaking and sweating without any drinking is not alcohol withdrawal; with stopped drinking it is', () => {
    const t = createTriage(testKnowledge(), { emergencyNumber: '999' });
    const without = t.assess({ text: "I'm 32, shaky and sweaty, sleeping badly and always too hot" });
    const ids = without.conditions?.map((c) => c.id) ?? [];
    expect(ids[0]).toBe('overactive_thyroid');
    expect(without.level).not.toBe('consultation_24');
    const withDrink = t.assess({ text: "I stopped drinking 2 days ago and I'm shaky and sweaty" });
    expect(withDrink.conditions?.[0]?.id).toBe('alcohol_withdrawal');
  });
});

describe('scoring without the explanation (the question chooser, the scores triage does not show)', () => {
  it('gives every shipped condition the same numbers as the explained score, for messages of every kind', () => {
    const k = testKnowledge();
    const e = createConditionEngine(k.conditions);
    const t = createTriage(k, { emergencyNumber: '999' });
    const messages = [
      "I'm 32, shaky and sweaty, sleeping badly and always too hot",
      'my 3 year old has a fever of 39 and a rash that does not fade, no stiff neck',
      'sudden crushing chest pain going down my left arm for 20 minutes, had a heart attack before',
      'runny nose and sore throat for 2 days, no fever',
      'pregnant 30 weeks with a bad headache and swollen feet',
    ];
    let compared = 0;
    for (const text of messages) {
      const r = t.assess({ text });
      const present = new Set(r.findings.filter((f) => f.present).map((f) => f.concept));
      const ev: Evidence = {
        present,
        denied: new Set(r.findings.filter((f) => !f.present).map((f) => f.concept)),
        symptoms: present,
        ctx: r.context,
        words: (id) => id,
      };
      for (const c of k.conditions) {
        const full = e.score(c, ev);
        const lean = e.score(c, ev, false);
        if (!full) {
          expect(lean).toBeNull();
          continue;
        }
        const numbers = (s: NonNullable<typeof full>) => [s.probability, s.fit, s.urgency, s.passes, s.likelihood, s.explains];
        expect(numbers(lean!)).toEqual(numbers(full));
        expect(lean!.terms).toEqual([]);
        // Explained afterwards from the same evidence: the very score the explained scoring gives.
        e.explain([lean!], ev);
        expect(lean).toEqual(full);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(k.conditions.length);
  });
});
