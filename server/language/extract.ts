/** Who the message is about, how long, how bad, and any vital signs given. Pure, regex-based. */

export type Vitals = {
  temperatureC?: number;
  pulse?: number;
  respiratoryRate?: number;
  spo2?: number;
  systolicBp?: number;
  diastolicBp?: number;
  glucoseMmol?: number;
  onOxygen?: boolean;
};

export type Subject = 'self' | 'child' | 'other';

export type PatientContext = {
  subject: Subject;
  ageYears?: number;
  ageMonths?: number;
  /** "baby" with no age given: rules about young infants ask for the age instead of guessing. */
  infantAgeUnknown?: boolean;
  sex?: 'female' | 'male';
  pregnant?: boolean;
  gestationWeeks?: number;
  durationDays?: number;
  severity?: number;
  /** "maybe 20 tablets over the day" */
  tabletCount?: number;
  onset?: 'sudden' | 'gradual';
  trend?: 'worse' | 'better';
  vitals: Vitals;
};

const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, couple: 2, few: 3, several: 3,
};
const num = (s: string) => WORD_NUMBERS[s] ?? Number(s);
const NUM = '(\\d+(?:\\.\\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple|few|several)';

const UNIT_DAYS: Record<string, number> = { min: 1 / 1440, hour: 1 / 24, hr: 1 / 24, day: 1, week: 7, wk: 7, month: 30, year: 365, yr: 365 };
const normalUnit = (u: string) =>
  u.startsWith('mi') ? 'min' : u.startsWith('h') ? 'hour' : u.startsWith('d') ? 'day' : u.startsWith('w') ? 'week' : u.startsWith('mo') || u.startsWith('mn') ? 'month' : 'year';
const unitDays = (u: string) => UNIT_DAYS[u.replace(/s$/, '').replace(/^minute$/, 'min').replace(/^mins?$/, 'min')] ?? UNIT_DAYS[u.slice(0, 3)] ?? 1;

const CHILD_AGE = /\b(my|our)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(year|yr|month|week|day)s?[\s-]*old\b/;
const CHILD_WORDS_NOT_BABY = /\b(my|our|the)\s+(\d+\s*(year|yr|month|week|day)s?[\s-]*old\s+)?(son|daughter|child|kid|boy|girl|toddler|little one|grandson|granddaughter|twins?)\b/;
const CHILD_WORDS = /\b(my|our|the)\s+(\d+\s*(year|yr|month|week|day)s?[\s-]*old\s+)?(son|daughter|baby|babies|child|kid|boy|girl|toddler|newborn|infant|little one|grandson|granddaughter|twins?)\b/;
const OTHER_WORDS = /\b(my|our)\s+(husband|wife|partner|mum|mom|mother|dad|father|gran|grandma|grandad|grandpa|grandmother|grandfather|friend|brother|sister|neighbou?r|colleague|flatmate|roommate|boyfriend|girlfriend|uncle|aunt)\b|\b(he|she)\s+(is|has|was|cant|can't|wont|won't)\b/;

