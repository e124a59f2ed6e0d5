import { describe, expect, it } from 'vitest';
import { triageForTests } from '../../test/helpers/triage';
import { extractContext } from '../language/extract';
import { levelRank, toState, type TriageResult } from './index';

// Round 19 of blind cases (issue 10): messages typed into the fields of an intake form, and chats typed in bursts.
const { triage, assess, concepts } = triageForTests();
const atLeast = (r: TriageResult, level: Parameters<typeof levelRank>[0]) => levelRank(r.level) >= levelRank(level);

/** The turns of a chat, each read with what the turns before it left. */
function chat(...turns: string[]): TriageResult {
  let state = null;
  let r!: TriageResult;
  for (const text of turns) {
    r = triage.assess({ text }, state);
    state = toState(r);
  }
  return r;
}

describe('the fields of an intake form', () => {
  it('reads "Age: 34" and "Sex: F" as the age and sex, and "Baby age: 5 weeks" as an age, not a duration', () => {
    expect(extractContext('Age: 34. Sex: F. Main problem: belly pain.')).toMatchObject({ ageYears: 34, sex: 'female' });
    const baby = extractContext('Baby age: 5 weeks. Sex: F. Reason for visit: spits up after feeds.');
    expect(baby.ageMonths).toBeCloseTo(35 / 30, 1);
    expect(baby.durationDays).toBeUndefined();
    expect(extractContext('Child age: 3. Sex: M. What happened: fell off the slide.')).toMatchObject({ ageYears: 3, subject: 'child', sex: 'male' });
  });

  it('does not read a question word that heads a field label as a question ("What happened: ...", "When: ...")', () => {
    const r = assess('Child age: 3. What happened: pulled a pot of boiling water onto herself. Where: chest, belly and both arms, skin is peeling and blistering.');
    expect(concepts('What happened: pulled a pot of boiling water onto herself.')).toContain('burn');
    expect(atLeast(r, 'emergency')).toBe(true);
    // A real question is still a question.
    expect(assess('what happens if a burn blisters?').findings.find((f) => f.concept === 'skin_blisters')?.present).toBe(false);
  });

  it('counts tablets named by their strength ("like 25 of the extra strength")', () => {
    expect(extractContext('took a lot of Tylenol last night, like 25 of the extra strength').tabletCount).toBe(25);
  });
});

describe('a chat typed in bursts', () => {
  it('keeps a pregnancy told in an earlier burst for a later one ("36 weeks with my second", "baby has been quiet")', () => {
    expect(extractContext('hi, 36 weeks with my second')).toMatchObject({ pregnant: true, gestationWeeks: 36 });
    expect(extractContext('hi, 36 weeks with my second').durationDays).toBeUndefined();
    expect(chat('hi, 36 weeks with my second', 'baby has been super quiet today').findings.map((f) => f.concept)).toContain('reduced_fetal_movement');
    // A mother who tells of her own breast in a later burst is the one with the fever, not the baby of the first.
    expect(chat('breastfeeding my 3 week old', 'my left breast has a red hot hard wedge', 'fever 101.2 and achy').redFlags.map((f) => f.id)).not.toContain('fever_under_3_months');
    expect(chat('my 3 week old is feeding badly', 'she has a fever of 38.3').redFlags.map((f) => f.id)).toContain('fever_under_3_months');
    // A quiet toddler is no reduced fetal movement.
    expect(chat('my 2 year old has a cold', 'he has been quiet today').findings.map((f) => f.concept)).not.toContain('reduced_fetal_movement');
  });
});

