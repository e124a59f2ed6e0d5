import { describe, expect, it } from 'vitest';
import { testKnowledge } from '../../test/helpers/knowledge';
import { statusOf, type Mention } from './index';
import { extractContext } from './extract';
import { normalizeText } from './normalize';
import { languageFor } from './setup';
import { phraseForms, tokenize } from './tokenize';

const language = languageFor(testKnowledge());
const mention = (text: string, concept: string): Mention | undefined => language.analyze(text).mentions.find((m) => m.concept === concept);
const status = (text: string, concept: string) => {
  const m = mention(text, concept);
  return m ? statusOf(m) : 'not found';
};

describe('normalisation comes first', () => {
  it.each([
    ['chest\u00ADpain', 'chestpain'],
    ['can\u2019t brea\u200Bthe', "can't breathe"],
    ['\uFEFFfever', 'fever'],
    ['\u202Echest pain\u202C', 'chest pain'],
    ['short\u2060ness of breath', 'shortness of breath'],
    ['\uFF33\uFF2F\uFF22', 'SOB'],
    ['3\u20134 days', '3-4 days'],
  ])('%j reads as %j', (raw, clean) => {
    expect(normalizeText(raw)).toBe(clean);
  });

  it.each([
    ['I have chest\u00AD pain', 'chest_pain'],
    ['i ca\u200Bn\u2019t breathe', 'severe_breathlessness'],
    ['\u202Emy lips are blue', 'blue_lips'],
  ])('invisible characters do not hide a finding: %j', (text, concept) => {
    expect(status(text, concept)).toBe('current');
  });
});

describe('tokens', () => {
  it('expands contractions the same way with or without the apostrophe', () => {
    expect(tokenize("I can't breathe").tokens.map((t) => t.norm)).toEqual(['i', 'can', 'not', 'breathe']);
    expect(tokenize('i cant breathe').tokens.map((t) => t.norm)).toEqual(['i', 'can', 'not', 'breathe']);
  });

  it.each([
    ['he is unable to pass urine', 'urinary_retention'],
    ["I haven't been able to pee since this morning", 'urinary_retention'],
    ['she was not able to sit still with the pain', 'restless_with_pain'],
    ["he wasn't able to keep fluids down", 'cannot_keep_fluids_down'],
    ['unable to swallow even water', 'cannot_swallow'],
  ])('reads %j as "can\'t": a phrase kept in one form meets the others', (text, concept) => {
    expect(status(text, concept)).toBe('current');
  });

  it.each([
    ['he has vomited a small amount of blood', 'vomiting_blood'],
    ['I just threw up loads of bright red blood', 'vomiting_blood'],
    ['voices keep telling me to hurt myself', 'hearing_voices'],
    ["she took 'a handful' of paracetamol after a row", 'overdose'],
  ])('reads %j across the amount between its words', (text, concept) => {
    expect(status(text, concept)).toBe('current');
  });

  it.each([
    ['he keeps drawing up his legs and screaming', 'drawing_legs_up'],
    ['cut off the tip of my finger with a saw', 'traumatic_amputation'],
  ])('reads %j with the particle before the object as after it', (text, concept) => {
    expect(status(text, concept)).toBe('current');
  });

  it("holds a phrase's sense guard in its other particle order too", () => {
    // The guard on "sorted out my affairs" (a will after a cancer diagnosis is no suicide plan) holds for "sorted my
    // affairs out" as well.
    expect(status('sorted out my affairs with the solicitor after my cancer diagnosis', 'suicide_plan')).toBe('not found');
    expect(status('sorted my affairs out with the solicitor after my cancer diagnosis', 'suicide_plan')).toBe('not found');
  });

  it.each([
    ["dad hasn't even let off any wind since Sunday", 'cannot_pass_wind'],
    ['she has not opened her bowels or passed wind for two days', 'cannot_pass_wind'],
    ["I haven't felt the baby move since last night", 'reduced_fetal_movement'],
    ["she hasn't taken her bottle all day", 'not_feeding'],
  ])('reads a normal function denied by its verb as the finding: %j', (text, concept) => {
    expect(status(text, concept)).toBe('current');
  });

  it("does not turn a normal function in a list of denials into its absence ('no rash, feeding well')", () => {
    expect(status('teething, temp is normal, no rash, feeding well', 'not_feeding')).toBe('not found');
    expect(status('tummy feels better, passed wind a lot', 'cannot_pass_wind')).toBe('not found');
    expect(status("she hasn't had any trouble feeding", 'not_feeding')).toBe('not found');
    expect(status('not had any issues with passing urine', 'no_urine')).toBe('not found');
  });

  it('ends a denial that holds a number at its comma: "No bowels or flatus 2 days, colicky pain"', () => {
    expect(status('No bowels or flatus 2 days, colicky pain, vomiting', 'pain_in_waves')).toBe('current');
    expect(status('no fever, colicky pain or vomiting', 'pain_in_waves')).toBe('negated');
  });

  it('ends denials that each have their own "no" at the last one: "no blisters, no fever, not dizzy, short of breath"', () => {
    expect(status('No blisters, no fever, not dizzy, short of breath', 'shortness_of_breath')).toBe('current');
    expect(status('No blisters, no fever, not dizzy, short of breath', 'dizziness')).toBe('negated');
    // An "or" shows the last "no" heads a list.
    expect(status('no fever, no cough, rash or vomiting', 'vomiting')).toBe('negated');
    expect(status('no fever, cough, rash or vomiting', 'rash')).toBe('negated');
  });

  it('ends a date after what it dates where the sentence turns to the present', () => {
    expect(status('a man who had a DVT last year has a cough today', 'cough')).toBe('current');
    expect(status('a man who had a DVT last year has a cough today', 'deep_vein_thrombosis')).toBe('past');
  });

  it('keeps "unable to" a denial when what follows is a finding looked for', () => {
    expect(status('unable to find any rash on her', 'rash')).toBe('negated');
  });

  it('keeps numbers, fractions and shorthand whole, and does not end a sentence at a decimal or "Dr."', () => {
    const { sentences, tokens } = tokenize('T 38.5, BP 120/80, SOB 2/7, c/o cough. Seen by Dr. Patel.');
    expect(tokens.map((t) => t.norm)).toContain('38.5');
    expect(tokens.map((t) => t.norm)).toContain('120/80');
    expect(tokens.map((t) => t.norm)).toContain('c/o');
    expect(sentences).toHaveLength(2);
  });

  it('unifies British and American spellings', () => {
    expect(tokenize('haemorrhage diarrhoea oedema').tokens.map((t) => t.norm)).toEqual(['hemorrhage', 'diarrhea', 'edema']);
  });
});

