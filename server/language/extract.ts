/** Who the message is about, how long, how bad, and any vital signs given. Pure, regex-based. */

export type Vitals = {
  temperatureC?: number;
  pulse?: number;
  respiratoryRate?: number;
  spo2?: number;
  systolicBp?: number;
  diastolicBp?: number;
  glucoseMmol?: number;
  /** A blood potassium result given in the message (mmol/L). */
  potassiumMmol?: number;
  /** A blood ketone reading (mmol/L), as people with diabetes test at home. */
  ketonesMmol?: number;
  /** How far apart the top numbers of the blood pressure in the right and the left arm are (mmHg), when both are given. */
  armBpDifference?: number;
  /** An INR result (how long the blood takes to clot, checked for people on warfarin). */
  inr?: number;
  /** Peak flow as a percentage of the person's best ("150, my best is 450"; "about 70 percent of his best"). */
  peakFlowPercent?: number;
  onOxygen?: boolean;
  /** Glasgow Coma Scale total, when given. */
  gcs?: number;
  /** AVPU below alert: responds to voice, to pain, or not at all. */
  consciousness?: 'voice' | 'pain' | 'unresponsive';
  capillaryRefillSec?: number;
  /** A pulse charted as irregular after its rate ("HR 104 irregular", "pulse 88 irreg"). */
  irregular?: boolean;
};

export type Subject = 'self' | 'child' | 'other';

export type PatientContext = {
  subject: Subject;
  ageYears?: number;
  ageMonths?: number;
  /** "baby" with no age given: rules about young infants ask for the age instead of guessing. */
  infantAgeUnknown?: boolean;
  /** A toddler whose age was not given (a pattern for older children and adults does not fit). */
  toddlerAgeUnknown?: boolean;
  sex?: 'female' | 'male';
  pregnant?: boolean;
  gestationWeeks?: number;
  durationDays?: number;
  severity?: number;
  /** "maybe 20 tablets over the day" */
  tabletCount?: number;
  /** Paracetamol tablets a day ('8-10 Tylenol a day'): the larger number of a range. */
  paracetamolPerDay?: number;
  onset?: 'sudden' | 'gradual';
  /** How fast a vehicle in a crash was going, in miles per hour ("at around 45 mph", "doing 60 km/h"). */
  speedMph?: number;
  /** How far someone fell, in metres ("fell ~15 ft", "fall from 3 metres", "fell 10 feet off a ladder"). */
  fallMetres?: number;
  trend?: 'worse' | 'better';
  /** A mother who tells of her own body after a birth: a baby's age from an earlier message is not hers. */
  aboutSelf?: boolean;
  vitals: Vitals;
};

const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, couple: 2, few: 3, several: 3,
};
const num = (s: string) => WORD_NUMBERS[s] ?? Number(s);
/** Counts of tablets in words ("about twenty of the paracetamol", "a dozen pills"). */
const COUNT_NUMBERS: Record<string, number> = {
  ...WORD_NUMBERS, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, hundred: 100, dozen: 12, 'a dozen': 12, 'two dozen': 24,
};
// Every count above one, longest first so "two dozen" is tried before "two" (vague ones like "a few" are no count).
const COUNT_WORDS = Object.keys(COUNT_NUMBERS)
  .filter((w) => COUNT_NUMBERS[w] >= 2 && !['couple', 'few', 'several'].includes(w))
  .sort((a, b) => b.length - a.length)
  .join('|');
const countOf = (s: string) => COUNT_NUMBERS[s] ?? Number(s);
// With the brand names Americans count in ("swallowed about thirty Tylenol", "took 20 Advil").
const TABLET_NOUNS = 'tablets|pills|pils|caplets|capsules|paracetamols?|ibuprofens?|co-codamols?|painkillers|tylenols?|advils?|motrins?|aleves?|excedrins?|benadryls?|percocets?|vicodins?|norcos?|xanax|ativans?|klonopins?|ambiens?|seroquels?|aspirins?';
const TABLET_WORDS = new RegExp(`\\b(?:${TABLET_NOUNS})\\b`);
// "8-10 Tylenol Extra Strength a day", "taking 12 paracetamol a day": tablets counted per day.
const PARACETAMOL_PER_DAY = /\b(\d{1,2})(?:\s*(?:-|to)\s*(\d{1,2}))?\s+(?:x\s+)?(?:[a-z]+\s+)?(?:paracetamols?|tylenols?|panadols?|acetaminophen|co-codamols?)(?:\s+[a-z]+){0,3}?\s+(?:a|per|each|every)\s+day\b/;
const VITALS_BY_POSITION = /\b(?:vs|vitals|vital signs|obs)\s*[:-]?\s*(\d{2,3})\s*\/\s*(\d{2,3})\s*,\s*(\d{2,3})\s*,\s*(\d{1,2})\s*,\s*(\d{2,3}(?:\.\d)?)(?:\s*,\s*(\d{2,3})\s*%)?/;
// ("like 25 of the extra strength": a count of tablets named by their strength.)
const COUNT_OF_THEM = new RegExp(`\\b(\\d{1,3}|${COUNT_WORDS}) of (?:them|the (?:extra|regular|maximum|max|normal)[\\s-]strength(?: ones)?)\\b`);
const TABLETS = new RegExp(`\\b(\\d{1,3}|${COUNT_WORDS})\\s*(?:x\\s*)?(?:of\\s+(?:my|her|his|their|the)\\s+)?(?:[\\w']+\\s+)?(?:${TABLET_NOUNS}|sertraline|citalopram|fluoxetine|amitriptyline|codeine|tramadol|diazepam|aspirin)\\b`);
const NUM = '(\\d+(?:\\.\\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple|few|several)';

const UNIT_DAYS: Record<string, number> = { min: 1 / 1440, hour: 1 / 24, hr: 1 / 24, day: 1, week: 7, wk: 7, month: 30, year: 365, yr: 365 };
const normalUnit = (u: string) =>
  u.startsWith('mi') ? 'min' : u.startsWith('h') ? 'hour' : u.startsWith('d') ? 'day' : u.startsWith('w') ? 'week' : u.startsWith('mo') || u.startsWith('mn') ? 'month' : 'year';
const unitDays = (u: string) => UNIT_DAYS[u.replace(/s$/, '').replace(/^minute$/, 'min').replace(/^mins?$/, 'min')] ?? UNIT_DAYS[u.slice(0, 3)] ?? 1;

