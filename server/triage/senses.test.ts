import { describe, expect, it } from 'vitest';
import { triageForTests } from '../../test/helpers/triage';
import { levelRank, type Level } from './index';

// Look-alikes of single-sign emergencies (issue 10): the same words in another sense, a thing that only looks like
// the sign, or a known unchanged problem, each beside its true twin, which must stay an emergency.
const { assess, concepts } = triageForTests();
const belowEmergency = (level: Level) => levelRank(level) < levelRank('emergency');

describe('a red-flag word in another sense is not the red flag', () => {
  it.each<[string, string, string, string]>([
    // [look-alike, concept it must not give, true twin, red flag the twin must raise]
    ['my laptop has gone completely unresponsive and wont wake up from sleep', 'unresponsive', 'my dad has gone completely unresponsive and wont wake up', 'collapse_or_unresponsive'],
    ['got snake bite piercings in my lower lip two days ago, a bit sore round the bars', 'snake_bite', 'got bitten by a snake on my ankle while walking', 'snake_bite'],
    ["every time I stroke my friend's cat my eyes itch and I sneeze", 'stroke', 'I think my dad is having a stroke, can you help', 'reported_stroke'],
    ['my 5 year old has bright blue lips and tongue after a blue raspberry slushie', 'blue_lips', 'my 5 year old has blue lips and is struggling to breathe', 'blue_lips'],
    ['my toddler threw up green after a big bowl of lime jelly, running about happily now', 'green_vomit', 'my toddler keeps throwing up green and her tummy is swollen', 'green_vomit'],
    ['purple bruise on my shin from walking into the coffee table, it doesnt fade when I press on it', 'non_blanching_rash', 'my son has a fever and a rash that doesnt fade when I press a glass on it', 'non_blanching_rash'],
    ["think I've broken a bit off my back tooth on a toffee", 'possible_fracture', "fell off my bike and think I've broken my wrist, it's bent", 'possible_fracture'],
    ["my nose is so blocked with this cold I can't breathe through it at night", 'severe_breathlessness', "I can't breathe and my lips are going blue", 'blue_lips'],
    ['I get sudden stabbing electric-shock pains in my cheek when I brush my teeth', 'electric_shock', 'I got an electric shock from the mains and my hand is burnt', 'electric_shock_injury'],
    ['ate ice cream too fast and got a sudden sharp pain in my forehead, gone in 20 seconds', 'sudden_onset', 'sudden severe headache, worst ever, came on in seconds', 'thunderclap_headache'],
  ])('%s', (lookalike, concept, twin, flag) => {
    expect(concepts(lookalike)).not.toContain(concept);
    expect(belowEmergency(assess(lookalike).level)).toBe(true);
    const r = assess(twin);
    expect(belowEmergency(r.level)).toBe(false);
    expect(r.redFlags.map((f) => f.id)).toContain(flag);
  });
});

describe('the other sense goes where it belongs', () => {
  it('a blocked nose that stops breathing through it is a blocked nose', () => {
    expect(concepts("my nose is so blocked I can't breathe through it")).toContain('blocked_nose');
  });
  it('green sick after green food is plain vomiting', () => {
    expect(concepts('she threw up green after eating lime jelly')).toContain('vomiting');
  });
  it('a broken tooth is a dental injury', () => {
    expect(concepts("I think I've broken my tooth on a toffee")).toContain('dental_injury');
  });
  it('puffing and panting after running for a bus is breathlessness on exertion, not fast breathing', () => {
    const found = concepts('ran for the bus and was puffing and panting for a minute, I am pretty unfit');
    expect(found).not.toContain('rapid_breathing');
    expect(found).toContain('breathless_on_exertion');
  });
  it('a baby puffing and panting at rest is still fast breathing', () => {
    expect(concepts('my 3 month old is puffing and panting and struggling with feeds')).toContain('rapid_breathing');
  });
});

describe('a known, unchanged problem is not a new one', () => {
  it('confusion for a couple of years in dementia is not new confusion', () => {
    const r = assess("Mum is 84 with Alzheimer's and has been muddled for a couple of years, today she's much the same as usual.");
    expect(r.redFlags.map((f) => f.id)).not.toContain('new_confusion');
    expect(belowEmergency(r.level)).toBe(true);
  });
  it('confusion that started today is still new confusion', () => {
    expect(assess('Mum is 84 and has been muddled since this morning, she does not know where she is').redFlags.map((f) => f.id)).toContain('new_confusion');
  });
});

