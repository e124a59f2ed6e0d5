import { describe, expect, it } from 'vitest';
import { triageForTests } from '../../test/helpers/triage';
import { extractContext } from '../language/extract';
import { levelRank, type Level } from './index';

// Look-alikes of combination emergencies (issue 10, round 2): the combination with one element milder or missing, or
// a long-known problem, each beside its true twin, which must still raise the same red flag.
const { assess, concepts } = triageForTests();
const rank = (level: Level) => levelRank(level);
const flags = (text: string) => assess(text).redFlags.map((f) => f.id);

describe('a combination with one element milder or missing is not the emergency', () => {
  it.each<[string, string, string]>([
    // [look-alike, true twin, red flag the twin raises and the look-alike must not]
    ["I'm 30, cracked my head on a low cupboard door, small sore lump and a mild headache that paracetamol eases", 'I hit my head on a shelf this morning and now I have a bad headache', 'head_injury_headache'],
    ['banged my head on the car boot, a bit of a headache but ibuprofen helps', 'banged my head on the car boot and my headache is getting worse', 'head_injury_headache'],
    ['my right shoulder tip aches after sleeping on it funny, it moves fine', "I'm 6 weeks pregnant and have pain in the tip of my shoulder", 'ectopic_shoulder_tip_pain'],
    ['my 10-year-old got a little pink mark on her forearm from my hair straighteners, we ran it under cold water', 'my 10-year-old burnt her forearm on my hair straighteners', 'burn_in_young_child'],
    ['I get a dull heavy ache in my left ball by the end of a long day, it goes when I lie down and feels like a bag of worms', 'my left ball really hurts', 'testicular_pain'],
  ])('%s', (lookalike, twin, flag) => {
    const r = assess(lookalike);
    expect(rank(r.level)).toBeLessThan(rank('emergency'));
    expect(r.redFlags.map((f) => f.id)).not.toContain(flag);
    const t = assess(twin);
    expect(rank(t.level)).toBeGreaterThanOrEqual(rank('emergency'));
    expect(t.redFlags.map((f) => f.id)).toContain(flag);
  });

  it('a young child or a baby with even a small burn mark is still seen at once', () => {
    expect(flags('my 3 year old touched the oven door, there is a little pink mark')).toContain('burn_in_child_under_5');
    expect(rank(assess('my baby burnt her hand on the oven door, there is a small red mark').level)).toBeGreaterThanOrEqual(rank('emergency'));
  });

  it('a shoulder-tip pain with tummy pain is still an ectopic sign, and alone still seen the same day', () => {
    expect(flags('pain in my shoulder tip and low down in my tummy')).toContain('ectopic_shoulder_tip_pain');
    expect(assess('I have a pain in the tip of my shoulder').level).toBe('consultation_24');
    expect(concepts('my right shoulder tip aches after sleeping on it funny, it moves fine')).toContain('shoulder_pain');
    // Lifting is no explanation in a woman who is pregnant.
    expect(flags("I'm 6 weeks pregnant and have shoulder tip pain since lifting my toddler")).toContain('ectopic_shoulder_tip_pain');
  });

  it('a headache after a head injury that is getting worse is an emergency even if painkillers helped at first', () => {
    expect(flags('hit my head yesterday, paracetamol helped at first but the headache is getting worse')).toContain('head_injury_headache_worsening');
  });

  it('a painkiller that eases the headache is still a painkiller taken', () => {
    expect(concepts('a headache that paracetamol eases')).toEqual(expect.arrayContaining(['painkillers_help', 'paracetamol_use']));
  });
});

describe('a known or passing problem is not a new one', () => {
  it('floaters someone has had for years are not new floaters; a shower of new ones still is', () => {
    expect(concepts("I've had a couple of wispy floaters for years, they drift about")).not.toContain('flashes_and_floaters');
    expect(flags('a sudden shower of new floaters in my left eye today')).toContain('flashes_floaters');
  });

  it('a faint when the nurse took blood is a faint with a trigger', () => {
    expect(concepts('went hot and sweaty and fainted when the nurse took my blood, came round straight away')).toContain('faint_trigger');
    expect(flags('I fainted at my desk this morning for no reason')).toContain('fainting_unexplained');
  });

  it('breathless after climbing flights of stairs is breathlessness on exertion', () => {
    expect(concepts('bit breathless after climbing three flights of stairs')).toContain('breathless_on_exertion');
    expect(concepts('bit breathless after climbing three flights of stairs')).not.toContain('shortness_of_breath');
  });
});

