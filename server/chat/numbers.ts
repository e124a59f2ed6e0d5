/**
 * The numbers a nurse gives ("sats 96% on air", "glucose now 13.5", "84yo") and the cut-offs a guideline sentence
 * states ("saturation below 94%", "once blood glucose falls below 14 mmol/L", "people over 65"), each with the kind
 * of measurement it is, so the composer can prefer the sentence whose cut-off applies to the number given. Pure.
 */
import { DOSE_FACT } from '../retrieval/intents';

export type Kind = 'percent' | 'mmol' | 'age' | 'temperature' | 'rate' | 'pressure' | 'time';
export type Reading = { value: number; kind: Kind };
export type Cutoff = { value: number; kind: Kind; direction: 'above' | 'below' };

/** What a number measures, from the words around it (a unit after it, a label before it). */
function kindOf(before: string, after: string): Kind | undefined {
  if (/^\s*%/.test(after)) return 'percent';
  if (/^\s*mmol/.test(after)) return 'mmol';
  if (/^\s*mm ?hg/.test(after) || /^\/\d/.test(after)) return 'pressure';
  if (/^\s*(?:°|degrees?|c\b)/.test(after)) return 'temperature';
  if (/^\s*-?\s*(?:yo|y\/o|years?(?:[- ]old)?|yrs?)\b/.test(after)) return 'age';
  if (/^\s*(?:bpm|breaths|beats|per minute|\/min|a minute)/.test(after)) return 'rate';
  if (/^\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b/.test(after)) return 'time';
  if (/\b(?:sats?|spo2|saturations?|saturating)\s*(?:of|is|are|was|at|=|:)?\s*$/.test(before)) return 'percent';
  if (/\b(?:glucose|sugars?|bm|cbg|ketones?)\s*(?:now|of|is|was|at|=|:)?\s*$/.test(before)) return 'mmol';
  if (/\b(?:temp|temperature|t)\s*(?:now|of|is|was|=|:)?\s*$/.test(before)) return 'temperature';
  if (/\b(?:hr|rr|pulse|heart rate|respiratory rate|resp rate)\s*(?:now|of|is|was|=|:)?\s*$/.test(before)) return 'rate';
  if (/\b(?:bp|blood pressure|systolic)\s*(?:now|of|is|was|=|:)?\s*$/.test(before)) return 'pressure';
  if (/\b(?:people|person|adults?|patients?|women|men|anyone|those|aged?|age)\s+(?:over|under|above|below|older than|younger than|of|aged)?\s*$/.test(before)) return 'age';
  return undefined;
}

const NUMBER = /(?<![\d.])(\d{1,3}(?:\.\d+)?)(?![\d.]*\d)/g;

/** The measurements a question gives, with what each measures. */
export function readingsIn(text: string): Reading[] {
  const t = text.toLowerCase();
  const out: Reading[] = [];
  for (const m of t.matchAll(NUMBER)) {
    const kind = kindOf(t.slice(Math.max(0, m.index! - 24), m.index), t.slice(m.index! + m[0].length, m.index! + m[0].length + 14));
    if (kind) out.push({ value: Number(m[1]), kind });
  }
  return out;
}

const ABOVE = /\b(?:over|above|more than|greater than|higher than|older than|at least)\s+$/;
const BELOW = /\b(?:under|below|less than|lower than|fewer than|younger than|falls below|drops below)\s+$/;

/** The cut-offs a sentence states ("below 94%", "over 65", "38°C or more", "14 mmol/L or less"). */
export function cutoffsIn(sentence: string): Cutoff[] {
  const t = sentence.toLowerCase();
  const out: Cutoff[] = [];
  for (const m of t.matchAll(NUMBER)) {
    const before = t.slice(Math.max(0, m.index! - 30), m.index);
    const after = t.slice(m.index! + m[0].length, m.index! + m[0].length + 24);
    const direction = ABOVE.test(before) || /^\s*\S{0,8}\s*or (?:more|above|over|higher)\b/.test(after) ? 'above'
      : BELOW.test(before) || /^\s*\S{0,8}\s*or (?:less|below|under|lower|fewer)\b/.test(after) ? 'below' : undefined;
    if (!direction) continue;
    const kind = kindOf(before.replace(/(?:over|above|more than|greater than|higher than|older than|at least|under|below|less than|lower than|fewer than|younger than|falls below|drops below)\s+$/, ''), after);
    if (kind) out.push({ value: Number(m[1]), kind, direction });
  }
  return out;
}

/**
 * How well a sentence's cut-offs speak to the numbers given: 0 when none is of the same kind and scale; 1 when one
 * is (the guideline's threshold for that measurement, met or not); 1.25 when the number given meets it.
 */
export function cutoffFit(readings: Reading[], sentence: string): number {
  if (!readings.length) return 0;
  let fit = 0;
  for (const c of cutoffsIn(sentence)) {
    for (const r of readings) {
      if (r.kind !== c.kind || r.value < c.value / 2 || r.value > c.value * 2) continue;
      const met = c.direction === 'above' ? r.value >= c.value : r.value < c.value;
      fit = Math.max(fit, met ? 1.25 : 1);
    }
  }
  return fit;
}

/**
 * An answer without the sentences that state an amount of a medicine (a dose, a number of tablets or units), for a
 * reply that has just declined to give a dose: what the library says about the problem stays, with its citations.
 * Empty when nothing cited is left.
 */
export function withoutAmounts(body: string): string {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) =>
      p
        .split(/(?<=[.!?](?:\s*\[\d{1,3}\])*)\s+(?=[A-Z0-9"(])/)
        .filter((s) => !DOSE_FACT.test(s))
        .join(' ')
        .trim(),
    )
    .filter((p) => p && !/^when to get help:?$/i.test(p));
  return paragraphs.some((p) => /\[\d{1,3}\]/.test(p)) ? paragraphs.join('\n\n') : '';
}
