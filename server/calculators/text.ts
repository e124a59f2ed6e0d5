/**
 * Free-text helpers for nurse shorthand: normalising, clause-scoped negation ("no cough", "denies haemoptysis",
 * "cough: none", "no cough, coryza or fever"), and numbers with an optional comparison ("HR > 100").
 */

export function normalise(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/º/g, '°')
    .replace(/\r?\n+/g, '. ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** A clause: text between commas inside one sentence; `negated` when a leading "no X, Y or Z" list covers it. */
type Clause = { text: string; negated: boolean };
export type Doc = { text: string; clauses: Clause[] };

const SENTENCE_BREAK = /(?:[.;!?]+(?=\s|$)|\bbut\b|\bhowever\b|\balthough\b|\bthough\b)/;
const LEADING_NEGATION = /^(?:no|nil|denies|denied|denying|without|not|negative for|never had|free of)\b/;
const NEGATION_CUE = /(?:\b(?:no|not|nil|denies|denied|denying|without|negative for|never|free of|none|non|absent|absence of|lack of|lacks|no evidence of|no signs? of)\b|n't\b)/;
// Words that end the reach of a cue before them: "no fever and tender nodes" - the nodes are present.
const SCOPE_BREAK = /\b(?:and|with|has|have|had|plus|now|then|yet|also)\b/g;
const POST_NEGATION = /^\s*(?:[:=-]|is|are|was|were)?\s*(?:no|none|nil|neg|negative|absent|denied|not present|not seen|-ve)\b/;
const UNCERTAIN_BEFORE = /(?:\?|\b(?:query|possible|possibly|maybe|ruling out|rule out|r\/o|unsure if|not sure if|unknown if)\s*)$/;
const UNCERTAIN_AFTER = /^\s*(?:[:=-]|is|was)?\s*(?:\?|unknown|not known|unsure|not assessed|not checked|n\/a)/;

export function makeDoc(raw: string): Doc {
  const text = normalise(raw);
  const clauses: Clause[] = [];
  for (const sentence of text.split(SENTENCE_BREAK)) {
    const parts = sentence.split(',').map((p) => p.trim()).filter(Boolean);
    const negated = parts.map(() => false);
    for (let i = 0; i < parts.length; i++) {
      if (!LEADING_NEGATION.test(parts[i])) continue;
      // "no cough, coryza or fever": short bare items up to one joined by "or"/"nor" share the negation.
      for (let j = i + 1; j < parts.length; j++) {
        const short = parts[j].split(' ').length <= 4 && !/\d/.test(parts[j]);
        if (!short) break;
        if (/\b(?:or|nor)\b/.test(parts[j])) {
          for (let k = i + 1; k <= j; k++) negated[k] = true;
          break;
        }
      }
    }
    parts.forEach((p, i) => clauses.push({ text: p, negated: negated[i] }));
  }
  return { text, clauses };
}

function negatedBefore(before: string): boolean {
  let scope = before;
  let m: RegExpExecArray | null;
  SCOPE_BREAK.lastIndex = 0;
  while ((m = SCOPE_BREAK.exec(before))) scope = before.slice(m.index + m[0].length);
  const words = scope.trim().split(/\s+/).slice(-5).join(' ');
  return NEGATION_CUE.test(words);
}

/**
 * Whether the text affirms (true) or denies (false) what `pattern` describes, or never mentions it (undefined).
 * One affirmed mention wins over denials; uncertain ones ("?DVT", "PE query") count as not mentioned.
 */
export function find(doc: Doc, pattern: RegExp): boolean | undefined {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  let denied = false;
  for (const clause of doc.clauses) {
    for (const m of clause.text.matchAll(re)) {
      const before = clause.text.slice(0, m.index);
      const after = clause.text.slice(m.index! + m[0].length);
      if (UNCERTAIN_BEFORE.test(before.trimEnd()) || UNCERTAIN_AFTER.test(after)) continue;
      if (clause.negated || negatedBefore(before) || POST_NEGATION.test(after)) denied = true;
      else return true;
    }
  }
  return denied ? false : undefined;
}

/** The first of several findings that the text settles, in order: [pattern, value] pairs. */
export function firstFound<T>(doc: Doc, pairs: [RegExp, T][]): T | undefined {
  for (const [re, value] of pairs) if (find(doc, re) === true) return value;
  return undefined;
}

export type Op = '=' | '>' | '>=' | '<' | '<=';
export type Measure = { value: number; op: Op; at?: number };

const OP_WORDS: Record<string, Op> = {
  '>': '>', '>=': '>=', '=>': '>=', '<': '<', '<=': '<=', '=<': '<=',
  over: '>', above: '>', 'greater than': '>', 'more than': '>', under: '<', below: '<', 'less than': '<',
};
export const OP = '(>=|<=|=>|=<|>|<|over|above|greater than|more than|under|below|less than)?';
const LINK = '(?:\\s*(?:of|is|was|now|at|=|:|-|reading|reads|measured at)\\s*)*';

/**
 * The last "<label> [op] <number>" in the text, e.g. label "hr|heart rate|pulse" reads "HR > 100", "pulse 112",
 * "heart rate of 88". The last reading wins: "RR 28, repeat RR 22" is 22.
 */
export function measure(text: string, label: string, num = '(\\d{1,3}(?:\\.\\d+)?)', after = ''): Measure | undefined {
  const re = new RegExp(`(?:^|[^a-z0-9])(?:${label})${LINK}\\s*${OP}\\s*${num}${after}`, 'g');
  let found: Measure | undefined;
  for (const m of text.matchAll(re)) {
    const op = m[1] ? OP_WORDS[m[1]] : '=';
    found = { value: Number(m[2]), op, at: m.index };
  }
  return found;
}

/** The last match of `re` (which must capture), or undefined. */
export function lastMatch(text: string, re: RegExp): RegExpExecArray | undefined {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(g)) last = m as RegExpExecArray;
  return last;
}

/** Does measure `m` meet "> limit" (or ">=" with `inclusive`)? undefined when the comparison leaves it open. */
export function above(m: Measure | undefined, limit: number, inclusive = false): boolean | undefined {
  if (!m) return undefined;
  const v = m.value;
  const meets = (x: number) => (inclusive ? x >= limit : x > limit);
  switch (m.op) {
    case '=':
      return meets(v);
    case '>':
      return v >= limit ? true : undefined;
    case '>=':
      return meets(v) ? true : undefined;
    case '<':
      return v <= limit ? false : undefined;
    case '<=':
      return !meets(v) ? false : undefined;
  }
}

/** Does measure `m` meet "< limit" (or "<=" with `inclusive`)? */
export function below(m: Measure | undefined, limit: number, inclusive = false): boolean | undefined {
  if (!m) return undefined;
  const v = m.value;
  const meets = (x: number) => (inclusive ? x <= limit : x < limit);
  switch (m.op) {
    case '=':
      return meets(v);
    case '<':
      return v <= limit ? true : undefined;
    case '<=':
      return meets(v) ? true : undefined;
    case '>':
      return v >= limit ? false : undefined;
    case '>=':
      return !meets(v) ? false : undefined;
  }
}

/** A plain number when the measure is exact ("SBP 95"), not a comparison ("SBP < 90"). */
export const exact = (m: Measure | undefined) => (m && m.op === '=' ? m.value : undefined);

const UNITS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
const TEENS: Record<string, number> = { ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 };
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const UNIT_WORD = Object.keys(UNITS).join('|');
const SMALL = `(?:${Object.keys(TENS).join('|')})(?:[- ](?:${UNIT_WORD}))?|${Object.keys(TEENS).join('|')}|${UNIT_WORD}`;
// "a hundred and ten", "one hundred twenty", "seventy-two", "thirty eight point five", "fourteen".
const NUMBER_WORDS = new RegExp(`\\b(?:(?:a|one|two)\\s+hundred(?:\\s+(?:and\\s+)?(?:${SMALL}))?|${SMALL})(?:\\s+point\\s+(?:${UNIT_WORD}|zero))?\\b`, 'gi');
const small = (s: string): number => {
  const [t, u] = s.split(/[- ]/);
  return TENS[t] !== undefined ? TENS[t] + (u ? UNITS[u] : 0) : TEENS[t] ?? UNITS[t];
};
function wordsValue(words: string): string {
  const [whole, decimal] = words.split(/\s+point\s+/);
  const h = /^(a|one|two)\s+hundred(?:\s+(?:and\s+)?(.+))?$/.exec(whole);
  const n = h ? (h[1] === 'two' ? 200 : 100) + (h[2] ? small(h[2]) : 0) : small(whole);
  return decimal ? `${n}.${decimal === 'zero' ? 0 : UNITS[decimal]}` : String(n);
}

/**
 * Values said in words, as a nurse on the phone writes them ("she's seventy, breathing thirty a minute, BP ninety
 * over fifty, sats ninety-two percent"), as the digits the readers look for ("70", "30", "90/50", "92%"). "one" alone
 * stays a word ("one leg swollen", "no one"); a number that is part of a name ("CURB-65") has digits already.
 */
export function digitsForWords(raw: string): string {
  return raw
    // "one" on its own is rarely a reading ("one side", "one point each"); inside a larger number it is one.
    .replace(NUMBER_WORDS, (m) => (/^one$/i.test(m) ? m : wordsValue(m.toLowerCase())))
    .replace(/\b(\d{2,3})\s+over\s+(\d{2,3})\b/gi, '$1/$2')
    .replace(/(\d)\s*per\s*cent\b|(\d)\s*percent\b/gi, (_m, a?: string, b?: string) => `${a ?? b}%`);
}