describe('everyday words beside a sign read in their everyday sense', () => {
  it.each<[string, string, string, string]>([
    // [look-alike, concept it must not give, true twin, concept the twin keeps]
    ["I'm drinking plenty and my wee is pale", 'looks_pale', 'he has gone pale and shaky', 'looks_pale'],
    ['grazed his knee, the edges are a little pink and tender', 'joint_pain', 'grazed my knee and now my knee is really tender and swollen', 'joint_pain'],
  ])('%s', (lookalike, concept, twin, kept) => {
    expect(concepts(lookalike)).not.toContain(concept);
    expect(concepts(twin)).toContain(kept);
  });

  it('a pulled lower back is back pain, and heartburn after a curry that a Rennie settled is heartburn', () => {
    expect(concepts('pulled my lower back lifting the shopping')).toContain('back_pain');
    expect(concepts("I'm 28 and got a burning in my chest after a spicy curry, it went when I chewed a Rennie")).toContain('heartburn');
    // A burning chest told with no meal or antacid is not read as heartburn.
    expect(concepts('a burning in my chest and I feel sweaty and sick')).not.toContain('heartburn');
  });

  it('eating normally denies a loss of appetite; a pain eased by passing wind is still wind', () => {
    const r = assess('crampy ache low on the right side of my belly, it eases once I pass gas, eating normally');
    expect(r.findings.find((f) => f.concept === 'loss_of_appetite')?.present).toBe(false);
    // ... and "not eating normally" is the loss of appetite itself.
    expect(concepts("my son has tummy pain on the right and he's not eating normally")).toContain('loss_of_appetite');
    expect(concepts('crampy ache that eases once I pass wind')).toEqual(expect.arrayContaining(['pain_eased_by_passing_wind', 'trapped_wind']));
    // A right-sided pain told as one that keeps coming back, easing with wind, is no appendicitis emergency.
    const recurring = assess('Every so often I get a crampy ache low on the right side of my belly, it comes and goes and eases once I pass gas, eating normally');
    expect(rank(recurring.level)).toBeLessThan(rank('emergency'));
    expect(recurring.redFlags.map((f) => f.id)).not.toContain('possible_appendicitis');
    expect(flags('pain in the lower right side of my stomach')).toContain('possible_appendicitis');
    // Appendicitis told as such stays an emergency.
    expect(rank(assess("pain in the lower right of my tummy since this morning, getting worse, I've been sick").level)).toBeGreaterThanOrEqual(rank('emergency'));
  });
});

describe('a passing, everyday sensation is self-care; one that stays is not', () => {
  it('a foot that went to sleep and is wearing off is self-care; still numb and weak the next day is not', () => {
    expect(assess("My foot went to sleep after sitting cross-legged on the floor, pins and needles, it's wearing off now").level).toBe('self_care');
    expect(assess("my foot went to sleep yesterday and it's still numb and weak today").level).not.toBe('self_care');
    expect(rank(assess("my arm went to sleep and now I can't lift it and my face is drooping").level)).toBeGreaterThanOrEqual(rank('emergency'));
  });
});

describe('readings and durations read at what they say now', () => {
  it('a heart rate that has settled is read at its settled value; one still high is not', () => {
    expect(extractContext('my watch said heart rate 130 but it dropped back to 75 within a few minutes').vitals.pulse).toBe(75);
    expect(extractContext('heart rate 130 and it went up to 150').vitals.pulse).toBe(130);
    expect(rank(assess("I'm breathless and my heart rate is 130").level)).toBeGreaterThanOrEqual(rank('emergency'));
  });

  it('the length of a trip is not how long the symptoms have lasted', () => {
    expect(extractContext('just back from two weeks in Spain with a temperature of 38').durationDays).toBeUndefined();
    expect(extractContext("I've had a fever for 6 days in a row").durationDays).toBe(6);
    expect(flags('just back from two weeks in Spain with a temperature of 38, a sore throat and a runny nose')).not.toContain('fever_five_days');
    expect(flags('back from two weeks in Kenya and I have a fever')).toContain('fever_after_malaria_travel');
  });
});
