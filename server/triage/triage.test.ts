import { describe, expect, it } from 'vitest';
import { testKnowledge } from '../../test/helpers/knowledge';
import { triageForTests } from '../../test/helpers/triage';
import { levelRank, toState, type Level, type TriageResult } from './index';

const knowledge = testKnowledge();
const { triage, assess, finding } = triageForTests(knowledge);
const emergent = (text: string) => ['emergency', 'emergency_ambulance'].includes(assess(text).level);

describe('emergencies are called as emergencies', () => {
  it.each<[string, Level, string]>([
    ["I have crushing chest pain and I can't breathe", 'emergency_ambulance', 'chest_pain_with_cardiac_features'],
    ['chest pain going down my left arm and I am sweating buckets', 'emergency_ambulance', 'chest_pain_with_cardiac_features'],
    ['my dad face has dropped on one side and he is slurring his words', 'emergency_ambulance', 'stroke_fast_signs'],
    ['she suddenly cant lift her arm and her speech is garbled', 'emergency_ambulance', 'stroke_fast_signs'],
    ['ate peanuts and now my lips are swelling and my throat feels tight', 'emergency_ambulance', 'anaphylaxis_airway'],
    ['worst headache of my life, came on in seconds', 'emergency_ambulance', 'thunderclap_headache'],
    ['my son has a fever and a rash that doesnt fade when i press a glass on it', 'emergency_ambulance', 'non_blanching_rash'],
    ['headache, fever and a stiff neck, light hurts my eyes', 'emergency_ambulance', 'meningitis_signs'],
    ['I want to kill myself and I have saved up pills', 'emergency_ambulance', 'suicidal_with_plan'],
    ['my mum has collapsed and is not responding', 'emergency_ambulance', 'collapse_or_unresponsive'],
    ['my friend has been stabbed and the blood is pouring out', 'emergency_ambulance', 'heavy_bleeding'],
    ['my toddler swallowed a button battery', 'emergency_ambulance', 'overdose'],
    ['I am 34 weeks pregnant and bleeding heavily', 'emergency_ambulance', 'heavy_bleeding_pregnancy'],
    ['my lips are turning blue and I am struggling to breathe', 'emergency_ambulance', 'blue_lips'],
    ['my 6 week old baby has a temperature of 38.2', 'emergency', 'fever_under_3_months'],
    ['I have been vomiting blood this morning', 'emergency', 'vomiting_blood'],
    ['sudden severe pain in my testicle', 'emergency', 'testicular_pain'],
    ['my back hurts and I have numbness around my bottom and cant control my bladder', 'emergency', 'cauda_equina'],
    ['fell off my bike and my wrist is bent at a funny angle', 'emergency', 'possible_fracture'],
    ['I am 30 weeks pregnant and the baby is moving less than usual', 'emergency', 'reduced_fetal_movements'],
  ])('"%s" -> at least %s (%s)', (text, level, flag) => {
    // The rule sets the floor; a likely condition (an upper GI bleed, cauda equina) may raise it further.
    const r = assess(text);
    expect(levelRank(r.level)).toBeGreaterThanOrEqual(levelRank(level));
    expect(r.emergency).toBe(true);
    expect(r.redFlags.map((f) => f.id)).toContain(flag);
  });

  it('names the words that triggered a red flag and the rule source', () => {
    const r = assess('I have crushing chest pain and I am sweating');
    const flag = r.redFlags.find((f) => f.id === 'chest_pain_with_cardiac_features')!;
    expect(flag.evidence.join(' ')).toMatch(/crushing chest/);
    expect(flag.evidence.join(' ')).toMatch(/sweating/);
    expect(flag.source.name).toMatch(/NHS/);
  });

  it('gives the emergency instruction with the configured number', () => {
    expect(assess('I have crushing chest pain').advice).toMatch(/Call 999 now/);
  });
});

describe('self-care is not sent to the emergency department', () => {
  it.each([
    'I have a runny nose, sneezing and a sore throat since yesterday',
    'how do I treat a mild sunburn at home?',
    'got a small cut on my finger while cooking',
    'twisted my ankle, a bit swollen but I can walk on it',
    'itchy eyes and sneezing every spring, hay fever again',
    'tension headache after a long day at the computer',
    'mild diarrhoea since this morning, I am 30 and otherwise fine',
    'my 7 month old is teething and drooling a lot',
  ])('"%s" -> self_care', (text) => {
    expect(assess(text).level).toBe('self_care');
  });

  it('falls back to a consultation, never silence, for symptoms it cannot place', () => {
    const r = assess('I have had a strange lump on my arm for a month');
    expect(['consultation', 'consultation_24']).toContain(r.level);
  });

  it('never gives silent self-care to someone with a weakened immune system or already at an emergency department', () => {
    expect(assess("I had a kidney transplant last year and I've got a runny nose and sneezing").level).not.toBe('self_care');
    expect(assess('A 45-year-old man presents to the emergency department with a runny nose and sneezing.').level).not.toBe('self_care');
    expect(assess("I've got a runny nose and sneezing since yesterday").level).toBe('self_care');
  });

  it('answers someone who reports nothing and says they feel well as a question, not an unexplained complaint', () => {
    const r = assess('My blood test says I am prediabetic. I feel completely fine. Which foods should I cut down on?');
    expect(r.level).toBe('self_care');
    expect(r.reason).toMatch(/feel well/);
  });

  it('still sends "they seem fine" to a clinician when something happened that it could not read', () => {
    // "swallowed" names an exposure; what was swallowed is not in the library, so it may be dangerous.
    expect(assess('my son swallowed some of the crystals from a hand warmer, he seems fine').level).not.toBe('self_care');
    expect(assess('my son swallowed two magnets from a toy, he seems fine').level).toBe('emergency');
    expect(assess("I don't feel well at all").level).not.toBe('self_care');
  });
});

describe('negation is scoped to its clause', () => {
  it.each<[string, string]>([
    ['Headache since this morning, no fever or stiff neck', 'stiff_neck'],
    ['no fever, rash or stiff neck', 'rash'],
    ['patient denies chest pain', 'chest_pain'],
    ['been sick twice but without vomiting blood', 'vomiting_blood'],
    ['fever: none', 'fever'],
    ['Rash? no.', 'rash'],
    ["I don't have any trouble breathing", 'shortness_of_breath'],
    ['the rash has gone now', 'rash'],
    ['it did not come on suddenly', 'sudden_onset'],
  ])('"%s" negates %s', (text, concept) => {
    const r = assess(text);
    expect(finding(r, concept)?.present).toBe(false);
    expect(['negated', 'resolved']).toContain(finding(r, concept)?.context);
  });

  it.each<[string, string]>([
    ["I don't have a fever, but my chest hurts", 'chest_pain'],
    ['No fever. I have a stiff neck.', 'stiff_neck'],
    ['I have no idea why but my chest hurts', 'chest_pain'],
    ['the bleeding is not stopping', 'heavy_bleeding'],
  ])('"%s" keeps %s present', (text, concept) => {
    expect(finding(assess(text), concept)?.present).toBe(true);
  });

  it.each<[string, string]>([
    ['I was grinding metal without goggles and something flew into my eye', 'eye_injury'],
    ['no cough, and now my lips are blue', 'blue_lips'],
    ["he isn't eating and his eyes look sunken", 'sunken_eyes'],
  ])('a new statement ends the negation: "%s" keeps %s present', (text, concept) => {
    expect(finding(assess(text), concept)?.present).toBe(true);
  });

  it.each<[string, string]>([
    ["it doesn't look deformed", 'deformity'],
    ["my face isn't drooping", 'one_sided_weakness'],
  ])('a verb right after the cue is negated: "%s"', (text, concept) => {
    expect(finding(assess(text), concept)?.present ?? false).toBe(false);
  });

  it('does not raise a red flag from a negated finding', () => {
    const r = assess('I have a headache but no fever, no stiff neck and no rash');
    expect(r.emergency).toBe(false);
  });
});

describe('past events and questions are not current symptoms', () => {
  it.each([
    'I had a heart attack 5 years ago, now I just have a cold',
    'I had a stroke back in 2019 and today I have a runny nose',
    'My son had a febrile seizure when he was 2. He is 7 now and has a mild cold',
  ])('"%s" is not an emergency', (text) => {
    const r = assess(text);
    expect(r.emergency).toBe(false);
    expect(r.findings.some((f) => f.context === 'past')).toBe(true);
  });

  it.each(['what are the signs of a stroke?', 'How do I tell if a rash might be meningitis?', 'At what temperature should I worry about a baby\'s fever?'])(
    '"%s" is an information request',
    (text) => {
      const r = assess(text);
      expect(r.emergency).toBe(false);
      expect(r.informational).toBe(true);
    },
  );

  it('still triages a question that reports a symptom', () => {
    expect(assess('what should I do, my chest hurts and I am sweating?').level).toBe('emergency_ambulance');
  });
});

describe('typos and lay words', () => {
  it.each<[string, string]>([
    ['chest pian', 'chest_pain'],
    ['i cant breath', 'shortness_of_breath'],
    ['bad diarhea all day', 'diarrhoea'],
    ['my baby has a temprature', 'fever'],
    ['really bad hedache', 'headache'],
    ['my tummy is killing me', 'abdominal_pain'],
    ['sharp pain in the right side of my chest', 'chest_pain'],
  ])('"%s" is read as %s', (text, concept) => {
    expect(finding(assess(text), concept)?.present).toBe(true);
  });

  it.each<[string, string]>([
    ['his lips look blueish', 'blue_lips'],
    ['whacked my head on the cupboard', 'head_injury'],
    ['splashed oven cleaner in my eye', 'eye_injury'],
    ['bitten on the ankle by a brown snake', 'snake_bite'],
    ['my thighs are super sore after the gym', 'muscle_aches'],
    ['lips and tongue are swelling up', 'swelling_face_lips_tongue'],
  ])('a composition reads "%s" as %s', (text, concept) => {
    expect(finding(assess(text), concept)?.present).toBe(true);
  });

  it('does not let small words glue a phrase together', () => {
    expect(finding(assess('I can see the end of it'), 'suicidal_thoughts')).toBeUndefined();
    expect(finding(assess('a red lump on the edge of my eyelid'), 'anxiety')).toBeUndefined();
  });

  it('prefers the contentful phrase: "a cold sore" is not a cold', () => {
    const r = assess('I have a cold sore on my lip');
    expect(finding(r, 'cold_sore')?.present).toBe(true);
    expect(finding(r, 'cold_symptoms')).toBeUndefined();
  });

  it('a specific concept implies the general one', () => {
    expect(finding(assess('my baby has a temperature'), 'fever')?.present).toBe(true);
  });

  it('does not read a real word as a misspelled symptom', () => {
    expect(finding(assess('I have never been better'), 'fever')).toBeUndefined();
    expect(finding(assess('stubbed my toe on the door'), 'penetrating_injury')).toBeUndefined();
  });
});

describe('who, how old, how long, how bad', () => {
  it.each<[string, Partial<TriageResult['context']>]>([
    ['my 3 year old has a cough', { subject: 'child', ageYears: 3 }],
    ["I'm 72 and feel dizzy", { ageYears: 72, subject: 'self' }],
    ['6 week old baby with a fever', { subject: 'child', ageYears: 0 }],
    ['I am 32 weeks pregnant with a headache', { pregnant: true, gestationWeeks: 32 }],
    ['my husband has chest pain', { subject: 'other', sex: 'male' }],
    ['cough for 3 days', { durationDays: 3 }],
    ['pain since yesterday', { durationDays: 1 }],
    ['pain is 8/10', { severity: 8 }],
    ['it came on suddenly', { onset: 'sudden' }],
  ])('"%s"', (text, expected) => {
    expect(assess(text).context).toMatchObject(expected);
  });

  it.each([
    ['T 98.6 F, HR 135, RR 32, BP 150/95'],
    ['BP 120/80 P 80 R 16 T 98 F'],
    ['temp 101 F, cough for 2 days'],
    ['Temperature 100.4 F. Pulse 88.'],
  ])('a temperature in Fahrenheit is not an age and sex ("6 F"): %j', (text) => {
    const ctx = assess(text).context;
    expect(ctx.ageYears).toBeUndefined();
    expect(ctx.sex).toBeUndefined();
  });

  it('an age and sex after a Fahrenheit temperature is still read', () => {
    expect(assess('T 99 F, 45M, chest pain').context).toMatchObject({ ageYears: 45, sex: 'male' });
    expect(assess('72F with a cough, T 98.6 F').context).toMatchObject({ ageYears: 72, sex: 'female' });
  });

  it('says where in the body', () => {
    const r = assess('crushing chest pain going down my left arm');
    expect(r.context.locations).toEqual(expect.arrayContaining(['chest', 'arm']));
    expect(finding(r, 'pain_spreading_arm_jaw')?.present).toBe(true);
  });

  it('reads short durations in minutes', () => {
    expect(assess('headache for 20 mins').context.durationDays).toBeCloseTo(20 / 1440, 6);
  });

  it('reads vital signs', () => {
    const r = assess('temp 39.2, pulse 118, BP 88/50, sats 91%, breathing rate 26, sugar 2.9 mmol');
    expect(r.context.vitals).toEqual({ temperatureC: 39.2, pulse: 118, systolicBp: 88, diastolicBp: 50, spo2: 91, respiratoryRate: 26, glucoseMmol: 2.9 });
  });

  it('converts Fahrenheit and mg/dL', () => {
    expect(assess('temperature 102F').context.vitals.temperatureC).toBeCloseTo(38.9, 1);
    expect(assess('blood sugar 54 mg/dl').context.vitals.glucoseMmol).toBeCloseTo(3, 1);
  });

  it('keeps a passed stroke sign (a possible TIA) but drops a rash that has gone', () => {
    const tia = assess("her face drooped, it's gone back to normal now");
    expect(tia.level).toBe('emergency_ambulance');
    expect(finding(tia, 'facial_droop')).toMatchObject({ present: true, context: 'resolved' });
    expect(assess('the chest pain has gone now').emergency).toBe(true);
    expect(finding(assess('the rash has gone now'), 'rash')?.present).toBe(false);
    expect(finding(assess('spilled boiling water down her leg'), 'burn')?.present).toBe(true);
  });

  it('counts recent history that is told in the past tense, but not old history', () => {
    expect(assess('my calf is hot and swollen, I had a knee operation 2 weeks ago').level).toBe('consultation_24');
    expect(finding(assess('I had chemo 10 years ago and now I have a cold'), 'chemotherapy')?.present).toBe(false);
  });

  it('does not take the unborn baby for a child', () => {
    const r = assess("I'm 30 weeks pregnant, the baby is kicking fine, but I have chest pain");
    expect(r.context.subject).toBe('self');
    expect(r.emergency).toBe(true);
  });

  it('does not read an age as a duration, or "not improving" as getting better', () => {
    expect(assess('my baby is 8 months and has a fever').context.durationDays).toBeUndefined();
    expect(assess("my cough isn't improving").context.trend).toBeUndefined();
  });

  it('treats the same symptom differently by age', () => {
    expect(assess('my 6 week old has a temperature of 38.5').level).toBe('emergency');
    expect(assess('my 6 year old has a temperature of 38.5 and a runny nose, otherwise fine').level).toBe('self_care');
  });

  it('a normal temperature is not a fever', () => {
    expect(finding(assess('my 3 year old has a cold, temp 37.4'), 'fever')?.present).toBe(false);
  });
});

describe('NEWS2 from vital signs', () => {
  it('raises the level for an adult with a high score and explains it', () => {
    const r = assess("I'm 70, I feel unwell: breathing rate 26, sats 91, BP 95/60, pulse 120, temp 39.4");
    expect(r.context.news2?.score).toBeGreaterThanOrEqual(7);
    expect(r.level).toBe('emergency_ambulance');
    expect(r.redFlags.some((f) => f.id.startsWith('news2_'))).toBe(true);
  });

  it('is not used for children', () => {
    expect(assess('my 4 year old has a pulse of 130 and a temp of 38.5').context.news2).toBeUndefined();
  });
});