// "my 7 month old's bum", "my 7 month olds rash": the possessive, with or without its apostrophe.
const CHILD_AGE = /\b(my|our)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(year|yr|month|week|day)s?[\s-]*old(?:'?s)?\b/;
const CHILD_WORDS_NOT_BABY = /\b(my|our|the)\s+(\d+\s*(year|yr|month|week|day)s?[\s-]*old\s+)?(son|daughter|child|kid|boy|girl|toddler|little one|grandson|granddaughter|twins?)\b/;
const CHILD_WORDS = /\b(my|our|the)\s+(\d+\s*(year|yr|month|week|day)s?[\s-]*old\s+)?(son|daughter|baby|babies|child|kid|boy|girl|toddler|newborn|infant|little one|grandson|granddaughter|twins?)\b/;
const REPORTER = /\b(?:my|our)\s+(?:husband|wife|partner|mum|mom|mother|dad|father|gran|grandma|grandad|grandpa|friend|brother|sister|boyfriend|girlfriend|son|daughter)\s+(?:says|said|thinks|thought|noticed|reckons|told me|tells me|saw|spotted|mentioned|insists)\b/g;
const OTHER_WORDS = /\b(my|our)\s+(husband|wife|partner|mum|mom|mother|dad|father|gran|grandma|grandad|grandpa|grandmother|grandfather|friend|brother|sister|neighbou?r|colleague|flatmate|roommate|boyfriend|girlfriend|uncle|aunt)\b|\b(he|she)\s+(is|has|was|cant|can't|wont|won't)\b/;

// "at my mum's house", "staying at my sister's", "my dad's car": a relative's place or thing, not the relative's illness.
const RELATIVES_PLACE = /\b(?:(?:at|to|from|round|over|near|in|into|outside)\s+(?:my|our)\s+\w+'s\b(?:\s+(?:house|place|flat|home|garden|kitchen|party|wedding|funeral))?|(?:my|our)\s+\w+'s\s+(?:house|place|flat|home|car|garden|kitchen|party|birthday|wedding|funeral|dog|cat|sofa|bathroom|stairs)\b)/g;

const BIRTH_WORDS = /\b(?:(?:i|we)\s+(?:had|have had|delivered)|since\s+(?:having|i had)|after\s+(?:having|i had)|gave birth to|giving birth to)\s+(?:my|the|our|a|her)\s+(?:baby|son|daughter|twins)\b/g;

/** A reading over 45 (or marked F) is Fahrenheit: in Celsius to one decimal. */
const celsius = (t: number, fahrenheit = t > 45) => (fahrenheit ? Math.round((((t - 32) * 5) / 9) * 10) / 10 : t);

const lower = (raw: string) => raw.toLowerCase().replace(/[’‘]/g, "'");

/** The writer's own age told as "I'm 30" / "I am a 45" (12 to 120), or undefined. */
export function writerAge(raw: string): number | undefined {
  const own = /\b(?:i'?m|i am)\s+(?:a\s+)?(\d{1,3})\b(?!\s*(?:weeks?|months?|days?|kg|%|cm|stone|pounds))/.exec(lower(raw));
  const age = own ? Number(own[1]) : undefined;
  return age !== undefined && age >= 12 && age <= 120 ? age : undefined;
}

/** A temperature's name just before a number: the "F" after that number is Fahrenheit, not female. */
const FAHRENHEIT_BEFORE = /\b(?:t|temp|temperature|tmax|tm|febrile|fever|pyrexia|pyrexial)\b\s*(?:of|is|was|=|:|to|at)?\s*$/;

/** Common tablet strengths in mg, and a painkiller named right after one ("400 of ibuprofen", "500 of Tylenol"). */
const TABLET_STRENGTHS = new Set(['200', '250', '300', '325', '400', '500', '600', '650', '800', '1000']);
const STRENGTH_OF_MEDICINE = /^\s*(?:mg\s+)?(?:of\s+)?(?:my\s+|the\s+)?(?:ibuprofen|advil|motrin|nurofen|tylenol|paracetamol|acetaminophen|aspirin|naproxen|aleve|excedrin)\b/;

/** A blood sugar reading after its name ("BM 2.1", "sugar is 27", "glucose 398 mg/dL"), built once. */
const glucoseAfter = (names: string) =>
  new RegExp(`\\b(?:${names})s?\\s*(?:level|reading)?\\s*(?:of|is|are|was|were|=|:|at|reads|around|down to|up to)?\\s*(\\d{1,3}(?:\\.\\d)?)\\s*(mmol(?:\\/l)?|mg\\/?dl)?`);
const SUGAR_NAMES = 'blood sugar|sugar|glucose|bm|bg|bs|fsbs|fsbg|cbg|dextro|fingerstick|finger stick|accucheck|accu-chek|dextrostick';
const GLUCOSE = glucoseAfter(SUGAR_NAMES);
/** A reading taken again: "retook it", "rechecked", "sat for 10 minutes and it was", "second reading" (lower case). */
export const RETAKE = /\b(?:retook|retake|retaken|re-?checked|re-?took|took it again|checked it again|checked again|second reading|repeat(?:ed)? (?:reading|it)|sat (?:down )?for \d+ min\w*|rested for \d+ min\w*|after (?:sitting|resting) (?:for )?\d+ min\w*|\d+ min\w* later|then it (?:was|said|read))\b/;
/** A glucose meter reading "HI" ("glucose on their meter 'HI'", "her meter just says HI"). */
const METER_HIGH = /\b(?:glucose|sugars?|bm|cbg|bg|meter|glucometer)\b[^.;!?]{0,25}?(?:["'\u2018\u2019\u201c\u201d]hi["'\u2018\u2019\u201c\u201d]|\b(?:reads|says|said|shows|showed|reading)\s+(?:just\s+)?hi\b)/;
/** In a message about sugar, a bare "reading" too, unless it is another meter's ("the thermometer reading"). */
const GLUCOSE_OR_READING = glucoseAfter(`${SUGAR_NAMES}|(?<!(?:thermometer|temperature|temp|sats|oxygen|pressure|bp|flow|scale|weight|pulse ox(?:imeter|imetry)?|oximeter|oximetry)\\s)reading`);

/**
 * A blood result after its name, as someone phoned about it says it. The number ends where the next character is
 * not a digit or a decimal, so "ketones are 3.2." at the end of a sentence is still read.
 */
const labAfter = (names: string, qualifiers: string, number: string, unit = '') =>
  new RegExp(
    `\\b(?:${names})\\s*(?:(?:${qualifiers})\\s*)?(?:(?:of|is|are|was|were|=|:|at|reads|came back(?: at)?|today was)\\s*)?(${number})\\s*${unit && `(?:${unit})?`}(?!\\d|\\.\\d)`,
  );
/** "a potassium of 6.9", "K+ 6.2", "K 5.8 mmol/L". */
const POTASSIUM = labAfter('potassium|k\\+?', 'level|result', '\\d(?:\\.\\d{1,2})?', 'mmol(?:\\/l)?');
/** "ketones 3.5", "blood ketones are 2.1": a home blood ketone meter (mmol/L); urine strips ("ketones +++") are not a number. */
const KETONES = labAfter('ketones?', 'level|reading|test', '\\d(?:\\.\\d)?', 'mmol(?:\\/l)?');
/** "a routine INR of 6.2 today", "INR came back at 8", "INR 4.5": a warfarin check. */
const INR = labAfter('inr', 'level|result|reading|check', '\\d{1,2}(?:\\.\\d{1,2})?');

/** An age in a form's field: "Age: 34", "Baby age: 5 weeks", "child's age - 3", "pt age: 8 mo". */
const FORM_AGE = /\b(?:patient|pt|child'?s?|baby'?s?|kid'?s?|infant'?s?|your|their)?\s*age\s*[:=\-\u2013]\s*(\d{1,3})\s*(years?|yrs?|y\/o|yo|y|months?|mos?|mo|mths?|weeks?|wks?|days?)?\b/;
/** A mother's own body after a birth: "my left breast", "my nipples", "my stitches", "my c-section scar". */
const MOTHER_BODY = /\bmy\s+(?:(?:left|right|both)\s+)?(?:breasts?|boobs?|nipples?|stitches|c-?section|caesarean|cesarean|scar|perineum|womb)\b/;

/** Words just before a duration that make it the length of a habit, a medicine or a known condition. */
// (A medicine named by its family's ending, "started citalopram 3 weeks ago", dates the medicine, not the problem.)
const BACKGROUND_BEFORE = /\b(?:smok\w*|smoker|vap\w*|drink(?:ing|er)?|drank|alcohol\w*|taking|taken|been on|been taking|using|used|diet|vegan|vegetarian|married|worked|working|lived|living|retired|diabet\w*|asthma\w*|epilep\w*|usual|known|pack|insulin|warfarin|metformin|tablets?|pills?|medication|medicine|\w+(?:pram|oxetine|pril|sartan|olol|statin|azole|mycin|cillin|cycline|oxacin|prazole|tidine|dipine|xaban|gatran|parin|gliptin|gliflozin|triptan|lukast|thiazide|semide|olone|isone|navir|ciclovir|clovir|mab|tinib|zepam|azepam|barbital|toin|trigine|iracetam|gabalin|pentin|apine|idone|oxone))\b([\s\w',-]{0,30})$/;

export function extractContext(raw: string): PatientContext {
  const text = lower(raw);
  const ctx: PatientContext = { subject: 'self', vitals: {} };

  // Age. Months and weeks first so "6 week old" is not read as years.
  // Chart shorthand: "10 mo F", "6 mos old", "3 wk M", "5-wk-old", "2 m/o", "5 d/o male" (at the start of a note or of a clause, or
  // with "old" or a sex after it, so "cough x 2 mo" stays a duration).
  const short = /(?:^|[,.;:(]\s*|\b(?:a|an|this|our|my|biba|bib)\s+)(\d{1,2})[\s-]*(mos|mo|m\/o|mths|mth|wks|wk|w\/o|d\/o|d)\b(?=[\s-]*(?:old\b|m\b|f\b|male|female|boy|girl|baby|infant|son|daughter|,|with\b|w\/|presents|brought|bib))/.exec(text);
  // ("5 d M, yellow, sleepy": a 5-day-old; a bare "d" only with a sex or "old" after it, which the lookahead asks.)
  const SHORT_UNITS: Record<string, string> = { mos: 'month', mo: 'month', 'm/o': 'month', mths: 'month', mth: 'month', wks: 'week', wk: 'week', 'w/o': 'week', 'd/o': 'day', d: 'day' };
  const young = new RegExp(`\\b${NUM}[\\s-]*(day|week|month)s?[\\s-]*old(?:'?s)?\\b`).exec(text) ??
    // ("had my baby 6 days ago" dates the birth: the writer is the mother, and it is not an age.)
    new RegExp(`\\b(?:baby|infant|son|daughter|newborn)\\b\\W{1,3}${NUM}\\s*(day|week|month)s?\\b(?!\\s+ago)`).exec(text) ??
    new RegExp(`\\b(?:baby|infant|son|daughter|newborn)\\s+(?:is\\s+)?(?:only\\s+)?${NUM}\\s*(day|week|month)s?\\b(?!\\s+ago)`).exec(text) ??
    // "Mum: He's 18 months", "She's 7 months and ...": a carer telling a little one's age (not "she's 30 weeks pregnant").
    (/pregnan/.test(text) ? null : new RegExp(`\\b(?:he'?s|she'?s|he is|she is)\\s+(?:only\\s+|just\\s+|nearly\\s+|about\\s+)?${NUM}\\s*(day|week|month)s?\\b(?!\\s+(?:ago|since|of))`).exec(text));
  // "born 18 hours ago", "born 3 days ago": a newborn's age.
  const born = new RegExp(`\\bborn\\s+(?:about\\s+)?${NUM}\\s*(hours?|hrs?|days?|weeks?)\\s+ago\\b`).exec(text);
  // Nurse shorthand for infants: "4/12 old" (months), "6/52 old" (weeks), "10/7 old" (days).
  // (Also at the very start of a note, where the age stands: "18/12, barking cough, stridor at rest".)
  const slashAge = /\b(\d{1,2})\s*\/\s*(12|52|7)\s*(?:old|o\b|of age)/.exec(text) ?? /^\s*(\d{1,2})\s*\/\s*(12|52|7)\b(?=\s*[,.;:]|\s+(?:m|f|male|female|boy|girl|baby|infant)\b)/.exec(text);
  // The fields of a form: "Age: 34", "Baby age: 5 weeks", "Child's age - 3", "Pt age: 8 mo".
  const formAge = FORM_AGE.exec(text);
  // A breastfeeding or newly delivered mother who gives her own age ("31F, my baby is 3 weeks old and I'm
  // breastfeeding ... I've got a fever") writes about herself: the baby's age is not hers.
  const ownAge = /^\s*(\d{2})\s*(?:y(?:o|rs?)?|y\/o)?\s*-?\s*(?:f|female|woman)\b/.exec(text) ?? /\b(?:i'?m|i am)\s+(\d{2})\b(?!\s*(?:weeks?|wks?|days?|months?))/.exec(text);
  // (Not when the baby is the one with the problem: "breastfeeding my 6 week old, she has a temperature".)
  // So does one who tells of her own breast, nipple or stitches ("breastfeeding my 3 week old, my left breast has a red
  // hot hard wedge, fever 101").
  const ownBody = MOTHER_BODY.test(text);
  const motherWrites =
    ((ownAge !== null && Number(ownAge[1]) >= 12) || ownBody) && /\b(breast ?feeding|breastfeed|nursing|pumping|postpartum|post partum|postnatal|gave birth|had my baby|since having)\b/.test(text) &&
    !/\b(she|he|baby|son|daughter|little one|newborn)\s+(has|had|is(?!\s+(?:only\s+|just\s+|now\s+)?\d)|was|seems|keeps|will not|is not|has not|does not|did not|got|feels|looks)\b/.test(text);
  // (A mother's own breast, nipples or stitches are hers whatever else the message says.)
  if (ownBody) ctx.aboutSelf = true;
  if (motherWrites) {
    // (her age is read below)
  } else if (formAge && formAge[2] && !/^y/.test(formAge[2])) ctx.ageMonths = (Number(formAge[1]) * unitDays(normalUnit(formAge[2]))) / 30;
  else if (formAge) ctx.ageYears = Number(formAge[1]) <= 120 ? Number(formAge[1]) : undefined;
  else if (young) ctx.ageMonths = (num(young[1]) * unitDays(young[2])) / 30;
  else if (short) ctx.ageMonths = (Number(short[1]) * unitDays(SHORT_UNITS[short[2]])) / 30;
  else if (born) ctx.ageMonths = (num(born[1]) * unitDays(normalUnit(born[2]))) / 30;
  else if (slashAge) ctx.ageMonths = Number(slashAge[1]) * ({ '12': 1, '52': 7 / 30, '7': 1 / 30 } as Record<string, number>)[slashAge[2]];
  // "45M", "72F", "58 y/o female", "M 45" at the start of a note or after a comma.
  // A temperature in Fahrenheit ("T 98.6 F", "temp 101 F") is not "6F" or "101F".
  const ageSex = [...text.matchAll(/(?:^|[,.;:(]\s*|\s)(\d{1,3})\s*(?:y(?:o|rs?)?|y\/o|year old)?\s*-?\s*(m|f|male|female)\b(?!\s*(?:\/|of))/g)].find(
    (m) => !(/^f/.test(m[2]) && (/\d\.$/.test(text.slice(0, m.index + m[0].indexOf(m[1]))) || FAHRENHEIT_BEFORE.test(text.slice(0, m.index + m[0].indexOf(m[1]))))),
  ) ?? /(?:^|[,.;:(]\s*)(m|f|male|female)\s*,?\s*(\d{1,3})\b/.exec(text);
  const years =
    new RegExp(`\\b${NUM}[\\s-]*(?:year|yr)s?[\\s-]*old(?:'?s)?\\b`).exec(text) ??
    // ("Had a stent 2 yrs ago", "smoker x 20 yrs": a time, not an age.)
    /(?<!\b(?:for|x|past|last|over|about|since|around|nearly|almost)\s+)\b(\d{1,3})\s*(?:yo|y\/o|yrs?)\b(?!\s*(?:ago|back|before|earlier|of|since|history|hx|later|after|now|prior))/.exec(text) ??
    /\baged?\s+(\d{1,3})\b/.exec(text) ??
    /\b(?:i'?m|i am|he'?s|she'?s|he is|she is)\s+(\d{1,3})(?!\s*(?:weeks?|months?|days?|kg|lbs?|%|cm|\/|\.\d|pounds|stone|hours?|mins?))\b/.exec(text) ??
    /\b(?:is|am|are|aged?)\s+(\d{1,3})\s*(?:years?|yrs?)\b(?!\s*(?:ago|of|history|since))/.exec(text) ??
    // "my mum is 85", "dad's 79 and": a relative's age told as a fact about them.
    /\b(?:mum|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandad|grandpa|grandmother|grandfather|husband|wife|partner|son|daughter|brother|sister|aunt|uncle|neighbour|neighbor)(?:\s+is|'s|s)\s+(?:now\s+|only\s+|nearly\s+|almost\s+)?(\d{1,3})(?!\s*(?:weeks?|months?|days?|kg|lbs?|%|cm|\/|\.\d|pounds|stone|hours?|mins?|times))\b/.exec(text) ??
    // "17, sore throat for 10 days": an age that opens the message, as in a triage note.
    /^\s*(1[2-9]|[2-9]\d|10\d)\s*,\s*(?=[a-z])/.exec(text) ??
    // "my mum (82)", "Dad, 79,": a relative's age in brackets or between commas.
    /\b(?:mum|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandad|grandpa|grandmother|grandfather|husband|wife|partner|son|daughter|brother|sister|aunt|uncle|neighbour|neighbor)\s*(?:\(\s*|,\s*)(\d{1,3})\s*(?:\)|,)/.exec(text);
  if (years && ctx.ageMonths === undefined && ctx.ageYears === undefined) {
    const y = num(years[1]);
    if (y >= 0 && y <= 120) ctx.ageYears = y;
  }
  if (ageSex && ctx.ageYears === undefined && ctx.ageMonths === undefined) {
    const [a, b] = /^\d/.test(ageSex[1]) ? [ageSex[1], ageSex[2]] : [ageSex[2], ageSex[1]];
    if (Number(a) <= 120) ctx.ageYears = Number(a);
    ctx.sex = b.startsWith('f') ? 'female' : 'male';
  }
  if (ctx.ageMonths !== undefined) ctx.ageYears = Math.floor(ctx.ageMonths / 12);
  else if (ctx.ageYears !== undefined) ctx.ageMonths = ctx.ageYears * 12;
  // "born at 3am today", "was born this morning", "born last night": under a day old (NICE CG98 counts jaundice in the
  // first 24 hours apart).
  if (ctx.ageMonths === undefined && /\b(?:was|were|got|been|baby|son|daughter|girl|boy|she|he)\s+born\b(?:\s+(?:at|around|about)\s+[\w:.]+(?:\s*[ap]\.?m\.?)?)?\s+(?:today|this morning|this afternoon|this evening|tonight|last night|earlier today)\b/.test(text)) {
    ctx.ageMonths = 0.02;
    ctx.ageYears = 0;
  }
  if (/\bnewborn\b/.test(text) && ctx.ageMonths === undefined) {
    ctx.ageMonths = 0.5;
    ctx.ageYears = 0;
  }


  // "my wife says ...", "mum thinks ...": the relative reports; the message is not about them.
  const notReporters = text.replace(REPORTER, ' ').replace(RELATIVES_PLACE, ' ');
  // In pregnancy "the baby" is the unborn baby: only other child words make the message about a child.
  const pregnantNow = /\b(pregnant|pregnancy|weeks gone|expecting)\b/.test(text) && !/\b(not|n't|never been)\s+pregnant\b/.test(text);
  const childWords = pregnantNow ? CHILD_WORDS_NOT_BABY : CHILD_WORDS;
  // A mother writing about the birth ("since having the baby", "I had my baby 6 days ago") is writing about herself:
  // those words do not make the message about a baby.
  const aboutChild = text.replace(BIRTH_WORDS, ' ');
  if (/\b(baby|babies|infant)\b/.test(aboutChild) && ctx.ageMonths === undefined && !pregnantNow) ctx.infantAgeUnknown = true;
  if (/\b(toddlers?|tot)\b/.test(aboutChild) && ctx.ageMonths === undefined) ctx.toddlerAgeUnknown = true;
  if (childWords.test(aboutChild) || (CHILD_AGE.test(text) && (ctx.ageYears ?? 0) < 18) || ctx.ageMonths !== undefined && ctx.ageYears !== undefined && ctx.ageYears < 16 && /\b(he|she|son|daughter|child|kid|baby|boy|girl|toddler|they)\b/.test(text) && !pregnantNow) {
    ctx.subject = 'child';
  } else if (OTHER_WORDS.test(notReporters)) ctx.subject = 'other';
  if (ctx.subject === 'child' && ctx.ageYears !== undefined && ctx.ageYears >= 18) ctx.subject = 'other';

  const vignetteSex = /\b(?:a|an|the|this)\s+(?:\d+[\s-]*(?:year|yr|month|week)s?[\s-]*old\s+)?(?:\w+\s+)?(man|male|gentleman|boy|woman|female|lady|girl)\b/.exec(text) ??
    /\b\d+[\s-]*(?:year|yr|month|week)s?[\s-]*old\s+(man|male|gentleman|boy|woman|female|lady|girl)\b/.exec(text);
  const formSex = /\b(?:sex|gender)\s*[:=\-\u2013]\s*(m|f|male|female|man|woman|boy|girl)\b/.exec(text);
  if (formSex && !ctx.sex) ctx.sex = /^(f|female|woman|girl)$/.test(formSex[1]) ? 'female' : 'male';
  if (ctx.sex) {
    // read above, from "45M" or a form's field
  } else if (vignetteSex) ctx.sex = /^(woman|female|lady|girl)$/.test(vignetteSex[1]) ? 'female' : 'male';
  else if (/\b(i'?m|i am)\b[^.,]{0,25}\b(woman|female|girl|lady|mum|mom)\b|\b(my|our)\s+(wife|daughter|mum|mom|mother|sister|gran|grandma|grandmother|girlfriend|aunt|granddaughter)\b|\bshe\b/.test(notReporters)) ctx.sex = 'female';
  else if (/\b(i'?m|i am)\b[^.,]{0,25}\b(man|male|guy|boy|dad)\b|\b(my|our)\s+(husband|son|dad|father|brother|grandad|grandpa|grandfather|boyfriend|uncle|grandson)\b|\bhe\b/.test(notReporters)) ctx.sex = 'male';

  // Gestation in obstetric shorthand: "29/40", "30+2/40", "G2P1 at 34/40".
  const slash40 = /\b(\d{1,2})(?:\+\d)?\s*\/\s*40\b/.exec(text);
  if (slash40 && Number(slash40[1]) >= 4 && Number(slash40[1]) <= 43) {
    ctx.pregnant = true;
    ctx.sex = 'female';
    ctx.gestationWeeks = Number(slash40[1]);
  }
  // Pregnancy, with gestation when given ("32 weeks pregnant", "at 20 weeks").
  // ("no chance I'm pregnant", "can't be pregnant" deny it as "not pregnant" does.)
  const notPregnant = /\b(not|n't|never been|no chance (?:that )?(?:i am|i'm|im|she is|she's|shes)|no way (?:i am|i'm|im|she is|she's)|can ?not be|can't be|cant be|couldn't be|could not be)\s+pregnant\b/.test(text) ||
    // ("Negative home pregnancy test", "pregnancy test was negative": a test that says not.)
    (/\bnegative (?:home |urine |serum |blood )?(?:pregnancy|upt|hcg|bhcg|beta)|\bpregnancy test (?:is |was |came back |came out )?negative\b/.test(text) && !/\b\d{1,2}\s*(?:weeks?|wks?)\s*pregnant\b/.test(text));
  // ("My wife is 33 weeks": a partner's or daughter's weeks along, as they are said.)
  const weeksAlong = /\b(?:i'?m|i am|she'?s|she is|(?:wife|partner|girlfriend|daughter|fiancee) is|at)\s+(\d{1,2})\s*(?:weeks?|wks?)\b(?!\s*old)/.exec(text) ??
    // "36 weeks with my second", "20 weeks along with twins": how mothers count a pregnancy.
    /\b(\d{1,2})\s*(?:weeks?|wks?)\s+(?:along\b|with (?:my|our|her|the) (?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|twins|baby|rainbow baby|little one)\b)/.exec(text);
  if (!notPregnant && (/\b(pregnant|pregnancy|expecting a baby|weeks gone|pregnent|pregant|pragnant|midwife)\b/.test(text) || (weeksAlong && Number(weeksAlong[1]) >= 4 && Number(weeksAlong[1]) <= 42))) {
    ctx.pregnant = true;
    ctx.sex = 'female';
    const g = /\b(\d{1,2})\s*(?:weeks?|wks?)\s*(?:pregnant|gone|along|gestation)?/.exec(text);
    if (g && Number(g[1]) <= 42) ctx.gestationWeeks = Number(g[1]);
  }

  // Duration: "for 3 days", "since yesterday", "20 mins", "past two weeks". "30 weeks pregnant" and
  // "6 week old" are not durations.
  const UNIT = '(min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|dys|weeks?|weks?|wks?|months?|mnths?|years?|yrs?)';
  // "3 weeks postpartum", "5 days after my operation": time since an event, not how long the symptoms have lasted.
  const NOT_AGE = '(?![\\s-]*(?:old|pregnant|gone|along|gestation|with\\s+(?:my|our|her|the)\\s+(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|twins)\\b|post[\\s-]?partum|post[\\s-]?natal|post[\\s-]?op|after\\s+(?:giving\\s+)?birth|after\\s+(?:the|my|her|a)\\s+(?:birth|baby|delivery|op|operation|surgery|section|caesarean|c-section)))';
  // Every duration the message gives; the longest is how long the problem has gone on ("8 weeks of joint pain,
  // morning stiffness lasting an hour" is 8 weeks).
  // ("for a couple of years", "for a few weeks": the article before a vague count.)
  const durationPatterns = [
    new RegExp(`\\b(?:for|past|last|over|about|nearly|almost|around)\\s+(?:the\\s+)?(?:last\\s+|past\\s+|over\\s+|about\\s+|more than\\s+|nearly\\s+|almost\\s+)?(?:a\\s+(?=(?:couple|few)\\b))?${NUM}\\s*(?:of\\s+)?${UNIT}\\b${NOT_AGE}(?!\\s+(?:ago|back|before|earlier))`, 'g'),
    new RegExp(`\\b${NUM}\\s*(?:of\\s+)?${UNIT}\\s+(?:now|ago|so far)\\b`, 'g'),
    // (Not "BP 126/78 HR 78": a reading's number followed by the heart rate's "HR" is not 78 hours.)
    new RegExp(`(?<![/\\d]\\s{0,2})\\b${NUM.replace('|a|an|', '|')}\\s*${UNIT}\\b${NOT_AGE}(?!\\s+(?:ago|back|before|earlier|pregnant))(?!\\s*[:=]?\\s*\\d)`, 'g'),
  ];
  // "2 weeks ago" dates an event; it is not how long the problem has lasted.
  const durMatches = durationPatterns
    .flatMap((re) => [...text.matchAll(re)])
    // "I am 33 years", "father is 80 years": an age, not a duration.
    // "smoked for 40 years", "on diazepam for about 6 years", "usual migraines for 20 yrs", "vegan for 5 years": how long a
    // habit, a medicine or a known condition has gone on is background, not how long this problem has lasted.
    .filter((m) => {
      // ("Baby age: 5 weeks" is an age.)
      if (/\bage\s*[:=\-\u2013]\s*$/.test(text.slice(Math.max(0, m.index! - 12), m.index))) return false;
      // ("started atorvastatin two months ago. Since then my thighs ache": the medicine's start is the problem's.)
      if (/^[^.?!]{0,20}[.?!,]?\s*(?:and )?(?:ever )?since (?:then|starting|i started|taking|it)\b/.test(text.slice(m.index! + m[0].length))) return true;
      const b = BACKGROUND_BEFORE.exec(text.slice(Math.max(0, m.index! - 45), m.index));
      // ("a 62-year-old smoker has had a hoarse voice for 5 weeks": the symptom's own verb comes between.)
      return !b || /\b(?:has|have|had|having|got|getting|with|of)\b/.test(b[1]);
    })
    // "just back from two weeks in Spain", "after ten days in Kenya": how long a trip lasted, not the symptoms.
    .filter((m) => !(/\b(?:from|after|spent|spending)\s+(?:a\s+|the\s+|my\s+|our\s+)?$/.test(text.slice(Math.max(0, m.index! - 20), m.index)) &&
      /^\s+(?:in|away|abroad|on holiday|on a trip|travelling|traveling|backpacking|visiting|at)\b/.test(text.slice(m.index! + m[0].length))))
    // "his 6 month shots", "her 2 month check", "the 12 week scan": a visit named by an age or a stage, not a duration.
    .filter((m) => !/^[\s-]*(?:old\s+)?(?:shots?|jabs?|vaccines?|vaccinations?|immuni[sz]ations?|injections?|check(?:[\s-]?up)?s?|review|appointment|visit|scan|well[\s-]?(?:child|baby)|booster)\b/.test(text.slice(m.index! + m[0].length)))
    // "my father 65 years suddenly fell": a relative's age told without a verb.
    .filter((m) => !/\b(am|is|are|aged?|i'?m|he'?s|she'?s|father|mother|dad|mum|mom|husband|wife|son|daughter|grandfather|grandmother|grandad|grandma|nan|uncle|aunt|brother|sister|partner|patient|man|woman|boy|girl)\s*$/.test(text.slice(Math.max(0, m.index! - 14), m.index)))
    .filter((m) => !/ago/.test(m[0]) || /\b(start|started|starting|began|begun|since|onset|came on|come on|first noticed|noticed it)\b[\w\s]{0,20}$/.test(text.slice(Math.max(0, m.index! - 40), m.index)));
  const dur = durMatches.sort((a, b) => num(b[1]) * unitDays(normalUnit(b[2])) - num(a[1]) * unitDays(normalUnit(a[2])))[0] ?? null;
  // "5 years ago" dates a past event and "baby is 8 months" is an age: neither is how long symptoms lasted.
  const isAge = dur && young && young.index <= dur.index + dur[0].length && dur.index <= young.index + young[0].length;
  // Nurse shorthand: "SOB 2/7" (days), "3/52" (weeks), "2/12" (months), "x 3 days", "a 2-day history of".
  const slashDur = /(?<![\d/])(?<!lmp\s{0,3})(?<!^\s*)(\d{1,2})\s*\/\s*(7|52|12)\b(?!\s*(?:old|o\b|of age|ago|gestation|pregnant|post[\s-]?partum|post[\s-]?natal|post[\s-]?op|pp\b|after))/.exec(text);
  const timesDur = /\bx\s*(\d{1,2})\s*(?:\/\s*(7|52|12)\b|(days?|d|weeks?|wks?|months?|hours?|hrs?|h)\b)/.exec(text);
  const historyDur = new RegExp(`\\b${NUM}[\\s-]*${UNIT}[\\s-]+(?:long\\s+)?(?:history|hx)\\b`).exec(text);
  if (historyDur) ctx.durationDays = num(historyDur[1]) * unitDays(normalUnit(historyDur[2]));
  else if (timesDur && timesDur[2]) ctx.durationDays = Number(timesDur[1]) * ({ '7': 1, '52': 7, '12': 30 } as Record<string, number>)[timesDur[2]];
  else if (timesDur && timesDur[3]) ctx.durationDays = Number(timesDur[1]) * unitDays(normalUnit(timesDur[3]));
  else if (slashDur && Number(slashDur[1]) <= (slashDur[2] === '7' ? 30 : slashDur[2] === '52' ? 52 : 24) && !/\b(pain|score|nrs|gcs|sats?)\s*$/.test(text.slice(0, slashDur.index))) {
    ctx.durationDays = Number(slashDur[1]) * ({ '7': 1, '52': 7, '12': 30 } as Record<string, number>)[slashDur[2]];
  } else if (dur && !isAge && !(/ago/.test(dur[0]) && normalUnit(dur[2]) === 'year')) ctx.durationDays = num(dur[1]) * unitDays(normalUnit(dur[2]));
  if (ctx.durationDays !== undefined) {
    // set above
  } else if (/\bsince (yesterday|last night)\b/.test(text)) ctx.durationDays = 1;
  else if (/\bsince (this morning|earlier today|today|lunch|tonight)\b/.test(text)) ctx.durationDays = 0.3;
  else if (/\bsince (last week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)\b/.test(text)) ctx.durationDays = 4;
  else if (/\bsince last month\b/.test(text)) ctx.durationDays = 30;
  else if (/\b(?:for|over|in) the (?:last|past) (week|month|year)\b/.exec(text)) ctx.durationDays = { week: 7, month: 30, year: 365 }[/\b(?:for|over|in) the (?:last|past) (week|month|year)\b/.exec(text)![1] as 'week']!;
  else if (/\b(?:been|for) (weeks|months|ages|years)\b/.test(text)) ctx.durationDays = /weeks/.test(text) ? 14 : 60;
  else if (/\bover the (?:past|last) (year|month|few months)\b/.test(text)) ctx.durationDays = 180;
  // "aching for months ..., stiff for a few minutes in the morning": a vague long time is how long it has gone on.
  // (Weeks or months: a problem of years is a long-known one, whose course a shorter time in the message tells.)
  const vague = /\b(?:been|for) (weeks|months)\b/.exec(text);
  if (vague && ctx.durationDays !== undefined) {
    const b = BACKGROUND_BEFORE.exec(text.slice(Math.max(0, vague.index - 45), vague.index));
    const days = vague[1] === 'weeks' ? 14 : 60;
    if ((!b || /\b(?:has|have|had|having|got|getting|with|of)\b/.test(b[1])) && days > ctx.durationDays) ctx.durationDays = days;
  }
  // "I had a cold six weeks ago and I still have a cough": the problem has lasted since then.
  const stillSince =
    new RegExp(`\\b${NUM}\\s*${UNIT}\\s+ago\\b[^.!?]{0,80}\\bstill\\b`).exec(text) ?? new RegExp(`\\bstill\\b[^.!?]{0,80}\\b${NUM}\\s*${UNIT}\\s+ago\\b`).exec(text);
  if (stillSince) {
    const days = num(stillSince[1]) * unitDays(normalUnit(stillSince[2]));
    if (ctx.durationDays === undefined || days > ctx.durationDays) ctx.durationDays = days;
  }
  else if (/\ball (day|night)\b/.test(text)) ctx.durationDays = 0.5;

  // "took her paracetamol ... about 30 of them": the count may follow the tablets it counts.
  const tablets =
    TABLETS.exec(text) ??
    /\b(?:took|taken|swallowed)\s+["'\u201c]?(?:maybe|about|around|approximately|approx|roughly|like|at least|up to|over|nearly|almost)?\s*(\d{2,3})\b(?!\s*(?:mg|mcg|ml|units?|minutes|mins|hours|hrs|days|weeks|years|%|am|pm))/.exec(text) ??
    (TABLET_WORDS.test(text) ? COUNT_OF_THEM.exec(text) : null);
  // "took 400 of ibuprofen at 8, then another 400 at 10": a tablet strength named before the medicine is a dose in mg,
  // not 400 tablets.
  const strength = tablets && TABLET_STRENGTHS.has(tablets[1]) && STRENGTH_OF_MEDICINE.test(text.slice(text.indexOf(tablets[1], tablets.index) + tablets[1].length));
  if (tablets && !strength) ctx.tabletCount = countOf(tablets[1]);
  const perDay = PARACETAMOL_PER_DAY.exec(text);
  if (perDay) ctx.paracetamolPerDay = Number(perDay[2] ?? perDay[1]);

  // Severity: "8/10", "9 out of 10".
  const sev = /\b(10|[0-9])\s*(?:\/|out of)\s*10\b/.exec(text);
  if (sev) ctx.severity = Number(sev[1]);
  // A fall with its height: "fell ~15 ft", "fall from about 3 m", "fell from a height of 12 feet", "fell 10 feet off a
  // ladder", "a 6 foot fall".
  const fall = /\b(?:fell|fall|falls|fallen|falling|jumped)\b(?:\s+(?:from|off|out of|down)?\s*(?:a\s+height\s+of|the|a|an|his|her|my|their)?\s*(?:\w+\s+){0,2}?)?\s*(?:~|approx\.?|approximately|about|around|roughly|over|nearly|almost)?\s*(\d{1,3}(?:\.\d)?)\s*-?\s*(ft|feet|foot|m|metres?|meters?)\b/.exec(text) ??
    /\b(\d{1,3}(?:\.\d)?)\s*-?\s*(ft|feet|foot|m|metres?|meters?)\s+(?:fall|drop)\b/.exec(text);
  const speed = /\b(\d{2,3})\s*(mph|miles an hour|miles per hour|km\/?h|kph|kmh|kilometres an hour|kilometers an hour)\b/.exec(text);
  if (speed) ctx.speedMph = /^(mph|miles)/.test(speed[2]) ? Number(speed[1]) : Math.round(Number(speed[1]) * 0.621);
  if (fall) ctx.fallMetres = /^(ft|feet|foot)$/.test(fall[2]) ? Math.round(Number(fall[1]) * 0.3048 * 10) / 10 : Number(fall[1]);
  if (/\b(sudden(ly)?|out of nowhere|all of a sudden|came on (fast|quickly|in seconds|over seconds)|within seconds|thunderclap|out of the blue)\b/.test(text)) ctx.onset = 'sudden';
  else if (/\b(gradual(ly)?|slowly|over (a few|several|the last) (days|weeks))\b/.test(text)) ctx.onset = 'gradual';
  if (/\b(getting worse|worse and worse|worsening|worse today|much worse)\b/.test(text)) ctx.trend = 'worse';
  else if (/\b(getting better|improving|much better|on the mend)\b/.test(text) && !/\b(not|isnt|isn't|n't|no longer)\s+(getting better|improving)\b/.test(text)) ctx.trend = 'better';

  ctx.vitals = extractVitals(text);
  return ctx;
}

/**
 * A sign given by its letter alone ("P 110", "R 22"): its value, only when the message also gives other vital signs
 * (`others`), so "R arm weakness" or "P.S. 12" is no vital sign.
 */
function listedSign(text: string, label: string, maxDigits: number, min: number, others: RegExp): number | undefined {
  const m = new RegExp(`(?:^|[,;.]\\s*|\\s)${label}\\s*[:=]?\\s*(\\d{${maxDigits - 1},${maxDigits}})\\b(?!\\s*\\/)`).exec(text);
  return m && Number(m[1]) >= min && others.test(text) ? Number(m[1]) : undefined;
}

/**
 * Vital signs told by the decade, as nurses say them aloud: "HR in the 150s", "sats in the high 80s", "RR in the
 * low 30s". Rewritten to one number (low 2, mid or none 5, high 8 into the decade) so the readers below see a reading;
 * only after a vital sign's name, so "a woman in her 80s" stays an age.
 */
const DECADE_READING = /\b(hr|heart ?rate|pulse|sats?|spo2|o2 sats?|oxygen(?: sat(?:uration)?s?| levels?)?|saturations?|resp(?:iratory)? rate|rr|resps|respirations|bp|blood pressure|systolic|sbp|temp(?:erature)?)((?:\s+(?:is|are|was|were|been|has|have|running|sitting|staying|holding|hovering|stuck))*)\s+(?:in the\s+|at\s+)?(?:(low|lower|mid|middle|high|upper)[- ]?)?(\d{1,2}0)'?s\b/g;

function decadeReadings(text: string): string {
  return text.replace(DECADE_READING, (_m, label: string, verbs: string, where: string | undefined, decade: string) => {
    const into = !where ? 5 : /^low/.test(where) ? 2 : /^(mid|middle)$/.test(where) ? 5 : 8;
    return `${label}${verbs} ${Number(decade) + into}`;
  });
}

export function extractVitals(raw: string): Vitals {
  const v: Vitals = {};
  const text = decadeReadings(raw);
  // Every temperature reading, named or with its unit ("101.2 F at home before acetaminophen ... T 99.4 F on
  // arrival"): the highest counts, as a fever someone measured before a fever medicine is still their fever.
  const named = [
    ...text.matchAll(/\b(?:temp(?:erature)?|fever|t)\s*(?:of|is|was|=|:|at|reading|around|about)?\s*(\d{2,3}(?:\.\d)?)\s*(?:°|degrees?|deg)?\s*([cf])?\b/g),
    ...text.matchAll(/\b(\d{2,3}(?:\.\d)?)\s*(?:°\s*|degrees?\s*)([cf])\b/g),
    ...text.matchAll(/\b(\d{2}\.\d)\s*(c)\b/g),
    ...text.matchAll(/\b(\d{2,3}(?:\.\d)?)\s*(?:°|degrees?)/g),
    ...text.matchAll(/\b(9[6-9]\.\d|10[0-7]\.\d)\s*(f)\b/g),
  ];
  const temps = (named.length ? named : [/(?<![\d/.])\b(3[5-9]\.\d|4[0-2]\.\d)\b(?![\d/]|\s*(?:kg|mmol|%|weeks|cm))/.exec(text)].filter((m) => m !== null))
    // Below 30 C only a body reading ("core temp 29.8", "rectal 28"): a whole number may be the weather ("the temp
    // outside is 25").
    .filter((m) => Number(m[1]) >= 30 || /\./.test(m[1]) || /\b(?:core|rectal|oesophageal|esophageal|bladder|body)\s+(?:temp|temperature|t)\b/.test(text.slice(Math.max(0, m.index! - 25), m.index! + m[0].length)))
    .map((m) => {
      const reading = Number(m[1]);
      return celsius(reading, m[2] === 'f' || reading > 45);
    })
    .filter((t) => t >= 20 && t <= 45);
  if (temps.length) v.temperatureC = Math.max(...temps);
  const GAP = '(?:\\s+[a-z\']+){0,5}?\\s*(?:of|is|was|says|reads|=|:|at|around|about)?\\s*';
  // Not "pulse ox 88%", which is the oxygen saturation.
  const pulse = new RegExp(`\\b(?:pulse(?!\\s*ox)|heart ?rate|hr|heartbeat)${GAP}(\\d{2,3})\\b`).exec(text) ?? /\b(\d{2,3})\s*(?:bpm|beats (?:a|per) min)/.exec(text);
  // "no, pulse over 150 or below 40": a threshold someone denies is not a reading.
  const deniedThreshold = (m: RegExpExecArray) => /\b(?:over|above|under|below|more than|less than|greater than)\b|[<>]/.test(m[0]) && /^\W*(?:no|not|nope|none)\b/.test(text);
  // A watch, a home monitor or a blood-pressure machine reading said as a number ("my watch says 230", "the monitor
  // showed 150"): a pulse, in a message about the heart or the pulse (a "%" is the oxygen level, read below; a bare
  // oximeter number is read there too, so it is not taken as a pulse as well).
  if (!pulse && /\b(?:heart|pulse|racing|pounding|beat|beats|beating|palpitations?|afib|a fib)\b/.test(text)) {
    const device = /\b(?:watch|apple watch|fitbit|garmin|monitor|machine|cuff|app)\s+(?:says|said|shows|showed|reads|read|is saying|was saying|is showing|was showing|says it'?s|said it was)\s+(?:about\s+|around\s+|over\s+)?(\d{2,3})\b(?!\s*(?:%|\/|percent|over))/.exec(text);
    if (device && Number(device[1]) >= 30 && Number(device[1]) <= 250) v.pulse = Number(device[1]);
  }
  if (pulse && !deniedThreshold(pulse)) {
    v.pulse = Number(pulse[1]);
    // "heart rate 130 after the stairs but it dropped back to 75 within minutes": a reading that has since settled is
    // read at its current, lower value (the one a clinician would act on now).
    const after = text.slice(pulse.index + pulse[0].length, pulse.index + pulse[0].length + 60);
    const settled = /^[^.;?!]{0,40}?\b(?:(?:dropped|fell|settled|slowed|calmed)(?:\s+back)?(?:\s+down)?|(?:came|went|got|is|was|its|it's)\s+(?:back\s+down|back|down))\s+(?:to|at)\s+(\d{2,3})\b/.exec(after);
    if (settled && Number(settled[1]) < v.pulse) v.pulse = Number(settled[1]);
  }
  const rr = /\b(?:resp(?:iratory)?\s*rate|respirations?|breathing rate|rr|resps?)\s*(?:of|is|are|was|were|=|:|at|around)?\s*(\d{1,2})\b/.exec(text) ??
    /\b(\d{1,2})\s*(?:breaths|br|times)\s*(?:per|a|an|\/)\s*min/.exec(text) ??
    // "breathing about 6 a minute", "breathing at 40 per minute"
    /\bbreathing\s+(?:only\s+|about\s+|around\s+|at\s+|maybe\s+)*(\d{1,2})\s*(?:times\s*)?(?:per|a|an|\/)\s*min/.exec(text);
  if (rr) v.respiratoryRate = Number(rr[1]);
  const sats = new RegExp(`\\b(?:sats?|spo2|sp02|sao2|sa02|o2(?:\\s*sat(?:uration)?s?)?|oxygen(?:\\s*(?:sat(?:uration)?s?|levels?))?|saturations?|saturating|satt?ing|pulse ox(?:imeter|imetry)?|oximeter)${GAP}(\\d{2,3})\\s*%?`).exec(text);
  if (sats && Number(sats[1]) <= 100 && Number(sats[1]) >= 50) v.spo2 = Number(sats[1]);
  // A repeated reading replaces the first: "first sat 92% with cold fingers; recheck on the earlobe 97%" (a cold finger
  // or nail polish gives a falsely low first reading, which is why it is repeated).
  const recheck = sats ? /\b(?:recheck(?:ed)?|re-check(?:ed)?|repeat(?:ed)?|retake?n?|rechecking)\b[^.;%]{0,40}?\b(\d{2,3})\s*%/.exec(text.slice(sats.index + sats[0].length)) : null;
  if (recheck && Number(recheck[1]) <= 100 && Number(recheck[1]) >= 50) v.spo2 = Number(recheck[1]);
  // A reading the device got wrong ("88 once during a workout and it was loose on my wrist. All my other readings today
  // are 97 to 99"): a loose, slipped or cold-fingered probe gives a falsely low reading, and the readings after it count.
  const faulty = sats && !recheck ? /\b(?:loose|slid (?:half )?off|slipped off|fell off|came off|not on properly|wasn'?t on properly|cold (?:hands|fingers)|nail polish)\b/.test(text) : false;
  const later = faulty ? /\b(?:other readings?(?: today)? (?:are|were|have been)|(?:it|now it|then it) (?:reads|read|says|said|showed)|back on and it (?:reads|read|says|said))\s*(?:about\s+|around\s+)?(\d{2,3})\b/.exec(text.slice(sats!.index + sats![0].length)) : null;
  if (later && Number(later[1]) <= 100 && Number(later[1]) >= 50) v.spo2 = Number(later[1]);
  // "BP 178/96 R arm, 132/80 L arm", "right arm 170/90, left arm 130/80": a difference between the arms, a sign of a
  // tear in the aorta when there is pain (ESC 2014 aortic diseases guidelines: a pulse or pressure differential).
  const sided = [...text.matchAll(/\b(?:(right|left|r|l)\s*(?:arm)?\s*(?:bp|blood pressure)?\s*:?\s*)?(\d{2,3})\s*(?:\/|over)\s*(\d{2,3})(?:\s*(?:mm ?hg)?\s*(?:in\s+the\s+|on\s+the\s+)?(right|left|r|l)\s*arm\b)?/g)]
    .map((m) => ({ side: (m[1] ?? m[4])?.[0], sys: Number(m[2]) }))
    .filter((r) => r.side && r.sys >= 50);
  const right = sided.find((r) => r.side === 'r');
  const left = sided.find((r) => r.side === 'l');
  if (right && left) v.armBpDifference = Math.abs(right.sys - left.sys);
  // Of several readings ("sitting BP 112/68, standing BP 78/40", "BP 190/110, repeat 200/120") the one furthest from
  // normal counts: the lowest when any is low, otherwise the highest.
  const readings = (re: RegExp) => [...text.matchAll(re)].map((m) => [Number(m[1]), Number(m[2])]).filter(([s, d]) => s > d && s >= 50);
  let bps = readings(/\b(?:bp|blood pressure|pressure)\s*(?:of|is|was|=|:|at|reading)?\s*(\d{2,3})\s*(?:\/|over)\s*(\d{2,3})\b/g);
  // (A bare "168/102" is a pressure, the first one only: "9/10" and dates follow it; unless it was taken again.)
  const retaken = RETAKE.exec(text);
  if (!bps.length) bps = readings(/\b(\d{2,3})\s*\/\s*(\d{2,3})\s*(?:mm ?hg)?\b/g).slice(0, retaken ? undefined : 1);
  // "I bought a blood pressure machine and my readings are around 165 over 100": "over" names a pressure when the
  // message speaks of blood pressure anywhere.
  if (!bps.length && /\b(?:bp|blood pressure|pressure)\b/.test(text)) bps = readings(/\b(\d{2,3})\s+over\s+(\d{2,3})\b/g);
  // ("the nurse got 152 over 96": two numbers "over" each other in the ranges of a blood pressure are one.)
  if (!bps.length) bps = readings(/\b(\d{2,3})\s+over\s+(\d{2,3})\b/g).filter(([sys, dia]) => sys >= 80 && sys <= 260 && dia >= 40 && dia <= 150 && sys - dia >= 20).slice(0, 1);
  if (bps.length) {
    const low = bps.reduce((a, b) => (b[0] < a[0] ? b : a));
    // A reading taken again after a fault or a rest ("over my thick sweater ... retook it on my bare arm, 122/78", "sat
    // for 10 minutes and it was 124/78") replaces the first, unless it is low (NICE NG136: repeat a raised reading and
    // record the lower).
    const [sys, dia] = low[0] <= 100 ? low : retaken && bps.length > 1 ? bps[bps.length - 1] : bps.reduce((a, b) => (b[0] > a[0] ? b : a));
    v.systolicBp = sys;
    v.diastolicBp = dia;
  }
  // A bare "reading" is a sugar reading only in a message about sugar: "the thermometer reading is 39.5" is not.
  const sugarTalk = /\b(?:sugars?|glucose|diabet\w*|bm|insulin|glucometer|libre|cgm|hypo)\b/.test(text);
  const glucose = (sugarTalk ? GLUCOSE_OR_READING : GLUCOSE).exec(text);
  const potassium = POTASSIUM.exec(text);
  const ketones = KETONES.exec(text);
  if (ketones) {
    const kt = Number(ketones[1]);
    if (kt >= 0 && kt <= 9.9) v.ketonesMmol = kt;
  }
  // Peak flow against the person's best (BTS/SIGN asthma guideline: the share of best or predicted grades an attack).
  const pfPercent = /\bpeak ?flow\b[^.!?]{0,60}?\b(\d{2,3})\s*(?:%|percent|per cent)\s*(?:of\s+(?:my|his|her|their|your|the)\s+)?(?:best|normal|usual|predicted)\b/.exec(text) ??
    /\b(\d{2,3})\s*(?:%|percent|per cent)\s+of\s+(?:my|his|her|their|your)\s+(?:best|normal|usual)\s+(?:peak ?flow|pef|pefr)\b/.exec(text);
  const pfValue = /\b(?:peak ?flow|pef|pefr)\s*(?:is|was|of|=|:|at|reading|reads|says|down to|only)?\s*(?:only\s+|about\s+|around\s+)?(\d{2,3})\b(?!\s*(?:%|percent|per cent))/.exec(text);
  const pfBest = /\b(?:my|his|her|their|your|the)\s+(?:best|normal|usual|predicted)(?:\s+(?:peak ?flow|one|reading))?\s*(?:is|was|of|=|:)?\s*(?:about\s+|around\s+|usually\s+)?(\d{2,3})\b/.exec(text) ??
    /\b(?:best|normal|usual|predicted)\s+(?:is|was|of|=|:)?\s*(?:about\s+|around\s+)?(\d{2,3})\b/.exec(text);
  if (pfPercent && Number(pfPercent[1]) <= 120) v.peakFlowPercent = Number(pfPercent[1]);
  else if (pfValue && pfBest && Number(pfBest[1]) >= 100 && Number(pfValue[1]) >= 50 && Number(pfValue[1]) <= 900) v.peakFlowPercent = Math.round((Number(pfValue[1]) / Number(pfBest[1])) * 100);
  const inr = INR.exec(text);
  if (inr) {
    const value = Number(inr[1]);
    if (value >= 0.8 && value <= 20) v.inr = value;
  }
  if (potassium) {
    const k = Number(potassium[1]);
    if (k >= 1.5 && k <= 9.9) v.potassiumMmol = k;
  }
  // A meter that reads "HI" is past the top of its range (about 33 mmol/L, 600 mg/dL on most meters).
  if (!glucose && METER_HIGH.test(text)) v.glucoseMmol = 33.3;
  if (glucose) {
    let g = Number(glucose[1]);
    // Without a unit, a value over 35 is mg/dL ("blood sugar 40" in American notes is a hypo, not 40 mmol/L).
    // (An explicit mmol/L stays as it is: "BM 38 mmol/L" is a very high sugar, not 2.1.)
    if (glucose[2]?.startsWith('mg') || (g > 35 && !glucose[2]?.startsWith('mmol'))) g = Math.round((g / 18) * 10) / 10;
    if (g > 0.5 && g < 60) v.glucoseMmol = g;
  }
  if (/\b(?:hr|pulse|heart rate|p|pr|apical)\s*(?:is|of|was|=|:)?\s*\d{2,3}\s*(?:bpm|\/min|beats a minute)?\s*,?\s*(?:and\s+)?(?:irregular|irreg|irregularly irregular)\b/.test(text)) v.irregular = true;
  if (/\b(on oxygen|home oxygen|supplemental oxygen|oxygen at home|on o2)\b/.test(text) || /\bon \d{1,2}(?:\.\d)?\s?(?:l|litres?|liters?|lpm|l\/min)\b/.test(text)) v.onOxygen = true;
  // "VS: 150/90, 88, 16, 98.6, 97%": American chart vital signs by position (BP, pulse, breathing rate, temperature,
  // oxygen), where the names are left out. Only the ones not read by name.
  const listed = VITALS_BY_POSITION.exec(text);
  if (listed) {
    const [, sys, dia, p, r, t, o2] = listed.map(Number);
    if (v.systolicBp === undefined && sys > dia) [v.systolicBp, v.diastolicBp] = [sys, dia];
    if (v.pulse === undefined) v.pulse = p;
    if (v.respiratoryRate === undefined) v.respiratoryRate = r;
    const c = celsius(t);
    if (v.temperatureC === undefined && c >= 30 && c <= 45) v.temperatureC = c;
    if (v.spo2 === undefined && o2 >= 50 && o2 <= 100) v.spo2 = o2;
  }
  // "P 120" / "PR 120" and "R 22" among other vital signs (American triage notes: "T 37.2, P 110, R 22, BP 88/52").
  // (Assigned only when found: a key set to undefined would hide an earlier turn's value when the two are merged.)
  const listedPulse = v.pulse === undefined ? listedSign(text, '(?:p|pr)', 3, 25, /\b(bp|rr|r|sats?|spo2|temp|t)\b/) : undefined;
  if (listedPulse !== undefined) v.pulse = listedPulse;
  const listedRate = v.respiratoryRate === undefined ? listedSign(text, 'r', 2, 6, /\b(bp|p|hr|pulse|sats?|spo2|temp|t)\b/) : undefined;
  if (listedRate !== undefined) v.respiratoryRate = listedRate;
  if (v.systolicBp === undefined) {
    // "BP 70 palpable", "systolic 78": a systolic pressure only.
    const sys = /\b(?:bp|blood pressure)\s*(?:of|is|was|=|:)?\s*(\d{2,3})\s*(?:(?:\/|over)\s*)?(?:palp(?:able|ated)?|by palpation|systolic|p)\b/.exec(text) ?? /\bsystolic(?: bp| blood pressure)?\s*(?:of|is|was|=|:)?\s*(\d{2,3})\b/.exec(text);
    if (sys && Number(sys[1]) >= 40) v.systolicBp = Number(sys[1]);
  }
  // A Fahrenheit reading with a decimal in a message about checking warmth ("she felt warm so we checked, it was 100.8 in
  // her bottom", "101.2 under his arm"): a temperature, though it is not named.
  if (v.temperatureC === undefined && /\b(?:warm|hot|checked|thermometer|rectal(?:ly)?|in (?:her|his|the) (?:bottom|bum|ear|armpit)|under (?:her|his|my) arm|armpit|axillary|forehead|feverish|burning up)\b/.test(text)) {
    const bare = /(?<![\d/.])\b(9[7-9]\.\d|10[0-7]\.\d)\b(?![\d/]|\s*(?:kg|lbs?|pounds|mmol|mg|%|cm|inches))/.exec(text);
    if (bare) v.temperatureC = celsius(Number(bare[1]), true);
  }
  if (v.temperatureC === undefined) {
    const bt = /\b(?:bt|tympanic|temp\.?)\s*[:=]?\s*(\d{2,3}(?:\.\d)?)/.exec(text);
    if (bt) {
      const t = celsius(Number(bt[1]));
      if (t >= 30 && t <= 45) v.temperatureC = t;
    }
  }
  const gcs = /\bgcs\s*(?:of|is|was|=|:)?\s*(\d{1,2})(?:\s*\/\s*15)?\b/.exec(text);
  if (gcs && Number(gcs[1]) >= 3 && Number(gcs[1]) <= 15) v.gcs = Number(gcs[1]);
  if (/\b(responds|responding|responsive) (only )?to pain\b|\bavpu:?\s*p\b/.test(text)) v.consciousness = 'pain';
  else if (/\b(responds|responding|responsive) (only )?to voice\b|\bavpu:?\s*v\b/.test(text)) v.consciousness = 'voice';
  else if (/\bavpu:?\s*u\b/.test(text)) v.consciousness = 'unresponsive';
  const crt = /\b(?:crt|cap(?:illary)? refill(?: time)?)\s*(?:of|is|was|=|:|>)?\s*(\d(?:\.\d)?)\s*(?:s|secs?|seconds?)?\b/.exec(text);
  if (crt) v.capillaryRefillSec = Number(crt[1]);
  return v;
}