describe('a look-alike with its cause named fits its self-care pattern', () => {
  it('prickly heat in a heatwave is minor skin trouble', () => {
    expect(assess('Got prickly heat, itchy little red bumps on my chest since the heatwave started.').level).toBe('self_care');
  });
  it('a sore arm the day after a flu shot is a vaccine reaction', () => {
    const r = assess('My son had his flu shot yesterday and his arm is sore and a bit red where the needle went in.');
    expect(concepts('My son had his flu shot yesterday')).toContain('recent_vaccination');
    expect(r.level).toBe('self_care');
  });
  it('bruises after an assault course are bruises from knocks, not unexplained bruising or an assault', () => {
    const found = concepts('Did an assault course for a charity run on Saturday and my legs are covered in bruises and aching.');
    expect(found).not.toContain('easy_bruising');
    expect(found).not.toContain('injury_fall');
    expect(found).toContain('bruise');
  });
  it('bruises with nothing to explain them are still unexplained bruising', () => {
    expect(concepts('my 4 year old is covered in bruises and I do not know why')).toContain('easy_bruising');
  });
});

describe('everyday words for minor complaints', () => {
  it('Pepto-Bismol is a stomach medicine that darkens poo, not a misspelt allergen', () => {
    const found = concepts('Had Pepto-Bismol for a dodgy stomach yesterday');
    expect(found).toContain('black_stool_medicine');
    expect(found).not.toContain('allergen_trigger');
  });
  it('black tarry poo with fainting is still an emergency after Pepto-Bismol', () => {
    expect(belowEmergency(assess('took pepto bismol and now my poo is black and tarry and I feel faint').level)).toBe(false);
  });
  it('a crick in the neck from decorating is neck pain that fits the strain pattern', () => {
    expect(assess("I've got a crick in my neck from hanging wallpaper all weekend.").level).toBe('self_care');
  });
});

describe('a milder degree is read as such', () => {
  it('a face a bit pink and tender from the sun is mild sunburn', () => {
    expect(assess("My face is a bit pink and tender from the sun after a day at the beach").level).toBe('self_care');
  });
  it('worn out after night shifts is the tiredness of overwork', () => {
    expect(concepts('absolutely dead on my feet after 4 night shifts in a row')).toContain('burnout');
    expect(assess('absolutely dead on my feet after 4 night shifts in a row').level).toBe('self_care');
  });
  it('chest pain with sweating after night shifts is still a heart attack warning', () => {
    expect(assess("after 4 night shifts in a row I have crushing chest pain and I'm sweating").level).toBe('emergency_ambulance');
  });
});

describe('figures of speech and passing sensations beside their true twins', () => {
  it.each<[string, string, string]>([
    // [look-alike, concept it must not give, true twin giving the concept]
    ['my face dropped when I heard the news', 'facial_droop', 'his face dropped on one side while we were talking'],
    ['I nearly drowned in paperwork this week', 'drowning', 'my son nearly drowned in the pool, he is coughing'],
    ['I blacked out the windows for the film night', 'fainting', 'I stood up and blacked out for a few seconds'],
    ['my vision went black for a second when I stood up too quickly', 'vision_loss', 'my vision went black in one eye for a few minutes this morning'],
    ['I was seeing stars after I stood up too fast', 'flashing_lights', 'I keep seeing stars and flashes in one eye since this morning'],
    ['my pee is pink after eating beetroot', 'blood_in_urine', 'my pee is pink and I have pain in my side'],
    ['my lips went a bit blue after swimming in the cold sea, fine once I warmed up', 'blue_lips', 'my baby has gone a bit blue round the lips'],
  ])('%s', (lookalike, concept, twin) => {
    expect(concepts(lookalike)).not.toContain(concept);
    expect(concepts(twin)).toContain(concept);
  });
  it('greying out on standing up is read as light-headedness with its trigger', () => {
    expect(concepts('my vision went black for a second when I stood up too quickly')).toContain('dizziness');
    expect(assess('my vision went black for a second when I stood up too quickly').level).toBe('self_care');
  });
});

describe('more everyday senses, each beside its true twin', () => {
  it.each<[string, string, string]>([
    // [look-alike, concept it must not give, true twin giving the concept]
    ['I cut my finger off the list of volunteers', 'traumatic_amputation', 'I cut my finger off with the saw'],
    ['I nearly fainted when I saw the price', 'fainting', 'I nearly fainted in the queue and had to sit down'],
    ['I passed out on the sofa after a long day', 'fainting', 'I passed out in the kitchen and woke up on the floor'],
    ['my dad is confused by his new phone', 'confusion', 'my dad is confused and does not know where he is'],
    ['I stabbed myself with a fork while eating, tiny mark', 'penetrating_injury', 'I got stabbed in the side outside the pub'],
    ["my speech is slurred because I've just had a filling and my mouth is numb", 'slurred_speech', 'his speech is slurred since this morning, he was at the dentist yesterday'],
    ["my vision is blurry when I'm tired at the end of the day", 'vision_loss', 'my vision went blurry in one eye suddenly an hour ago'],
    ["I can't pee when people are around in public toilets", 'urinary_retention', "I can't pee at all since last night and my bladder is bursting"],
  ])('%s', (lookalike, concept, twin) => {
    expect(concepts(lookalike)).not.toContain(concept);
    expect(concepts(twin)).toContain(concept);
  });
  it('one extra paracetamol with a day total over 8 is still an overdose', () => {
    expect(assess("I took an extra paracetamol by mistake, I've had 12 today").level).toBe('emergency_ambulance');
  });
  it('feeling faint in a hot shower that passed on sitting down is a faint with a trigger', () => {
    expect(assess('I felt faint in the hot shower, sat down and it passed').level).toBe('self_care');
  });
});