describe('conversations', () => {
  it.each([
    ['our 4 day old has been sick 3 times today', "it's bright green, not milky", 'green_vomit'],
    ['had runny poo for 3 days', "there's blood in it now, quite a lot", 'blood_in_stool'],
    ['my wee smells funny', 'it looks pink like cola', 'blood_in_urine'],
  ])('reads a pronoun in the next message as what was said before: %j then %j is %s', (one, two, concept) => {
    const second = triage.assess({ text: two }, toState(triage.assess({ text: one })));
    expect(finding(second, concept)?.present).toBe(true);
  });

  it('does not invent a site for a pronoun with nothing before it', () => {
    expect(finding(assess("it's bright green"), 'green_vomit')).toBeUndefined();
  });

  it('accumulates findings across turns', () => {
    const first = triage.assess({ text: 'I have a headache' });
    expect(first.emergency).toBe(false);
    const second = triage.assess({ text: "it came on suddenly and it's the worst ever, my neck is stiff" }, toState(first));
    expect(second.emergency).toBe(true);
    expect(finding(second, 'headache')?.present).toBe(true);
  });

  it('never lowers an emergency because the person plays it down', () => {
    const first = triage.assess({ text: 'crushing chest pain and sweating' });
    const second = triage.assess({ text: "actually it's not that bad, probably nothing" }, toState(first));
    expect(second.level).toBe('emergency_ambulance');
    expect(finding(second, 'chest_pain')?.present).toBe(true);
  });

  it('keeps an emergency even when a later turn denies the finding', () => {
    const first = triage.assess({ text: 'my face is drooping on one side' });
    const second = triage.assess({ text: "no it's fine now, my face isn't drooping" }, toState(first));
    expect(second.level).toBe('emergency_ambulance');
    expect(finding(second, 'facial_droop')?.present).toBe(true);
    expect(finding(second, 'one_sided_weakness')).toBeUndefined();
  });

  it('lets a later detail settle a non-urgent question', () => {
    const first = triage.assess({ text: 'my baby has a temperature' });
    expect(first.followUpQuestions).toContain('How old is the baby, in weeks or months?');
    const second = triage.assess({ text: "he's 2 and a half, it's 38.3 and he's playing and drinking fine" }, toState(first));
    expect(second.level).toBe('self_care');
  });
});

describe('follow-up questions', () => {
  it('asks for the missing discriminators of a headache, two at most', () => {
    const r = assess('I have a headache');
    expect(r.followUpQuestions.length).toBeGreaterThan(0);
    expect(r.followUpQuestions.length).toBeLessThanOrEqual(2);
    expect(r.followUpQuestions.join(' ')).toMatch(/suddenly/);
  });

  it('does not ask about what was already said', () => {
    expect(assess('headache, it came on suddenly').followUpQuestions.join(' ')).not.toMatch(/suddenly/);
  });

  it('does not delay an emergency with questions', () => {
    expect(assess('worst headache of my life').followUpQuestions).toEqual([]);
  });
});

describe('the assessment ends with a summary', () => {
  it('says what was told (and denied), the level and why, the possible causes and what would make it more urgent', () => {
    const r = assess('my left calf is swollen and painful since yesterday, no fever');
    expect(r.summary.told).toEqual(expect.arrayContaining([expect.stringMatching(/calf/), 'no fever']));
    expect(r.summary).toMatchObject({ level: r.level, reason: r.reason, now: r.advice });
    expect(r.summary.causes.length).toBeGreaterThan(0);
    expect(r.summary.causes[0]).toMatchObject({ articleId: expect.any(String), name: expect.any(String) });
    // Breathlessness or chest pain with a swollen calf would be a clot in the lung: an emergency.
    expect(r.summary.moreUrgentIf.join(' ')).toMatch(/breath|chest/);
  });

  it('has nothing more urgent to add to an emergency already called', () => {
    expect(assess('crushing chest pain spreading to my jaw and I am sweating').summary.moreUrgentIf).toEqual([]);
  });
});

describe('reads the person the message is about', () => {
  it('does not give a woman a testicle: an organ named first says the sex, and a finding of the other sex is dropped', () => {
    const r = assess('a painful swollen lump at the entrance of my vagina, about the size of a golf ball, hurts to sit');
    expect(r.context.sex).toBe('female');
    expect(finding(r, 'testicular_pain')?.present ?? false).toBe(false);
    expect(r.redFlags.map((f) => f.id)).not.toContain('testicular_pain');
    expect(r.level).not.toBe('emergency_ambulance');
  });

  it('does not read bleeding at 61 as bleeding in pregnancy', () => {
    const r = assess('I am a 61 year old woman and I have had some spotting this month');
    expect(r.context.pregnant).not.toBe(true);
    expect(r.redFlags.map((f) => f.id)).not.toContain('spotting_in_pregnancy');
  });

  it('takes "3 weeks postpartum" as time since the birth, not as three weeks of fever', () => {
    const r = assess('3 weeks postpartum with a temperature of 38.5 since this morning');
    expect(r.context.durationDays ?? 0).toBeLessThan(5);
    expect(r.redFlags.map((f) => f.id)).not.toContain('fever_five_days');
  });
});

describe('spread and triggers are read in their sense', () => {
  it('a swelling that spreads to the jaw is not pain spreading to the jaw', () => {
    const r = assess('toothache and the swelling is going down under my jaw into my neck');
    expect(finding(r, 'pain_spreading_arm_jaw')?.present ?? false).toBe(false);
  });

  it('a faint at a blood test in a recovered young adult is self-care; the same at 72 is seen within 24 hours', () => {
    expect(assess("I'm 22, I fainted at my blood test, always go funny with needles, feel fine now").level).toBe('self_care');
    expect(assess('I am 72 and fainted at my blood test, feel fine now').level).toBe('consultation_24');
  });
});

describe('self-care patterns written for a situation', () => {
  it('lets a pattern written for pregnancy fit a pregnant person, and still blocks other self-care in pregnancy', () => {
    expect(assess('8 weeks pregnant, queasy every morning but keeping drinks down').level).toBe('self_care');
    expect(assess('30 weeks pregnant with a sprained ankle').level).not.toBe('self_care');
  });

  it('does not let a known long-term condition raise the level by itself, while its red flags still do', () => {
    expect(assess('I am 30 and have had migraines for years, this is my usual attack with nausea and light sensitivity').level).toBe('self_care');
    expect(assess('I get migraines but this is the worst headache of my life').level).toBe('emergency_ambulance');
  });
});

describe('an answer to our question', () => {
  it('reads "no, <the words of the question>" as a denial of what was asked, not as a report of it', () => {
    const first = triage.assess({ text: 'my big toe joint is red, hot and swollen and really painful' });
    const state = { ...toState(first), openQuestion: { concept: 'worsening', text: 'Is the pain getting worse or spreading?' } };
    const r = triage.assess({ text: 'no, the pain getting worse', answer: { concept: 'worsening', value: 'no' } }, state);
    expect(finding(r, 'worsening')?.present).toBe(false);
    expect(r.level).not.toBe('emergency_ambulance');
  });
});

describe('counts and heights told in words or shorthand', () => {
  it.each([
    "I took about twenty of the paracetamol, the 500s, this morning. I feel totally fine now",
    'she swallowed a dozen of her sleeping pills',
  ])('a tablet count in words is an overdose: "%s"', (text) => {
    expect(finding(assess(text), 'overdose')?.present).toBe(true);
    expect(assess(text).level).toBe('emergency_ambulance');
  });
  it('two paracetamol for a headache is no overdose', () => {
    expect(finding(assess('I took two paracetamol for my headache'), 'overdose')).toBeUndefined();
  });
  it.each(['40M fell ~4 m from a ladder onto his back, just sore', 'fell about 10 ft off scaffolding'])('a fall given in m or ft is a fall from a height: "%s"', (text) => {
    expect(finding(assess(text), 'high_energy_injury')?.present).toBe(true);
  });
});

describe('everyday words for common findings', () => {
  it.each([
    ['several episodes of a fast, fluttering heartbeat after coffee', 'palpitations'],
    ['a sore lump on the gum next to the tooth', 'dental_abscess'],
    ['a little cluster of blisters on my top lip', 'cold_sore'],
    ["my 7 month olds bum has gone red where her nappy is", 'nappy_rash'],
    ['stung yesterday and now my whole forearm is swollen up to the elbow', 'spreading_reaction'],
  ])('"%s" is %s', (text, concept) => {
    expect(finding(assess(text), concept)?.present).toBe(true);
  });
  it('"toothache bottom right at the back" is no back pain and no lower right tummy pain', () => {
    const r = assess('throbbing toothache bottom right at the back');
    expect(finding(r, 'back_pain')).toBeUndefined();
    expect(finding(r, 'right_lower_abdominal_pain')).toBeUndefined();
  });
  it('an age with a possessive and no apostrophe is still an age ("my 7 month olds bum")', () => {
    expect(assess('my 7 month olds bum is red').context.ageMonths).toBe(7);
  });
});

describe('readings and combinations from the fourth ED and fifth lay blind halves', () => {
  it('of two blood pressures the low one counts (sitting and standing)', () => {
    const r = assess('95 year old, dizzy. Sitting BP 112/68, standing BP 78/40');
    expect(r.context.vitals.systolicBp).toBe(78);
    expect(['emergency', 'emergency_ambulance']).toContain(r.level);
  });
  it("a relative's age told as a fact about them ('my mum is 85') is the age", () => {
    expect(assess("my mum is 85 and she's just not herself today").context.ageYears).toBe(85);
  });
  it('an infection with a change in behaviour at 75 or over is two NG51 criteria', () => {
    expect(['emergency', 'emergency_ambulance']).toContain(assess("my mum is 80, she has a urine infection and she's not herself").level);
  });
  it('"no, pulse over 150" is a denied threshold: no reading and no "no pulse"', () => {
    const r = assess('no, pulse over 150 or below 40');
    expect(r.context.vitals.pulse).toBeUndefined();
    expect(r.level).not.toBe('emergency_ambulance');
  });
  it('of two high blood pressures the higher counts', () => {
    expect(assess('BP 190/110 and BP 200/120 on repeat').context.vitals.systolicBp).toBe(200);
  });
  it.each([
    ['mum is 78, had a cough for a few days, today her breathing seems quick and she has not got out of bed'],
    ['my leg is cold and painful and I cannot feel my toes'],
    ["my 3 year old has had two of her grandad's heart tablets"],
    ['my heart is racing and I look really pale'],
    ['my 2 year old fell off the bunk bed and has been sick twice since'],
    ['ate satay an hour ago, my voice has gone hoarse'],
    ['32 weeks pregnant and the baby has hardly moved since yesterday'],
    ['three seizures in the last hour without waking between them, he has epilepsy'],
    ['she took all of her paracetamol tablets last night after an argument'],
    ['she took her paracetamol tablets last night, about 30 of them, and feels fine now'],
  ])('"%s" reaches an emergency level', (text) => {
    expect(['emergency', 'emergency_ambulance']).toContain(assess(text).level);
  });
  it('a sore arm, aches and shivers the day after a vaccine are its common side effects (self-care), swelling of the lips is not', () => {
    expect(assess('had my flu and covid jabs yesterday, arm is really sore and I feel achy and shivery today').level).toBe('self_care');
    expect(assess('I had my covid booster yesterday and my face and lips are swelling').level).toBe('emergency_ambulance');
  });
  it('attacks of tummy pain that came and went are for a clinician, neither an emergency nor self-care', () => {
    expect(assess("Three times in the last month I've had a severe pain under my right ribs lasting a few hours. It's gone now and I feel fine between attacks").level).toBe('consultation');
  });
  it('chest pain that came and went still counts', () => {
    expect(['emergency', 'emergency_ambulance']).toContain(assess("I've had chest pain three times in the last week when walking, each time it passed after a few minutes").level);
  });
  it.each([
    ['my mum is 80 and had her blood pressure tablets this morning'],
    ['my 8 year old had his asthma tablets this morning'],
    ['I took all of my tablets this morning as usual'],
    ['I bought the pills and took 2 of them for my headache'],
    ['I have a cough and a cold and feel a bit short of breath'],
  ])('"%s" is not an emergency (own medicine; a cough without other sepsis signs)', (text) => {
    expect(['emergency', 'emergency_ambulance']).not.toContain(assess(text).level);
  });
});

describe('senses and stories from the blind lay and ED halves', () => {
  it('"went to stroke it" is petting a dog, not a stroke', () => {
    const r = assess("A friend's dog bit my hand last night when I went to stroke it");
    expect(finding(r, 'stroke')).toBeUndefined();
    expect(r.level).not.toBe('emergency_ambulance');
  });
  it('a condition the writer has read about is a worry, not a finding', () => {
    const r = assess("He has a runny nose and a temperature of 38.4 but he's playing and drinking. No rash. I'm worried because I've read about meningitis");
    expect(finding(r, 'meningitis')?.present).not.toBe(true);
    expect(r.level).not.toBe('emergency_ambulance');
  });
  it('"been sick and it was a lot of bright red blood" is vomiting blood', () => {
    expect(finding(assess("I've just been sick and it was a lot of bright red blood"), 'vomiting_blood')?.present).toBe(true);
  });
  it('a baby of 10 months is inside a condition for 3 months to 3 years (age in months, not whole years)', () => {
    const r = assess("My 10-month-old keeps screaming in bouts, pulling his legs up to his tummy. He's been sick three times and his nappy had red jelly-looking stuff in it");
    expect(r.conditions?.map((c) => c.id)).toContain('intussusception');
    expect(['emergency', 'emergency_ambulance']).toContain(r.level);
  });
  it('a flare needing the reliever every 4 hours is seen the same day; the signs of a severe attack call an ambulance', () => {
    // (NHS Asthma attack: needing the reliever every 4 hours or more often is an urgent same-day appointment; talking
    // in full sentences rules out a severe attack. Until 0f025b7 this expected the emergency department.)
    expect(assess('asthmatic, wheezy since a cold 2 days ago, using the blue inhaler every 4 hours, talking in full sentences').level).toBe('consultation_24');
    expect(assess("my son has asthma, he's had 10 puffs and is still struggling, can't say more than a couple of words").level).toBe('emergency_ambulance');
  });
  it('giant cell arteritis with a brief change in vision is an emergency', () => {
    expect(assess("I'm 71, a new headache over my temples, my scalp is tender and this morning the vision in my left eye went blurry for a few minutes").level).toBe('emergency');
  });
  it('a removed spleen counts as a weakened immune system in the sepsis screen', () => {
    expect(assess('shivering and achy since this morning, my spleen was removed years ago, heart rate 110').level).toBe('emergency');
  });
});

describe('more senses from the blind lay half', () => {
  it('"got bitten in the garden" with no animal named is an insect bite; a named animal is an animal bite', () => {
    expect(finding(assess('I got bitten on the arm in the garden yesterday, red itchy lump'), 'insect_bite')?.present).toBe(true);
    expect(finding(assess('I was bitten on the hand by my cat'), 'bite')?.present).toBe(true);
  });
  it('"when I\'m run down" says what brings something on, not tiredness now', () => {
    expect(finding(assess("I get cold sores every now and then when I'm run down"), 'tiredness')).toBeUndefined();
    expect(finding(assess('I feel run down all the time'), 'tiredness')?.present).toBe(true);
  });
  it('a household with headaches that lift away from home and a boiler with an orange flame is carbon monoxide', () => {
    const r = assess("For a week we have all had headaches and felt dizzy, mostly in the evenings when we're home. We feel better when we're out. The boiler flame looks orange.");
    expect(r.conditions?.[0]?.id).toBe('carbon_monoxide_poisoning');
  });
  // NHS Kidney infection: feeling hot and shivery is an urgent GP appointment; shaking fits (rigors) are more.
  it('side pain with a fever and bladder symptoms is a kidney infection (24 h), with chills too, and with rigors an emergency', () => {
    expect(assess("burning when I wee for a couple of days, now a temperature of 38.6 and an ache in my right side under the ribs at the back").level).toBe('consultation_24');
    expect(assess("burning when I pee, pain in my back under my ribs, a temperature of 38.5 and chills").level).toBe('consultation_24');
    expect(assess("burning when I pee, pain in my back under my ribs, a temperature of 39 and I can't stop shaking").level).toBe('emergency');
  });
});

describe('high-risk histories in triage shorthand', () => {
  it.each([
    ['35 y/o male MVC restrained driver, c/o neck pain', 'consultation_24'],
    ['65 y/o male with abdominal pain radiating to back, hx AAA', 'emergency_ambulance'],
    ['14 y/o with known sickle cell disease c/o chest pain and fever', 'emergency'],
    ['81 y/o male from nursing home, decreased PO intake, T 96.2, HR 112', 'emergency'],
  ])('%j is %s', (text, level) => {
    expect(assess(text).level).toBe(level);
  });
});

describe("a drooping face with a weak forehead and eyelid (Bell's palsy) and without", () => {
  it.each([
    "I woke up and the right side of my face has dropped. I can't close my right eye properly or lift that eyebrow. My arms and legs are fine",
    'woke up and the right side of my face is droopy, cant close my right eye or wrinkle my forehead on that side',
  ])('%j goes to the emergency department, not an ambulance', (text) => {
    expect(assess(text).level).toBe('emergency');
  });
  it.each(["my dad's face is drooping on one side", "her face is droopy and she can't lift her arm", 'the right side of my face feels numb and weak'])(
    '%j is a stroke sign: an ambulance',
    (text) => {
      expect(assess(text).level).toBe('emergency_ambulance');
    },
  );
});

