import { type Doc, type Measure, above, below, digitsForWords, exact, find, firstFound, lastMatch, makeDoc, measure } from './text';
import type { CalculatorId, Inputs } from './types';

/**
 * Reads nurse shorthand into calculator field values: "RR 24, sats 91% on air, BP 95/60, HR 112, T 38.4, new
 * confusion, urea 8.2, 72yo". Only what the text states is returned; anything it does not settle is left out, so
 * calculate() lists it as missing instead of guessing. Negations count ("no cough", "denies haemoptysis").
 */

// Calculator names are stripped first: "FeverPAIN" must not read as a fever, nor "CURB-65" as an age.
const NAMES =
  /\bnews\s*-?\s*2\b|\bnational early warning score(?:\s*2)?\b|\bq\s*-?\s*sofa\b|\bquick sofa\b|\bcu?rb\s*-?\s*65\b|\bmc\s*isaac\b|\bmodified centor\b|\bcentor\b|\bfever\s*-?\s*pain\b|\bwells'?(?:\s*(?:score|criteria|rule))?(?:\s*(?:for|-)?\s*(?:dvt|pe|pulmonary embolism|deep vein thrombosis)\b)?|\bperc\b(?:\s*rule)?|\bpe rule[- ]out criteria\b|\b(?:nice\s+)?traffic[- ]lights?\b(?:\s*system)?|\bng143\b|\bglasgow coma (?:scale|score)\b|\brosier\b(?:\s*(?:scale|score))?|\bwestley\b(?:\s*(?:croup\s*)?(?:scale|score))?/gi;

const MONTHS_PER_WEEK = 12 / 52;

type Surgery = { present: boolean | undefined; weeksAgo?: number };

/**
 * The ACVPU level written as its capital letter alone, as the last item of a list of observations ("temp 37.2 A",
 * "BP 100/60, V."): after a comma, a semicolon or a reading, and before the end, a comma or a full stop, in a message
 * that gives observations. Capitals only, so the article "a" and words are never read as a level.
 */
function loneAcvpu(raw: string): string | undefined {
  // Only in a list of observations; "U" after a number is units ("insulin 10 U"), so it needs a comma before it.
  if (!/\b(?:rr|hr|bp|sats?|spo2|temp|pulse|resps?)\b/i.test(raw)) return undefined;
  return [...raw.matchAll(/(?:[,;]\s*([ACVPU])|\d\s+([ACVP]))(?=\s*(?:[,;.?]|$))/g)].map((m) => m[1] ?? m[2]).at(-1);
}
const LONE_ACVPU: Record<string, 'alert' | 'new_confusion' | 'voice' | 'pain' | 'unresponsive'> = { A: 'alert', C: 'new_confusion', V: 'voice', P: 'pain', U: 'unresponsive' };