describe('fright, tiredness and local swellings beside their true twins', () => {
  it.each<[string, string, string]>([
    // [look-alike, concept it must not give, true twin giving the concept]
    ['I had a heart attack when I saw the spider', 'heart_attack', "I think I'm having a heart attack, crushing chest pain"],
    ["I'm having a heart attack over this tax bill", 'heart_attack', 'my dad is having a heart attack, he is grey and sweaty'],
    ['my baby is sleepy after her jabs today but feeding fine', 'drowsy', 'my 2 year old is very sleepy and has a fever'],
    ['my lip is swollen from a cold sore', 'swelling_face_lips_tongue', 'my lips are swelling up and I ate peanuts'],
    ['my eyes are puffy from crying', 'swelling_face_lips_tongue', 'my eyes are puffy and my lips are swelling after a bee sting'],
    ["I'm going to kill myself laughing", 'suicidal_thoughts', 'I want to kill myself'],
    ["I keep seeing things out of the corner of my eye when I'm tired", 'hearing_voices', 'I keep seeing things that are not there and hearing voices'],
    ['my bladder feels full all the time with this cold weather', 'urinary_retention', "my bladder is full and I can't pee since this morning, it's agony"],
  ])('%s', (lookalike, concept, twin) => {
    expect(concepts(lookalike)).not.toContain(concept);
    expect(concepts(twin)).toContain(concept);
  });
  it('a baby who will not wake after her jabs is still an emergency', () => {
    expect(belowEmergency(assess("my baby is very sleepy after her jabs and won't wake for feeds").level)).toBe(false);
  });
});

describe('exertion, saddles, stains and old deformities beside their true twins', () => {
  it.each<[string, string, string]>([
    // [look-alike, concept it must not give, true twin giving the concept]
    ['my breathing is a bit fast after climbing the hill but settled when I sat down', 'rapid_breathing', 'my baby is breathing fast and grunting'],
    ['my bum is numb from sitting on the bike', 'saddle_numbness', "my bum is numb and I can't feel when I wipe, and my back is killing me"],
    ['my lips are purple from red wine', 'blue_lips', 'his lips are purple and he is struggling to breathe'],
    ["I can't move my legs after that leg day", 'paraplegia', "I suddenly can't move my legs and I've wet myself"],
    ['my finger looks crooked from arthritis', 'deformity', 'I have arthritis and fell, now my wrist is at a funny angle'],
  ])('%s', (lookalike, concept, twin) => {
    expect(concepts(lookalike)).not.toContain(concept);
    expect(concepts(twin)).toContain(concept);
  });
  it('legs that go weak and numb after a run with wet trousers keep the spinal emergency', () => {
    const r = assess("both my legs went weak after my run and I can't feel them and I wet myself");
    expect(concepts("both my legs went weak after my run and I can't feel them and I wet myself")).toContain('leg_weakness');
    expect(belowEmergency(r.level)).toBe(false);
  });
  it('legs like jelly after a long run are tired muscles', () => {
    const found = concepts('I collapsed on the sofa after my 10 mile run, my legs feel like jelly');
    expect(found).not.toContain('leg_weakness');
    expect(found).toContain('muscle_aches');
  });
});

describe('true emergencies that merely mention a look-alike word', () => {
  it.each([
    'found him slumped over his laptop, unresponsive',
    "I'm on the NHS website, my mum won't wake up",
    'my dad had a stroke while walking the dog',
    'my baby went blue during his drink of milk',
    'my son is coughing with blue lips after swimming',
    "my toddler fell over yesterday and now has spots that don't fade when I press them",
    'I have hay fever and my lips are swelling after eating nuts',
    "he gave me aspirin, I think I'm having a heart attack",
    'my 3 year old is very sleepy after dinner and has a fever and a rash',
  ])('%s', (text) => {
    expect(belowEmergency(assess(text).level)).toBe(false);
  });
});

describe('narrowed guards keep these emergencies', () => {
  it.each([
    'a black snake bit me on the ankle',
    "my wrist has always been weak but after the fall it's bent at an angle",
    "my vision went black in one eye and I couldn't get up",
  ])('%s', (text) => {
    expect(belowEmergency(assess(text).level)).toBe(false);
  });
});