describe('a reply that opens with "no"', () => {
  it('denies what follows it ("no, the skin sucking in between his ribs"), but not what follows a "but"', () => {
    const first = triage.assess({ text: 'he has a barking cough like a seal and had a cold' });
    const asked = { ...toState(first), openQuestion: { concept: 'rapid_breathing', text: 'Is the breathing very fast?' } } as ReturnType<typeof toState>;
    const denied = triage.assess({ text: 'no, the skin sucking in between his ribs', answer: { concept: 'rapid_breathing', value: 'no' } }, asked);
    expect(finding(denied, 'chest_recession')?.present).toBe(false);
    const reported = triage.assess({ text: 'no, but the skin is sucking in between his ribs', answer: { concept: 'rapid_breathing', value: 'no' } }, asked);
    expect(finding(reported, 'chest_recession')?.present).toBe(true);
  });
  it('numbness that keeps coming back in a hand is not a sudden stroke sign', () => {
    expect(assess('my hand keeps going numb').level).not.toBe('emergency_ambulance');
    expect(assess('my left arm suddenly went numb and weak').level).toBe('emergency_ambulance');
  });
});

describe('pain that goes round from the back to the front', () => {
  it('"the worst pain in my back going round to my tummy" at 68 with a near-faint is a possible aneurysm', () => {
    const r = assess("I've got the worst pain in my back going round to my tummy and I feel like I'm going to pass out, I'm 68");
    expect(finding(r, 'abdominal_pain')?.present).toBe(true);
    expect(r.level).toBe('emergency_ambulance');
  });
  it('"a tummy bug that\'s going round" is no tummy pain', () => {
    expect(finding(assess("been throwing up since last night with a tummy bug that's going round"), 'abdominal_pain')).toBeUndefined();
  });
});

describe('a baby whose age is not given', () => {
  it('is asked the age first, and the answer settles the level', () => {
    const first = triage.assess({ text: 'my baby feels hot and has a runny nose' });
    expect(first.nextQuestion?.concept).toBe('age');
    const young = triage.assess({ text: '6 weeks old' }, toState(first));
    expect(['emergency', 'emergency_ambulance']).toContain(young.level);
  });
  it('a baby whose age is given is not asked it', () => {
    expect(triage.assess({ text: 'my 8 month old has a runny nose and a cough' }).nextQuestion?.concept).not.toBe('age');
  });
});

describe('a wound on the torso after a fight', () => {
  it.each(["I was attacked last night and there's a small wound on my back, barely bleeding", 'small cut on my chest after a fight last night'])(
    '%j is a possible stab wound: an emergency',
    (text) => {
      expect(['emergency', 'emergency_ambulance']).toContain(assess(text).level);
    },
  );
  it('a cut finger from a kitchen knife is not', () => {
    expect(assess('I cut my finger on a knife').level).toBe('self_care');
  });
});

describe('how bad the breathing and the pain are', () => {
  it('breathless even sitting down is an emergency when new, not in years of COPD', () => {
    expect(assess("I'm breathless even sitting down since yesterday").level).toBe('emergency');
    expect(levelRank(assess("I've had copd for years and I'm always out of breath at rest").level)).toBeLessThan(levelRank('emergency'));
  });
  it('"my lips look a bit blue" with breathlessness calls an ambulance', () => {
    expect(assess("I've had a cough for a week, today I'm really breathless and my lips look a bit blue").level).toBe('emergency_ambulance');
  });
  it('a severity word said twice qualifies both findings it is near', () => {
    const r = assess('"I think I\'m just bunged up, but the pain is terrible," she says. Her belly is sore and she is writhing.');
    expect(r.level).toBe('emergency');
  });
  it('severe pain in the back and tummy, restless with it, is an emergency', () => {
    expect(assess("I'm 45 and I've had pain in my back and tummy for an hour, the pain is really bad and I can't keep still").level).toBe('emergency');
  });
});

describe("a relative's place is not the relative", () => {
  it('"at my mum\'s house" leaves the writer as the subject', () => {
    const r = assess("I'm 36 and constipated for 4 days, I've been eating less fibre at my mum's house");
    expect(r.context.subject).toBe('self');
    expect(r.level).toBe('self_care');
  });
});

describe('self-care stories told in full (whole-story lay messages)', () => {
  it.each([
    ["I'm 34 and I've had a cold for 5 days, blocked nose, sneezing, a slight temperature on the first day but not since, sleeping badly"],
    ["My daughter is 3, runny nose and cough for 2 days, a temperature of 38.1 last night, playing, drinking plenty, a bit off her food"],
    ["I'm 36 and since yesterday I've had diarrhoea, I was sick twice the first night and I've got crampy tummy aches, keeping fluids down, no high temperature"],
    ["I'm 28, itchy down below with a thick white discharge, I had thrush before and it feels exactly like this, not pregnant"],
    ["I'm 29 and I splashed some water from the kettle on my wrist, a small red patch, no blistering"],
    ["My daughter is 2, she fell off the sofa and bumped her forehead an hour ago, small lump, not sleepy, playing normally"],
  ])('%j is self-care', (text) => {
    expect(assess(text).level).toBe('self_care');
  });
  it('thrush that keeps coming back goes to a clinician', () => {
    expect(assess("I've had thrush 5 times this year, it keeps coming back").level).toBe('consultation');
  });
  it('a seizure long ago "but none since" is history, not a current fit', () => {
    expect(levelRank(assess("had a seizure when I was 12 but none since. Now I've had heartburn for two months").level)).toBeLessThan(levelRank('emergency'));
  });
});

describe('testicle pain: how it began and how old he is', () => {
  it('pain that crept up over days in a man is for a clinician the same day', () => {
    expect(assess("I'm 28 and over 3 days my testicle has got gradually more achy and swollen, it stings when I pee").level).toBe('consultation_24');
  });
  it('in a boy, or when sudden or severe, it is an emergency', () => {
    expect(assess("my 15 year old son's testicle has been aching gradually since yesterday").level).toBe('emergency');
    expect(assess("I'm 40 and I've had sudden pain in my testicle").level).toBe('emergency');
    expect(assess("I'm 40 and my testicle hurts").level).toBe('emergency');
  });
});

describe('a condition told by its features is an exception its rule names', () => {
  const hfmd = "My son is 2, a temperature for 2 days, now ulcers in his mouth and small red spots on his palms and the soles of his feet, drinking well";
  it('fever with spots in a child is not sent the same day when the spots are hand, foot and mouth disease', () => {
    expect(assess(hfmd).redFlags.map((f) => f.id)).not.toContain('fever_rash_child');
  });
  it('a fever with a rash that fits nothing benign still is', () => {
    expect(assess('my 4 year old has a temperature and red spots all over her tummy').redFlags.map((f) => f.id)).toContain('fever_rash_child');
  });
});

describe('emergency-department arrivals told by a companion (triage-ed-5 development half)', () => {
  it('"brought in by his father ... he has vomited" is the boy\'s vomiting, and a fall from a window is a fall from a height', () => {
    const r = assess('A 3-year-old boy is brought in by his father after falling from an upstairs window. He has vomited twice and keeps closing his eyes.');
    expect(finding(r, 'vomiting')?.experiencer).toBe('patient');
    expect(r.redFlags.map((f) => f.id)).toContain('high_energy_injury');
  });
  it('"falling house prices" is no fall', () => {
    expect(assess('falling house prices near the window').redFlags.map((f) => f.id)).not.toContain('high_energy_injury');
  });
  it.each([
    ['a 10 day old whose last two vomits were bright green', 'green_vomit'],
    ['my 3 month old has a bruise on his cheek', 'bruise_non_mobile_baby'],
    ["his left face and arm 'went numb and useless' for twenty minutes, completely gone now", 'stroke_face_droop'],
    ["his 'indigestion' suddenly turned into a stabbing pain across his upper tummy", 'severe_abdominal_pain'],
    ['79F weak and wobbly after 3 days of vomiting, HR 46', 'slow_pulse_with_symptoms'],
    ['I\'m 72 and fell down the stairs, now my neck is stiff', 'neck_pain_after_injury_older'],
    ['fell off my bike, my neck hurts and my hands are tingling', 'neck_pain_after_injury_tingling'],
    ["there's a fish bone stuck in my throat since dinner", 'object_stuck_in_throat'],
    ["she gave birth 8 days ago, talks very fast and is suspicious of staff", 'postpartum_psychosis_signs'],
  ])('%j raises %s', (text, id) => {
    expect(assess(text).redFlags.map((f) => f.id)).toContain(id);
  });
  it('a faint at the sight of the needle during a blood test, fully recovered, is a simple faint', () => {
    expect(assess('A 19-year-old fainted while having a blood test, just after seeing the needle, came round straight away').level).toBe('self_care');
  });
  it('"my arm went numb after lifting weights" stays numbness, not a stroke sign', () => {
    expect(assess('my arm went numb after lifting weights').level).not.toBe('emergency_ambulance');
  });
});

describe('high-acuity arrivals in plain words (own one-liners)', () => {
  it.each([
    ['A 65-year-old man with a painful, cold, pale left leg for 3 hours.', 'cold_limb_with_pain_or_numbness'],
    ['A 33-year-old man with a hot, swollen, painful knee and a fever of 38.9.', 'hot_joint_with_fever'],
    ['A 67-year-old man on dialysis missed his last two sessions and feels weak.', 'missed_dialysis_symptoms'],
    ['A 58-year-old man with a crushing injury to his hand from machinery.', 'high_energy_injury'],
  ])('%j raises %s', (text, id) => {
    expect(assess(text).redFlags.map((f) => f.id)).toContain(id);
  });
  it('a missed gym session is no missed dialysis', () => {
    expect(assess('I missed my last two sessions at the gym and my legs ache').redFlags.map((f) => f.id)).not.toContain('missed_dialysis_symptoms');
  });
});

describe('signs told the way nurses write them', () => {
  it.each([
    ['A 38-year-old man with a headache and a temperature of 39.5; he flinches at the lights.', 'emergency_ambulance'],
    ['A 30-year-old woman with a severe headache and vomiting, her neck hurts to bend forward.', 'emergency_ambulance'],
    ['A 36-year-old woman, 3 days after a caesarean section, with fever and abdominal pain; HR 120.', 'emergency'],
    ['A 58-year-old man with vomiting and a headache after being in his garage with the car engine running.', 'emergency'],
    ['A 21-year-old man punched in the face, now his vision is double.', 'emergency'],
  ])('%j is %s', (text, level) => {
    expect(assess(text).level).toBe(level);
  });
});

describe('bleeding that has stopped', () => {
  it('a wound that bled heavily but stopped with pressure is for the same day, not an ambulance', () => {
    expect(assess("there was blood everywhere when the knife slipped, but the bleeding stopped with pressure").level).toBe('consultation_24');
  });
  it('bleeding that will not stop still calls an ambulance', () => {
    expect(assess("the cut won't stop bleeding").level).toBe('emergency_ambulance');
  });
});

describe('terse arrivals and classic stories retold (triage-ed-6 and triage-lay-7 development halves)', () => {
  it('a date after what it dates stops at the comma: the rash after "started lamotrigine three weeks ago," is now', () => {
    expect(assess('A 30-year-old woman who started lamotrigine three weeks ago, with a painful spreading rash that is blistering, sore eyes and ulcers in her mouth.').level).toMatch(/^emergency/);
  });
  it.each([
    ["I got back from visiting family in Lagos, Nigeria, 10 days ago. Fevers with violent shivering, and today I've been sick and feel very weak.", 'malaria_travel_severe'],
    ['A 70-year-old man who woke this morning unable to see out of his left eye; no pain.', 'sudden_vision_loss_or_double_vision'],
    ["I'm 36 weeks pregnant with my second baby and since yesterday she's been a lot quieter than usual", 'reduced_fetal_movements'],
    ['I woke up yesterday and I can hardly hear anything on that side, olive oil drops did nothing', 'sudden_hearing_loss'],
  ])('%j raises %s', (text, id) => {
    expect(assess(text).redFlags.map((f) => f.id)).toContain(id);
  });
  it('"pregnant with my second baby" leaves the writer as the one with the findings', () => {
    expect(finding(assess("I'm 36 weeks pregnant with my second baby and I have a headache"), 'headache')?.experiencer).toBe('patient');
  });
  it('a friend from Nigeria is no trip', () => {
    expect(finding(assess('my friend from Nigeria has a cold and so do I'), 'malaria_area_travel')).toBeUndefined();
  });
});

describe('self-care told with worry and detail (triage-lay-7 development half)', () => {
  it.each([
    ["I got stung by a wasp on my forearm an hour ago, it's red, swollen, throbbing and itchy. My breathing is fine, no swelling of my face. I scraped the spot and put ice on it."],
    ["For two days a headache like a tight band round my forehead, my neck and shoulders are stiff, paracetamol takes it away"],
    ["I'm 22 and I fell asleep on the beach yesterday. My back and shoulders are bright red and sore. There are no blisters."],
    ["My daughter is 7, scratching her head all week, I found some little brown crawling things with the nit comb"],
    ["My daughter is 8 and had a nosebleed at school, pinched for 10 minutes and it stopped. Nothing else bleeds or bruises easily."],
    ["For a couple of weeks the skin between my little toes has been itchy, white, soggy and peeling"],
  ])('%j is self-care', (text) => {
    expect(assess(text).level).toBe('self_care');
  });
});

describe("a mother's own illness beside her baby's age", () => {
  it("the breastfeeding mother's fever is hers: her age, not the baby's, sets the rules", () => {
    const r = assess("I'm 30 and my baby is 6 weeks old, I'm breastfeeding. A hot, red, painful patch on my left breast and a temperature of 38.4.");
    expect(r.context.ageYears).toBe(30);
    expect(r.redFlags.map((f) => f.id)).not.toContain('fever_under_3_months');
  });
  it("the baby's fever is still the baby's", () => {
    expect(assess("I'm 30 and my baby is 6 weeks old, she has a temperature of 38.4").level).toMatch(/^emergency/);
  });
});

describe('a fever after travel to a malaria area', () => {
  it('is an emergency: a malaria test now (UKHSA), however well the traveller feels otherwise', () => {
    expect(assess("I'm 40 and I came back from Ghana 10 days ago. I have a fever, chills and a headache.").level).toBe('emergency');
  });
});

describe('nerve signs and a possible ectopic pregnancy (own ED one-liners)', () => {
  it.each([
    ['one pupil is bigger than the other since this morning', 'new_unequal_pupils'],
    ['a bad headache and my left eyelid has started drooping', 'eyelid_droop_with_headache'],
    ["suddenly really dizzy and I can't walk straight", 'sudden_dizziness_unsteady'],
    ['my period is 3 weeks late, I have tummy pain and I feel dizzy when I stand up', 'tummy_pain_possible_pregnancy_faint'],
    ['A 24-year-old woman with abdominal pain and dizziness on standing; last period 8 weeks ago.', 'tummy_pain_possible_pregnancy_faint'],
  ])('%j raises %s', (text, id) => {
    expect(assess(text).redFlags.map((f) => f.id)).toContain(id);
  });
  it('period pains with a period two days late are for the same day, not an emergency', () => {
    expect(assess('my period is 2 days late and I have period pains').level).toBe('consultation_24');
  });
});

describe('front-desk high-risk arrivals (own one-liners)', () => {
  it.each([
    ['A 61-year-old man who collapsed at the gym and was briefly unconscious, now awake.', 'faint_during_exercise'],
    ['A 42-year-old man who says he wants to hurt his neighbour and has a knife at home.', 'thoughts_of_harming_others'],
    ['A 35-year-old carpenter who cut off the tip of his finger with a saw.', 'traumatic_amputation'],
    ['A 25-year-old man with an erection that has lasted 5 hours.', 'priapism'],
    ['A 72-year-old man on warfarin with a painful swollen thigh after a minor bump, getting bigger.', 'growing_swelling_on_blood_thinners'],
  ])('%j raises %s', (text, id) => {
    expect(assess(text).redFlags.map((f) => f.id)).toContain(id);
  });
});

describe('American vital signs', () => {
  it('reads SaO2, a palpated systolic pressure ("BP 80/palp") and a fingerstick glucose ("FSBG 45")', () => {
    expect(assess('VS: T 38.9 P 118 R 24 BP 96/60 SaO2 92%').context.vitals.spo2).toBe(92);
    expect(assess('pulse 48, BP 80/palp').context.vitals.systolicBp).toBe(80);
    expect(assess('FSBG 45').context.vitals.glucoseMmol).toBeCloseTo(2.5, 1);
  });
  it('a blood sugar of 15 or more with vomiting is a possible DKA', () => {
    expect(assess('BS 450, vomiting').redFlags.map((f) => f.id)).toContain('dka_signs');
  });
});

describe('same-day problems told in full', () => {
  it.each([
    ["I'm 67, for three days a burning, tingly pain on the right side of my back, now red spots turning into blisters, only on the one side", 'consultation_24'],
    ['My baby is 10 days old. Both her eyes have been sticky with yellow goo for two days.', 'consultation_24'],
    ['A 47-year-old man with a hot, swollen big toe that woke him in the night.', 'consultation_24'],
    ["I keep vomiting and can't keep my tablets down", 'consultation_24'],
  ])('%j is %s', (text, level) => {
    expect(assess(text).level).toBe(level);
  });
  it('a burning pain on one side of the chest is still chest pain', () => {
    expect(assess("I'm 60 and I have a burning pain on the right side of my chest").level).toBe('emergency');
  });
});