/** Everything the text says, read once; the mappers below pick what each calculator needs. */
function read(said: string) {
  // Readings said in words ("breathing thirty a minute", "BP ninety over fifty") are read as the digits they are.
  const raw = digitsForWords(said);
  const doc = makeDoc(raw.replace(NAMES, ' '));
  const text = doc.text;
  const has = (re: RegExp) => find(doc, re);

  // Respiratory rate, SpO2, oxygen.
  const rr =
    measure(text, 'rr|resp(?:iratory)?\\.? ?rate|resps|resp|respirations?|respiratory|breathing rate', '(\\d{1,3})') ??
    asMeasure(lastMatch(text, /\b(\d{1,3})\s*(?:breaths|br)\s*(?:\/|per|a)\s*min/)) ??
    // "breathing 30 a minute", "breathing at 28/min": a rate, not "breathing fine".
    asMeasure(lastMatch(text, /\bbreathing\s+(?:at\s+)?(\d{1,3})\s*(?:\/|per|a|times a)\s*min/));
  // The later of a labelled reading ("sats 88%") and a bare one ("now 94% on 2L").
  const spo2Labelled = measure(text, 'spo2|sp02|sao2|o2 sats?|o2 saturations?|oxygen sat(?:uration)?s?|sats?|saturations?|saturating|pulse ox(?:imetry)?', '(\\d{2,3})');
  const spo2Bare = lastMatch(text, /\b(\d{2,3})\s*%\s*(?:on\s+)?(?:ra|room air|air|o2|oxygen|\d+(?:\.\d+)?\s*l(?:\/min|pm)?)(?![a-z])/);
  const spo2 = inRange(spo2Bare && (!spo2Labelled || spo2Bare.index > (spo2Labelled.at ?? -1)) ? asMeasure(spo2Bare) : spo2Labelled, 50, 100);
  const onOxygen = oxygen(text);
  const scale = has(/\bscale\s*2\b|\bhypercapni(?:c|a)\b|\btarget\s*(?:sats?|saturations?|spo2)?\s*(?:of\s*)?88\s*(?:-|to)\s*92\b/) ? '2' : /\bscale\s*1\b/.test(text) ? '1' : undefined;

  // Blood pressure and pulse.
  const pair = lastMatch(text, /(?:^|[^a-z0-9])(?:bp|blood pressure|nibp)\s*(?:of|is|was|=|:|-)?\s*(\d{2,3})\s*\/\s*(\d{2,3})/) ??
    [...text.matchAll(/(?:^|[\s(:,])(\d{2,3})\s*\/\s*(\d{2,3})(?![\d/])/g)].filter((m) => plausibleBp(Number(m[1]), Number(m[2]))).pop();
  const sbp = measure(text, 'sbp|systolic(?: bp)?|sys(?: bp)?', '(\\d{2,3})') ?? (pair ? { value: Number(pair[1]), op: '=' as const } : undefined);
  const dbp = measure(text, 'dbp|diastolic(?: bp)?|dia', '(\\d{2,3})') ?? (pair ? { value: Number(pair[2]), op: '=' as const } : undefined);
  const hr =
    measure(text, 'hr|heart ?rate|pulse(?: rate)?|apical(?: rate)?', '(\\d{2,3})') ??
    [...text.matchAll(/\b(\d{2,3})\s*bpm\b/g)].filter((m) => !/(?:rr|resp\w*|breath\w*)\s*[:=]?\s*$/.test(text.slice(Math.max(0, m.index! - 14), m.index))).map((m) => ({ value: Number(m[1]), op: '=' as const })).pop();
  const tachycardic = has(/\btachycardi(?:c|a)\b/);

  // Temperature in °C (Fahrenheit converted).
  const tempC = temperature(text);

  // Urea in mmol/L (BUN in mg/dL divided by 2.8).
  const urea = ureaMmol(text);

  // Age.
  const { years: ageYears, months: ageMonths } = age(text);

  // Consciousness.
  const gcs = glasgow(text);
  const amt = lastMatch(text, /\bamts?\s*(?:score\s*)?(?:of|is|=|:)?\s*(\d{1,2})(?:\s*\/\s*10)?\b/);
  // Confusion known to be long-standing is not new confusion; only other mentions count.
  const chronic = /\b(?:chronic(?:ally)?\s+confus\w*|baseline confusion|confus\w* (?:at|is) (?:his |her |their )?baseline|usual(?:ly)? confus\w*|known dementia)\b/g;
  const chronicConfusion = has(chronic);
  const confusedWord = find(makeDoc(text.replace(chronic, ' ')), /\b(?:new(?:ly)?\s+|acute(?:ly)?\s+)?(?:confus(?:ed|ion)|disorient(?:at)?ed|disorientation|delirium|delirious)\b/);
  const orientated = has(/\b(?:orientated|oriented|a\s*&\s*o\s*x?\s*3|aox3)\b/);
  const alertWord = has(/\balert\b|\b(?:a?c?vpu)\s*[:=]?\s*a\b/);
  const confusion: boolean | undefined =
    chronicConfusion === true && confusedWord !== true ? false
    : confusedWord === true || orientated === false || (amt && Number(amt[1]) <= 8) ? true
    : confusedWord === false || orientated === true || (amt && Number(amt[1]) >= 9) || gcs.total === 15 || alertWord === true ? false
    : undefined;
  const acvpu =
    firstFound<'unresponsive' | 'pain' | 'voice' | 'new_confusion'>(doc, [
      [/\bunresponsive\b|\bunrousable\b|\bacvpu\s*[:=]?\s*u\b|\bavpu\s*[:=]?\s*u\b|\bu on a?c?vpu\b/, 'unresponsive'],
      [/\b(?:respond(?:s|ing)?|responsive|rousable)\s+(?:only\s+)?to\s+pain\w*|\ba?c?vpu\s*[:=]?\s*p\b|\bp on a?c?vpu\b/, 'pain'],
      // Told as what the nurse sees: "only opens his eyes to a sternal rub" (pain), "only opens his eyes when I speak to
      // him", "wakes to her name" (voice).
      [/\bopens?\s+(?:her\s+|his\s+|their\s+|the\s+)?eyes\s+(?:only\s+)?(?:to|with|after)\s+(?:pain|pressure|a\s+sternal\s+rub|sternal\s+rub|a\s+trapezius\s+squeeze)\b/, 'pain'],
      [/\b(?:respond(?:s|ing)?|responsive|rousable)\s+(?:only\s+)?to\s+(?:voice|verbal\w*|speech)|\ba?c?vpu\s*[:=]?\s*v\b|\bv on a?c?vpu\b/, 'voice'],
      [/\bopens?\s+(?:her\s+|his\s+|their\s+|the\s+)?eyes\s+(?:only\s+)?(?:when\s+(?:i|you|we|someone|they)\s+(?:speak|talk|call|shout)|to\s+(?:voice|speech|(?:her|his|their)\s+name))|\b(?:wakes?|rouses?)\s+(?:only\s+)?to\s+(?:voice|speech|(?:her|his|their)\s+name)\b/, 'voice'],
      [/\bacvpu\s*[:=]?\s*c\b|\bc on acvpu\b/, 'new_confusion'],
    ]) ?? LONE_ACVPU[loneAcvpu(raw) ?? ''] ?? (confusion === true && chronicConfusion !== true ? 'new_confusion' : alertWord === true || gcs.total === 15 ? 'alert' : undefined);
  const drowsy = has(/\b(?:drowsy|obtunded|altered mental (?:state|status)|altered mentation|reduced (?:gcs|conscious\w*|level of consciousness))\b/);
  const gcsTotal = gcs.total ?? (gcs.eye && gcs.verbal && gcs.motor && !isNaN(+gcs.eye + +gcs.verbal + +gcs.motor) ? +gcs.eye + +gcs.verbal + +gcs.motor : undefined);
  const alteredMentation: boolean | undefined =
    confusion === true || drowsy === true || (acvpu !== undefined && acvpu !== 'alert') || (gcsTotal !== undefined && gcsTotal < 15) ? true
    : gcsTotal === 15 || acvpu === 'alert' || confusion === false ? false
    : undefined;

  // Durations.
  const durationDays = duration(text);
  const feverDays = feverDuration(text);

  // Fever, as each score words it.
  // "no temp" is no fever; a bare "temp 38.6" is a reading, read below as measuredOver38.
  const feverWord = has(/\b(?:fevers?|feverish|febrile|pyrexi(?:a|al)|high temp(?:erature)?s?|spiking temps?)\b/) ?? (/\b(?:no|not got a|hasn'?t had a|no high)\s+temp(?:erature)?\b/.test(text) ? false : undefined);
  const afebrile = has(/\b(?:afebrile|apyrexial)\b/);
  const measuredOver38 = tempC === undefined ? undefined : tempC > 38;

  return {
    doc, text, has, rr, spo2, onOxygen, scale, sbp, dbp, hr, tachycardic, tempC, urea, ageYears, ageMonths, gcs,
    confusion, acvpu, alteredMentation, durationDays, feverDays, feverWord, afebrile, measuredOver38,
    surgery: event(doc, SURGERY),
    trauma: event(doc, TRAUMA),
  };
}

type Readings = ReturnType<typeof read>;

function asMeasure(m: RegExpExecArray | undefined): Measure | undefined {
  return m ? { value: Number(m[1]), op: '=' } : undefined;
}

function inRange(m: Measure | undefined, lo: number, hi: number): Measure | undefined {
  return m && m.value >= lo && m.value <= hi ? m : undefined;
}

function plausibleBp(sys: number, dia: number) {
  return sys >= 50 && sys <= 260 && dia >= 20 && dia <= 160 && sys > dia;
}

/** On oxygen, on air, or not said; when both are said ("88% on air, 94% on 2L") the later one counts. */
function oxygen(text: string): boolean | undefined {
  const onO2 = /\bon\s+(?:\d+(?:\.\d+)?\s*(?:l|lpm|litres?|liters?)(?:\/min)?\b|o2\b|oxygen\b|home (?:o2|oxygen)\b|supplemental|nasal (?:cannula|specs|prongs)|nc\b|(?:face ?)?mask\b|venturi|\d+\s*%\s*(?:venturi|o2|oxygen|fio2)|high[- ]flow|hfno|nrb|non[- ]rebreath\w*|cpap|bipap|niv)|\b\d+(?:\.\d+)?\s*(?:l|lpm|litres?|liters?)(?:\/min)?\s*(?:of\s*)?(?:o2|oxygen|via|nc|nasal)\b|\bfio2\b|\b(?:requiring|requires|needs|needing|receiving)\s+(?:supplemental\s+)?(?:o2|oxygen)\b/g;
  const onAir = /\bon\s+(?:room\s+)?air\b|\broom air\b|\boff\s+(?:o2|oxygen)\b|\bnot on\s+(?:o2|oxygen)\b|\bno\s+(?:supplemental\s+)?(?:o2|oxygen)\b|\b\d{2,3}\s*%?\s*(?:on\s+)?ra\b/g;
  let last: { at: number; value: boolean } | undefined;
  for (const m of text.matchAll(onO2)) {
    if (/\b(?:not|no longer|off)\s*$/.test(text.slice(Math.max(0, m.index! - 10), m.index))) continue;
    if (!last || m.index! >= last.at) last = { at: m.index!, value: true };
  }
  for (const m of text.matchAll(onAir)) if (!last || m.index! >= last.at) last = { at: m.index!, value: false };
  return last?.value;
}

function temperature(text: string): number | undefined {
  const toC = (m: RegExpExecArray) => {
    const t = Number(m[1]);
    const c = m[2] === 'f' || (m[2] === undefined && t > 45 && t <= 115) ? Math.round((((t - 32) * 5) / 9) * 10) / 10 : t;
    return c >= 30 && c <= 45 ? c : undefined;
  };
  // The last plausible reading; a labelled one ("T 38.4", "temp 102F") before a bare one ("38.4C").
  for (const re of [
    /(?:^|[^a-z0-9])(?:t|temp|temperature|tmp|tympanic|febrile|pyrexi(?:a|al)|fever|spiked|spiking)\s*(?:of|is|was|=|:|at|to|now)?\s*(\d{2,3}(?:\.\d+)?)\s*(?:°|deg(?:rees?)?)?\s*(c|f)?(?![a-z0-9])/g,
    /(?:^|[^a-z0-9./])(\d{2,3}(?:\.\d+)?)\s*(?:°\s*|deg(?:rees?)?\s*)(c|f)?(?![a-z0-9])/g,
    /(?:^|[^a-z0-9./])(\d{2,3}(?:\.\d+)?)\s*(c|f)(?![a-z0-9])/g,
  ]) {
    const readings = [...text.matchAll(re)].map((m) => toC(m as RegExpExecArray)).filter((t): t is number => t !== undefined);
    if (readings.length > 0) return readings[readings.length - 1];
  }
  return undefined;
}

function ureaMmol(text: string): number | undefined {
  const u = measure(text, 'urea|serum urea|ur', '(\\d{1,3}(?:\\.\\d+)?)');
  if (u && u.op === '=') return u.value;
  const bun = lastMatch(text, /(?:^|[^a-z0-9])bun\s*(?:of|is|was|=|:)?\s*(\d{1,3}(?:\.\d+)?)\s*(mmol|mg)?/);
  if (!bun) return undefined;
  return bun[2] === 'mmol' ? Number(bun[1]) : Math.round((Number(bun[1]) / 2.8) * 10) / 10;
}

function age(text: string): { years?: number; months?: number } {
  const months =
    lastMatch(text, /\b(\d{1,2})\s*-?\s*(?:months?|mths?|mo|mos|m)\s*-?\s*old\b/) ??
    lastMatch(text, /\b(\d{1,2})\s*(?:m\/o|mo|mos)\b/) ??
    lastMatch(text, /\baged?\s*:?\s*(\d{1,2})\s*(?:months?|mths?)\b/) ??
    lastMatch(text, /\b(\d{1,2})\/12\b(?![\d/])(?!\s*(?:ago|hx|history))/) ??
    bareAge(text, 'months?|mths?');
  if (months) return { months: Number(months[1]), years: Math.floor(Number(months[1]) / 12) };
  const weeks = lastMatch(text, /\b(\d{1,2})\s*-?\s*(?:weeks?|wks?)\s*-?\s*old\b/) ?? lastMatch(text, /\b(\d{1,2})\/52\s*old\b/);
  if (weeks) return { months: Math.round(Number(weeks[1]) * MONTHS_PER_WEEK * 10) / 10, years: 0 };
  const days = lastMatch(text, /\b(\d{1,2})\s*-?\s*days?\s*-?\s*old\b/);
  if (days) return { months: Math.round((Number(days[1]) / 30.4) * 10) / 10, years: 0 };
  const years =
    lastMatch(text, /\b(\d{1,3})\s*-?\s*(?:years?|yrs?|yr|y)\s*-?\s*old\b/) ??
    lastMatch(text, /\b(\d{1,3})\s*(?:yo|y\/o|y\.o\.?|y)(?![a-z0-9])/) ??
    lastMatch(text, /\baged?\s*:?\s*(\d{1,3})\b(?!\s*(?:months?|mths?|mo|weeks?|wks?|days?))/) ??
    lastMatch(text, /\b(1[6-9]|[2-9]\d|1[01]\d)\s*(?:m|f|male|female|man|woman|gentleman|lady)\b/) ??
    // "she's 70", "he is 84", "the patient is 55": an adult's age said on its own (not "she's 38.5", "he's 90/60",
    // "she's 39 weeks").
    lastMatch(text, /\b(?:she|he|patient|pt)(?:'s|\s+is)\s+(1[6-9]|[2-9]\d|1[01]\d)\b(?![./%]|\s*(?:°|deg|c\b|f\b|weeks?|wks?|\/40|kg|mmol|bpm|breaths|on\b|over\b|and\s+\w+\s+weeks))/) ??
    bareAge(text, 'years?|yrs?|yr');
  if (years && Number(years[1]) <= 120) return { years: Number(years[1]), months: Number(years[1]) * 12 };
  return {};
}

/** "18 months", "72 years" with no "old": an age unless it reads as a duration ("for 3 months", "2 years ago"). */
function bareAge(text: string, unit: string): RegExpExecArray | undefined {
  const re = new RegExp(`\\b(\\d{1,3})\\s*(?:${unit})\\b`, 'g');
  let found: RegExpExecArray | undefined;
  for (const m of text.matchAll(re)) {
    const before = text.slice(Math.max(0, m.index! - 12), m.index);
    const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 12);
    if (/\b(?:for|x|past|last|over|since|about|within|in|after|of)\s*(?:the\s*)?$/.test(before)) continue;
    if (/^\s*(?:ago|history|hx|of|duration|before|later|previously|post)\b/.test(after)) continue;
    found = m as RegExpExecArray;
  }
  return found;
}

/** The first description that matches, most specific first: "[score, pattern]". */
const described = (text: string, table: [string, RegExp][]) => table.find(([, re]) => re.test(text))?.[0];
const GCS_EYE: [string, RegExp][] = [
  ['1', /\b(?:no eye opening|eyes? (?:do not|does not|don't|doesn't|not) open|eyes? (?:stay |remain )?closed|not opening (?:her |his |their )?eyes)\b/],
  ['2', /\b(?:eyes? (?:open(?:s|ing)? )?(?:only )?to (?:pain|pressure|painful stimul\w*)|opens? (?:her |his |their )?eyes (?:only )?to (?:pain|pressure))\b/],
  ['3', /\b(?:eyes? (?:open(?:s|ing)? )?(?:only )?to (?:voice|speech|sound|command|name)|opens? (?:her |his |their )?eyes (?:when (?:i |you |we )?(?:speak|talk|call)|to (?:voice|speech|sound|her name|his name)))/],
  ['4', /\b(?:eyes? open(?:ing)? spontaneous\w*|opens? (?:her |his |their )?eyes spontaneous\w*|eyes open(?: and)? (?:looking|tracking)|spontaneous eye opening)\b/],
];
const GCS_VERBAL: [string, RegExp][] = [
  ['1', /\b(?:no (?:sounds?|speech|verbal(?: response)?|words|noise)|makes no (?:sound|noise)|non[- ]?verbal)\b/],
  ['2', /\b(?:incomprehensible|groan\w*|moan\w*|grunt\w*|sounds only)\b/],
  ['3', /\b(?:inappropriate words|random words|words only|shouting out words)\b/],
  // ("confused about where he is", "doesn't know where she is": talks, but not orientated.)
  ['4', /\b(?:confused (?:conversation|speech|talk|but talking|about (?:where|when|what day|the date|the time|time|place))|talking but confused|disorientated|disoriented|(?:does not|doesn't|does n't|did not|didn't) know (?:where (?:he|she|they) (?:is|are|was|were)|what day it is|the date))\b/],
  ['5', /\b(?:orientated|oriented|talking normally)\b/],
];
const GCS_MOTOR: [string, RegExp][] = [
  ['1', /\b(?:no (?:motor )?(?:response|movement) to pain|no motor response|flaccid)\b/],
  ['2', /\b(?:extends?|extension|extending|decerebrate)\b/],
  ['3', /\b(?:abnormal flexion|decorticate|flexes abnormally)\b/],
  ['4', /\b(?:withdraws?|withdrawing|withdrawal|normal flexion)\b/],
  ['5', /\b(?:locali[sz]es?|locali[sz]ing)\b/],
  ['6', /\b(?:obeys?(?: commands)?|follows? commands)\b/],
];

function glasgow(text: string): { eye?: string; verbal?: string; motor?: string; total?: number } {
  const evm = lastMatch(text, /\be\s*([1-4]|nt)\s*,?\s*v\s*([1-5]|nt|t)\s*,?\s*m\s*([1-6]|nt)\b/);
  const out: { eye?: string; verbal?: string; motor?: string; total?: number } = {};
  const nt = (x: string) => (x === 't' || x === 'nt' ? 'NT' : x);
  if (evm) Object.assign(out, { eye: nt(evm[1]), verbal: nt(evm[2]), motor: nt(evm[3]) });
  else {
    // Single responses: spelt out ("eyes 3, motor 5"), or as letters when the message is about the GCS ("GCS E3 M5").
    const letters = /\bgcs\b/.test(text);
    const e = lastMatch(text, /\beyes?(?: opening)?\s*[:=]?\s*([1-4])\b/) ?? (letters ? lastMatch(text, /\be\s*([1-4]|nt)(?![a-z0-9])/) : undefined);
    const v = lastMatch(text, /\bverbal(?: response)?\s*[:=]?\s*([1-5]|nt)\b/) ?? (letters ? lastMatch(text, /\bv\s*([1-5]|nt|t)(?![a-z0-9])/) : undefined);
    const m = lastMatch(text, /\bmotor(?: response)?\s*[:=]?\s*([1-6])\b/) ?? (letters ? lastMatch(text, /\bm\s*([1-6]|nt)(?![a-z0-9])/) : undefined);
    if (e) out.eye = nt(e[1]);
    if (v) out.verbal = nt(v[1]);
    if (m) out.motor = nt(m[1]);
    // The responses as a nurse describes them (Teasdale 2014 wording and its everyday forms), when the message is
    // about the GCS: elsewhere "extends" or "withdraws" mean something else.
    if (letters || /\b(?:glasgow|coma scale)\b/.test(text)) {
      out.eye ??= described(text, GCS_EYE);
      out.verbal ??= described(text, GCS_VERBAL);
      out.motor ??= described(text, GCS_MOTOR);
    }
  }
  const total = lastMatch(text, /\bgcs\s*(?:of|is|was|=|:|now)?\s*(\d{1,2})(?:\s*\/\s*15)?\b/) ?? lastMatch(text, /\b(\d{1,2})\s*\/\s*15\b/);
  if (total && Number(total[1]) >= 3 && Number(total[1]) <= 15) out.total = Number(total[1]);
  return out;
}

const UNIT_DAYS = (u: string) => (u.startsWith('h') ? 1 / 24 : u.startsWith('w') ? 7 : 1);

/** How long the symptoms have lasted, in days: "for 2 days", "x 3/7", "48 hours", "since yesterday", "day 2". */
function duration(text: string): number | undefined {
  const m =
    lastMatch(text, /\b(?:for|x|past|last|over)\s*(?:the\s*)?(?:past|last)?\s*(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|weeks?|wks?)\b/) ??
    lastMatch(text, /\b(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|weeks?|wks?)\s*(?:history|hx|ago|duration|of symptoms|of sore throat|of illness)\b/) ??
    lastMatch(text, /\bonset\s*(\d+)\s*(days?|hours?)\s*ago\b/);
  if (m) return Number(m[1]) * UNIT_DAYS(m[2]);
  const slash = lastMatch(text, /(?:^|[\s(x])(\d{1,2})\/7\b(?![\d/])/);
  if (slash) return Number(slash[1]);
  const day = lastMatch(text, /\bday\s*(\d{1,2})\b(?!\s*(?:post|of fever))/);
  if (day) return Number(day[1]);
  // "sore throat 5 days": a symptom then a bare duration (not "5 days ago", not "5 days post-op").
  const bare = lastMatch(text, /\b(?:throat|cough|fever|pain|symptoms?|sx|diarrhoea|vomiting|rash)\s+(\d{1,2})\s*(days?|d|weeks?|wks?)\b(?!\s*(?:ago|post|after))/);
  if (bare) return Number(bare[1]) * UNIT_DAYS(bare[2]);
  if (/\bsince yesterday\b|\bstarted yesterday\b/.test(text)) return 1;
  if (/\b(?:started|since|began)\s+(?:today|this morning)\b/.test(text)) return 0;
  return undefined;
}

function feverDuration(text: string): number | undefined {
  const m =
    lastMatch(text, /\b(?:fevers?|febrile|pyrexi\w*|temperatures?|temps?|high temp\w*)\s*(?:for|x|over|since)\s*(?:the\s*)?(?:past|last)?\s*(\d+)\s*(days?|d)\b/) ??
    lastMatch(text, /\b(\d+)\s*(?:days?|d)\s*(?:of|with)\s*(?:fevers?|high temp\w*|temperatures?)\b/) ??
    lastMatch(text, /\bday\s*(\d+)\s*of\s*(?:fever|illness)\b/) ??
    lastMatch(text, /\b(?:fevers?|febrile|temps?)\s*(?:for|x)?\s*(\d{1,2})\/7\b/);
  return m ? Number(m[1]) : undefined;
}

const SURGERY = /\b(?:surgery|operation|op|post[- ]?op(?:erative)?|laparotomy|laparoscopy|arthroplasty|(?:hip|knee) replacement|thr|tkr|c[- ]?section|caesarean|cesarean|orif|appendicectomy|cholecystectomy|hysterectomy)\b/;

const TRAUMA = /\b(?:trauma|fracture[sd]?|injur(?:y|ies|ed)|rta|rtc|mva|car accident)\b/;

/** An event (surgery, trauma) and how many weeks ago when the text says ("THR 3 weeks ago", "post-op day 5"). */
function event(doc: Doc, pattern: RegExp): Surgery {
  const present = find(doc, pattern);
  if (present !== true) return { present };
  for (const clause of doc.clauses) {
    if (!pattern.test(clause.text)) continue;
    const ago = /\b(\d+)\s*(days?|weeks?|wks?|months?|mo|years?|yrs?)\s*ago\b/.exec(clause.text) ?? /\b(\d+)\/(52|7|12)\s*ago\b/.exec(clause.text);
    if (ago) {
      const n = Number(ago[1]);
      const unit = ago[2];
      const weeks = unit === '52' ? n : unit === '7' ? n / 7 : unit === '12' ? n * 4.3 : unit.startsWith('d') ? n / 7 : unit.startsWith('w') ? n : unit.startsWith('m') ? n * 4.3 : n * 52;
      return { present, weeksAgo: weeks };
    }
    const pod = /\b(?:post[- ]?op(?:erative)? day|pod)\s*(\d+)\b/.exec(clause.text);
    if (pod) return { present, weeksAgo: Number(pod[1]) / 7 };
    if (/\blast week\b|\byesterday\b/.test(clause.text)) return { present, weeksAgo: /yesterday/.test(clause.text) ? 0.1 : 1 };
  }
  return { present };
}

/** An event within `weeks` (recent, or no time given, counts). */
function within(e: Surgery, weeks: number): boolean | undefined {
  if (e.present !== true) return e.present;
  return e.weeksAgo === undefined ? true : e.weeksAgo <= weeks ? true : undefined;
}

const IMMOBILE = /\b(?:bed[- ]?bound|bed[- ]?ridden|bedbound|immobile|immobilised|immobilized|immobility|immobilisation|immobilization|bed ?rest|(?:confined|stuck) to bed)\b/;

/** Bed-bound or immobile for at least `days` (no number given counts). */
function immobileFor(r: Readings, days: number, strictlyMore = false): boolean | undefined {
  const f = r.has(IMMOBILE);
  if (f !== true) return f;
  const m = lastMatch(r.text, /\b(?:bed[- ]?bound|bed[- ]?ridden|immobile|immobilised|immobilized|bed ?rest)\s*(?:for|x)?\s*(\d+)\s*(days?|d|weeks?|wks?)\b/);
  if (!m) return true;
  const d = Number(m[1]) * (m[2].startsWith('w') ? 7 : 1);
  return strictlyMore ? d > days : d >= days;
}

const CANCER = /\b(?:active\s+)?(?:cancer|malignan(?:cy|t)|carcinoma|tumou?r|metastatic|metastases|mets|lymphoma|leuka?emia|myeloma|sarcoma|chemo(?:therapy)?|radiotherapy|palliative)\b/;

/** Active cancer: "history of"/"previous"/"in remission" cancer alone does not settle it. */
function activeCancer(r: Readings): boolean | undefined {
  const f = r.has(CANCER);
  if (f !== true) return f;
  for (const clause of r.doc.clauses) {
    const m = CANCER.exec(clause.text);
    if (!m) continue;
    const before = clause.text.slice(0, m.index);
    const after = clause.text.slice(m.index + m[0].length);
    const past = /\b(?:previous|prev|past|history of|hx of|h\/o|treated|old|former|remote)\b[^,]*$/.test(before) || /\b(?:in remission|cured|resolved|\d+\s*(?:years?|yrs?)\s*ago|in (?:19|20)\d\d)\b/.test(after);
    const current = /\b(?:active|ongoing|current|on chemo\w*|metastatic|palliative|receiving|having)\b/.test(clause.text) || /\b(?:chemo\w*|radiotherapy|palliative|metasta\w*|mets)\b/.test(m[0]);
    if (current || !past) return true;
  }
  return undefined;
}

const PREVIOUS = '(?:previous|prev|prior|past|old|history of|hx(?: of)?|h\\/o|pmh(?:x)?(?: of)?|known|documented|recurrent)\\s+(?:\\w+\\s+)?';
const PREVIOUS_DVT = new RegExp(`\\b${PREVIOUS}(?:dvts?|deep vein thrombos[ie]s)\\b|\\bpreviously documented dvt\\b`);
const PREVIOUS_PE = new RegExp(`\\b${PREVIOUS}(?:pe|pes|vte|pulmonary embol\\w*|clots?|blood clots?)\\b`);
const HAEMOPTYSIS = /\bha?emoptysis\b|\bcough(?:ing|ed|s)?\s+(?:up\s+)?blood\b|\bblood[- ]stained sputum\b/;
const LEG_SWELLING = /\bunilateral\s+(?:leg\s+|calf\s+)?(?:swelling|oedema|edema)\b|\b(?:left|right|one|l|r)\s+(?:leg|calf|lower leg)\s+(?:is\s+)?(?:swollen|swelling|oedematous)\b|\bswollen\s+(?:left\s+|right\s+|l\s+|r\s+)?(?:leg|calf)\b|\b(?:calf|leg)\s+swelling\b|\bswollen\s+(?:and\s+)?tender\s+(?:left\s+|right\s+)?(?:leg|calf)\b|\btender\s+(?:and\s+)?swollen\s+(?:left\s+|right\s+)?(?:leg|calf)\b|\b(?:calf|leg)\s+(?:is\s+)?(?:\d+(?:\.\d+)?\s*cm\s+)?(?:bigger|larger|wider)\b/;
const CALF_TENDER = /\b(?:calf|popliteal|femoral|deep vein|deep venous)\s+tender(?:ness)?\b|\b(?:calf|leg)\s+(?:is\s+)?(?:swollen|red|hot|warm)\s+(?:and\s+)?tender\b|\b(?:swollen|red|hot|warm)\s+(?:and\s+)?tender\s+(?:left\s+|right\s+|l\s+|r\s+)?(?:calf|leg)\b|\btender(?:ness)?\s+(?:along|over|of|in)\s+(?:the\s+)?(?:calf|deep vein\w*|deep venous\w*|popliteal|femoral)\b|\btender\s+calf\b/;
const COUGH = /\bcough\w*\b/;
const CORYZA = /\bcoryza\w*|\bcold (?:sx|symptoms?)\b|\brunny nose\b|\brhinorrh\w*|\bblocked nose\b|\bnasal congestion\b|\bsnuffl\w*|\bsneez\w*/;
const EXUDATE = /\bexudat\w*|\bpus\s+on\s+(?:the\s+)?tonsils?\b|\bpurulent\s+tonsils?\b|\btonsillar pus\b/;
const NODES = /\b(?:tender|swollen|enlarged)\s+(?:anterior\s+)?(?:cervical\s+)?(?:lymph\s+)?(?:nodes?|glands?|lns?|lymph ?nodes?|lymphadenopathy)\b|\b(?:anterior\s+)?cervical\s+(?:lymphadenopathy|lymphadenitis|nodes?)\b|\blymphadenopathy\b|\blymphadenitis\b/;

function feverHistory(r: Readings): boolean | undefined {
  if (r.feverWord === true || r.measuredOver38 === true) return true;
  return r.feverWord === false ? false : undefined;
}

function coughAbsent(r: Readings): boolean | undefined {
  const c = r.has(COUGH);
  return c === undefined ? undefined : !c;
}

/** Field values by calculator: only what the text settles. */
const MAPPERS: Record<CalculatorId, (r: Readings) => Inputs> = {
  news2: (r) => ({
    respiratory_rate: exact(r.rr),
    spo2: exact(r.spo2),
    spo2_scale: r.scale,
    on_oxygen: r.onOxygen,
    systolic_bp: exact(r.sbp),
    heart_rate: exact(r.hr),
    consciousness: r.acvpu,
    temperature: r.tempC,
  }),

  qsofa: (r) => ({
    respiratory_rate: exact(r.rr),
    systolic_bp: exact(r.sbp),
    altered_mentation: r.alteredMentation,
  }),

  curb65: (r) => ({
    confusion: r.confusion,
    urea: r.urea,
    respiratory_rate: exact(r.rr),
    systolic_bp: exact(r.sbp),
    diastolic_bp: exact(r.dbp),
    age: r.ageYears,
  }),

  crb65: (r) => ({
    confusion: r.confusion,
    respiratory_rate: exact(r.rr),
    systolic_bp: exact(r.sbp),
    diastolic_bp: exact(r.dbp),
    age: r.ageYears,
  }),

  centor: (r) => ({
    tonsillar_exudate: r.has(EXUDATE),
    tender_anterior_nodes: r.has(NODES),
    fever_history: feverHistory(r),
    cough_absent: coughAbsent(r),
  }),

  mcisaac: (r) => {
    const exudate = r.has(EXUDATE);
    const swelling = r.has(/\b(?:swollen|enlarged|large|big|hypertrophi\w*)\s+tonsils?\b|\btonsils?\s+(?:are\s+)?(?:swollen|enlarged)\b|\btonsillar\s+(?:swelling|enlargement|hypertrophy)\b/);
    const over38 = r.measuredOver38 === true || r.feverWord === true ? true : r.measuredOver38 === false || r.afebrile === true || r.feverWord === false ? false : undefined;
    return {
      temperature_over_38: over38,
      cough_absent: coughAbsent(r),
      tender_anterior_nodes: r.has(NODES),
      tonsillar_swelling_or_exudate: exudate === true || swelling === true ? true : exudate === false && swelling === false ? false : undefined,
      age: r.ageYears,
    };
  },

  feverpain: (r) => {
    const cough = r.has(COUGH);
    const coryza = r.has(CORYZA);
    return {
      fever_24h: feverHistory(r),
      purulence: r.has(/\bpus\b|\bpurulen\w*|\bexudat\w*/),
      attend_rapidly: r.has(/\b(?:attend(?:ed|ing|s)?|present(?:ed|ing|s)?|seen)\s+(?:rapidly|early|within\s+(?:3|three)\s+days)\b/) ?? (r.durationDays === undefined ? undefined : r.durationDays <= 3),
      inflamed_tonsils:
        r.has(/\b(?:severely|very|v|really|markedly|grossly)\s+(?:inflamed|swollen)\s+tonsils?\b|\btonsils?\s+(?:are\s+|look\s+)?(?:severely|very|v|really|markedly|grossly)\s+(?:inflamed|swollen)\b/) ??
        (/\btonsils?\s+(?:are\s+|were\s+|look\s+)?(?:not|n't)\s+(?:that\s+|very\s+|really\s+|too\s+)?(?:swollen|inflamed|big|enlarged)\b/.test(r.text) ? false : undefined),
      no_cough_or_coryza: cough === true || coryza === true ? false : cough === false && coryza === false ? true : undefined,
    };
  },

  gcs: (r) => ({ eye: r.gcs.eye, verbal: r.gcs.verbal, motor: r.gcs.motor, total: r.gcs.total }),

  wells_dvt: (r) => {
    const cm = lastMatch(r.text, /\bcalf\b[^.;,]{0,40}?(>=|>|<)?\s*(\d+(?:\.\d+)?)\s*cm\b/) ?? lastMatch(r.text, /(>=|>|<)?\s*\b(\d+(?:\.\d+)?)\s*cm\b[^.;,]{0,30}?\bcalf\b/);
    const calf3 = cm ? (cm[1] === '<' ? (Number(cm[2]) <= 3 ? false : undefined) : Number(cm[2]) >= 3 ? true : cm[1] ? undefined : false) : undefined;
    const surgery12 = within(r.surgery, 12);
    const bed3 = immobileFor(r, 3);
    return {
      active_cancer: activeCancer(r),
      paralysis_or_cast: r.has(/\b(?:paralysis|paralysed|paralyzed|paresis|hemiparesis|hemiplegi\w*|paraplegi\w*|plaster(?: cast)?|in a cast|leg cast|(?:below|above)[- ]knee cast|backslab)\b/),
      bedridden_or_surgery: surgery12 === true || bed3 === true ? true : r.surgery.present === false ? false : undefined,
      deep_vein_tenderness: r.has(CALF_TENDER),
      entire_leg_swollen: r.has(/\b(?:entire|whole)\s+(?:left\s+|right\s+)?leg\s+(?:is\s+)?swollen\b|\bswollen\s+(?:entire|whole)\s+leg\b|\b(?:entire|whole)[- ]leg\s+(?:swelling|oedema|edema)\b/),
      calf_swelling_3cm: calf3,
      pitting_oedema: r.has(/\bpitting\s+(?:o)?edema\b/),
      collateral_veins: r.has(/\bcollateral\s+(?:superficial\s+)?veins?\b|\bdilated superficial veins\b/),
      previous_dvt: r.has(PREVIOUS_DVT),
      alternative_diagnosis_likely:
        r.has(/\balternative\s+(?:diagnosis|dx)\s+(?:is\s+)?(?:at least\s+|equally\s+)?(?:as|more)\s+likely\b|\balternative\s+(?:diagnosis|dx)\s+likely\b|\b(?:cellulitis|baker'?s cyst|muscle (?:strain|tear)|ruptured baker'?s)\s+(?:is\s+)?(?:as|more)\s+likely\b/) ??
        (r.has(/\balternative\s+(?:diagnosis|dx)\s+(?:is\s+)?(?:less\s+likely|unlikely)\b|\bno\s+(?:other|alternative)\s+(?:diagnosis|dx|cause)\b/) === true ? false : undefined),
    };
  },

  wells_pe: (r) => {
    const legSwelling = r.has(LEG_SWELLING);
    const tender = r.has(CALF_TENDER);
    const signs = r.has(/\b(?:clinical\s+)?signs?\s+(?:and\s+symptoms\s+)?of\s+(?:a\s+)?dvt\b|\bdvt signs\b|\bclinical(?:ly)?\s+(?:suspected\s+)?dvt\b/);
    const surgery4 = within(r.surgery, 4);
    const immobile3 = immobileFor(r, 3, true);
    return {
      dvt_signs: signs === true || (legSwelling === true && tender === true) ? true : signs === false || (legSwelling === false && tender !== true) ? false : undefined,
      pe_most_likely:
        // "PE top of my list", "PE is the leading diagnosis": the nurse's own ranking says no alternative is as likely.
        r.has(/\bpe\s+(?:is\s+)?(?:at\s+the\s+)?top\s+of\s+(?:my|the|our)\s+(?:list|differentials?)\b|\bpe\s+(?:is\s+)?(?:the\s+|my\s+)?(?:leading|likeliest|top|main)\s+(?:diagnosis|dx|differential|worry)\b|\bpe\s+(?:is\s+)?(?:the\s+)?most\s+likely(?:\s+(?:diagnosis|dx))?\b|\balternative\s+(?:diagnosis|dx)\s+(?:is\s+)?less\s+likely\b|\bpe\s+(?:is\s+)?more\s+likely\s+than\s+(?:an?\s+)?alternative/) ??
        (r.has(/\balternative\s+(?:diagnosis|dx)\s+(?:is\s+)?(?:more|as|equally|at least as)\s+likely\b|\b(?:another|an?\s+alternative)\s+(?:diagnosis|dx)\s+(?:is\s+)?likely\b/) === true ? false : undefined),
      heart_rate_over_100: above(r.hr, 100) ?? (r.tachycardic === true ? true : undefined),
      immobilisation_or_surgery: surgery4 === true || immobile3 === true ? true : r.surgery.present === false ? false : undefined,
      previous_vte: r.has(PREVIOUS_DVT) === true || r.has(PREVIOUS_PE) === true ? true : r.has(PREVIOUS_DVT) === false || r.has(PREVIOUS_PE) === false ? false : undefined,
      haemoptysis: r.has(HAEMOPTYSIS),
      malignancy: activeCancer(r),
    };
  },

  perc: (r) => {
    const lowSats = below(r.spo2, 95);
    const trauma = within(r.trauma, 4);
    const bilateral = r.has(/\bbilateral\s+(?:leg\s+|ankle\s+|calf\s+)?(?:swelling|oedema|edema)\b/);
    const leg = r.has(LEG_SWELLING);
    return {
      age_50_or_over: r.ageYears === undefined ? undefined : r.ageYears >= 50,
      heart_rate_100_or_more: above(r.hr, 100, true) ?? (r.tachycardic === true ? true : undefined),
      // Only a reading on room air can clear this criterion; a low reading counts however it was taken.
      spo2_below_95: lowSats === true ? true : lowSats === false && r.onOxygen === false ? false : undefined,
      unilateral_leg_swelling: leg === true ? true : leg === false || (bilateral === true && leg === undefined) ? false : undefined,
      haemoptysis: r.has(HAEMOPTYSIS),
      recent_surgery_or_trauma: within(r.surgery, 4) === true || trauma === true ? true : r.surgery.present === false && r.trauma.present === false ? false : undefined,
      previous_vte: r.has(PREVIOUS_DVT) === true || r.has(PREVIOUS_PE) === true ? true : r.has(PREVIOUS_DVT) === false || r.has(PREVIOUS_PE) === false ? false : undefined,
      hormone_use: r.has(/\b(?:ocp|cocp|oral contraceptives?|contraceptive pill|combined pill|the pill|hrt|hormone replacement(?: therapy)?|oestrogen|estrogen|hormones?(?:\s+(?:use|therapy|treatment))?)\b/),
    };
  },

  rosier: (r) => ({
    loss_of_consciousness: sign(r, ROSIER_SIGNS.loss_of_consciousness, 'consciousness|loc'),
    seizure: sign(r, ROSIER_SIGNS.seizure, 'seizures?'),
    facial_weakness: sign(r, ROSIER_SIGNS.facial_weakness, 'face|facial movements?'),
    arm_weakness: sign(r, ROSIER_SIGNS.arm_weakness, 'arms?'),
    leg_weakness: sign(r, ROSIER_SIGNS.leg_weakness, 'legs?'),
    // "speaking fine", "talking normally": speech named as normal.
    speech_disturbance: sign(r, ROSIER_SIGNS.speech_disturbance, 'speech|speaking|talking'),
    visual_field_defect: sign(r, ROSIER_SIGNS.visual_field_defect, 'vision|visual fields?|fields'),
  }),

  westley: westleyItems,

  fever_traffic_light: (r) => {
    const h = r.has;
    const colour = firstFound(r.doc, [
      [/\b(?:mottled|mottling|ashen|cyanos\w*|cyanotic|grey|gray)\b|\bblue\s+(?:lips|skin|tongue|around)\b|\blips?\s+(?:are\s+|look\s+)?blue\b|\b(?:looks?|turning|went)\s+blue\b/, 'pale_mottled_ashen_blue'],
      [/\b(?:mum|mom|mother|dad|father|parents?|carers?|grandma|gran)\b[^.,;]{0,30}\b(?:pale|pallor)\b/, 'pallor_reported'],
      [/\bpale\b|\bpallor\b/, 'pale_mottled_ashen_blue'],
      [/\b(?:normal colou?r|colou?r normal|pink|good colou?r|well perfused)\b/, 'normal'],
    ]);
    const activity = firstFound(r.doc, [
      [/\bno response to social cues\b|\bunresponsive\b|\b(?:does not|doesn'?t|won'?t|cannot|can'?t|not)\s+(?:wake|waking|be roused|rousable|stay awake|staying awake)\b|\bunrousable\b|\b(?:appears?|looks?)\s+(?:very\s+|really\s+)?(?:ill|unwell|toxic|septic)\b/, 'none'],
      [/\bnot responding normally\b|\breduced (?:activity|responsiveness)\b|\bdecreased activity\b|\bless active\b|\blethargic\b|\blistless\b|\bno smile\b|\bwakes? only with (?:prolonged )?stimulation\b|\bdrowsy\b|\bsleepy\b/, 'reduced'],
      [/\bsmiling\b|\bplayful\b|\bplaying\b|\bresponds? normally\b|\binteractive\b|\bcontent\b|\bactive\b|\balert\b/, 'normal'],
    ]) ?? (find(r.doc, /\bsmil(?:e|ing)\b/) === false ? 'reduced' : undefined);
    const crt = measure(r.text, 'crt|cap(?:illary)? ?refill(?: time)?', '(\\d+(?:\\.\\d+)?)');
    const crtLong = above(crt, 3, true) ?? (h(/\b(?:prolonged|delayed|sluggish)\s+(?:crt|cap(?:illary)?\s*refill)\b|\b(?:crt|cap(?:illary)?\s*refill)\s+(?:is\s+)?(?:prolonged|delayed|sluggish)\b/) === true ? true
      : h(/\b(?:crt|cap(?:illary)?\s*refill)\s+(?:is\s+)?(?:normal|brisk)\b|\b(?:normal|brisk)\s+(?:crt|cap(?:illary)?\s*refill)\b/) === true ? false : undefined);
    const mildIndrawing = h(/\bmild\s+(?:chest\s+|intercostal\s+|subcostal\s+)?(?:indrawing|recession|retractions?)\b/);
    const indrawing = h(/\b(?:moderate|severe|marked|significant)\s+(?:chest\s+|intercostal\s+|subcostal\s+)?(?:indrawing|recession|retractions?)\b/) ??
      (mildIndrawing === true ? false : h(/\b(?:chest\s+|intercostal\s+|subcostal\s+|sternal\s+)?(?:indrawing|recession|retractions?)\b/));
    return {
      age_months: r.ageMonths,
      temperature: r.tempC,
      respiratory_rate: exact(r.rr),
      heart_rate: exact(r.hr),
      // SpO2 in air: a reading on oxygen is not used.
      spo2: r.onOxygen === true ? undefined : exact(r.spo2),
      capillary_refill_3s: crtLong,
      colour,
      activity,
      weak_cry: h(/\b(?:weak|high[- ]pitched|continuous)\s+cry(?:ing)?\b|\bcry(?:ing)?\s+(?:is\s+)?(?:weak|high[- ]pitched)\b/),
      nasal_flaring: h(/\bnasal\s+flar\w*|\bflaring\b/),
      crackles: h(/\bcrackles?\b|\bcreps\b|\bcrepitations?\b/),
      grunting: h(/\bgrunt\w*/),
      chest_indrawing: indrawing,
      dry_mucous_membranes: h(/\bdry\s+(?:mucous membranes|mucosa|mm|lips|mouth|tongue)\b/) ?? (h(/\bmoist\s+(?:mucous membranes|mucosa|mm)\b|\bmmm\b/) === true ? false : undefined),
      poor_feeding: h(/\b(?:poor|reduced|decreased)\s+(?:feeding|feeds|intake|oral intake)\b|\bnot feeding\b|\bfeeding poorly\b|\boff\s+(?:feeds|food|milk)\b|\brefusing feeds\b/) ??
        (h(/\bfeeding (?:well|normally)\b/) === true ? false : undefined),
      reduced_urine_output: h(/\b(?:reduced|decreased|less|fewer|low|poor)\s+(?:urine(?: output)?|wet nappies|wet diapers|nappies|wees|uo)\b|\bno wet nappies\b|\boliguri\w*|\banuri\w*/) ??
        (h(/\b(?:normal|plenty of)\s+(?:wet nappies|urine output)\b|\bpassing urine normally\b/) === true ? false : undefined),
      reduced_skin_turgor: h(/\b(?:reduced|poor|decreased)\s+(?:skin\s+)?turgor\b|\bskin tenting\b/),
      fever_days: r.feverDays,
      rigors: h(/\brigou?rs?\b/),
      limb_or_joint_swelling: h(/\bswollen\s+(?:joint|knee|ankle|hip|elbow|wrist|limb|arm|leg)\b|\b(?:joint|limb)\s+swelling\b/),
      non_weight_bearing: h(/\bnon[- ]?weight[- ]?bearing\b|\bnot\s+weight[- ]?bearing\b|\bwon'?t\s+(?:weight[- ]?bear|walk|bear weight)\b|\bnot using (?:his|her|their|the|an?|one)\s+(?:arm|leg|limb|extremity)\b|\bnwb\b/),
      non_blanching_rash: h(/\bnon[- ]?blanching(?:\s+rash)?\b|\bpurpur\w*|\bpetechia\w*|\brash (?:that )?(?:does not|doesn'?t) blanch\b/) ??
        (h(/\bblanching rash\b|\brash blanches\b/) === true ? false : undefined),
      bulging_fontanelle: h(/\bbulging\s+(?:anterior\s+)?fontanelle\b/) ?? (h(/\bfontanelle\s+(?:is\s+)?(?:normal|soft|flat)\b|\b(?:soft|flat)\s+fontanelle\b/) === true ? false : undefined),
      neck_stiffness: h(/\bneck stiffness\b|\bstiff neck\b|\bnuchal rigidity\b|\bmeningism\b/),
      status_epilepticus: h(/\bstatus epilepticus\b/),
      focal_neurological_signs: h(/\bfocal\s+neuro\w*(?:\s+(?:signs?|deficits?))?/),
      focal_seizures: h(/\bfocal\s+(?:seizures?|fits?|convulsions?)\b/),
    };
  },
};

/** "leg and vision ok", "speech normal": the item is named as normal, so it is absent. */
const saidNormal = (text: string, item: string) =>
  new RegExp(`\\b(?:${item})\\b(?:\\s+(?:and|&|\\+)\\s+[a-z]+){0,3}\\s+(?:is\\s+|are\\s+)?(?:ok|okay|normal|fine|intact|spared|unaffected|not affected|strong)\\b`).test(text) ||
  new RegExp(`\\b(?:normal|intact)\\s+(?:${item})\\b`).test(text);

/** Present, named as normal (absent), or not said. */
function sign(r: Readings, present: RegExp, item: string): boolean | undefined {
  const found = r.has(present);
  if (found !== undefined) return found;
  return saidNormal(r.text, item) ? false : undefined;
}

const SIDE = '(?:(?:left|right|l|r|lt|rt)(?:[- ]sided)?\\s+)?';
const AND = `(?:and|&|\\+|\\/)\\s*${SIDE}`;
const AND_LEG = `${AND}leg\\s+`;
const ROSIER_SIGNS = {
  loss_of_consciousness: /\b(?:loc|loss of consciousness|lost consciousness|syncop\w*|faint(?:ed|ing)?|black(?:ed)? ?out|passed out|unconscious)\b/,
  seizure: /\b(?:seizures?|seizure activity|fits?|fitting|convuls\w*)\b/,
  facial_weakness: new RegExp(`\\b(?:${SIDE}(?:facial|face)\\s+(?:droop\\w*|weakness|palsy|asymmetry)|${SIDE}face\\s+(?:is\\s+)?(?:droop\\w*|weak)|droop\\w*\\s+(?:of\\s+)?(?:the\\s+)?(?:${SIDE})?(?:face|mouth|smile)|(?:mouth|smile)\\s+(?:is\\s+)?droop\\w*)\\b`),
  // "L arm and leg weak", "weak R arm and leg", "weakness in the left arm and leg": one finding said of both limbs.
  arm_weakness: new RegExp(`\\b(?:${SIDE}arm\\s+(?:is\\s+)?(?:weak\\w*|drift|numb\\w*|paralys\\w*)|${SIDE}arm\\s+${AND_LEG}(?:are\\s+|is\\s+|both\\s+)*(?:weak\\w*|numb\\w*|paralys\\w*)|weak\\w*\\s+(?:in\\s+|of\\s+)?(?:the\\s+|his\\s+|her\\s+)?${SIDE}arm|arm drift)\\b`),
  leg_weakness: new RegExp(`\\b(?:${SIDE}leg\\s+(?:is\\s+|are\\s+)?(?:weak\\w*|numb\\w*|paralys\\w*)|weak\\w*\\s+(?:in\\s+|of\\s+)?(?:the\\s+|his\\s+|her\\s+)?${SIDE}(?:arm\\s+${AND})?leg)\\b`),
  speech_disturbance: /\b(?:slurr\w*(?:\s+speech)?|speech\s+(?:disturbance|problems?|slurred|difficult\w*|is slurred)|dysarthri\w*|dysphasi\w*|aphasi\w*|expressive|receptive|word[- ]finding difficult\w*|garbled speech|can(?:not|'t) speak)\b/,
  visual_field_defect: /\b(?:visual field (?:defect|loss|cut)|field (?:defect|cut)|hemianopi\w*|(?:loss of|lost)\s+(?:vision|sight)|vision loss)\b/,
} as const;

function westleyItems(r: Readings): Inputs {
  const h = r.has;
  const t = r.text;
  const stridor =
    h(/\bstridor\s+(?:at|when at|even at)\s+rest\b|\b(?:resting|rest)\s+stridor\b/) === true ? '2'
    : h(/\bstridor\s+(?:with|on|when|only (?:with|on|when))\s+(?:agitat\w*|upset|crying|distress\w*|cries)\b/) === true ? '1'
    : h(/\bstridor\b/) === false ? '0' : undefined;
  const recession =
    h(/\b(?:severe|marked)\s+(?:chest\s+(?:wall\s+)?|sternal\s+|intercostal\s+|subcostal\s+)?(?:recession|retractions?|indrawing)\b/) === true ? '3'
    : h(/\bmoderate\s+(?:chest\s+(?:wall\s+)?|sternal\s+|intercostal\s+|subcostal\s+)?(?:recession|retractions?|indrawing)\b/) === true ? '2'
    : h(/\bmild\s+(?:chest\s+(?:wall\s+)?|sternal\s+|intercostal\s+|subcostal\s+)?(?:recession|retractions?|indrawing)\b/) === true ? '1'
    : h(/\b(?:recession|retractions?|indrawing)\b/) === false ? '0' : undefined;
  const airEntry =
    /\b(?:markedly|severely|very|significantly)\s+(?:decreased|reduced|diminished|poor)\s+air\s*entry\b|\bair\s*entry\s+(?:is\s+)?(?:markedly|severely|very)\s+(?:decreased|reduced|diminished|poor)\b/.test(t) ? '2'
    : /\b(?:decreased|reduced|diminished|poor)\s+air\s*entry\b|\bair\s*entry\s+(?:is\s+)?(?:decreased|reduced|diminished|poor)\b/.test(t) ? '1'
    : /\b(?:normal|good)\s+air\s*entry\b|\bair\s*entry\s+(?:is\s+)?(?:normal|good|ok)\b/.test(t) ? '0' : undefined;
  const cyanosed = /\bcyano\w*|\bblue\s+(?:lips|around)\b/;
  const cyanosis =
    h(/\b(?:cyano\w*)\s+(?:at|even at)\s+rest\b/) === true ? '5'
    : h(/\b(?:cyano\w*)\s+(?:with|on|when)\s+(?:agitat\w*|upset|crying|distress\w*)\b/) === true ? '4'
    : h(cyanosed) === false || /\bpink\b/.test(t) ? '0'
    : h(cyanosed) === true ? '5' : undefined;
  const consciousness =
    h(/\bdisorient(?:at)?ed\b|\bdisorientation\b/) === true ? '5'
    : /\b(?:normal|usual)\s+(?:level of\s+)?conscious\w*|\bconscious\w*\s+(?:level\s+)?(?:is\s+)?normal\b|\balert\b|\borientated\b|\boriented\b|\basleep\b/.test(t) ? '0' : undefined;
  return { consciousness, cyanosis, stridor, air_entry: airEntry, recession };
}

/** The values a free-text nurse message gives for a calculator ("RR 24, SBP 95, confused, urea 8"). */
export function parseInputs(id: CalculatorId, text: string): Inputs {
  const mapper = MAPPERS[id];
  if (!mapper) throw new Error(`unknown calculator: ${String(id)}`);
  const values = mapper(read(text ?? ''));
  const out: Inputs = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}