describe("a phrase's forms are a message's tokens", () => {
  // phraseForms reads a phrase without token objects unless it holds a word the "can not" rewrites start at (do,
  // has, have, had, no, unable, able): both ways must give what tokenize gives a message of the same words.
  it.each([
    'chest pain',
    "can't breathe",
    'unable to pass urine',
    'not able to sit still',
    "haven't been able to sit still",
    "I don't think I can breathe",
    "don't think that he can walk",
    'my jaw has been aching',
    'Have been sick all night',
    'she no can walk',
    'no fever, able to drink',
    'do not have a rash',
    "child's temperature 38.5 for 2/7, c/o cough",
    'a +ve test and ?PE',
  ])('%s', (phrase) => {
    expect(phraseForms(phrase)).toEqual(tokenize(phrase).tokens.map((t) => t.norm));
  });
  it('every phrase of the vocabulary (but chart shorthand for a side, which only a message reads: "lt arm")', () => {
    const phrases = language.vocabulary.concepts.flatMap((c) => [c.name, ...c.lay]).filter((p) => !/\b(?:l|r|lt|rt)\b/i.test(p) && tokenize(p).sentences.length === 1);
    expect(phrases.length).toBeGreaterThan(1000);
    for (const p of phrases) expect(phraseForms(p), p).toEqual(tokenize(p).tokens.map((t) => t.norm));
  });
});