describe('American triage shorthand', () => {
  it('"worst HA of life" is a thunderclap headache; "ha ha" is laughter', () => {
    expect(assess('45 y/o F c/o worst HA of life, sudden onset, + neck stiffness.').level).toBe('emergency_ambulance');
    expect(assess('ha ha very funny').findings.map((f) => f.concept)).not.toContain('headache');
  });
  it('"h/o CAD s/p CABG c/o epigastric pain": the history ends where the complaint begins', () => {
    expect(finding(assess('65 y/o M h/o CAD s/p CABG c/o epigastric pain and N/V.'), 'upper_abdominal_pain')?.present).toBe(true);
  });
});

describe('a date that closes an item of a note', () => {
  it('"LMP 7 wks ago, + vaginal bleeding, dizzy": the bleeding and the dizziness are now', () => {
    const r = assess('24 y/o F c/o lower abd pain, LMP 7 wks ago, + vaginal bleeding, dizzy.');
    expect(finding(r, 'vaginal_bleeding')?.present).toBe(true);
    expect(r.level).toMatch(/^emergency/);
  });
});

describe('a fear named is not a diagnosis', () => {
  it('"terrified it\'s meningitis" is a worry, not meningitis reported (a feared stroke still counts: safety first)', () => {
    expect(finding(assess("my son has a runny nose and I'm terrified it's meningitis"), 'meningitis')?.present).not.toBe(true);
    expect(finding(assess("my face feels odd and I'm terrified it's a stroke"), 'stroke')?.present).toBe(true);
  });
});

describe("a parent's fear does not make the parent the patient", () => {
  it('"my son has a runny nose and I\'m worried it\'s meningitis": the runny nose is the son\'s', () => {
    const r = assess("my son has a runny nose and I'm worried it's meningitis");
    expect(r.context.subject).toBe('child');
    expect(finding(r, 'runny_nose')?.experiencer).toBe('patient');
  });
});

describe('senses and scopes from the seventh ED and eighth lay sets', () => {
  it('a pain "worse than being stabbed" is a pain, not a stab wound; "he was stabbed" still is', () => {
    expect(finding(assess("L loin to groin pain 'worse than being stabbed', came on 3h ago"), 'penetrating_injury')).toBeUndefined();
    expect(finding(assess('it feels like I have been stabbed in the back'), 'penetrating_injury')).toBeUndefined();
    expect(assess('he was stabbed in the chest').level).toBe('emergency_ambulance');
  });
  it('"stopped his apixaban" stops the medicine, not the atrial fibrillation before it', () => {
    const r = assess("Hx AF, stopped his apixaban himself as it made him bruise");
    expect(finding(r, 'atrial_fibrillation')?.context).toBe('current');
    expect(finding(r, 'blood_thinners')?.context).toBe('past');
  });
  it('"I didn\'t realise I\'d wet myself" says it happened', () => {
    expect(finding(assess("this morning I didn't realise I'd wet myself"), 'loss_bladder_control')?.present).toBe(true);
    expect(finding(assess("I didn't wet myself"), 'loss_bladder_control')?.present).toBe(false);
  });
  it('a temperature dated by a past verb to last week is over; one since last week is not', () => {
    expect(finding(assess("He had a runny nose and a slight temperature last week but he's fine now"), 'fever')?.present).toBe(false);
    expect(finding(assess("I've had a temperature since last week"), 'fever')?.present).toBe(true);
  });
  it('"L eye", "R arm": chart shorthand for a side is read before a body part', () => {
    expect(assess("woke up with L side of face drooping, can't close L eye or wrinkle L forehead").level).toBe('emergency');
    expect(assess('R arm weakness since 1 hour').level).toBe('emergency_ambulance');
  });
  it('hives after a sting alone are seen the same day; with wheeze or faintness it is anaphylaxis', () => {
    expect(assess('stung by a wasp and now I have hives all over').level).toBe('consultation_24');
    expect(assess('stung by a wasp, hives all over and I feel faint').level).toBe('emergency_ambulance');
  });
  it('an antidepressant with tramadol, agitation, jerking legs and a fever could be serotonin toxicity', () => {
    const r = assess('on sertraline, started tramadol 2 days ago. Now agitated, sweating, legs jerking, T 39.2C, P 128');
    expect(['emergency', 'emergency_ambulance']).toContain(r.level);
    expect(r.conditions.map((c) => c.id)).toContain('serotonin_syndrome');
    expect(['emergency', 'emergency_ambulance']).not.toContain(assess("I'm on sertraline and feel a bit anxious").level);
  });
  it('more than 8 paracetamol a day for days is a staggered overdose; 8 a day is the limit', () => {
    expect(assess("he's been taking 8-10 Tylenol Extra Strength a day for 4 days").level).toBe('emergency_ambulance');
    expect(['emergency', 'emergency_ambulance']).not.toContain(assess('I take 8 paracetamol a day for my back').level);
  });
  it('a missed dialysis session named by its day, with heavy weak legs and a slow pulse, is an emergency', () => {
    expect(assess('on haemodialysis, missed Monday session. Legs feeling heavy and weak. P 46').level).toBe('emergency');
  });
  it('a thick white discharge like cottage cheese with an itch after antibiotics is thrush, not an infection caught from sex', () => {
    const r = assess("I'm on antibiotics and now down below is really itchy and I've got a thick white discharge like cottage cheese. It doesn't smell.");
    expect(r.reason).not.toMatch(/sexually transmitted/);
  });
  it('a blood pressure of 180/120 or more is seen the same day even without symptoms', () => {
    expect(assess('A 70-year-old woman with BP 210/120, no symptoms, sent by her GP').level).toBe('consultation_24');
  });
  it('an older person who lay on the floor overnight after a fall is an emergency', () => {
    expect(assess('A 78-year-old woman who fell and has been on the floor overnight').level).toMatch(/^emergency/);
  });
  it('a date dates its own clause: the rash before "who started lamotrigine two weeks ago" is current', () => {
    const r = assess('A 48-year-old woman with a rash and fever who started lamotrigine two weeks ago, blisters in her mouth');
    expect(finding(r, 'rash')?.present).toBe(true);
    expect(r.level).toBe('emergency');
    expect(assess('I started new tablets last week and have a mild itchy rash').level).toBe('consultation');
  });
  it('chest pain at rest that has resolved still counts (NICE CG95: pain in the last 12 hours)', () => {
    expect(['emergency', 'emergency_ambulance']).toContain(assess('A 57-year-old man with chest pain at rest for 20 minutes, resolved').level);
  });
  it('a NEWS2 of 2-4 from the pulse, breathing, oxygen or blood pressure is assessed today; a temperature alone is not', () => {
    expect(assess('A 50-year-old man with a cough, HR 124').level).toBe('consultation_24');
    expect(assess('A 50-year-old man with a cough, HR 84').level).not.toBe('consultation_24');
    expect(assess('my heart rate was 115 after I ran for the bus, feel fine now').level).not.toBe('consultation_24');
    expect(assess("I'm 30 and have had a temperature of 39.2 since yesterday, aching all over").level).not.toBe('consultation_24');
  });
  it('a headache "like a bang" is a sudden severe headache; "I feel terrible" and "terrible cramps" with diarrhoea are no emergency', () => {
    expect(assess("I'm 50 and I've had a terrible headache since I bent down to tie my shoes an hour ago, it was like a bang").level).toBe('emergency_ambulance');
    expect(finding(assess('I feel terrible'), 'severe_pain')).toBeUndefined();
    expect(assess('terrible stomach cramps and diarrhoea since last night').emergency).toBe(false);
  });
  it('a swollen leg and breathlessness after a week in hospital could be a clot in the lung', () => {
    expect(assess("I was in hospital for a week with my gallbladder, came home 5 days ago and now my leg is swollen and I'm a bit out of breath").emergency).toBe(true);
  });
  it('bloody diarrhoea in a small child who is hardly weeing is an emergency', () => {
    expect(assess("My 2 year old has had diarrhoea for 4 days and now there's blood in it and he's hardly weeing").level).toBe('emergency');
  });
  it("the person's own explanation is a guess: 'is this anxiety' does not withdraw the chest pain rule", () => {
    const r = assess('my chest feels tight and my left arm is kinda numb, im 55 is this anxiety');
    expect(finding(r, 'anxiety')?.context).toBe('possible');
    expect(r.emergency).toBe(true);
    expect(finding(assess('is it bad that my pee is dark brown and my eyes look yellow?'), 'dark_urine')?.context).toBe('current');
  });
  it('not bearing weight is a possible broken bone after an injury, and seen the same day without one', () => {
    expect(assess("I fell and can't put any weight on my ankle").level).toBe('emergency');
    expect(assess('my 4yo woke up limping and wont put weight on her right leg properly, no temp, doesnt remember falling').level).toBe('consultation_24');
  });
  it('tummy pain after a kick with shoulder-tip pain, dizziness and a fast pulse may be bleeding inside', () => {
    expect(assess('A 25-year-old man was kicked in the left side an hour ago. Pain in his left upper abdomen, he feels dizzy. HR 116').level).toBe('emergency');
  });
  it('back pain with fevers in someone who injects drugs, whose legs are weak, could be a spinal infection', () => {
    expect(assess('A 34-year-old man who injects drugs has had back pain for a week and fevers for three days. Today his legs feel weak').level).toBe('emergency');
  });
  it('"with previous kidney stones has had loin pain since last night": the history ends at "has had"', () => {
    expect(finding(assess('A 48-year-old man with previous kidney stones has had left-sided loin pain coming in waves since last night'), 'flank_pain')?.context).toBe('current');
  });
  it('a temple headache at 76 with jaw pain on chewing and an eye that went dark is giant cell arteritis territory', () => {
    expect(assess('A 76-year-old woman with a new headache over her temples and pain in her jaw when she chews. The vision in her left eye went dark for a few minutes').emergency).toBe(true);
  });
  it('saved-up medicines and "tonight feels like the night" are a plan', () => {
    expect(assess("cant see the point anymore. ive saved up a load of my meds and tonight feels like the night").level).toBe('emergency_ambulance');
  });
  it('severe pain in the pelvis or the eye is seen now; nightly attacks of eye pain over two weeks are not', () => {
    expect(assess('A 35-year-old woman with pelvic pain 8/10').level).toBe('emergency');
    expect(assess('A 55-year-old with severe eye pain').level).toBe('emergency');
    expect(assess('38M, 2/52 nightly attacks of severe R orbital pain lasting ~45 min, well between attacks').emergency).toBe(false);
    expect(assess('A 33-year-old with a sore throat, pain 8/10, difficulty swallowing').level).toBe('consultation_24');
  });
  it('a rash with a fever and a bad headache asks the glass test; "it fades when I press a glass" answers it', () => {
    expect(assess("I've got a rash. I've got a really bad headache, and I've got a high temperature").nextQuestion?.concept).toBe('non_blanching_rash');
    expect(finding(assess('yes, the rash fades when I press a glass on it'), 'non_blanching_rash')?.present).toBe(false);
    expect(finding(assess('a rash that does not fade when I press a glass on it'), 'non_blanching_rash')?.present).toBe(true);
  });
  it('a child who drank from a bottle under the sink is poisoned; a baby who is less responsive is drowsy', () => {
    expect(assess("A 3-year-old boy drank some of his grandmother's liquid from a bottle under the sink. He is drooling").emergency).toBe(true);
    expect(assess('A 6-week-old baby with vomiting and not feeding, mum says he is less responsive').emergency).toBe(true);
  });
  it('back pain with tingling legs and being unable to pee is a cauda equina red flag', () => {
    expect(assess("I'm 45 and I've had the worst back pain of my life since this morning and my legs feel tingly and I can't pee").level).toBe('emergency');
  });
  it('"his words don\'t make sense" is a speech problem (a stroke sign)', () => {
    expect(assess("My husband is 50 and suddenly can't understand what I'm saying to him and his words don't make sense").level).toBe('emergency_ambulance');
  });
  it('indigestion that antacids do not settle, at 50 or over with heart risks, may be the heart; at 30 it is not', () => {
    expect(assess('68 year old man with heartburn for an hour not relieved by Gaviscon, history of angina').level).toBe('emergency');
    expect(['emergency', 'emergency_ambulance']).not.toContain(assess("I'm 30 and have heartburn that Gaviscon isn't touching").level);
    expect(assess("I get heartburn after big meals, I'm 60 and smoke").level).toBe('self_care');
  });
  it('sinusitis after a cold explains the cold too, so a week-old cold with facial pain and a blocked nose is self-care', () => {
    const r = assess("I've had a cold for about a week and now my face hurts around my cheeks and eyes. Blocked nose with green snot and I've lost my sense of smell a bit. I'm 45");
    expect(r.level).toBe('self_care');
    expect(r.conditions.map((c) => c.id)).toContain('sinusitis');
  });
  it('"my blood pressure has fallen" is a number going down, not a fall', () => {
    expect(finding(assess('my blood pressure has fallen a bit'), 'injury_fall')).toBeUndefined();
    expect(finding(assess('my nan has fallen and her hip hurts'), 'injury_fall')?.present).toBe(true);
  });
  it('a pulled muscle in the back is a strain (self-care); a baby feeding about half her usual is not feeding', () => {
    expect(assess('pulled a muscle in my back lifting a box yesterday, can move ok').level).toBe('self_care');
    expect(assess('my baby is 8 months, cough and runny nose, feeding about half what she normally does').level).toBe('consultation_24');
  });
  it('a headache that will not go, in someone whose age is not given, asks the age first', () => {
    expect(assess("headache that won't shift, sore scalp when I brush my hair").nextQuestion?.concept).toBe('age');
  });
});

describe('what the person feared, asked or was still able to do', () => {
  it('"am I having a stroke?" asks; pins and needles in the hand are not a reported stroke', () => {
    const r = assess('Pins and needles in my hand for weeks, worse at night, am I having a stroke?');
    expect(r.redFlags.map((f) => f.id)).not.toContain('reported_stroke');
    expect(['emergency', 'emergency_ambulance']).not.toContain(r.level);
    expect(assess("I think I'm having a heart attack").redFlags.map((f) => f.id)).toContain('reported_heart_attack');
  });
  it('"I thought I was having a heart attack" is a past fear: chest wall pain after moving a wardrobe stays self-care', () => {
    const r = assess("I thought I was having a heart attack. Sharp pain in my chest wall since moving a wardrobe 2 days ago, worse pressing on the spot.");
    expect(r.redFlags.map((f) => f.id)).not.toContain('reported_heart_attack');
    expect(r.level).toBe('self_care');
  });
  it('a sore throat in someone who says they cannot swallow but is drinking tea is not airway swelling', () => {
    const drinking = assess("Worst sore throat of my life, I can't swallow. Painful to swallow but drinking tea at my desk, no drooling, voice normal.");
    expect(['emergency', 'emergency_ambulance']).not.toContain(drinking.level);
    // The sore throat's own escalation for "can't swallow" is withdrawn too (a cold's cough and snot make it likely).
    const cold = assess("Worst sore throat of my life, I can't swallow. 3 days, painful to swallow but drinking tea at my desk. Cough and snot.");
    expect(['emergency', 'emergency_ambulance']).not.toContain(cold.level);
    expect(['emergency', 'emergency_ambulance']).toContain(assess("my throat is so sore I can't swallow and I'm drooling").level);
  });
  it('a pain score of 7 out of 10 is severe pain', () => {
    expect(finding(assess('abdominal pain 7/10 for 4 hours'), 'severe_pain')?.present).toBe(true);
    expect(finding(assess('abdominal pain 6/10 for 4 hours'), 'severe_pain')).toBeUndefined();
  });
  it('blisters with a gritty eye and no fever are not Stevens-Johnson syndrome; tingling then blisters on the forehead is shingles', () => {
    const r = assess("I'm 64. My forehead on the right side has been tingly and sore for three days. Now there's a rash of little blisters coming up on it and one is on the side of my nose. My right eye feels a bit gritty.");
    expect(r.redFlags.map((f) => f.id)).not.toContain('blistering_rash_with_mouth_or_eyes');
    expect(r.level).toBe('consultation_24');
    expect(r.conditions[0]?.id).toBe('shingles');
  });
  it('a sudden cold, pale leg is a blocked artery; "vomiting bright red blood" is vomiting blood', () => {
    expect(assess('A 65-year-old man reports sudden pain and coldness in his left leg, the leg is pale.').level).toBe('emergency_ambulance');
    expect(finding(assess('vomiting bright red blood twice this morning'), 'vomiting_blood')?.present).toBe(true);
  });
  it('painless jaundice with dark urine and pale stools is not read as a bile duct infection', () => {
    const r = assess('the whites of my eyes have gone yellow, my pee is dark like tea and my poo is pale. no pain at all. 71 m');
    expect(r.level).toBe('consultation_24');
  });
});