export function extractContext(raw: string): PatientContext {
  const text = raw.toLowerCase().replace(/[’‘]/g, "'");
  const ctx: PatientContext = { subject: 'self', vitals: {} };

  // Age. Months and weeks first so "6 week old" is not read as years.
  const young = new RegExp(`\\b${NUM}[\\s-]*(day|week|month)s?[\\s-]*old\\b`).exec(text) ??
    new RegExp(`\\b(?:baby|infant|son|daughter|newborn)\\b\\W{1,3}${NUM}\\s*(day|week|month)s?\\b`).exec(text) ??
    new RegExp(`\\b(?:baby|infant|son|daughter|newborn)\\s+(?:is\\s+)?(?:only\\s+)?${NUM}\\s*(day|week|month)s?\\b`).exec(text);
  if (young) ctx.ageMonths = (num(young[1]) * unitDays(young[2])) / 30;
  const years =
    new RegExp(`\\b${NUM}[\\s-]*(?:year|yr)s?[\\s-]*old\\b`).exec(text) ??
    /\b(\d{1,3})\s*(?:yo|y\/o|yrs?)\b/.exec(text) ??
    /\baged?\s+(\d{1,3})\b/.exec(text) ??
    /\b(?:i'?m|i am|he'?s|she'?s|he is|she is)\s+(\d{1,3})(?!\s*(?:weeks?|months?|days?|kg|lbs?|%|cm|\/|\.\d|pounds|stone|hours?|mins?))\b/.exec(text);
  if (years && ctx.ageMonths === undefined) {
    const y = num(years[1]);
    if (y >= 0 && y <= 120) ctx.ageYears = y;
  }
  if (ctx.ageMonths !== undefined) ctx.ageYears = Math.floor(ctx.ageMonths / 12);
  else if (ctx.ageYears !== undefined) ctx.ageMonths = ctx.ageYears * 12;
  if (/\bnewborn\b/.test(text) && ctx.ageMonths === undefined) {
    ctx.ageMonths = 0.5;
    ctx.ageYears = 0;
  }


  // In pregnancy "the baby" is the unborn baby: only other child words make the message about a child.
  const pregnantNow = /\b(pregnant|pregnancy|weeks gone|expecting)\b/.test(text) && !/\b(not|n't|never been)\s+pregnant\b/.test(text);
  const childWords = pregnantNow ? CHILD_WORDS_NOT_BABY : CHILD_WORDS;
  if (/\b(baby|babies|infant)\b/.test(text) && ctx.ageMonths === undefined && !pregnantNow) ctx.infantAgeUnknown = true;
  if (childWords.test(text) || (CHILD_AGE.test(text) && (ctx.ageYears ?? 0) < 18) || ctx.ageMonths !== undefined && ctx.ageYears !== undefined && ctx.ageYears < 16 && /\b(he|she|son|daughter|child|kid|baby|boy|girl|toddler|they)\b/.test(text) && !pregnantNow) {
    ctx.subject = 'child';
  } else if (OTHER_WORDS.test(text)) ctx.subject = 'other';
  if (ctx.subject === 'child' && ctx.ageYears !== undefined && ctx.ageYears >= 18) ctx.subject = 'other';

  if (/\b(i'?m|i am)\b[^.,]{0,25}\b(woman|female|girl|lady|mum|mom)\b|\b(my|our)\s+(wife|daughter|mum|mom|mother|sister|gran|grandma|grandmother|girlfriend|aunt|granddaughter)\b|\bshe\b/.test(text)) ctx.sex = 'female';
  else if (/\b(i'?m|i am)\b[^.,]{0,25}\b(man|male|guy|boy|dad)\b|\b(my|our)\s+(husband|son|dad|father|brother|grandad|grandpa|grandfather|boyfriend|uncle|grandson)\b|\bhe\b/.test(text)) ctx.sex = 'male';

  // Pregnancy, with gestation when given ("32 weeks pregnant", "at 20 weeks").
  const notPregnant = /\b(not|n't|never been)\s+pregnant\b/.test(text);
  const weeksAlong = /\b(?:i'?m|i am|she'?s|she is|at)\s+(\d{1,2})\s*(?:weeks?|wks?)\b(?!\s*old)/.exec(text);
  if (!notPregnant && (/\b(pregnant|pregnancy|expecting a baby|weeks gone|pregnent|pregant|pragnant|midwife)\b/.test(text) || (weeksAlong && Number(weeksAlong[1]) >= 4 && Number(weeksAlong[1]) <= 42))) {
    ctx.pregnant = true;
    ctx.sex = 'female';
    const g = /\b(\d{1,2})\s*(?:weeks?|wks?)\s*(?:pregnant|gone|along|gestation)?/.exec(text);
    if (g && Number(g[1]) <= 42) ctx.gestationWeeks = Number(g[1]);
  }

  // Duration: "for 3 days", "since yesterday", "20 mins", "past two weeks". "30 weeks pregnant" and
  // "6 week old" are not durations.
  const UNIT = '(min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|dys|weeks?|weks?|wks?|months?|mnths?|years?|yrs?)';
  const NOT_AGE = '(?![\\s-]*(?:old|pregnant|gone|along|gestation))';
  const dur =
    new RegExp(`\\b(?:for|past|last|over|about|nearly|almost|around)\\s+(?:the\\s+)?(?:last\\s+|past\\s+|over\\s+|about\\s+|more than\\s+|nearly\\s+|almost\\s+)?${NUM}\\s*(?:of\\s+)?${UNIT}\\b${NOT_AGE}`).exec(text) ??
    new RegExp(`\\b${NUM}\\s*(?:of\\s+)?${UNIT}\\s+(?:now|ago|so far)\\b`).exec(text) ??
    new RegExp(`\\b${NUM.replace('|a|an|', '|')}\\s*${UNIT}\\b${NOT_AGE}(?!\\s+(?:ago|pregnant))`).exec(text);
  // "5 years ago" dates a past event and "baby is 8 months" is an age: neither is how long symptoms lasted.
  const isAge = dur && young && young.index <= dur.index + dur[0].length && dur.index <= young.index + young[0].length;
  if (dur && !isAge && !(/ago/.test(dur[0]) && normalUnit(dur[2]) === 'year')) ctx.durationDays = num(dur[1]) * unitDays(normalUnit(dur[2]));
  else if (/\bsince (yesterday|last night)\b/.test(text)) ctx.durationDays = 1;
  else if (/\bsince (this morning|earlier today|today|lunch|tonight)\b/.test(text)) ctx.durationDays = 0.3;
  else if (/\bsince (last week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)\b/.test(text)) ctx.durationDays = 4;
  else if (/\bsince last month\b/.test(text)) ctx.durationDays = 30;
  else if (/\b(?:for|over|in) the (?:last|past) (week|month|year)\b/.exec(text)) ctx.durationDays = { week: 7, month: 30, year: 365 }[/\b(?:for|over|in) the (?:last|past) (week|month|year)\b/.exec(text)![1] as 'week']!;
  else if (/\b(?:been|for) (weeks|months|ages|years)\b/.test(text)) ctx.durationDays = /weeks/.test(text) ? 14 : 60;
  else if (/\bover the (?:past|last) (year|month|few months)\b/.test(text)) ctx.durationDays = 180;
  else if (/\ball (day|night)\b/.test(text)) ctx.durationDays = 0.5;

  const tablets =
    /\b(\d{1,3})\s*(?:x\s*)?(?:of\s+(?:my|her|his|their|the)\s+)?(?:[\w']+\s+)?(?:tablets|pills|pils|caplets|capsules|paracetamols?|ibuprofens?|co-codamols?|painkillers|sertraline|citalopram|fluoxetine|amitriptyline|codeine|tramadol|diazepam|aspirin)\b/.exec(text) ??
    /\b(?:took|taken|swallowed)\s+(\d{2,3})\b/.exec(text);
  if (tablets) ctx.tabletCount = Number(tablets[1]);

  // Severity: "8/10", "9 out of 10".
  const sev = /\b(10|[0-9])\s*(?:\/|out of)\s*10\b/.exec(text);
  if (sev) ctx.severity = Number(sev[1]);
  if (/\b(sudden(ly)?|out of nowhere|all of a sudden|came on (fast|quickly|in seconds|over seconds)|within seconds|thunderclap|out of the blue)\b/.test(text)) ctx.onset = 'sudden';
  else if (/\b(gradual(ly)?|slowly|over (a few|several|the last) (days|weeks))\b/.test(text)) ctx.onset = 'gradual';
  if (/\b(getting worse|worse and worse|worsening|worse today|much worse)\b/.test(text)) ctx.trend = 'worse';
  else if (/\b(getting better|improving|much better|on the mend)\b/.test(text) && !/\b(not|isnt|isn't|n't|no longer)\s+(getting better|improving)\b/.test(text)) ctx.trend = 'better';

  ctx.vitals = extractVitals(text);
  return ctx;
}

export function extractVitals(text: string): Vitals {
  const v: Vitals = {};
  const temp =
    /\b(?:temp(?:erature)?|fever|t)\s*(?:of|is|was|=|:|at|reading|around|about)?\s*(\d{2,3}(?:\.\d)?)\s*(?:°|degrees?|deg)?\s*([cf])?\b/.exec(text) ??
    /\b(\d{2,3}(?:\.\d)?)\s*(?:°\s*|degrees?\s*)([cf])\b/.exec(text) ??
    /\b(\d{2}\.\d)\s*(c)\b/.exec(text) ??
    /\b(\d{2,3}(?:\.\d)?)\s*(?:°|degrees?)/.exec(text) ??
    /(?<![\d/.])\b(3[5-9]\.\d|4[0-2]\.\d)\b(?![\d/]|\s*(?:kg|mmol|%|weeks|cm))/.exec(text);
  if (temp) {
    let t = Number(temp[1]);
    if (temp[2] === 'f' || t > 45) t = Math.round(((t - 32) * 5) / 9 * 10) / 10;
    if (t >= 30 && t <= 45) v.temperatureC = t;
  }
  const GAP = '(?:\\s+[a-z\']+){0,5}?\\s*(?:of|is|was|says|reads|=|:|at|around|about)?\\s*';
  const pulse = new RegExp(`\\b(?:pulse|heart ?rate|hr|heartbeat)${GAP}(\\d{2,3})\\b`).exec(text) ?? /\b(\d{2,3})\s*(?:bpm|beats (?:a|per) min)/.exec(text);
  if (pulse) v.pulse = Number(pulse[1]);
  const rr = /\b(?:resp(?:iratory)?\s*rate|breathing rate|rr|resps)\s*(?:of|is|was|=|:|at|around)?\s*(\d{1,2})\b/.exec(text) ??
    /\b(\d{1,2})\s*(?:breaths|br|times)\s*(?:per|a|an|\/)\s*min/.exec(text);
  if (rr) v.respiratoryRate = Number(rr[1]);
  const sats = new RegExp(`\\b(?:sats?|spo2|sp02|o2(?:\\s*sat(?:uration)?s?)?|oxygen(?:\\s*(?:sat(?:uration)?s?|levels?))?|saturations?|pulse ox(?:imeter)?)${GAP}(\\d{2,3})\\s*%?`).exec(text);
  if (sats && Number(sats[1]) <= 100 && Number(sats[1]) >= 50) v.spo2 = Number(sats[1]);
  const bp = /\b(?:bp|blood pressure|pressure)\s*(?:of|is|was|=|:|at|reading)?\s*(\d{2,3})\s*(?:\/|over)\s*(\d{2,3})\b/.exec(text) ?? /\b(\d{2,3})\s*\/\s*(\d{2,3})\s*(?:mm ?hg)?\b/.exec(text);
  if (bp && Number(bp[1]) > Number(bp[2]) && Number(bp[1]) >= 50) {
    v.systolicBp = Number(bp[1]);
    v.diastolicBp = Number(bp[2]);
  }
  const glucose = /\b(?:blood sugar|sugar|glucose|bm|bg|reading)s?\s*(?:level|reading)?\s*(?:of|is|are|was|were|=|:|at|reads|around|down to|up to)?\s*(\d{1,3}(?:\.\d)?)\s*(mmol(?:\/l)?|mg\/?dl)?/.exec(text);
  if (glucose) {
    let g = Number(glucose[1]);
    if (glucose[2]?.startsWith('mg') || g > 40) g = Math.round((g / 18) * 10) / 10;
    if (g > 0.5 && g < 60) v.glucoseMmol = g;
  }
  if (/\b(on oxygen|home oxygen|supplemental oxygen|oxygen at home|on o2)\b/.test(text)) v.onOxygen = true;
  return v;
}