describe('negation reaches every item of a list and stops at a new clause', () => {
  it.each<[string, string, string]>([
    ["I don't have a fever, headache or stiff neck, just a sore throat", 'stiff_neck', 'negated'],
    ["I don't have a fever, headache or stiff neck, just a sore throat", 'sore_throat', 'current'],
    ['denies cough, chills or weight loss', 'weight_loss', 'negated'],
    ['no vomiting or diarrhoea but a bad headache', 'headache', 'current'],
    ["I don't have a rash, my neck is really stiff", 'stiff_neck', 'current'],
    ['nil fever, nil vomiting, c/o abdominal pain', 'abdominal_pain', 'current'],
    ['fever: none', 'fever', 'negated'],
    ['chest pain - no', 'chest_pain', 'negated'],
    ['Afebrile. Tummy ache since lunch.', 'fever', 'negated'],
    ['negative for blood in the urine', 'blood_in_urine', 'negated'],
  ])('%j: %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('pseudo-negations do not negate', () => {
  it.each<[string, string]>([
    ['the bleeding has not stopped', 'bleeding'],
    ['no let-up in the diarrhoea since Monday', 'diarrhoea'],
    ["I can't get rid of this cough", 'cough'],
    ['not sure why but I keep feeling dizzy', 'dizziness'],
    ['paracetamol is not helping the headache', 'headache'],
  ])('%j keeps %s current', (text, concept) => {
    expect(status(text, concept)).toBe('current');
  });
});

describe('durations are the present; history is the past', () => {
  it.each<[string, string, string]>([
    ['a 3-day history of worsening cough', 'cough', 'current'],
    ['2-hour history of chest pain', 'chest_pain', 'current'],
    ['cough for the past week', 'cough', 'current'],
    ['breathless over the last month', 'shortness_of_breath', 'current'],
    ['I had a heart attack 10 years ago, today just a cold', 'heart_attack', 'past'],
    ['I had a heart attack 10 years ago, today just a cold', 'cold_symptoms', 'current'],
    ['had asthma as a child, fine since', 'asthma', 'resolved'],
    ['her face drooped, it has gone back to normal now', 'facial_droop', 'resolved'],
  ])('%j: %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('hypotheticals, questions and suspicions', () => {
  it.each<[string, string, string]>([
    ['if I get chest pain what should I do', 'chest_pain', 'hypothetical'],
    ['what are the signs of a stroke?', 'stroke', 'question'],
    ['I have a headache, what should I do if I start vomiting?', 'vomiting', 'hypothetical'],
    ['I have a headache, what should I do if I start vomiting?', 'headache', 'current'],
    ['could this be appendicitis? the pain is on the right', 'appendicitis', 'possible'],
    ["couldn't stop being sick all night", 'vomiting', 'current'],
  ])('%j: %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('whose finding it is', () => {
  it.each<[string, string, string]>([
    ['my son has a fever and a rash', 'fever', 'patient'],
    ['my husband had the same bug last week and now I have diarrhoea', 'diarrhoea', 'patient'],
    ['Mum had breast cancer. I have a cough.', 'cough', 'patient'],
    ['my friend has covid and I have a sore throat and a fever', 'covid_19', 'other'],
    ['family history of heart attack, I get chest pain when I walk', 'heart_attack', 'family'],
    // A child named by age is someone else, and the writer's own panic is not the child's finding.
    ['sorry im panicking a bit - my 3 yr old bumped his head on the table', 'head_injury', 'patient'],
    ['sorry im panicking a bit - my 3 yr old bumped his head on the table', 'anxiety', 'other'],
    ["I'm panicking and my chest is tight", 'anxiety', 'patient'],
    // "fever" inside "glandular fever" is not a second finding of the girlfriend's, so the son stays the subject.
    ["my son's girlfriend has glandular fever and now he has a sore throat", 'sore_throat', 'patient'],
    ["my son's girlfriend has glandular fever and now he has a sore throat", 'glandular_fever', 'other'],
    ['my wife says the whites of my eyes have gone yellow', 'jaundice', 'patient'],
    // "feels" is not a report: the husband's dizziness is his.
    ['my husband feels dizzy and I have a cough', 'dizziness', 'other'],
  ])('%j: %s belongs to the %s', (text, concept, who) => {
    expect(mention(text, concept)?.experiencer).toBe(who);
  });
});

describe('modifiers qualify the finding nearest them', () => {
  it('"came down suddenly with a fever and a headache" is a sudden illness, not a sudden headache', () => {
    const a = language.analyze('came down suddenly with a fever and a headache');
    const sudden = a.mentions.find((m) => m.concept === 'sudden_onset')!;
    expect(a.mentions[sudden.boundTo!].concept).toBe('fever');
  });

  it('"the worst headache of my life, it came on in seconds" qualifies the headache', () => {
    const a = language.analyze('the worst headache of my life, it came on in seconds');
    const sudden = a.mentions.find((m) => m.concept === 'sudden_onset')!;
    expect(a.mentions[sudden.boundTo!].concept).toMatch(/headache/);
  });
});

describe('vocabulary from the public vocabularies', () => {
  it('has more than 1,500 concepts, and clinical words join the curated concepts', () => {
    expect(language.vocabulary.concepts.length).toBeGreaterThan(1500);
    expect(status('dyspnoea since this morning', 'shortness_of_breath')).toBe('current');
    expect(status('haemoptysis since yesterday', 'coughing_blood')).toBe('current');
  });

  it('forgives a typo in a long word but never turns a real word into a symptom', () => {
    expect(status('really bad stomache ache', 'abdominal_pain')).toBe('current');
    expect(language.matcher.fuzzy('never')).toEqual([]);
  });
});

describe('ConText reads dates and relief', () => {
  const lang = languageFor(testKnowledge());
  const status = (text: string, concept: string) => lang.analyze(text).mentions.find((m) => m.concept === concept)?.context;
  it('a past year after a finding dates it; "since" a year is a start, not the past', () => {
    expect(status('PMHx: heart attack 2015. Today a cough.', 'heart_attack')?.historical).toBe(true);
    expect(status('I have had asthma since 2019', 'asthma')?.historical ?? false).toBe(false);
  });
  it('"no relief of chest pain" leaves the chest pain present', () => {
    expect(status('no sig relief of chest pain with GTN', 'chest_pain')?.negated).toBe(false);
  });
});

describe('hedges between the words of a phrase', () => {
  it('reads "breathing a bit fast" and "a little sore throat" as the finding', () => {
    expect(mention('she is breathing a bit fast', 'rapid_breathing')).toBeDefined();
    expect(mention('my throat is a little sore', 'sore_throat')).toBeDefined();
  });
});

describe('a report that ends with a suspected cause', () => {
  it('"sudden back and abdo pain, feels faint - aaa?" reports the pain and suspects the cause', () => {
    const text = '70M sudden back and abdo pain, feels faint - aaa?';
    expect(status(text, 'abdominal_pain')).toBe('current');
    expect(status(text, 'back_pain')).toBe('current');
    expect(status(text, 'fainting')).toBe('current');
    expect(status(text, 'ruptured_abdominal_aortic_aneurysm')).toBe('possible');
  });
  it('a question that starts with a question word still asks about its topic', () => {
    expect(status('what are the signs of an aaa?', 'ruptured_abdominal_aortic_aneurysm')).toBe('question');
  });
});


describe('word forms a phrase did not list', () => {
  it.each([
    ['both legs cold and white and painful', 'cold_pale_leg'],
    ['he feels weak', 'weakness'],
    ['she has been giving away her belongings', 'suicide_plan'],
    ['he struck his forehead on the door frame', 'head_injury'],
  ])('"%s" is read as %s (plural, third person, his/her for my)', (text, concept) => {
    expect(mention(text, concept)).toBeDefined();
  });
  it('the message\'s own form wins: "can\'t move my legs" is both legs', () => {
    expect(mention("I can't move my legs since this morning", 'paraplegia')).toBeDefined();
  });
  it.each([
    ['it burns when i pee', 'burn'],
    ['he does not want to be here', 'breathless_on_exertion'],
  ])('a one-word phrase or a function word is not inflected: "%s" is no %s', (text, concept) => {
    expect(mention(text, concept)).toBeUndefined();
  });
});

describe('compositions and phrase forms', () => {
  it.each([
    ['eye pain after a splash of oven cleaner', 'eye_injury'],
    ['bleach splashed into her eyes, they are red and sore', 'eye_injury'],
    ['a small wound on the left side of his tummy', 'torso_wound'],
    ['my leg is cold and painful', 'cold_limb'],
    ['my leg is cold and painful', 'limb_pain'],
    ['she could not put any weight on it', 'cant_bear_weight'],
    ['her breathing seems quite quick', 'rapid_breathing'],
    ['he has vomited bright red blood twice', 'vomiting_blood'],
    ['he says people are following him', 'paranoid_beliefs'],
    ['she has spat out bright red blood', 'coughing_blood'],
  ])('"%s" is read as %s (an injury beside a symptom at its site, two compositions at one site, a past modal, a linking verb)', (text, concept) => {
    expect(mention(text, concept)).toBeDefined();
  });
  it.each([
    ['my fingers go white in the cold', 'cold_limb'],
    ['i have a cold and a sore throat', 'cold_limb'],
    ['my eyes are red after swimming, no chemicals', 'eye_injury'],
    ['she had a cold drink', 'common_cold'],
    ['she had a cold drink', 'cold_symptoms'],
    ['found a blister pack of tablets', 'skin_blisters'],
    ['food gets stuck round my wisdom tooth', 'difficulty_swallowing'],
  ])('"%s" is no %s (episodic colour change, the illness, a negated cause, a guarded sense)', (text, concept) => {
    expect(mention(text, concept)).toBeUndefined();
  });
});

describe('attacks that came and went', () => {
  it.each<[string, string, string]>([
    ["Three times in the last month I've had a bad pain under my right ribs. It's gone now and I feel fine between attacks", 'upper_right_abdominal_pain', 'resolved'],
    ['two episodes in the past month of tummy pain, each lasting a few hours and settling on its own', 'abdominal_pain', 'resolved'],
    ["twice in the last month I've had a bad pain under my right ribs and I've got it again now", 'upper_right_abdominal_pain', 'current'],
    ['my son has been sick 3 times in the last hour', 'vomiting', 'current'],
  ])('%j: %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
  it('a pronoun does not point back to "the back" of a hand', () => {
    expect(mention('Two puncture wounds on the back of my hand. It is a bit swollen and sore today.', 'back_pain')).toBeUndefined();
  });
});

describe('an event a clinician has seen since', () => {
  it.each<[string, string, string]>([
    ["my 18 month old had a febrile seizure last night, hospital says he's fine now. does this mean he has epilepsy?", 'febrile_seizure', 'past'],
    ['had a tia on tuesday and been seen at the clinic. am i ok to drive?', 'stroke_mention', 'past'],
    ['banged my head on a cupboard door, got checked in a&e and sent home. i live on my own, is that a problem?', 'head_injury', 'past'],
    ['He fell and hit his head, got checked over at A&E, they said he was fine, but he has been vomiting twice since.', 'head_injury', 'current'],
    ["I was seen in A&E yesterday with chest pain and sent home, but it's come back and feels worse.", 'chest_pain', 'current'],
    ["my baby has a fever, we got her checked at urgent care and they said it's fine", 'fever', 'current'],
    ['had a bad asthma attack last night but it settled with my blue inhaler', 'asthma_attack', 'resolved'],
    ['had methotrexate injection for an ectopic pregnancy. how soon can we try for another baby?', 'ectopic_pregnancy', 'past'],
    ['I had antibiotics for a UTI but now I have a fever and back pain', 'urinary_tract_infection', 'current'],
  ])('%j: %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
  it('"has not stopped in 40 minutes" is still going, and a medicine is not over when a bleed is', () => {
    expect(status('80-year-old man on warfarin with a nosebleed that has not stopped in 40 minutes.', 'nosebleed')).toBe('current');
    expect(status('on warfarin, had 3 nosebleeds this week. this one stopped after 15 min of pinching.', 'blood_thinners')).toBe('current');
  });
});

describe('a family-history heading', () => {
  it.each<[string, string, string]>([
    ['FHx: mother T2DM, HTN. Father nil.', 'high_blood_pressure', 'family'],
    ['Family history: mother had breast cancer', 'known_cancer', 'family'],
    ['FH: nil, c/o chest pain', 'chest_pain', 'current'],
    ['my mum has diabetes and is unwell', 'diabetes', 'current'],
  ])('%j: %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('a date after "after" belongs to what follows it', () => {
  it.each<[string, string, string]>([
    ['a swollen face and dark brown urine after a sore throat two weeks ago', 'dark_urine', 'current'],
    ['a swollen face and dark brown urine after a sore throat two weeks ago', 'sore_throat', 'past'],
    ['I had a heart attack 10 years ago', 'heart_attack', 'past'],
    ['she noticed a painless lump in her left breast 3 weeks ago', 'breast_lump', 'current'],
    ['he feels well with no headache, visual change or chest pain', 'chest_pain', 'negated'],
  ])('%j: %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('a phrase does not run across a colon or a bracket', () => {
  it('"weak: heart" is no "weak heart"', () => {
    expect(mention('feels weak (heart rate 40)', 'heart_failure')).toBeUndefined();
    expect(mention('feels weak: heart rate 40', 'heart_failure')).toBeUndefined();
    expect(mention('feels weak, heart racing', 'palpitations')).toBeDefined();
  });
});

describe('an anaphor "the last one" points back to the vomit', () => {
  it('"been sick 3 times and the last one was green" is green vomit', () => {
    expect(mention('hes been sick 3 times and the last one was green', 'green_vomit')).toBeDefined();
  });
});

describe('vital signs as American triage notes write them', () => {
  it.each([
    ['P 120, R 28', { pulse: 120, respiratoryRate: 28 }],
    ['pulse ox 88%', { spo2: 88 }],
    ['saturating 89% on air', { spo2: 89 }],
    ['VS: 84/50, 128, 28, 101.5, 89%', { systolicBp: 84, pulse: 128, respiratoryRate: 28, temperatureC: 38.6, spo2: 89 }],
    ['VS 150/90, 88, 16, 98.6', { systolicBp: 150, diastolicBp: 90, pulse: 88, respiratoryRate: 16, temperatureC: 37 }],
    ['respirations 32', { respiratoryRate: 32 }],
    ['BP is 70 palpable', { systolicBp: 70 }],
    ['vital signs: T 37.2, P 110, R 22, BP 88/52, SpO2 94%', { pulse: 110, respiratoryRate: 22, systolicBp: 88 }],
    ['blood sugar 40', { glucoseMmol: 2.2 }],
    ['fingerstick 45', { glucoseMmol: 2.5 }],
    ['BP 80 over palp', { systolicBp: 80 }],
    ['HR in the 150s, irregular', { pulse: 155 }],
    ['sats in the high 80s on room air', { spo2: 88 }],
    ['resps are in the low 30s', { respiratoryRate: 32 }],
  ])('%j', (text, expected) => {
    expect(language.analyze(text).person.vitals).toMatchObject(expected);
  });
  it('"a woman in her 80s" is an age, not a reading', () => {
    expect(language.analyze('a woman in her 80s, pulse normal').person.vitals).toEqual({});
  });
  it('"pulse ox 88%" is no pulse of 88; "R arm weakness" is no breathing rate', () => {
    expect(language.analyze("pulse ox 88%").person.vitals.pulse).toBeUndefined();
    expect(language.analyze("R arm weakness, BP 150/90").person.vitals.respiratoryRate).toBeUndefined();
  });
});

describe('a blood ketone reading', () => {
  it.each<[string, number | undefined]>([
    ['type 1, sugar 28, ketones 3.5', 3.5],
    ['blood ketones are 0.4 mmol/L', 0.4],
    ['ketones +++ on the urine dip', undefined],
    // The number ends the sentence: its full stop is not a decimal point.
    ['I have type 1 and my blood ketones are 3.2.', 3.2],
    ['ketone reading came back at 1.8. Feeling sick', 1.8],
    ['ketones 3.25 on the meter', undefined],
  ])('%j gives %s', (text, expected) => {
    expect(language.analyze(text).person.vitals.ketonesMmol).toBe(expected);
  });
});

describe('sentences without the reading', () => {
  it.each([
    'I have chest pain. It started an hour ago! Is it serious?',
    "can\u2019t breathe\u200B properly... my lips are blue",
    'Sunburn\n\nCool the skin. Drink water [1]. Get help if you feel unwell [2].',
    '',
  ])('are the sentences the reading gives: %j', (text) => {
    expect(language.sentences(text)).toEqual(language.analyze(text).sentences);
  });
});

describe('the compact English word list', () => {
  it('answers as a Set of the words of the minimum length would, for words, near misses and odd input', async () => {
    const { compactWordList } = await import('./setup');
    const words = ['fever', 'cough', 'coughs', 'ache', 'abc', 'headache', 'head', 'zzzs', 'manlily', 'manlihood', ''];
    const has = compactWordList(words.join('\n'), 4);
    const set = new Set(words.filter((w) => w.length >= 4));
    const probes = [...words, 'feve', 'fevers', 'Fever', 'cough\ncoughs', 'head\n', 'ache ', 'xyzw', 'manli', 'ünïcode', 'a'];
    for (const p of probes) expect([p, has(p)]).toEqual([p, set.has(p)]);
  });
});

describe('sites joined by "and" share the pain word', () => {
  it.each([
    ['pain in my back and tummy', 'abdominal_pain'],
    ['pain in my back and tummy', 'back_pain'],
    ['my tummy and back hurt', 'abdominal_pain'],
    ['my tummy and back hurt', 'back_pain'],
    ['my back and my tummy are sore', 'back_pain'],
  ])('"%s" is read as %s', (text, concept) => {
    expect(mention(text, concept)).toBeDefined();
  });
  it('a site that opens its own clause is not joined ("... and my tummy is fine")', () => {
    expect(mention('pain in my back and my tummy is fine', 'abdominal_pain')).toBeUndefined();
  });
});

describe('everyday senses of colour, cutting and eating less', () => {
  it('"my lips look a bit blue" is a colour, "feeling a bit blue" a mood', () => {
    expect(mention('my lips look a bit blue', 'blue_lips')).toBeDefined();
    expect(mention('my lips look a bit blue', 'low_mood')).toBeUndefined();
    expect(mention("I've been feeling a bit blue since my divorce", 'low_mood')).toBeDefined();
  });
  it('"since the grass was cut" is no wound; "I got a cut" is', () => {
    expect(mention('sneezing since the grass was cut', 'cut')).toBeUndefined();
    expect(mention('I got a cut yesterday', 'cut')).toBeDefined();
  });
  it('"eating less fibre" is a diet, "eating less" a lost appetite', () => {
    expect(mention("I've been eating less fibre", 'loss_of_appetite')).toBeUndefined();
    expect(mention("she's eating less and sleeping a lot", 'loss_of_appetite')).toBeDefined();
  });
});

describe('"but not since": gone now, for the finding just before it', () => {
  it('a temperature "on the first day but not since" has gone; the sore throat before it has not', () => {
    expect(status("I've got a mild sore throat and a slight temperature on the first day but not since", 'fever')).toBe('resolved');
    expect(status("I've got a mild sore throat and a slight temperature on the first day but not since", 'sore_throat')).toBe('current');
  });
  it('"a fever yesterday but it\'s gone now" has gone', () => {
    expect(status("she had a fever yesterday but it's gone now", 'fever')).toBe('resolved');
  });
  it('a bare word placed at its site is that site\'s finding only ("tingling on the edge of my top lip")', () => {
    expect(mention('a tingling on the edge of my top lip', 'tingling_lip')).toBeDefined();
    expect(mention('a tingling on the edge of my top lip', 'numbness')).toBeUndefined();
  });
});

describe('a resolution that stands on its own ends the list before it', () => {
  const status = (text: string, concept: string) => {
    const m = mention(text, concept);
    return m ? (m.context.resolved ? 'resolved' : 'current') : undefined;
  };
  it.each([
    ['20 min of racing heart, tingling fingers, tight chest at the supermarket, settled now', 'palpitations', 'resolved'],
    ['20 min of racing heart, tingling fingers, tight chest at the supermarket, settled now', 'chest_pain', 'resolved'],
    ['had a fever, cough, sore throat, all gone now', 'fever', 'resolved'],
    ['I have a headache, my neck is stiff, it has settled', 'headache', 'current'],
    ['I have a headache, my neck is stiff, it has settled', 'stiff_neck', 'resolved'],
  ])('"%s": %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('whose finding, when a person is named inside it', () => {
  it('"an egg on his forehead" is the child\'s, so the writer\'s "I\'m panicking" stays the writer\'s', () => {
    const m = mention("sorry im panicking a bit - my 3 yr old bumped his head on the table corner, theres a small egg on his forehead", 'anxiety');
    expect(m?.experiencer).not.toBe('patient');
  });
  it('"my ankle as a kid" is the writer\'s ankle', () => {
    expect(mention('I broke my ankle as a kid, now it swells up after running', 'ankle_fracture')?.experiencer).toBe('patient');
  });
});

describe('numbers read in their own sense', () => {
  it.each([
    ['the thermometer reading is 39.5', undefined],
    ['her sats reading was 91', undefined],
    ['diabetic, meter reading 3.1', 3.1],
    ['BM 2.1', 2.1],
  ])('"%s" gives a glucose of %s', (text, glucose) => {
    expect(extractContext(text).vitals.glucoseMmol).toBe(glucose);
  });
  it('"sats 90% on 2L" is on oxygen', () => {
    expect(extractContext('saturations 90% on 2L').vitals.onOxygen).toBe(true);
    expect(extractContext('I walked on 2 legs').vitals.onOxygen).toBeUndefined();
  });
});

describe('a topic typed as a search', () => {
  it.each([
    ['symptoms of shingles', 'shingles'],
    ['signs of sepsis in adults', 'sepsis'],
    ['shingles symptoms', 'shingles'],
  ])('"%s" asks about %s, it does not report it', (text, concept) => {
    expect(mention(text, concept)?.question).toBe(true);
  });
  it('a symptom typed with "symptoms" may still be the person\'s: "chest pain symptoms" is chest pain', () => {
    expect(mention('chest pain symptoms', 'chest_pain')?.question).toBe(false);
    expect(mention('I have symptoms of shingles', 'shingles')?.question).toBe(false);
  });
});

describe('durations are not read out of vital signs', () => {
  it.each([
    ['BP 126/78  HR 78', undefined],
    ['BP 150/90 HR 110', undefined],
    ['vomiting 12 hrs, HR 120', 0.5],
    ['pain for 3 hrs', 0.125],
  ])('"%s" lasts %s days', (text, days) => {
    expect(extractContext(text).durationDays).toBe(days);
  });
});

describe('how long the problem has lasted, not a habit or an age', () => {
  it.each([
    ["I'm a 68 year old man and I've smoked for 40 years. Yesterday my wee was bright red", undefined],
    ['Usual migraines for 20 yrs, this one built up over 3 hrs', 0.125],
    ['A 62-year-old smoker has had a hoarse voice for 5 weeks', 35],
    ['Please help, my father 65 years suddenly fell down and is not responding', undefined],
    ['tummy is huge and I keep throwing up green stuff, no poo for 3 days. had bowel surgery a few years back', 3],
    ['31F, 6/52 postpartum. 1/52 progressive SOB', 7],
    ['He got his 6 month shots this morning and tonight his temp is 100.8', undefined],
    ['her 2 month check is due and she has had a cough for 3 days', 3],
  ])('"%s" lasts %s days', (text, days) => {
    expect(extractContext(text).durationDays).toBe(days);
  });
  it('"18/12," opening a note is an age of 18 months; "BM 38 mmol/L" is a high sugar', () => {
    expect(extractContext('18/12, barking cough, stridor at rest').ageMonths).toBe(18);
    expect(extractContext('BM 38 mmol/L').vitals.glucoseMmol).toBe(38);
  });
});

describe('whose "he" and "she" in a story about a patient', () => {
  const who = (text: string, concept: string) => mention(text, concept)?.experiencer;
  it.each([
    ['A 44-year-old man has a sore throat and his partner hears a soft noise when he breathes in. He is drooling.', 'drooling'],
    ['A 63-year-old woman is brought in by her son, who says she has been confused for a couple of days.', 'confusion'],
    ["Flatmate: He's 20, he called me by his brother's name. There's a few little purple spots on his legs", 'non_blanching_rash'],
    ["A 60-year-old man missed Friday's dialysis because of a family funeral. He is short of breath on the walk from the car.", 'shortness_of_breath'],
  ])('"%s": %s is the patient\'s', (text, concept) => {
    expect(who(text, concept)).toBe('patient');
  });
  it('the writer\'s own relative still stands in for "he": "my partner has a fever, he is shivering"', () => {
    expect(who('my partner has a fever, he is shivering', 'fever')).toBe('patient');
  });
});

describe('"never ... like this" compares, it does not deny', () => {
  it.each([
    ["I've never had pain like this in my chest", 'chest_pain', true],
    ['I have never felt this breathless', 'shortness_of_breath', true],
    ['never been this dizzy', 'dizziness', true],
    ['I have never had asthma', 'asthma', false],
    ['no, never had chest pain', 'chest_pain', false],
  ])('"%s": %s present = %s', (text, concept, present) => {
    expect(mention(text, concept)?.context.negated).toBe(!present);
  });
});

describe('a time of day and the day something was found are not the past', () => {
  it.each([
    ['A 14-year-old boy with tummy ache and vomiting that woke him at 5 am.', 'abdominal_pain', 'current'],
    ["I'm 47 and about 3 weeks ago I found a lump in my left breast while showering", 'breast_lump', 'current'],
    ['I had a stroke at 45', 'stroke', 'past'],
  ])('"%s": %s is %s', (text, concept, expected) => {
    const m = mention(text, concept);
    expect(m?.context.historical ? 'past' : 'current').toBe(expected);
  });
});

describe('speech broken by want of breath is one sentence', () => {
  it.each([
    ['Inhaler... not... working.', 1],
    ["I can't... breathe", 1],
    ['no fever... cough since Monday', 2],
  ])('%j has %i sentence(s)', (text, count) => {
    expect(language.sentences(text)).toHaveLength(count);
  });
  it('"Inhaler... not... working" is a reliever that does not help', () => {
    expect(mention('asthma, speaking two words at a time: "Inhaler... not... working."', 'reliever_not_helping')).toBeDefined();
  });
});

describe('two verbs sharing one object', () => {
  it.each([
    ["dove into the shallow end, can't move or feel his legs", 'paraplegia'],
    ["I can't bend or straighten my knee", 'cant_move_joint'],
  ])('%j is %s', (text, concept) => {
    expect(mention(text, concept)).toBeDefined();
  });
});

describe("a nurse's question that presupposes the finding", () => {
  it('"How did the headache start?" is the patient\'s headache, not a question about headaches', () => {
    expect(statusOf(mention('RN: "How did the headache start?" Patient: "Like a bomb went off."', 'headache')!)).toBe('current');
  });
  it('"How is the flu treated?" is still a question', () => {
    expect(statusOf(mention('How is the flu treated?', 'flu_symptoms')!)).toBe('question');
  });
});

describe('words in -es and tablets counted by brand', () => {
  it('"worse when he presses on his ribs" is a chest-wall cause', () => {
    expect(mention('sharp chest pain, worse when he presses on his ribs', 'musculoskeletal_cause')).toBeDefined();
  });
  it('"swallowed about thirty Tylenol" is thirty tablets', () => {
    expect(language.analyze('she swallowed about thirty Tylenol last night').person.tabletCount).toBe(30);
  });
});

describe('a birth is the mother\'s own event', () => {
  it.each(['I had my baby last week and now I see flashing lights', 'I gave birth to my son 5 days ago'])('%j', (text) => {
    expect(mention(text, 'recently_gave_birth')?.experiencer).toBe('patient');
  });
});

describe('a denial list ends where a statement of what happened begins', () => {
  it.each<[string, string, string]>([
    ['hit his head on a beam, no LOC, vomited once, mild headache', 'vomiting', 'current'],
    ['hit his head on a beam, no LOC, vomited once, mild headache', 'headache', 'current'],
    ['collided with another player, no LOC, headache and threw up once', 'headache', 'current'],
    ['nappy rash, no fever, feeding fine', 'feeding_normally', 'current'],
    ['no LOC, vomiting or headache', 'vomiting', 'negated'],
    ['both eyes sticky, no eye pain, light sensitivity or change in vision and is otherwise well', 'light_sensitivity', 'negated'],
  ])('"%s": %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('the highest temperature told counts', () => {
  it('a fever measured at home before a fever medicine is still the fever', () => {
    expect(language.analyze('measured 101.2 F at home before taking acetaminophen. On arrival T 99.4 F').person.vitals.temperatureC).toBe(38.4);
  });
});

describe('scope and sense found by the sixth blind US round', () => {
  it.each<[string, string, string]>([
    ["now can't look up with that eye, double vision, nauseated and vomiting", 'double_vision', 'current'],
    ['inability to walk without falling to one side', 'ataxia', 'current'],
    ['left flank pain that feels like his previous stones', 'flank_pain', 'current'],
  ])('"%s": %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
  it('"5-wk-old" is an age of five weeks', () => {
    expect(language.analyze('5-wk-old, temp 38.3 rectal').person.ageMonths).toBeCloseTo(35 / 30, 1);
  });
  it("a golf-ball sized lump is no testicle; 'a lump on my left ball' is", () => {
    expect(mention('a golf-ball sized painful lump by my vaginal opening', 'testicle_lump')).toBeUndefined();
    expect(mention('I found a lump on my left ball', 'testicle_lump')).toBeDefined();
  });
  it('a missed day is missed dialysis when an earlier sentence names dialysis, not otherwise', () => {
    expect(mention('I do dialysis Monday, Wednesday and Friday. I missed Monday and today.', 'missed_dialysis')).toBeDefined();
    expect(mention('I missed Monday at school and feel weak.', 'missed_dialysis')).toBeUndefined();
  });
});

describe('found by the seventh blind US round', () => {
  it('"poop", "diapers" and "mom" meet the phrases written with "poo", "nappies" and "mum"', () => {
    expect(mention('he has had black sticky poop for two days', 'black_stool')).toBeDefined();
  });
  it('"she no can walk" is "she can\'t walk"', () => {
    expect(mention('her hip hurt a lot and she no can walk on that leg', 'cant_bear_weight')).toBeDefined();
  });
  it('a new time frame ends an old date\'s reach ("a transplant two years ago and for the last 3 days ... breathless")', () => {
    expect(status("I had a heart transplant two years ago and for the last 3 days I've been breathless", 'shortness_of_breath')).toBe('current');
  });
  it('a household chemical drunk, however far the chemical is named; a "cleaner smoothie" is not one', () => {
    expect(mention('my kid drank some of the blue stuff under the sink, drain cleaner, mouth burning', 'swallowed_household_chemical')).toBeDefined();
    expect(mention('the toddler drank some bleach', 'swallowed_household_chemical')).toBeDefined();
    expect(mention('I drank a cleaner smoothie', 'swallowed_household_chemical')).toBeUndefined();
  });
});

describe('readings from a watch or a home monitor', () => {
  it.each([
    ['my heart is racing and irregular, my watch says 230', { pulse: 230 }],
    ['heart pounding, the oximeter says 91%', { spo2: 91 }],
  ])('%j', (text, expected) => {
    expect(language.analyze(text).person.vitals).toMatchObject(expected);
  });
  it('a bare oximeter number is the oxygen level only, not a pulse as well', () => {
    expect(language.analyze('heart racing, my oximeter says 95').person.vitals).toEqual({ spo2: 95 });
  });
  it('a watch counting steps is no pulse', () => {
    expect(language.analyze('my watch says 10000 steps').person.vitals.pulse).toBeUndefined();
  });
});

describe('found by the eighth blind US round', () => {
  it.each<[string, string, string]>([
    // A list item the vocabulary does not know ("discharge") no longer ends the denial.
    ['She denies ear pain, discharge, dizziness, facial weakness, or sudden onset.', 'dizziness', 'negated'],
    ['She denies ear pain, discharge, dizziness, facial weakness, or sudden onset.', 'sudden_onset', 'negated'],
    ['He denies chest pain, discharge, dizziness or fever.', 'fever', 'negated'],
    // ... but a list without an "or" still stops at a statement.
    ['no chest pain, walked in, dizziness since lunch', 'dizziness', 'current'],
    // A denial inside brackets ends at the closing bracket.
    ['PMH heart failure (stable, no weight gain), atrial fibrillation, and type 2 diabetes.', 'atrial_fibrillation', 'current'],
    ['PMH heart failure (stable, no weight gain), atrial fibrillation, and type 2 diabetes.', 'weight_gain', 'negated'],
    // The illness the present is told from is over; a symptom or a fall after "after my" is not.
    ['after my ectopic I panic about anything below the waist', 'ectopic_pregnancy', 'past'],
    ["after my stroke I've been a bit wobbly", 'stroke_mention', 'past'],
    ['after my headache started I vomited', 'headache', 'current'],
    ["since my fall yesterday I can't walk on my left leg", 'cant_bear_weight', 'current'],
  ])('"%s": %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
  it('next to none of a normal function is its loss ("barely felt the baby move")', () => {
    expect(mention("I'm 31 weeks and I've barely felt the baby move today", 'reduced_fetal_movement')).toBeDefined();
    expect(mention('he has hardly passed urine since this morning', 'no_urine')).toBeDefined();
    expect(mention('I felt the baby move a lot today', 'reduced_fetal_movement')).toBeUndefined();
  });
  it('the worst pain of a life, wherever it is, is severe pain; the first is not', () => {
    expect(mention("the worst stomach pain I've ever had", 'severe_pain')).toBeDefined();
    expect(mention('worst back pain of my life', 'severe_pain')).toBeDefined();
    expect(mention("the first chest pain I've ever had", 'severe_pain')).toBeUndefined();
  });
  it('a soft tummy is pain out of proportion only beside severe pain', () => {
    expect(mention('the worst pain ever in her belly, but the belly is soft', 'pain_out_of_proportion')).toBeDefined();
    expect(mention('mild cramps, abdomen soft and non tender', 'pain_out_of_proportion')).toBeUndefined();
  });
  it('"went under" is going under water only when water is named', () => {
    expect(mention('he went under at the pool for a few seconds', 'drowning')).toBeDefined();
    expect(mention('my business went under last year and I cannot sleep', 'drowning')).toBeUndefined();
  });
});

describe('readings found by the ninth blind US round', () => {
  it('an INR result is read', () => {
    expect(language.analyze('70-year-old on warfarin had a routine INR of 6.2 today').person.vitals.inr).toBe(6.2);
    expect(language.analyze('my INR came back at 8 this morning').person.vitals.inr).toBe(8);
  });
  it('a repeated oxygen reading replaces the first', () => {
    expect(language.analyze('First sat 92% with cold fingers and dark nail polish; recheck on the earlobe 97%.').person.vitals.spo2).toBe(97);
    expect(language.analyze('sats 95% RA').person.vitals.spo2).toBe(95);
  });
  it('the blood pressure in each arm gives their difference', () => {
    expect(language.analyze('BP 178/96 R arm, 132/80 L arm').person.vitals.armBpDifference).toBe(46);
    expect(language.analyze('right arm 170/90, left arm 130/80').person.vitals.armBpDifference).toBe(40);
    expect(language.analyze('BP 120/80 left arm').person.vitals.armBpDifference).toBeUndefined();
  });
  it('a tablet strength before a painkiller is a dose, not a count of tablets', () => {
    expect(language.analyze('took 400 of ibuprofen at 8, then another 400 at 10').person.tabletCount).toBeUndefined();
    expect(language.analyze('she took 100 of her tablets').person.tabletCount).toBe(100);
    expect(language.analyze('took 40 tylenol').person.tabletCount).toBe(40);
  });
  it.each<[string, string, string]>([
    ['Is she going to be poisoned?', 'poisoning', 'hypothetical'],
    ['heart racing, tingly hands, it lasted about 10 min', 'palpitations', 'resolved'],
    ["my heart races, I can't breathe, then it passes in about 10 minutes", 'palpitations', 'resolved'],
    ['this headache has lasted 3 hours', 'headache', 'current'],
  ])('"%s": %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
  it('"went down" after watching a needle is a faint, not a needlestick', () => {
    expect(mention('pale and sweaty watching the needle, went down for a few seconds', 'needlestick_injury')).toBeUndefined();
    expect(mention('a used needle went into my thumb at the park', 'needlestick_injury')).toBeDefined();
  });
  it('green vomit is named as vomit; green poop is not', () => {
    expect(mention('he has thrown up 3 times and the last two were bright green, like grass', 'green_vomit')).toBeDefined();
    expect(mention('his poop was bright green and a bit frothy today', 'green_vomit')).toBeUndefined();
  });
});

describe('American spellings of colour', () => {
  it('"looks gray" is the ashen skin "looks grey" names', () => {
    expect(mention('his wife says he looks gray', 'pale_mottled_skin')).toBeDefined();
    expect(mention('my hair is going gray', 'pale_mottled_skin')).toBeUndefined();
  });
});

describe('found by the eleventh blind US round (observation-first notes)', () => {
  it.each<[string, string, string]>([
    // A verb's "not" with no finding in its comma item denies that verb only: what follows is new.
    ["Lies rigid and doesn't want to move, shallow breaths, clammy pale skin.", 'sweating', 'current'],
    ["Doesn't fix on faces, weak cry, vomited twice.", 'high_pitched_cry', 'current'],
    // ... while a list it heads, closed by an "or", stays denied, and "denies" heads its list as before.
    ["She doesn't have a fever, cough or rash.", 'rash', 'negated'],
    ['She denies pain elsewhere, shortness of breath, or confusion.', 'confusion', 'negated'],
  ])('"%s": %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
  it.each<[string, string, string | undefined]>([
    // Senses: a slight wheeze is no faint, talking nonstop no constant pain, a seizure pill no seizure now.
    ['faint end-expiratory wheeze only', 'fainting', undefined],
    ['she felt faint and sat down', 'fainting', 'fainting'],
    ['restless, talks nonstop, fine tremor', 'constant_pain', undefined],
    ['new seizure pill two weeks ago', 'seizure', undefined],
    ['new seizure pill two weeks ago', 'epilepsy', 'epilepsy'],
    // A floppy child on a parent's shoulder is a floppy child, not a weak shoulder.
    ["Floppy on mom's shoulder, eyes half-closed", 'floppy', 'floppy'],
    // Observations: sweat seen on the face, deep fast breathing, an unsteady walk, a harsh noise on every breath.
    ['sweat on his upper lip', 'sweating', 'sweating'],
    ['breathing deep and fast, ears ringing', 'rapid_breathing', 'rapid_breathing'],
    ['staggers on a wide base and drifts to the left', 'ataxia', 'ataxia'],
    ['harsh noise on every breath even when calm', 'stridor', 'stridor'],
  ])('%j: %s found as %s', (text, concept, expected) => {
    expect(mention(text, concept)?.concept).toBe(expected);
  });
});

describe('the condition a question is about is its topic, not a finding now', () => {
  it.each<[string, string, string]>([
    ['my daughter is off to uni, how can she protect herself from meningitis', 'meningitis', 'hypothetical'],
    ['my dad is 70, what makes someone more likely to have a stroke', 'stroke', 'hypothetical'],
    ['could it cause brain damage or epilepsy', 'epilepsy', 'hypothetical'],
    ['how do they tell if its heart failure', 'heart_failure', 'hypothetical'],
    // ... while a stroke told as happening stays current.
    ['I think my dad is having a stroke, his face has dropped', 'facial_droop', 'current'],
  ])('"%s": %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('found by the thirteenth blind round (carers, full vital signs, telephone notes)', () => {
  it('a "when" clause with no question mark tells when something happens; "when should I" asks', () => {
    expect(status('When I gently rub it the skin wrinkles and peels off like wet paper.', 'peeling_skin')).toBe('current');
    expect(status('when should I worry about a fever?', 'fever')).not.toBe('current');
  });
  it.each<[string, string]>([
    ["My 16 yr old took a pregnancy test and it's positive, we're both in shock.", 'signs_of_shock'],
    ["He keeps pulling at his ear and screaming at night like he's being stabbed.", 'penetrating_injury'],
  ])('%j: no %s (a figure of speech)', (text, concept) => {
    expect(mention(text, concept)).toBeUndefined();
  });
});

describe("a telephone note's answers", () => {
  it.each<[string, string, string]>([
    ["Q: fever? A: 'haven't noticed any.'", 'fever', 'negated'],
    ["Q: knocked out or vomiting? A: 'no, he's back to playing Lego.'", 'vomiting', 'negated'],
    ["Q: knocked out or vomiting? A: 'no, he's back to playing Lego.'", 'knocked_out', 'negated'],
    // An answer that does not deny leaves the question's finding as told; a denial needs the "A:" of a note.
    ["Q: fever? A: 'yes, 39.2 this morning.'", 'fever', 'current'],
    ['Any fever? Nothing else to report, she has a fever.', 'fever', 'current'],
  ])('%j: %s is %s', (text, concept, expected) => {
    expect(status(text, concept)).toBe(expected);
  });
});

describe('a medicine started is not the problem started', () => {
  it.each([
    ['started citalopram 3 weeks ago, now confused', undefined],
    ['started on lisinopril 2 weeks ago and now a dry cough', undefined],
    ['I started atorvastatin about two months ago. Since then my thighs ache', 60],
    ['the pain started 3 days ago', 3],
  ])('"%s" lasts %s days', (text, days) => {
    expect(extractContext(text).durationDays).toBe(days);
  });
});