describe('a triage-desk note with the patient quoted', () => {
  it("a quoted question ends its sentence: \"CC: 'is it a stroke?'\" asks, and the forehead that will not wrinkle is Bell's palsy's", () => {
    const r = assess("45F. CC: 'My face has dropped, is it a stroke?' Woke with R side of face not moving, can't wrinkle R forehead or close R eye fully. Arms and legs fine, speech normal.");
    expect(finding(r, 'stroke')?.present).toBe(false);
    expect(finding(r, 'forehead_weakness')?.present).toBe(true);
    expect(r.level).not.toBe('emergency_ambulance');
  });
  it('a nosebleed told as stopped is bleeding that stopped, however heavily it was described', () => {
    const r = assess("22M. CC: 'There was blood everywhere, it wouldn't stop!' Nosebleed after blowing nose, stopped after 10 min leaning forward and pinching.");
    expect(r.redFlags.map((f) => f.id)).not.toContain('heavy_bleeding');
    expect(assess("my nose has been bleeding for 30 minutes and won't stop, blood everywhere").redFlags.map((f) => f.id)).toContain('heavy_bleeding');
  });
});

describe('what is said at the triage window', () => {
  it('"He\'s 18 months" is the age of a little one, so adult scores are not used for him', () => {
    const r = assess("Mum: He's 18 months, he ran into the coffee table and there's an egg on his forehead, it came up so fast I panicked. He cried straight away. He's not been sick, he's running about. Obs: HR 118, RR 26, GCS 15");
    expect(r.context.ageMonths).toBe(18);
    expect(r.level).toBe('self_care');
    expect(finding(r, 'panic_attack')).toBeUndefined();
  });
  it('sight that "went grey like a curtain" is a loss of vision (with giant cell arteritis signs, an emergency), not a grey face', () => {
    const r = assess("I'm 76. I've had a headache on the right side for a week and my scalp's tender when I brush my hair, my jaw aches when I chew. This morning the sight in my right eye went grey for a few minutes, like a curtain.");
    expect(finding(r, 'vision_loss')?.present).toBe(true);
    expect(finding(r, 'pale_mottled_skin')).toBeUndefined();
    expect(r.level).toBe('emergency');
  });
  it('"it\'s gone red" is a change, not the end of the eye pain', () => {
    expect(finding(assess("My right eye started hurting tonight, it's gone red and the light has rainbow rings round it"), 'eye_pain')?.present).toBe(true);
    expect(finding(assess("had a headache this morning, it's gone now"), 'headache')?.present).toBe(false);
  });
  it('a swallowed button battery still counts when "it\'s gone"', () => {
    const r = assess("Mum: I think he's swallowed one of those little flat batteries from the car key, it's gone and the back was off. He's 2. He seems fine.");
    expect(['emergency', 'emergency_ambulance']).toContain(r.level);
  });
  it('in pregnancy, bleeding with no place named is vaginal bleeding; spotting keeps its own rules', () => {
    const r = assess("(F, 33) I'm 30 weeks. I've had some bleeding, it's soaked a pad in the last half hour. There's no pain at all.");
    expect(finding(r, 'vaginal_bleeding')?.present).toBe(true);
    expect(r.level).toBe('emergency');
    expect(finding(assess("I'm 20 weeks pregnant and cut my finger, it's bleeding"), 'vaginal_bleeding')).toBeUndefined();
  });
});

describe('carers and plain words (lay development half)', () => {
  it('a feared break after a twist the child can walk on, with no bony tenderness, is a sprain; a bent wrist is not withdrawn', () => {
    const sprain = assess("My son is 16. He went over on his ankle playing football yesterday. It's swollen and bruised but he can walk more than a few steps on it with a limp. The bony bits don't hurt when I press them. I'm worried it's broken.");
    expect(['emergency', 'emergency_ambulance']).not.toContain(sprain.level);
    expect(assess("I fell off my bike and I think I broke my wrist, it's bent").level).toBe('emergency');
  });
  it('home blood pressure readings told as "165 over 100" are read as a blood pressure', () => {
    const r = assess("I'm 49. I bought a blood pressure machine and my readings this week are around 165 over 100. I feel completely well.");
    expect(r.context.vitals.systolicBp).toBe(165);
    expect(r.level).not.toBe('self_care');
  });
  it('a verruca that has been there for months is still self-care; a man with a urine infection is seen the same day', () => {
    expect(assess('My son is 15. He has a hard rough bump on the bottom of his foot with tiny black dots in it, it has been there about two months. It hurts a bit when he walks.').level).toBe('self_care');
    expect(assess("I'm a 45 year old man. For two days it's burned when I pee and I keep needing to go.").level).toBe('consultation_24');
    expect(assess("I'm a 45 year old woman. For two days it's burned when I pee and I keep needing to go.").level).not.toBe('consultation_24');
  });
});

describe('what is said at the triage window (more)', () => {
  it('a sentence that opens by saying it is over ends what the last sentence told', () => {
    const r = assess("I'm 22. I honestly thought I was dying, my heart was pounding, my fingers and lips went tingly and I couldn't get enough air. It was in the queue at the supermarket. It's all calmed down now, exam stress.");
    expect(finding(r, 'palpitations')?.present).toBe(false);
    expect(['emergency', 'emergency_ambulance']).not.toContain(r.level);
    // A stroke sign that passed still counts (a TIA).
    const tia = assess('A 66-year-old woman says this morning her words came out muddled and her right hand would not hold her cup for fifteen minutes. Everything is back to normal now.');
    expect(['emergency', 'emergency_ambulance']).toContain(tia.level);
  });
  it('psychotic beliefs with an act that put him in danger are an emergency', () => {
    expect(assess("Mum: He's 24. He hasn't slept for four days, he says the telly's sending him messages about me. He tried to open the car door on the motorway on the way here.").level).toBe('emergency');
  });
  it('"pain down below" is a boy\'s testicle pain, and unread for anyone else', () => {
    expect(assess("Mum: He's 14, he woke up with pain down below, the left side of his... you know. He's been sick.").redFlags.map((f) => f.id)).toContain('testicular_pain_young');
    expect(finding(assess('I have pain down below when I have sex'), 'testicular_pain')).toBeUndefined();
  });
});

describe('low-acuity arrivals stay low', () => {
  it('a small cut that may need steri-strips is not a gaping wound, and "steri" is not STEMI', () => {
    const r = assess('A 28-year-old man cut his finger with a kitchen knife, bleeding controlled, small laceration that may need steri-strips.');
    expect(finding(r, 'heart_attack')).toBeUndefined();
    expect(finding(r, 'gaping_wound')).toBeUndefined();
    expect(r.level).toBe('self_care');
  });
  it('"burning when urinating" is painful urination', () => {
    expect(finding(assess('A 19-year-old woman has had burning when urinating for 1 day.'), 'painful_urination')?.present).toBe(true);
  });
});

describe('the person\'s own fright', () => {
  it('"I\'m panicking" beside a cold sore is not a symptom the cold sore has to explain', () => {
    expect(assess("I'm 35. Since this morning the corner of my top lip has been tingling and now there's a little blister coming. I've had cold sores before and it feels the same. I've got a wedding on Saturday and I'm panicking.").level).toBe('self_care');
  });
});

describe('a triage educator\'s scenarios (ed-11 development half)', () => {
  it('"pulse is irregular at 96" is a reading, not an age; a white, cold foot with a leg that "went dead" is a blocked artery', () => {
    const r = assess("A 68-year-old man says his left leg 'went dead' three hours ago. He has atrial fibrillation. The left foot is white and cold to touch, and he says moving his toes is hard. Pulse is irregular at 96.");
    expect(finding(r, 'irregular_pulse')?.present).toBe(true);
    expect(r.level).toBe('emergency_ambulance');
  });
  it('"I\'m so scared he\'ll have a fit" is a feared future, not a seizure', () => {
    const r = assess("A mother rushes in with her 3-year-old son, saying 'he's burning up, I'm so scared he'll have a fit'. He plays with the toy box. Temperature 38.0");
    expect(finding(r, 'seizure')?.present).toBe(false);
    expect(['emergency', 'emergency_ambulance']).not.toContain(r.level);
  });
  it('a gaping cut that has stopped bleeding is closed the same day, not an ambulance, however bloody the towel', () => {
    const r = assess("He cut the palm on a broken glass twenty minutes ago, a blood-soaked tea towel round it. Under the towel is a 3 cm gaping cut that has stopped bleeding with pressure.");
    expect(r.level).not.toBe('emergency_ambulance');
  });
  it('a red, shiny, swollen big-toe joint is a same-day check, not a sprain', () => {
    expect(assess('A 67-year-old man: his right big toe is too sore for a shoe. The joint at the base of the toe is red, shiny and swollen. He has had gout before.').level).toBe('consultation_24');
  });
  it('thick speech and veering to one side with double vision are stroke signs', () => {
    expect(assess('A 50-year-old woman: the dizziness started suddenly two hours ago with double vision. When she walks she veers to the left, and her speech sounds slightly thick.').level).toBe('emergency_ambulance');
  });
});

describe('after an operation', () => {
  it('a fever with redness at the wound days after an operation is an emergency (NICE NG51: two moderate risks)', () => {
    expect(['emergency', 'emergency_ambulance']).toContain(assess('s/p appendectomy 5 days ago, now fever and wound redness').level);
  });
});

describe('over-triage from the triage window (ed-10 development half)', () => {
  it('a child\'s nosebleed that "poured" but stopped after pinching is a short nosebleed', () => {
    expect(assess("Dad: She's 7. There was blood everywhere, all down her school shirt, it just poured out of her nose. I pinched it like the website said and it stopped after ten minutes.").level).toBe('self_care');
  });
  it('a severe sore throat in someone who can still drink is not a same-day red flag', () => {
    expect(assess("(M, 25) My throat's agony, like swallowing glass, I haven't slept. I can still drink and eat soft stuff. Had a cold for three days.").redFlags.map((f) => f.id)).not.toContain('sore_throat_severe');
  });
  it('a kettle splash the size of a coin with no blisters is a small scald', () => {
    expect(assess("(M, 27) Splashed the kettle on my forearm, it's red and stings like crazy, about the size of a 50p. No blisters. I ran it under the tap for twenty minutes.").level).toBe('self_care');
  });
});

describe('coughing up blood', () => {
  it('a little blood is a same-day check; with breathlessness or a lot of blood it is an emergency (NHS Coughing up blood)', () => {
    expect(assess('I coughed up blood this morning').level).toBe('consultation_24');
    expect(['emergency', 'emergency_ambulance']).toContain(assess("I coughed up blood this morning and I'm short of breath").level);
    expect(assess('coughing up lots of blood').level).toBe('emergency_ambulance');
  });
});

describe('bladder and back (NHS Cauda equina syndrome and Sciatica)', () => {
  it('loss of bladder control with back pain is an emergency; a leak when coughing, or trouble peeing alone, is not', () => {
    expect(emergent("my back is killing me and I've wet myself")).toBe(true);
    expect(emergent("I've wet myself a few times when I cough")).toBe(false);
    expect(emergent('I have trouble peeing')).toBe(false);
    expect(emergent('struggling to pee and it burns')).toBe(false);
  });
  it('trouble passing urine with back pain going down the legs is an emergency', () => {
    expect(emergent('back pain going into both legs and trouble passing urine since this morning')).toBe(true);
  });
  it('back pain going down both legs (sciatica on both sides) is an emergency', () => {
    expect(emergent('back pain shooting down both legs since yesterday')).toBe(true);
    expect(emergent('back pain shooting down my left leg since yesterday')).toBe(false);
  });
});

describe('a possible ectopic pregnancy with a fast pulse, and paranoid beliefs in other words', () => {
  it('tummy pain with a late period is seen today; with a pulse over 100 it is an emergency', () => {
    expect(assess('lower tummy pain on the right for 6 hours, my period is 7 weeks late').level).toBe('consultation_24');
    expect(assess('A 29-year-old woman with lower abdominal pain on the right for 6 hours. Her last period was 7 weeks ago. HR 112, BP 104/68.').level).toBe('emergency');
  });
  it('"people are trying to poison him" with agitation is a mental health emergency; poisoning weeds is not a belief', () => {
    expect(assess('A 30-year-old man brought by police, agitated, shouting, says people are trying to poison him.').level).toBe('emergency');
    expect(finding(assess("I'm trying to poison the weeds in the garden and got some on my hand"), 'paranoid_beliefs')).toBeUndefined();
  });
});

describe('emergency signs in other words (triage-senses development halves)', () => {
  it.each([
    "my dad keeps forgetting where he is and his words are all mixed up since lunch",
    'whacked my head on the cupboard and I think I blacked out for a bit',
    'flatmate found him suspended from the door, there is a ligature mark on his neck',
    'a car hit him while he was crossing, he is lying in the road',
    'the voice keeps telling me to jump, it will not stop',
    "I've got all my pills out on the table and I want it to end",
    'my son was dragged under by a wave and the lifeguard pulled him out, he is coughing a lot',
    'a guy forced himself on me last night and I am sore and bleeding',
    'I swallowed some magnetic beads from my sister\'s toy',
    'I keep having urges to stab my partner',
    'splashed oven cleaner on my hand and the skin has gone white',
    'stepped on a needle on the beach, there was a syringe next to it',
    'the grease gun went off against my finger, tiny hole but it is swelling',
    'my toddler got hold of my tablets, some tablets are missing from the packet',
    'scalded my privates getting into the bath, it has blistered',
    'crashed into a wall, there is a bruise where the seatbelt was and my tummy hurts',
    'she has had fits since breakfast and is not coming round',
    'took a viagra and it is still up hours later and hurting',
    'my back has been playing up and now I cannot feel the toilet paper when I wipe',
    'passed out halfway through a race and came round on the track',
    'fainted at work and now my heart keeps fluttering',
    'nan slipped in the kitchen and can\'t get up, her foot is flopped out sideways',
  ])('%j is an emergency', (text) => {
    expect(emergent(text)).toBe(true);
  });
  it.each([
    'I take iron tablets and my poo has gone dark',
    'my son plays with magnetic balls, are they safe?',
    'one of my legs has always been a bit shorter than the other',
    'I have had a feeling of something in my throat for weeks, no trouble swallowing',
  ])('%j is not an emergency', (text) => {
    expect(emergent(text)).toBe(false);
  });
});

describe('high-risk presentations in mild words (own one-liners)', () => {
  it('constant or severe tummy pain after 20 weeks of pregnancy is an emergency; cramps that come and go are not', () => {
    expect(emergent("I'm 33 weeks pregnant and I've had constant tummy pain for an hour")).toBe(true);
    expect(emergent("I'm 30 weeks pregnant and get tummy cramps that come and go after walking")).toBe(false);
  });
  it('a fever with tummy pain days after an operation is an emergency; an old operation is only history', () => {
    expect(emergent('had my bowel operation 5 days ago, now a temperature of 38.5 and my tummy hurts more')).toBe(true);
    expect(emergent('I had my appendix out 10 years ago and now I have a fever and tummy ache')).toBe(false);
  });
  it('a tooth infection with a mouth that will not open is an emergency', () => {
    expect(emergent("bad toothache, my face is swollen and I can't open my mouth properly")).toBe(true);
  });
});

describe('combination emergencies in ordinary words (triage-senses-4..7 development halves)', () => {
  it.each([
    "my 8 month old is burning up, won't take her bottle and her nappy's been dry since breakfast",
    'the soft spot on his head looks swollen and he has a shrill cry',
    "I'm 58 and have had an ache behind my breastbone for 40 minutes while resting",
    "can't finish my sentences and my blue inhaler isn't doing anything",
    'temperature of 39 and he yelps when he tips his head forward, the lights hurt his eyes',
    "my husband is 81, feverish and keeps nodding off mid sentence",
    "I'm 16, my privates hurt really bad on one side since I woke up",
    'I think I am 37 weeks, my waters went and something soft is hanging down between my legs',
    'kitchen fire, his eyebrows are singed and his voice is croaky',
    "my 2 year old has a fever and won't put her left foot down",
    'found him in his freezing flat, his skin is ice cold and he is mumbling',
  ])('%j is an emergency', (text) => {
    expect(emergent(text)).toBe(true);
  });
  it('a burning feeling behind the breastbone after a big meal is heartburn, not chest pain', () => {
    expect(finding(assess('burning feeling behind my breastbone after a big curry'), 'chest_pain')).toBeUndefined();
  });
});