describe('who and when', () => {
  it("reads a breastfeeding mother's own breast and fever as hers, not her baby's", () => {
    const r = assess('breastfeeding my 3 week old. my left breast has a red hot hard wedge. fever 101.2 and achy like the flu');
    expect(r.redFlags.map((f) => f.id)).not.toContain('fever_under_3_months');
    expect(r.context.ageMonths).toBeUndefined();
    // The baby's own fever is still the baby's.
    expect(assess("I'm breastfeeding my 6 week old and she has a temperature of 38.2").context.ageMonths).toBeCloseTo(1.4, 1);
  });

  it('keeps a medicine taken now when a date after it dates what it is taken for ("on rivaroxaban for a DVT 2 months ago")', () => {
    const r = assess('fell and hit my forehead on the table. On rivaroxaban for DVT dx 2 months ago.');
    expect(r.findings.find((f) => f.concept === 'blood_thinners')?.present).toBe(true);
    expect(r.findings.find((f) => f.concept === 'deep_vein_thrombosis')?.context).toBe('past');
  });

  it('escalates heel pain that has lasted beyond the two weeks of self-care', () => {
    expect(assess('my heel hurts in the morning, first steps are the worst, started 5 days ago').level).toBe('self_care');
    expect(assess('my heel hurts in the morning, first steps are the worst, been about 2 months').level).toBe('consultation');
  });

  it('reads a glucose meter that says "HI" as a very high sugar', () => {
    expect(extractContext("90 y/o F not herself, glucose on their meter 'HI'").vitals.glucoseMmol).toBeGreaterThanOrEqual(30);
    expect(extractContext('hi, my sugar meter is new').vitals.glucoseMmol).toBeUndefined();
  });

  it('reads two numbers "over" each other in the ranges of a blood pressure as one, and a high one as high blood pressure', () => {
    expect(extractContext('the practice nurse got 152 over 96 when she checked me today').vitals).toMatchObject({ systolicBp: 152, diastolicBp: 96 });
    expect(extractContext('temp over 38 over 2 days').vitals.systolicBp).toBeUndefined();
    expect(concepts('the nurse got 152 over 96 today, I feel fine')).toContain('high_blood_pressure');
    // One raised reading beside a small cut does not stop self-care.
    expect(assess('41-year-old female, small cut on her finger, bleeding stopped. BP 130/90, HR 88.').level).toBe('self_care');
  });

  it('reads chest tightness on effort that eases with rest as angina to be seen today, not a heart attack', () => {
    expect(assess('i get a tight heavy feeling in my chest when i walk up hill, it goes off after a few minutes rest').level).toBe('consultation_24');
    expect(assess('heavy pressure in my chest for 20 minutes, sweaty').level).toBe('emergency_ambulance');
  });

  it('does not read a time ago as an age ("55M ... Had a stent 2 yrs ago")', () => {
    expect(extractContext('55M at a ski lodge. Had a stent 2 yrs ago.').ageYears).toBe(55);
    expect(extractContext('smoker x 20 yrs, 45M').ageYears).toBe(45);
    expect(extractContext('72 yo female with cough').ageYears).toBe(72);
  });

  it('finds the word a sense guard asks for anywhere in the message, not only near the phrase', () => {
    // "was bright green" is green vomit only with the vomit named: here eleven words before it.
    expect(concepts('our 3 month old has thrown up 3 times in the last couple hours, and the last one was bright green')).toContain('green_vomit');
    expect(concepts('his poop this morning was bright green, he is feeding well')).not.toContain('green_vomit');
    // The phrase's own words do not satisfy it: "since the heat came on" is no fumes by itself.
    expect(concepts('she has dry itchy skin on her shins since the heat came on for winter')).not.toContain('co_exposure');
  });

  it('reads how long a problem has lasted from a vague long time and from "still" since an event', () => {
    expect(extractContext("my knees have been aching for months, and they're stiff for a few minutes in the morning").durationDays).toBeGreaterThanOrEqual(60);
    expect(extractContext('I had a cold about six weeks ago and I still have a dry tickly cough').durationDays).toBe(42);
    expect(extractContext('stiff for a few minutes in the morning').durationDays).toBeLessThan(1);
  });

  it('tells a scratch or grit in the eye (checked today) from a fragment that flew from a tool (an emergency)', () => {
    expect(assess('my 7 month old scratched my eye with her fingernail, it is watering and feels like sand, vision okay').level).toBe('consultation_24');
    expect(levelRank(assess('I was grinding metal and scratched my eye, it really hurts').level)).toBeGreaterThanOrEqual(levelRank('emergency'));
  });
});

// Round 21 (issue 10): numbers from a device at home.
describe("a home device's numbers", () => {
  it('reads peak flow against the best, and grades the attack by it (BTS/SIGN)', () => {
    expect(extractContext('My peak flow is 150 and my normal is around 450.').vitals.peakFlowPercent).toBe(33);
    expect(extractContext('his peak flow is around 70 percent of his best').vitals.peakFlowPercent).toBe(70);
    expect(assess('my peak flow is 120 and my best is 450').level).toBe('emergency_ambulance');
    expect(assess('my 9 year old has asthma and a cold, his peak flow is around 70 percent of his best').level).toBe('consultation_24');
  });

  it('takes a reading taken again, or the readings after a loose probe, over a first faulty one', () => {
    expect(extractContext('my cuff read 168/102 over my sweater, retook it on my bare arm, 122/78').vitals).toMatchObject({ systolicBp: 122, diastolicBp: 78 });
    expect(extractContext('my watch showed blood oxygen 88 once and it was loose on my wrist. All my other readings today are 97 to 99').vitals.spo2).toBe(97);
    expect(assess('I just walked up 4 flights of stairs and my cuff said 148/92 and I panicked. I sat for 10 minutes and it was 124/78.').level).toBe('self_care');
    // A note with normal signs and a problem the vocabulary may miss still goes to a clinician.
    expect(assess('31F, menses heavier than usual, changing pad q3-4h, HR 78, BP 118/76.').level).not.toBe('self_care');
  });

  it("scores oxygen on NEWS2's scale 2 in COPD, whose usual target is 88-92%", () => {
    const r = assess('I have COPD and my oxygen usually runs 90 to 92. Today it is 90 and I am coughing up more green stuff.');
    expect(r.redFlags.map((f) => f.id)).not.toContain('news2_low_medium');
    expect(levelRank(assess('my oxygen is 90 and I am coughing').level)).toBeGreaterThanOrEqual(levelRank('emergency'));
  });
});

describe('light bleeding with pain low on one side', () => {
  it('reads "pain low on one side" with spotting as a possible ectopic pregnancy, on the pill too', () => {
    expect(levelRank(assess('on the pill and have light spotting and bad pain low on one side').level)).toBeGreaterThanOrEqual(levelRank('emergency'));
    expect(assess("I'm on the pill, missed my period and now light spotting").level).not.toBe('self_care');
    expect(assess("I'm 6 weeks pregnant and have light spotting").level).toBe('consultation_24');
  });
});

