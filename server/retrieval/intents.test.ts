import { describe, expect, it } from 'vitest';
import { detectIntents, intentCueWords, sectionsFor } from './intents';

describe('what a question asks for', () => {
  it.each([
    ['What is tuberculosis?', 'definition'],
    ['what are the symptoms of shingles', 'symptoms'],
    ['how do i know if my toddler has croup', 'symptoms'],
    ['What causes kidney stones?', 'causes'],
    ['why do i keep getting cold sores', 'causes'],
    ['who is at risk of glaucoma?', 'risk'],
    ['How is coeliac disease diagnosed?', 'tests'],
    ['What are the treatments for acne?', 'treatment'],
    ['what can I do at home for a sore throat', 'self_care'],
    ['How to prevent cold sores?', 'prevention'],
    ['what is the outlook for sepsis', 'outlook'],
    ['how long does flu last', 'outlook'],
    ['got out of hospital after sepsis 2 months ago, still shattered and having nightmares. is this normal?', 'outlook'],
    ['What are the complications of chickenpox?', 'complications'],
    ['does ibuprofen have side effects', 'side_effects'],
    ['can i take ibuprofen if i have asthma', 'contraindications'],
    ['Do I need to see a doctor for tonsillitis?', 'when_to_get_help'],
    ['adrenaline dose IM for adult anaphylaxis pls', 'dose'],
    ['NEWS2 0 - how often obs?', 'schedule'],
    ['what temperature is the threshold for sepsis screening', 'threshold'],
    ['qSOFA: RR 24, sys BP 98, GCS 15', 'score'],
    ['time windows for thrombolysis and thrombectomy?', 'schedule'],
    ['news2 8 what now', 'self_care'],
    ['caller with chest pain - what do i tell him', 'self_care'],
    ['sudden severe headache, what could it be', 'causes'],
    ['DKA - when do I add dextrose to the fluids?', 'threshold'],
    ['when should we stop the insulin infusion', 'threshold'],
    ['how long do i need to observe after IM adrenaline for anaphylaxis', 'schedule'],
    ['how long does she need to be observed after the adrenaline', 'schedule'],
    // A decision to stop or carry on, given a reading, asks for the reading that decides it.
    ['on the FRIII for DKA, CBG now 12.6, do i stop the insulin?', 'threshold'],
    ['sats 93% on 2L, should we reduce the oxygen?', 'threshold'],
    // Night-shift wording (nurse-questions-5): where it goes in, what rate, redoing a check, whether it can wait.
    ['IM adr how much of the 1 in 1000 and where do i put it', 'route'],
    ['which site for the injection', 'route'],
    ['that DKA? what rate on the fixed insulin', 'dose'],
    ['what do i give him and when do i redo it', 'schedule'],
    ['does he need to go in today or can it wait for the GP', 'when_to_get_help'],
    // Lay wordings from patient-questions-blind-2.
    ['gp said i have an underactive thyroid, what does that even mean', 'definition'],
    ['nurse said threadworms, how did he get them', 'causes'],
    ['i had a miscarriage at 8 weeks, does it mean ill never be able to have a baby', 'outlook'],
    ['theres hand foot and mouth going round the nursery, what do i look out for', 'symptoms'],
  ])('%s -> %s', (q, intent) => {
    expect(detectIntents(q).intents).toContain(intent);
  });

  it('reads "on repeat" and "repeat BP" as a reading already taken, not a question of when to repeat', () => {
    expect(detectIntents('BP 196/124 on repeat, feels fine. does he need to go in today or can it wait for the GP').intents).not.toContain('schedule');
    expect(detectIntents('repeat bp 182/110, what now').intents).not.toContain('schedule');
    expect(detectIntents('when can i repeat the adrenaline').intents).toContain('schedule');
    expect(detectIntents('how often should obs be repeated').intents).toContain('schedule');
  });

  it('asks for a definition only when nothing more specific is asked', () => {
    expect(detectIntents('what is the treatment for impetigo').intents).toEqual(['treatment']);
    expect(detectIntents('What is eczema?').intents).toEqual(['definition']);
  });

  it('reads "how do I stop it?" and "can I stop taking them?" as no reading that decides', () => {
    expect(detectIntents('I get migraines. How can I stop one once it starts?').intents).not.toContain('threshold');
    expect(detectIntents("What's causing it and how do I stop it?").intents).not.toContain('threshold');
    expect(detectIntents('I feel better after 3 days of my 7-day antibiotic course. Can I stop taking them?').intents).not.toContain('threshold');
  });

  it('keeps score names as the subject and question words out of it', () => {
    const { cueWords } = detectIntents('what are the causes of NEWS2 escalation');
    expect(cueWords.has('causes')).toBe(true);
    expect(cueWords.has('news2')).toBe(false);
  });

  it('maps intents to the sections that answer them, per audience', () => {
    expect(sectionsFor(['causes'], 'patient')[0]).toBe('Causes');
    expect(sectionsFor(['risk'], 'patient')[0]).toBe('Who is at risk');
    expect(sectionsFor(['dose'], 'nurse')).toEqual(['Actions']);
    expect(sectionsFor(['when_to_get_help'], 'nurse')[0]).toBe('Escalation');
  });

  it.each([
    ['can I give my 10 year old some of my aspirin for a headache?', true],
    ['what cough medicine can I give my 4 year old?', true],
    ['Is it okay for me to take ibuprofen for my back?', true],
    ['what can I take for a headache?', false],
    ['how much paracetamol can I give?', false],
  ])('reads %j as asking whether a medicine is allowed: %s', (q, yes) => {
    expect(detectIntents(q).intents.includes('contraindications')).toBe(yes);
  });

  it('reads a dose already given ("good response to 1 dose") as what happened, not as a dose question', () => {
    expect(detectIntents('anaphylaxis pt, good response to 1 dose adrenaline, all resolved - how long to observe before discharge').intents).not.toContain('dose');
    expect(detectIntents('adult anaphylaxis IM adr dose + where').intents).toContain('dose');
  });

  it('names the words that only say what is asked, keeping the verbs of a medicine question', () => {
    const helps = intentCueWords('what helps constipation?');
    expect(helps.has('helps')).toBe(true);
    expect(helps.has('constipation')).toBe(false);
    expect(intentCueWords('is it safe to take ibuprofen when you have a cold?').has('take')).toBe(false);
  });

  it('reads taking someone to the doctor as when to get help, an untreated condition as complications, dying as the outlook', () => {
    expect(detectIntents('when should I take my baby to the doctor with a temperature?').intents).toEqual(['when_to_get_help']);
    expect(detectIntents('should I take him to A&E with this rash?').intents).not.toContain('contraindications');
    expect(detectIntents('can I take ibuprofen with a cold?').intents).toContain('contraindications');
    expect(detectIntents("what happens if high blood pressure isn't treated?").intents).toEqual(['complications']);
    expect(detectIntents('how is psoriasis treated?').intents).toContain('treatment');
    expect(detectIntents('can you die from pneumonia?').intents).toContain('outlook');
    expect(detectIntents('is sepsis fatal?').intents).toContain('outlook');
  });

  it.each([
    // Consumer wording (the blind consumer set, issue 12 round 8): the kind of fact asked without its textbook word.
    ["nursery said my son's crusty sores might be impetigo, what even is that", 'definition'],
    ["will my face go back to normal after bell's palsy", 'outlook'],
    ['will my baby grow out of eczema', 'outlook'],
    ['what problems can type 1 diabetes cause long term', 'complications'],
    ["how do they work out if someone has epilepsy after they've had a fit", 'tests'],
    ['can you have gonorrhoea and not know it', 'symptoms'],
    ['at what point do I need to get him seen', 'when_to_get_help'],
    ['what happens if you leave a UTI', 'complications'],
    ['can you get shingles twice', 'outlook'],
    ['what can trigger asthma', 'causes'],
    ['How many people are affected by Psoriasis ?', 'risk'],
    ['how common is endometriosis', 'risk'],
    ["what's the best thing for a cold sore", 'self_care'],
    ['what is good for a sore throat', 'self_care'],
  ])('reads %j as asking for %s', (q, intent) => {
    expect(detectIntents(q).intents).toContain(intent);
  });

  it('does not read knowing or a long-term condition as a kind of fact asked', () => {
    expect(detectIntents('what are the symptoms of shingles and how do I know').intents).toEqual(['symptoms']);
    expect(detectIntents('is it a long term condition?').intents).not.toContain('complications');
    // "What can trigger asthma?" asks for causes, not for a cut-off (a nurse's "NEWS2 trigger" still does).
    expect(detectIntents('what can trigger asthma').intents).not.toContain('threshold');
    expect(detectIntents('NEWS2 trigger for escalation').intents).toContain('threshold');
  });

  it('reads the intent of a story with a question from the sentences that ask', () => {
    // "I worry about everything" describes; "how can I manage my anxiety?" asks for what helps.
    const story = detectIntents("I worry about everything all the time and can't switch off. It's been months. How can I manage my anxiety?");
    expect(story.intents).toContain('self_care');
    expect(story.intents).not.toContain('when_to_get_help');
    expect(story.cueWords.has('worry')).toBe(false);
    // The question's own cue still counts ("Should I worry?").
    expect(detectIntents('I fainted at a concert last night and feel fine now. Should I worry?').intents).toContain('when_to_get_help');
    // A question that shows no intent of its own leaves the whole message to be read.
    expect(detectIntents('My throat is sore and I want to know how to treat it. Any ideas?').intents).toContain('treatment');
  });
});