describe('an emergency event read from its two halves anywhere in the sentence (compositions)', () => {
  it.each([
    ['a needle poking out of the bin bag went straight into my thumb', true],
    ['I pricked my finger with a sewing needle', false],
    ['my son had his jab today and the arm is red where the needle went in', false],
    ['the drain cleaner with caustic in it splashed up onto my forearm', true],
    ['I use bleach to clean and my hands are dry', false],
    ['my son got zapped by the mains when he poked a fork in the socket', true],
    ['got a small static shock from the car door', false],
    ['the lifeguard dragged him out of the pool and he is coughing', true],
    ['we pulled the kayak out of the river', false],
    ['she had a cord wrapped round her neck when I found her', true],
    ['he was clipped by a van while cycling to work', true],
    ['my car got hit in the car park', false],
    ['my toddler swallowed a screw from the shelf kit', true],
    ['scalded his privates when he sat in the bath', true],
    ['my erection has lasted 5 hours and hurts', true],
    ['a dark stripe of bruising across my chest where the seatbelt went', true],
  ])('%j -> emergency: %s', (text, expected) => {
    expect(emergent(text)).toBe(expected);
  });
});

describe('more combinations in ordinary words (triage-senses-5..7 development halves)', () => {
  it.each([
    ['fever of 39 and she cries if she tries to bend her neck', true],
    ['my eyelid has drooped since yesterday and I see double', true],
    ['suddenly the room is spinning and I keep lurching to one side like I am drunk', true],
    ['I get vertigo when I roll over in bed, it lasts a few seconds', false],
    ['my toddler knocked a cup of coffee onto his arm and it is blistering', true],
    ["I'm 58, diabetic, this indigestion has gone on 2 hours and the Gaviscon hasn't helped", true],
    ["I'm 40, heartburn after pizza, Gaviscon didn't help much", false],
    ["I have Addison's and I've been vomiting all night and can't keep my tablets down", true],
    ['32 weeks pregnant and my bump keeps going hard every 5 minutes', true],
    ['my son was born this morning and his skin looks yellow', true],
    ['the cord was wrapped round the baby\'s neck at birth but she is fine now, 3 weeks old and feeding well', false],
  ])('%j -> emergency: %s', (text, expected) => {
    expect(emergent(text)).toBe(expected);
  });
});

describe('severe pain in the side or loin', () => {
  it('pain in the loin that has him pacing, 10/10 with vomiting, is an emergency; a mild side ache is not', () => {
    expect(['emergency', 'emergency_ambulance']).toContain(assess('he is holding his right flank, rates the pain 9/10, keeps pacing and has been sick').level);
    expect(['emergency', 'emergency_ambulance']).not.toContain(assess('mild ache in my side, 3/10, after gardening').level);
  });
});

describe('emergency conditions told as they present (triage-conditions development halves)', () => {
  it.each([
    ['78M, belly swollen, vomiting, no flatus since yesterday, colicky pain', true],
    ["electrician, 'got a belt off a live 240 volt board', says his chest feels fluttery", true],
    ["'the lights went out in my left eye' an hour ago, painless", true],
    ['head-to-head clash at football, dazed for a minute and has vomited', true],
    ["cut my knuckle on a guy's tooth in a fight, now it's red and swollen", true],
    ['fainted at my blood test, was out for a few seconds, fine now', false],
  ])('%j -> at least same-day or emergency as expected: emergency %s', (text, expected) => {
    if (expected) expect(['consultation_24', 'emergency', 'emergency_ambulance']).toContain(assess(text).level);
    if (expected && !text.includes('knuckle')) expect(emergent(text)).toBe(true);
    if (!expected) expect(emergent(text)).toBe(false);
  });
});

describe('mimics of emergencies read in their own sense (triage-conditions development halves)', () => {
  it.each([
    ['up three times a night to pee, weak stream and dribbling after', 'drooling'],
    ['pulled a muscle in my back lifting, point tender over the paraspinal muscles', 'possible_fracture'],
    ['toothache for 3 days, small swelling on the gum, face not swollen', 'swelling_face_lips_tongue'],
    ["tight chest and wheezy since my cold, I'm asthmatic and using my inhaler", 'chest_pain'],
  ])('%j is not read as %s', (text, concept) => {
    expect(finding(assess(text), concept)).toBeUndefined();
  });
  it('a drooling child who cannot swallow, and crushing chest pain in someone with asthma, are still emergencies', () => {
    expect(emergent("my son is drooling and can't swallow his spit")).toBe(true);
    expect(emergent("crushing chest pain and sweating, I'm asthmatic")).toBe(true);
  });
});

describe('conditions and rules of pregnancy hold only in their weeks', () => {
  it('an ectopic pregnancy is an early one; reduced movements are from 24 weeks', () => {
    expect(emergent('I am 6 weeks pregnant and have sharp pain low on my right side')).toBe(true);
    expect(emergent('24 weeks pregnant, a sharp twinge low on my right side when I stand up quickly, lasts seconds')).toBe(false);
    expect(emergent("I'm 16 weeks and haven't felt any kicks yet")).toBe(false);
    expect(emergent("I'm 34 weeks and haven't felt the baby move since yesterday")).toBe(true);
  });
});

describe('frostbite and spreading redness told as seen', () => {
  it('toes white-grey and waxy after a night outside is an emergency; fingers that go white in the cold are not', () => {
    expect(emergent('slept outside last night at minus 5, my toes are white-grey and hard and waxy and I cannot feel them')).toBe(true);
    expect(emergent('my fingers go white in the cold and then red')).toBe(false);
  });
  it('a red patch halfway up the leg with shivering is an emergency', () => {
    expect(emergent("the red patch on my calf is now halfway up my leg and I've got the shivers")).toBe(true);
  });
});

describe('a neck injury from a bike fall with tingling hands', () => {
  it('is an emergency (possible spinal injury)', () => {
    expect(emergent('went over the handlebars this morning, my neck hurts and both hands are tingling')).toBe(true);
  });
});

describe('a child limping without an injury', () => {
  it('is seen by a GP, not managed at home (NHS Limping in children)', () => {
    expect(assess('my 5 year old has been limping since he woke up, no fall, a bit of hip pain, otherwise happy').level).not.toBe('self_care');
  });
});

describe('a reliever that is doing its job', () => {
  it('a wheezy cold with good relief from the inhaler is not a bad asthma attack; a reliever that does not help is', () => {
    expect(emergent("I'm asthmatic, a bit wheezy since catching a cold, salbutamol a few times a day with good relief")).toBe(false);
    expect(assess("I'm wheezy with a cold, my inhaler helps but I'm using it every 3 hours").level).toBe('consultation_24');
    expect(emergent("I'm wheezy and my blue inhaler isn't helping at all")).toBe(true);
  });
});

describe('American emergency-department wording', () => {
  it.each<[string, string]>([
    ['38 yo M s/p GSW to L chest, c/o SOB', 'penetrating_injury'],
    ['29 yo M s/p MVC, c/o neck pain', 'road_collision'],
    ['72 yo F s/p mechanical fall at home, hit head, on Eliquis', 'injury_fall'],
  ])('"s/p" before an injury is what brought the patient in: %j', (text, concept) => {
    expect(finding(assess(text), concept)?.present).toBe(true);
  });

  it('"s/p" before an operation is still history', () => {
    expect(finding(assess('h/o CAD s/p CABG, c/o epigastric pain'), 'recent_surgery')?.present).not.toBe(true);
  });

  it.each<[string, string]>([
    ["I don't think I can breathe properly", 'shortness_of_breath'],
    ["Ive been saving up my sleeping pills and i have enough now", 'suicide_plan'],
    ['she took all her blood pressure tablets', 'overdose'],
  ])('"don\'t think I can" is "can\'t", and a kind of pill sits inside a phrase: %j', (text, concept) => {
    expect(finding(assess(text), concept)?.present).toBe(true);
  });

  it('"I don\'t think I have a fever" denies it', () => {
    expect(finding(assess("I don't think I have a fever"), 'fever')?.present).toBe(false);
  });

  it.each<[string, number]>([
    ['44 yo M s/p fall ~15 ft, back pain', 4.6],
    ['fell from a height of 12 feet onto concrete', 3.7],
    ['fell about 3 m from scaffolding', 3],
  ])('reads the height of a fall: %j', (text, metres) => {
    expect(assess(text).context.fallMetres).toBe(metres);
  });

  it('a fall of 2 m or more, or a crash at 30 mph or more, is a dangerous mechanism; a slower one is not', () => {
    expect(assess('fell 10 feet off a ladder, wrist sore').level).toMatch(/^emergency/);
    expect(assess('laid down his motorcycle at around 45 mph, wrist sore').level).toMatch(/^emergency/);
    expect(assess('rear ended at about 10 mph, neck a bit stiff').level).toBe('consultation_24');
  });

  it('a crash or a blow to the bump from 20 weeks of pregnancy is checked now; before 20 weeks it is not an emergency', () => {
    expect(assess("I'm 30 weeks pregnant and was in a low-speed rear-end collision, I feel fine").level).toBe('emergency');
    expect(assess("I'm 32 weeks pregnant, slipped on the ice and landed on my bump").level).toBe('emergency');
    expect(assess("I'm 10 weeks pregnant and was in a minor car accident, no pain").level).not.toMatch(/^emergency/);
  });

  it("a breastfeeding mother who gives her own age is the patient, not her baby; a baby with the fever still is", () => {
    const mother = assess("31F, my baby is 3 weeks old and I'm breastfeeding. my left breast is hard, red and painful and I've got a fever of 101");
    expect(mother.context.ageYears).toBe(31);
    expect(mother.redFlags.map((f) => f.id)).not.toContain('fever_under_3_months');
    expect(assess("I'm 28 and breastfeeding my 6 week old, she has a temperature of 38.5").level).toMatch(/^emergency/);
  });
});

describe('American charting: ages, counts and mechanisms', () => {
  it.each<[string, number]>([
    ['10 mo F runny nose and cough x 2 days, RR 32', 0],
    ['3 wk M with fever 100.6 F', 0],
    ['BIBA 18 mo M, seizure at home', 1],
  ])('"mo"/"wk" ages: %j', (text, years) => {
    expect(assess(text).context.ageYears).toBe(years);
  });

  it('"cough x 2 mo" is a duration, not an age', () => {
    expect(assess('cough x 2 mo, 45 M').context.ageYears).toBe(45);
  });

  it('a breathing rate normal for a 10-month-old is not sepsis', () => {
    expect(assess('10 mo F runny nose and cough x 2 days. T 99.8 F. Feeding well, playful. RR 32, SpO2 99%.').level).not.toMatch(/^emergency/);
  });

  it('"took maybe 20 or 30" of a medicine is an overdose', () => {
    expect(assess('found an empty bottle of Extra Strength Tylenol; she says she took "maybe 20 or 30" about six hours ago and feels fine').level).toBe('emergency_ambulance');
    expect(assess('I took 20 minutes to walk here').context.tabletCount).toBeUndefined();
  });

  it('the "M" of "14 yo M fell" is no metre, and a fall of 2 ft is no fall from a height', () => {
    expect(finding(assess('14 yo M fell off skateboard onto outstretched L hand, wrist sore'), 'high_energy_injury')).toBeUndefined();
    expect(finding(assess('fell 2 ft off a step, ankle sore'), 'high_energy_injury')).toBeUndefined();
  });

  it('a nose the person thinks is broken is not an emergency by that alone', () => {
    expect(assess("22 yo M elbowed in nose at basketball, nosebleed stopped. 'I think it's broken.' Mild swelling").level).not.toMatch(/^emergency/);
    expect(assess('I fell off my bike and I think I broke my wrist').level).toBe('emergency');
  });
});

describe('small things people manage at home, and the one beside them that is not', () => {
  it('a bump on the eyelid is a stye; a white sore inside the lip a mouth ulcer: self-care', () => {
    expect(assess('I have a tender red bump on the edge of my upper eyelid since yesterday, like a pimple. I can see normally.').level).toBe('self_care');
    expect(assess("I've had a painful little white sore inside my lower lip for three days, it stings with salty food").level).toBe('self_care');
  });
  it('a swollen eyelid with a fever is an emergency (possible infection around the eye)', () => {
    expect(assess('my son is 6, his eye is swollen shut and he has a fever of 38.6').level).toBe('emergency');
  });
  it('"a white bump on her bottom gum" is no lump at the back passage', () => {
    expect(finding(assess('I can see a white bump on her bottom gum, she is teething'), 'lump_near_anus')).toBeUndefined();
  });
  it('burning behind the breastbone going up into the throat is heartburn', () => {
    expect(finding(assess('after a spicy pizza I got a burning feeling behind my breastbone going up into my throat'), 'heartburn')?.present).toBe(true);
  });
});

describe('a minor problem that has already passed', () => {
  it('fits its self-care pattern ("heartburn after a spicy meal, gone with an antacid")', () => {
    expect(assess('after a big spicy dinner I got a burning feeling behind my breastbone going up into my throat. I took an antacid and it mostly went away').level).toBe('self_care');
  });
  it('but a passed emergency sign does not, and a passed episode that fits nothing still goes to a clinician', () => {
    expect(assess("my arm went weak for 10 minutes but it's back to normal now").level).toBe('emergency_ambulance');
    expect(assess('I had a strange turn yesterday and it went away after an hour').level).not.toBe('self_care');
  });
});

describe('what a novice triage nurse misses', () => {
  it('"has been" inside a phrase reads as "been": "my jaw has been aching", "the room has been spinning"', () => {
    expect(finding(assess('My jaw has been aching on and off since this morning'), 'pain_spreading_arm_jaw')?.present).toBe(true);
    const spinning = assess('since this morning the room has been spinning');
    expect(finding(spinning, 'vertigo')?.present || finding(spinning, 'dizziness')?.present).toBe(true);
  });
  it('a spinning feeling with falling to one side or being unable to stand is a possible stroke', () => {
    expect(assess('80 yo, since this morning the room has been spinning and she keeps falling to the left').level).toMatch(/^emergency/);
    expect(assess('the room spins for a few seconds when I roll over in bed').level).not.toMatch(/^emergency/);
  });
  it('low blood sugar with strange or aggressive behaviour is an emergency, never self-care', () => {
    expect(assess('He has an insulin pump thing, he has been acting really weird and aggressive for an hour. Fingerstick glucose is 38 mg/dL.').level).toBe('emergency_ambulance');
  });
  it('"put his cup down and it fell" is not a fall; "she thought it was her teeth" at 55 is not teething', () => {
    expect(finding(assess('he put his coffee cup down on the edge of the table and it fell'), 'injury_fall')).toBeUndefined();
    expect(finding(assess('A 55-year-old woman with jaw ache, she thought it was her teeth'), 'teething')).toBeUndefined();
  });
  it('a racing heart with sweats for months is not an attack now', () => {
    expect(assess("I'm 32. For about two months my heart has been racing even when I'm resting, I'm hot and sweaty when others are cold").level).not.toMatch(/^emergency/);
    expect(assess('my heart is racing and I am pale and sweaty').level).toMatch(/^emergency/);
  });
});

describe('bleeds that stopped, pulses that are irregular, attacks that always passed', () => {
  it('a heavy nosebleed that stopped with pinching is looked after at home', () => {
    expect(assess("my 4yo got a nosebleed, lots of blood on his shirt, we pinched it and it stopped after about 5 min. he's playing now").level).toBe('self_care');
    expect(assess("my son's nose has been pouring blood for 30 minutes and it won't stop").level).toBe('emergency_ambulance');
  });
  it('"HR 104 irregular" is an irregular pulse; with palpitations an ECG today', () => {
    const r = assess('66 yo M c/o on and off palpitations x 2 days, no CP, no SOB. HR 104 irregular, BP 134/82');
    expect(finding(r, 'irregular_pulse')?.present).toBe(true);
    expect(r.level).toBe('consultation_24');
  });
  it('"they always went away" ends past attacks, not this one', () => {
    const r = assess("She has vomited twice. I've had attacks like this before but they always went away.");
    expect(finding(r, 'vomiting')?.present).toBe(true);
  });
});

describe('the detail in a minor-sounding story', () => {
  it('a Fahrenheit reading taken for warmth is a temperature, though not named ("it was 100.8 in her bottom")', () => {
    expect(assess('Our 5-week-old felt warm so we checked, it was 100.8 in her bottom.').level).toBe('emergency');
    expect(assess('he weighs 100.5 lbs and feels warm').context.vitals.temperatureC).toBeUndefined();
  });
  it('a toddler who swallowed one of a grandparent\'s pills has had someone else\'s medicine', () => {
    expect(assess('A grandmother brings in her 3-year-old grandson. He got into my pill box, I think he swallowed one of my blood pressure pills. He looks fine.').level).toMatch(/^emergency/);
  });
  it('a household with headaches and a gas space heater is possible carbon monoxide', () => {
    expect(assess("I have a headache, everybody in the house has one and the kids are throwing up. We've been running a gas space heater.").level).toMatch(/^emergency/);
  });
  it('"took a bunch of Tylenol" is an overdose; "took a bunch of photos" is not', () => {
    expect(finding(assess('he took a bunch of Tylenol after a fight with his girlfriend'), 'overdose')?.present).toBe(true);
    expect(finding(assess('I took a bunch of photos at the beach and got sunburnt'), 'overdose')).toBeUndefined();
  });
});

describe('pregnancy, shunts and stubbed toes', () => {
  it('a raised blood pressure from 20 weeks with heartburn-like pain and vomiting is possible pre-eclampsia', () => {
    expect(assess('35 yo at 31 weeks pregnant with terrible heartburn under her ribs that Tums is not helping, threw up twice. BP 152/98').level).toBe('emergency');
    expect(assess('I am 12 weeks pregnant with heartburn, BP 142/88').level).not.toMatch(/^emergency/);
  });
  it('fluid that keeps leaking in pregnancy is possible waters breaking; in an older woman it is not', () => {
    expect(assess("I'm 26 weeks pregnant, I think I peed myself but it keeps leaking when I stand up").level).toBe('emergency');
    expect(assess("I'm 70 and my bladder keeps leaking when I stand up").level).not.toMatch(/^emergency/);
  });
  it('a headache and vomiting with a brain shunt is an emergency', () => {
    expect(assess('my daughter has a VP shunt and has a headache and keeps throwing up').level).toMatch(/^emergency/);
  });
  it('a stubbed toe someone thinks is broken, walking on it, is not an emergency', () => {
    expect(assess("he stubbed his toe last night, it's purple and swollen but he can walk. I think it's broken").level).not.toMatch(/^emergency/);
  });
});

describe('the tenth round of teaching scenarios', () => {
  it('"now it\'s down on the right" is where the pain is, not that it has eased', () => {
    const r = assess("My stomach started hurting around my belly button last night and now it's down on the right.");
    expect(finding(r, 'abdominal_pain')?.present).toBe(true);
    expect(finding(assess('my temperature has come down today'), 'fever')?.present).toBe(false);
  });
  it('tingling feet with new leg weakness and an unsteady walk is an emergency', () => {
    expect(assess('My feet have been tingling for a few days and today my legs just feel weak. He walks with a wide, unsteady gait.').level).toBe('emergency');
  });
  it('"a bunch of us have headaches" with a furnace just turned on is possible carbon monoxide', () => {
    expect(assess('All three of us have had headaches and felt sick since last night. The furnace was just turned on for the season.').level).toMatch(/^emergency/);
  });
  it('"basketball rebound", "snorting when she breathes", a baby\'s swollen gum and "nothing sudden" are read in their sense', () => {
    expect(finding(assess('I jammed my finger going for a rebound, it is a little swollen'), 'rebound_tenderness')).toBeUndefined();
    expect(finding(assess('My 3-month-old sounds stuffy, like she is snorting when she breathes'), 'stimulant_drug_use')).toBeUndefined();
    expect(finding(assess('My 9-month-old is drooling and his bottom gum looks swollen'), 'swollen_gum')).toBeUndefined();
    expect(finding(assess('a band-like headache, no weakness, nothing sudden'), 'sudden_onset')?.present).toBe(false);
  });
});

describe('thirst, mood and weight in American words', () => {
  it('thirst for weeks with peeing all the time is raised sugar, not dehydration; thirst with vomiting today still is', () => {
    const r = assess("I'm 55 and over the last couple of months I've been really thirsty, peeing all the time and getting up at night for it");
    expect(finding(r, 'excessive_thirst')?.present).toBe(true);
    expect(finding(r, 'dehydration')).toBeUndefined();
    expect(finding(assess("I've been throwing up all day and I'm really thirsty"), 'dehydration')?.present).toBe(true);
  });
  it('"I\'ve felt down and don\'t enjoy anything" for three weeks is low mood for a GP, not everyday stress', () => {
    expect(assess("for about three weeks I've felt down, I don't enjoy anything, and I'm sleeping badly").level).toBe('consultation');
  });
});

describe('the quick-fire quiz round', () => {
  it('a forearm "visibly angled" is a deformity, never self-care', () => {
    expect(assess('An 8-year-old fell off the monkey bars; her forearm is visibly angled.').level).toMatch(/^emergency/);
  });
  it('thoughts of not wanting to be here with a gun at home call an ambulance; a gun alone does not', () => {
    expect(assess("I don't want to be here anymore. I have my dad's gun at home.").level).toBe('emergency_ambulance');
    expect(assess('we have a gun at home, locked in a safe, and my son has a cough').level).not.toMatch(/^emergency/);
  });
  it('"When was your last chemo?" presupposes the chemo: with a fever it is possible neutropenic sepsis', () => {
    const r = assess('c/o a little chills. Nurse: "When was your last chemo?" Pt: "Nine days ago, for my breast cancer." T 100.6 F, HR 108.');
    expect(finding(r, 'chemotherapy')?.present).toBe(true);
    expect(r.level).toMatch(/^emergency/);
  });
  it('a stubbed toe is a minor injury even when the person thinks it is broken, if they can walk on it', () => {
    expect(assess("I'm 55 and stubbed my little toe on the bed frame last night, it's purple and sore. I can walk on it.").level).toBe('self_care');
  });
});

describe('the seventh round', () => {
  it('bruises on a young child\'s ears or of different ages are a safeguarding emergency; an older child\'s knock is not', () => {
    expect(assess('A babysitter brings in an 18-month-old who fell off the couch. Bruising on both ears and the torso in different colors.').level).toBe('emergency');
    expect(assess('my 10 year old has a bruise on his ear from football').level).not.toMatch(/^emergency/);
  });
  it('"cap refill 2 seconds" is no pneumonia; "a drip from my penis and it burns" is no burn', () => {
    expect(finding(assess('He is tired but alert. HR 118, cap refill 2 seconds.'), 'pneumonia')).toBeUndefined();
    expect(finding(assess("I've got some drip from my penis and it burns"), 'face_burn')).toBeUndefined();
  });
  it('an eye that "went dark, like someone pulled a shade down" is sudden loss of vision', () => {
    expect(assess('About an hour ago my right eye just went dark, like someone pulled a shade down. No pain.').level).toBe('emergency');
  });
  it('left shoulder pain with sweating at 70 is a possible heart attack', () => {
    expect(assess('70 y/o M c/o L shoulder pain, worse walking in from the parking lot. Sweaty.').level).toMatch(/^emergency/);
  });
});

describe('lay vignettes, round three', () => {
  it('"no chance I\'m pregnant" is not pregnant', () => {
    expect(assess("first day of my period, usual cramps low in my belly, and there's no chance I'm pregnant").context.pregnant).toBeFalsy();
  });
  it('hand, foot and mouth with a grumpy child off his food is self-care; a blistering rash with mouth sores after a new medicine is an emergency', () => {
    expect(assess("My son is 2. He has small red spots on his hands and the soles of his feet and sore spots in his mouth. His temperature is 38 and he won't eat much but he's drinking and having wet nappies. He's a bit grumpy.").level).toBe('self_care');
    expect(assess('I started a new medicine and now I have a fever, a blistering rash and sores in my mouth').level).toBe('emergency');
  });
  it('only a few steps after an ankle injury is an X-ray today (Ottawa), not self-care', () => {
    expect(assess("I'm 40 and rolled my ankle playing basketball last night. It's swollen and I can only take a couple of painful steps.").level).toBe('consultation_24');
  });
  it('a fever "for three days even with children\'s Tylenol" is not getting better', () => {
    expect(finding(assess("fever for three days now even with children's Tylenol"), 'not_improving')?.present).toBe(true);
  });
});

describe('vital signs told in words', () => {
  it('"hypotensive" with tummy pain is possible shock, never a mild tummy ache', () => {
    expect(assess('A 30-year-old woman with abdominal pain, she is hypotensive.').level).toBe('emergency');
  });
  it('"hypoxic" is a low oxygen level', () => {
    expect(assess('A 50-year-old, diaphoretic and hypoxic.').level).toBe('emergency_ambulance');
  });
  it('an abnormal sign told in words blocks self-care as a number does', () => {
    expect(assess('mild tummy ache since lunch, he is tachycardic').level).not.toBe('self_care');
  });
});

describe('a treatment phrase never takes an unresponsive person', () => {
  it('"he\'s not responding to us" is unresponsive; "has not responded to her medicine" is not getting better', () => {
    expect(assess("my dad collapsed and he's not responding to us").level).toBe('emergency_ambulance');
    expect(finding(assess('a migraine that has not responded to her medicine'), 'not_improving')?.present).toBe(true);
  });
});

describe('a bleed that stopped, and a pinched nerve that is no bleed', () => {
  it('"it stopped after a few minutes" beside a pinched nerve is not a bleed that stopped', () => {
    expect(finding(assess('I have a pinched nerve in my neck, the tingling came on and it stopped after a few minutes'), 'bleeding_stopped')).toBeUndefined();
    expect(finding(assess('nosebleed, we pinched it and leaned him forward and it stopped after about 5 min'), 'bleeding_stopped')?.present).toBe(true);
  });
});

describe('a medicine that was stopped', () => {
  it('a blood thinner stopped last month is not taken now', () => {
    expect(finding(assess('She has atrial fibrillation and stopped her blood thinner last month because of bruising.'), 'blood_thinners')?.present).toBe(false);
    expect(finding(assess('She has atrial fibrillation and takes a blood thinner.'), 'blood_thinners')?.present).toBe(true);
  });
  it('long-term steroids stopped suddenly still count (the adrenal glands take months to recover)', () => {
    expect(finding(assess('I was on prednisone for a year and stopped taking my prednisone 3 days ago'), 'long_term_steroids')?.present).toBe(true);
  });
});

describe('tummy pain with atrial fibrillation in an older person', () => {
  it('is an emergency (possible blocked blood supply to the bowel), not when the household has the same bug', () => {
    expect(assess('72 year old with AF and sudden bad stomach pain for 3 hours').level).toMatch(/^emergency/);
    expect(assess("70M, tummy cramps and loose stools since yesterday, wife has the same. AF on apixaban.").level).not.toMatch(/^emergency/);
  });
});

describe('a gaping cut', () => {
  it('that has stopped bleeding is closed today; a deep one or one still bleeding goes to the emergency department', () => {
    expect(assess('my 3 yr old split his chin, it gapes open when he opens his mouth, the bleeding stopped with pressure').level).toBe('consultation_24');
    expect(assess('cut my palm on a knife, it is gaping open and I can see yellowy fatty stuff, bleeding stopped with pressure').level).toBe('emergency');
    expect(assess('my cut is gaping open and still bleeding').level).toMatch(/^emergency/);
  });
});

describe('a faint with an everyday trigger', () => {
  it('pale and sweaty at the sight of a needle is the faint, not shock; a collapse with clammy skin and no trigger is', () => {
    expect(assess('He got pale and sweaty watching the needle, fainted for a few seconds and came to right away. Fine since.').level).not.toMatch(/^emergency/);
    expect(assess('she collapsed and is pale and clammy').level).toMatch(/^emergency/);
  });
});

describe('minimal presentations of high-risk situations (tenth blind US round)', () => {
  it.each([
    '27-year-old woman whose legs have been getting weaker and weaker over two days.',
    '56-year-old man who coughed up about a cup of blood.',
    '66-year-old man with a swollen belly, vomiting, no stool or gas for two days.',
    '9-month-old with bouts of screaming, pulling up legs, and red jelly-like stool.',
    '11-year-old boy with hemophilia who hit his head at recess.',
    '25-year-old motorcyclist thrown off at highway speed, walking and talking.',
    '8-year-old who hit his belly on bike handlebars, now with belly pain.',
    '17-year-old who swallowed a bottle of acetaminophen 3 hours ago, feels fine.',
    '36-year-old on new lamotrigine with fever, mouth sores and skin peeling.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it('"at highway speed" is how fast, not the drug', () => {
    expect(finding(assess('motorcyclist thrown off at highway speed'), 'stimulant_drug_use')).toBeUndefined();
    expect(finding(assess('he took speed at a party'), 'stimulant_drug_use')?.present).toBe(true);
  });
  it('an adult pattern does not fit a toddler whose age is not given', () => {
    expect(assess('my toddler has had diarrhea for 3 days, still peeing but less than normal').level).toBe('consultation_24');
    expect(assess('I have had diarrhoea since yesterday, drinking fine').level).toBe('self_care');
  });
  it("a paper cut 'bleeding so much' is a small cut; a gushing nosebleed that stopped is looked after at home", () => {
    expect(assess('omg paper cut on my finger and its bleeding so much').level).toBe('self_care');
    expect(assess('nose was gushing blood for 5 min after i blew it, its stopped now').level).toBe('self_care');
    expect(assess("my son's nose has been pouring blood for 30 minutes and it won't stop").level).toBe('emergency_ambulance');
  });
});

describe('minimal presentations of high-risk situations (two more blind checklists)', () => {
  it.each([
    '7-year-old asthmatic who can only get two or three words out between breaths.',
    '7-month-old with a heart defect waiting for surgery who turns blue and limp when crying.',
    '23-year-old, two weeks after a miscarriage procedure, fever and bad belly pain.',
    "45-year-old driver in a rollover on the highway, walking around, says he's fine.",
    '28-year-old got out of a house fire, hoarse with soot around her nose.',
    '17-year-old dove into a shallow lake, neck pain and his arms tingle.',
    '45-year-old with a new cast on his forearm, pain getting worse and fingers numb.',
    "3-year-old might have chewed one of grandpa's pain patches.",
    '38-year-old with a headache and nausea, whole family feels sick since the furnace came on.',
    '25-year-old took a bottle of her amitriptyline and is getting drowsy.',
    '19-year-old took molly at a rave, temp 104 and jaw clenching.',
    '22-year-old found with a needle next to him, breathing about 6 a minute.',
    '42-year-old with bipolar, no sleep for five days, gave away her car and climbed on the roof.',
    "48 yo F, headache hit 'like a bolt' while lifting, worst ever.",
    '28 yo F, legs weaker each day for 3 days, hands tingling, had diarrhea 2 wks ago.',
    "84 yo F, daughter says she's been mixed up and not herself since yesterday.",
    '44 yo M, neck pain and dizzy since a chiropractic neck adjustment this morning.',
    '36 yo F, 4 days after gastric bypass, HR 130, belly pain worsening.',
    '52 yo F started chemo for lymphoma 2 days ago, muscle cramps and barely peeing.',
    '81 yo F on thyroid pills, cold, slow and drowsy, HR 44.',
    '68 yo M with a mechanical heart valve, fevers for 3 days.',
    '26 yo F, 7 days after having tonsils out, spitting bright red blood.',
    '48 yo F, heart cath through the groin today, lump there growing and painful.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it.each([
    '27 yo M, sharp chest wall pain when he presses one spot, moved couches yesterday.',
    'he mixed up his pills this morning and took the evening ones, feels fine',
    'took a whole bottle of water after my run and feel sick',
  ])('%j does not', (text) => {
    expect(assess(text).level).not.toMatch(/^emergency/);
  });
  it('"breathing about 6 a minute" is a breathing rate', () => {
    expect(assess('found on the floor, breathing about 6 a minute').level).toBe('emergency_ambulance');
  });
});

describe('a blackout at 65 or over brought in by ambulance', () => {
  it('is an emergency with no trigger; a faint at the sight of blood is not', () => {
    expect(assess('72-year-old male. Chief complaint: LOC. Arrived by ambulance. BP 140/100, HR 60, RR 22, T 36, SpO2 94%.').level).toMatch(/^emergency/);
    expect(assess('70-year-old woman brought by ambulance after she fainted at the sight of blood when she cut her finger, fine now').level).not.toMatch(/^emergency/);
  });
});

describe('long-term conditions, treatments and devices that change an ordinary complaint (eleventh blind round)', () => {
  it.each([
    "67-year-old man on hemodialysis who missed yesterday's session and now feels weak all over.",
    '58-year-old man on peritoneal dialysis with cloudy drain fluid and belly pain.',
    '4-year-old with sickle cell disease who is pale, tired, and has a swollen left side of the belly.',
    '70-year-old man whose feeding tube was placed three days ago, now with belly pain and fever.',
    '64-year-old man with a PICC line who had shaking chills and fever right after his home IV infusion.',
    '31-year-old woman four days after IVF egg retrieval with a swollen belly and shortness of breath.',
    '64-year-old man two days after a prostate biopsy with a fever of 102 F and shaking chills.',
    '67-year-old woman two weeks after spine surgery with new leg weakness and trouble urinating.',
    '29-year-old man on clozapine with a fever and sore throat.',
    '60-year-old woman with myasthenia gravis who is having trouble swallowing and feels her breathing is weak.',
    '24-year-old man with a Fontan circulation with a racing heartbeat for two hours.',
    '65-year-old man with an ileostomy with no output for a day and repeated vomiting.',
    '68-year-old man two weeks after open-heart surgery with fever and a draining breastbone wound.',
    '6-year-old with leukemia and a central line with a temperature of 100.5 F.',
    "I have an overactive thyroid and stopped my pills, now I have a fever of 103, my heart's racing and I'm shaky and agitated",
    "I'm 26 weeks pregnant and I fell down the stairs onto my belly",
    'I spilled boiling water over my whole chest and arm',
    "my leg got crushed under a car at work, it's swollen tight, the pain is unbearable and my foot is numb",
    'I just coughed up about half a cup of bright red blood',
    'my husband got shocked by a power line at work, his hand has a burn but he says he feels fine',
    "my legs have gotten weaker over two days, it started as tingling in my feet and now I can't climb stairs",
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it.each([
    '31-year-old woman the day after IVF egg retrieval with mild bloating, eating and urinating normally.',
    "I'm 19 and I had a panic attack, my heart was racing and I felt like I couldn't breathe, but now I'm calm",
    'I missed a session at the gym and my legs feel weak',
  ])('%j does not', (text) => {
    expect(assess(text).level).not.toMatch(/^emergency/);
  });
});

describe('eyes, ENT, skin, genitals and bones, and vital-signs-first one-liners (twelfth blind round)', () => {
  it.each([
    '29 M, forearm crushed, tense, pain on finger stretch. HR 110',
    '5 d M, yellow, sleepy, poor feeding. Bili 24 mg/dL',
    '3-year-old with fever who refuses to move her neck and is drooling.',
    '74-year-old diabetic man with two weeks of severe ear pain and discharge, now his face droops on that side.',
    '27-year-old woman choked by her partner last night, now hoarse with pain on swallowing.',
    '70-year-old woman on apixaban still bleeding from a tooth socket after an extraction this morning, soaking gauze every few minutes.',
    '31-year-old painter whose fingertip was hit by a paint spray gun, tiny hole, finger now swelling.',
    'Newborn boy with a hard, dark, swollen scrotum.',
    '2-month-old with a hard lump in the groin who is crying inconsolably.',
    '24-year-old, 20 weeks pregnant, with burning urination, back pain and fever of 102 F.',
    '65-year-old with a knee replacement three weeks ago, knee now hot, swollen, and fever.',
    '30-year-old driver whose knee hit the dashboard, leg now shortened and turned in, cannot move the hip.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it.each([
    '50 M, bright red streaks on toilet paper. HR 74, BP 134/84',
    'my 3 month old has dry yellow flaky stuff on her scalp',
    '28 y/o F c/o burning with urination x3 days, now R back ache and chills. Negative home pregnancy test. Tolerating fluids. T 100.8',
  ])('%j does not', (text) => {
    expect(assess(text).level).not.toMatch(/^emergency/);
  });
  it('"negative pregnancy test" is not pregnant; "negative thoughts" are still thoughts', () => {
    expect(finding(assess('Negative home pregnancy test, tummy ache'), 'pregnancy')?.present).toBe(false);
    expect(assess('I keep having negative thoughts about ending my life').level).toMatch(/^emergency/);
  });
});

describe('ESI level 1 and 2 classics in a sentence', () => {
  it.each([
    'A 45-year-old woman is brought in apneic and being bagged by paramedics.',
    'A 30-year-old man arrives intubated after a motorcycle crash.',
    'A 3-month-old with a heart rate of 220 and poor color.',
    'A newborn delivered in the car, not breathing well.',
    'A woman in active labor, crowning.',
    'A 40-year-old man with a kidney stone history, writhing in pain.',
    'A 26-year-old who was hit by a car at 30 mph, alert, complaining of hip pain.',
    'A 61-year-old woman on dialysis with a potassium of 7.1.',
    'A 48-year-old man with sudden onset vertigo, vomiting, inability to walk.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it('"at 30 mph" is a speed and "at 7 weeks" a gestation, not an age that dates what came before', () => {
    expect(finding(assess('he was hit by a car at 30 mph'), 'high_energy_injury')?.context).toBe('current');
  });
  it('a reading at the end of a sentence is read ("a potassium of 7.1.", "INR of 6.2.")', () => {
    expect(triage.language.analyze('on dialysis with a potassium of 7.1.').person.vitals.potassiumMmol).toBe(7.1);
    expect(triage.language.analyze('INR of 6.2.').person.vitals.inr).toBe(6.2);
  });
});

describe('more ESI level 2 classics in a sentence', () => {
  it.each([
    'An 82-year-old woman from a nursing home with a fever of 38.9 C and decreased responsiveness.',
    'A 58-year-old man complains of back pain radiating to his groin; he has a history of an abdominal aortic aneurysm.',
    "A 29-year-old woman who took an unknown quantity of her mother's pills after an argument.",
    'A 31-year-old man with a history of IV drug use, fever and a new heart murmur.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
});

describe('children and pregnancy classics in a sentence', () => {
  it.each([
    'A 10-year-old with a known peanut allergy who ate a cookie and now has vomiting and hives.',
    'A 9-month-old who fell from a changing table, now with a boggy swelling on the side of the head.',
    'A 12-year-old with a headache, vomiting and a blood pressure of 170/110.',
    'A 3-week-old who is vomiting forcefully after every feed and seems hungry all the time, with fewer wet diapers.',
    'A 9-year-old with a cast on his arm complaining of increasing pain and his fingers are cold.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it('cold fingers are a tight cast only with a cast or an injury', () => {
    expect(assess('my fingers are cold today').level).not.toMatch(/^emergency/);
  });
});

describe('indigestion-like pain with sweating at 50 or over', () => {
  it('is an emergency within the day; at 30 it is not by that rule', () => {
    expect(assess("I'm 65 and I've had a weird pressure in my upper stomach for an hour, I feel sweaty and sick").level).toMatch(/^emergency/);
    expect(assess("I'm 30 and I've had a bit of stomach ache since lunch and felt sweaty in the heat").level).not.toMatch(/^emergency/);
  });
});

describe('found by the twelfth blind round (arrival narratives, carers, seen rather than said)', () => {
  it("a birth dated in weeks still counts for someone else: a wife's strange beliefs two weeks after the baby", () => {
    const text = "My wife had our baby 2 weeks ago and today she's saying the baby isn't really ours. She hasn't slept and she's talking really fast.";
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it('a fear of what may come is no stroke now; a face drooping now is', () => {
    expect(assess("My pressure is sky high, am I going to have a stroke? No headache, speaks and walks normally.").level).not.toMatch(/^emergency/);
    expect(assess('his face is drooping on one side since this morning').level).toMatch(/^emergency/);
  });
  it('black poo is an emergency unless bismuth or iron explains it, and with fainting it still is', () => {
    expect(assess('my poop is black and I feel fine').level).toMatch(/^emergency/);
    expect(assess("My poop is black. I've taken Pepto-Bismol for two days for an upset stomach, no dizziness.").level).toBe('consultation_24');
    expect(assess("I've been taking iron tablets. Now my poo is black and I fainted.").level).toMatch(/^emergency/);
  });
  it.each([
    '71 y/o M on furosemide, no AC during the heat wave. Lethargic, mouth dry, skin hot, answers slowly.',
    'My 16 yr old came home from a party and we can barely wake him up, he just groans.',
    '22 y/o M started haloperidol last week, stiff as a board, staring, sweating; temp 39.8 C.',
    '33F with epilepsy, right arm and face jerking for more than 10 minutes, not answering to her name.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
});

describe('an asthma flare told as mild is not an attack', () => {
  it('a known asthmatic wheezing but speaking in full sentences, the reliever helping, is seen the same day, not an emergency', () => {
    expect(assess("My daughter has asthma and she's wheezy since the pollen came out. Two puffs helped for about four hours, she's talking in full sentences.").level).toBe('consultation_24');
  });
  it('one who cannot finish a sentence is still an emergency', () => {
    expect(assess("my son has asthma, he's wheezy and can't speak in full sentences").level).toMatch(/^emergency/);
  });
});

describe('found by the fourteenth blind round (negatives, time, distractions)', () => {
  it.each([
    "idk why I'm even typing this, finals are crushing me. I've been saving up my mom's sleeping pills and I have enough now, I was planning on tonight.",
    "Writing for my husband, he's 71. When he smiled at me just now the right side of his mouth didn't move and his coffee cup slipped out of his right hand.",
    'Had my baby 6 days ago. Since this afternoon I am soaking a full pad every hour with big clots.',
    "My 7-year-old has had headaches every morning for 3 weeks with vomiting, and now she's walking like she's dizzy.",
    '4 yo with fever 5 days, red eyes without discharge, cracked red lips, swollen hands and feet.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it('a denial list goes on past an item of three unknown words ("bowel/bladder changes")', () => {
    expect(assess('35M, low back pain x 5 days after lifting a couch. Denies saddle anesthesia, bowel/bladder changes, fever, or leg weakness.').level).not.toMatch(/^emergency/);
  });
});

describe('found by the fifteenth blind round (EMS handovers, portal messages, severe pain, referrals)', () => {
  it.each([
    '50-year-old male found outside in the snow, wet clothes. Core temp 29.8, heart rate 42, mumbling.',
    '35-year-old male, police called by his sister. He cut both wrists, superficial, bleeding stopped. He says he has a gun at home and plans to use it tonight.',
    '29-year-old lineman, contact with a 7200-volt line. Burn on the right hand. Alert, hand swelling.',
    '28-year-old female, woke with a pounding headache and nausea, her husband too. Furnace was on all night. SpCO 14%.',
    '15-year-old boy, helmet-to-helmet hit. Now burning and tingling in both arms, grip weak bilaterally.',
    "My dad is 82 and on Eliquis. About an hour ago he got a sudden horrible pain in his right side and groin, and now he's pale and sweating.",
    'A 45-year-old man arrives by EMS after receiving 2 mg of naloxone in the field; he is now awake and asking to leave.',
    'A 60-year-old woman arrives by ambulance on a non-rebreather mask.',
    'A 50-year-old woman says "I feel like something terrible is going to happen" and is pale and sweaty.',
    "I have heart failure, my ankles are huge, I can't lie flat and I'm short of breath just sitting here.",
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it.each([
    "I'm 16 weeks pregnant and have a back tooth that's killing me, 8 out of 10, hurts to bite. No swelling, no fever.",
    '41F known gallstones, RUQ pain 7/10 after a fatty dinner, similar to 3 prior episodes, now easing after 2 hrs. Afebrile, not jaundiced.',
    'this is honestly the worst cold of my life, I feel like I got hit by a truck. Runny nose, sneezing, no fever.',
    '72-year-old male, nosebleed for about 15 minutes. Stopped with pressure and leaning forward. Not on blood thinners.',
    'had a tia on tuesday and been seen at the clinic. am i ok to drive?',
  ])('%j is not an emergency (a pain score bound to its site, a usual attack, a simile, a bleed that stopped, an event already seen)', (text) => {
    expect(assess(text).level).not.toMatch(/^emergency/);
  });
  it('severe tummy pain in pregnancy is still an ambulance', () => {
    expect(assess("I'm 30 weeks pregnant and my tummy pain is 9/10").level).toBe('emergency_ambulance');
  });
  it('a sore throat with a fever, swollen glands and no cough is seen, not self-care', () => {
    expect(assess('My throat is really sore and I have a fever of 101 and swollen glands in my neck. No cough.').level).not.toBe('self_care');
  });
});

describe('found by the sixteenth blind round (world Englishes, voice dictation, older adults)', () => {
  it.each([
    "My mother's mouth has gone to one side and she is not able to lift her right hand. Her talking is not coming out clearly.",
    'Hot oil from the kadai fell on my son. The skin is white and peeling in a big area, bigger than his two hands.',
    'a big piece of glass cut my leg and the blood is like squirting out every heartbeat',
    'okay so my husband is like sweating and grabbing his chess he says it feels like an elephant sitting on him',
    'my husband drank some anti freeze by accident it was in a Gatorade bottle',
    'I am 90, the runs for three days, my mouth is bone dry, I have hardly passed any water and my pulse is 118.',
    'I have not been able to pass a drop since last night, though I am bursting. My lower tummy is very painful.',
    'I must have fallen last night and I was on the floor until the mailman heard me this morning. I am 90.',
    'I am 86 and on a blood thinner. It has been bleeding for forty minutes through three tea towels and I cannot stop it.',
    "I'm diabetic and I've been vomiting all day",
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it('diarrhoea and cramps on metformin follow sick-day rules the same day, not the DKA ambulance', () => {
    expect(assess('Dear Doctor, I am 73. I have had the runs and tummy cramps for two days after a potluck. I take metformin.').level).toBe('consultation_24');
  });
});

describe('a taste of something that is not poisonous', () => {
  it.each([
    "my 3 year old ate a little bit of toothpaste off his brush, he's fine",
    '2-year-old chewed a silica gel packet from a shoebox, playing, no cough',
    'Our 3yo bit the end off a wax crayon and ate it, she is playing happily.',
  ])('%j is self-care', (text) => {
    expect(assess(text).level).toBe('self_care');
  });
  it('a whole tube of toothpaste, or a crayon and then trouble breathing, is not', () => {
    expect(assess('my son ate a whole tube of toothpaste').level).toMatch(/^emergency/);
    expect(assess("my toddler ate a crayon and now he's vomiting and struggling to breathe").level).toMatch(/^emergency/);
  });
});

describe('self-care in pregnancy and for a well child with a high temperature', () => {
  it.each([
    "I'm 8 weeks pregnant and feel sick in the mornings, been sick a couple of times but keeping food and drinks down",
    '24 weeks pregnant, got a runny nose and a mild sore throat, feel ok',
    'my 9 year old has a temp of 39.2 with a cold, still chatty and eating',
    'I can feel a tingling spot on my lip and a small cluster of blisters is showing up. I get these a couple of times a year',
  ])('%j is self-care', (text) => {
    expect(assess(text).level).toBe('self_care');
  });
  it('a baby of 3 to 6 months at 39, a baby under 1 with a fever of 39 and no source, or a fever in pregnancy, is not', () => {
    expect(assess('my 4 month old has a temp of 39.1 and a runny nose').level).not.toBe('self_care');
    expect(assess('An 8-month-old girl has had fever to 102.5F for a day without a cold or cough. She is smiling and feeding.').level).not.toBe('self_care');
    expect(assess("I'm 30 weeks pregnant with a cold and a fever of 38.5").level).not.toBe('self_care');
  });
});

describe('found by the seventeenth blind round (medicines, teenagers)', () => {
  it.each([
    'Pharmacist note: 67 y/o F taking methotrexate daily instead of weekly. Reports painful mouth ulcers, diarrhea and new bruising on both arms.',
    "My 16 year old got a shot for nausea at urgent care. Now his jaw is clenched, his tongue keeps pushing out, his neck is twisted to one side.",
    'My 2 year old got into my purse and chewed one of my glyburide pills about an hour ago. He seems fine.',
    'Family called: 83 y/o F started citalopram 3 weeks ago. Increasingly confused and unsteady, fell twice today.',
    'sudden really sharp pain in my lower left side that started during volleyball. cant stop throwing up.',
    'im 17 and pregnant, 32 weeks. a bunch of clear water just gushed out when i stood up and its still leaking.',
    'during sex there was a loud pop and it went soft instantly. now its swollen, purple and bent to one side.',
    'i swallowed 2 of those tiny magnet balls by accident yesterday. now my stomach hurts.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it.each([
    'sometimes my heart does a skip thing after energy drinks. never passed out or had chest pain.',
    "had three energy drinks to finish a paper and now I'm shaky and jittery. No chest pain.",
    "I've been using my steroid inhaler and now I have white patches on my tongue and my voice is hoarse. My breathing is fine.",
  ])('%j is not an emergency (a denied verb carries through "or had", caffeine, hoarseness without allergy)', (text) => {
    expect(assess(text).level).not.toMatch(/^emergency/);
  });
});

describe('found by the eighteenth blind round (international triage words, comparisons)', () => {
  it.each([
    'I fell off my bike and the bone in my lower leg is poking through the skin like a broken stick.',
    'My stomach is hard like a board and every move feels like knives.',
    "Out of nowhere I got a sharp stab on my left side like a knife, and now I can't get a full breath.",
    'Day 5 post bowel resection, discharged yesterday, now worsening abdo pain, fever 38.6, HR 120.',
    '31F, cut L wrist with razor, bleeding pulsatile through tea towel. Expresses ongoing thoughts of self-harm.',
    "2yo ate a handful of mum's iron tablets 1 hr ago, vomited twice.",
    '6yo boy with haemophilia A, fell off scooter, knee swelling rapidly, won\'t bear weight.',
  ])('%j reaches an emergency level', (text) => {
    expect(assess(text).level).toMatch(/^emergency/);
  });
  it('a heart that feels like it will jump out of the chest is palpitations, not a plan to jump', () => {
    const r = assess("my heart feels like it's going to jump out of my chest");
    expect(r.level).not.toMatch(/^emergency/);
    expect(finding(r, 'suicide_plan')?.present ?? false).toBe(false);
  });
  it('a graze that has stopped bleeding in a child with haemophilia is not an emergency', () => {
    expect(assess('12-year-old boy with hemophilia A with a scraped knee from his bike, bleeding stopped, no swelling.').level).not.toMatch(/^emergency/);
  });
});
