import type { DoseLimit } from '../knowledge/schema';

/** A stated dose above a limit, with the words that stated it. */
export type DoseFinding = { medicine: string; amountMg: number; limitMg: number; per: 'dose' | '24 hours'; evidence: string };

const UNIT_MG: Record<string, number> = { mg: 1, milligram: 1, milligrams: 1, g: 1000, gram: 1000, grams: 1000, microgram: 0.001, micrograms: 0.001, mcg: 0.001, 'µg': 0.001, 'μg': 0.001 };
/**
 * An amount with a mass unit. Not a strength ("1 mg/mL", "120mg/5ml", "1:1000"), nor a dose per kilogram: those are
 * not what a person takes.
 */
const AMOUNT = /(\d+(?:\.\d+)?)\s*(mg|milligrams?|g|grams?|micrograms?|mcg|µg|μg)\b(?!\s*(?:\/|per\s+(?:ml|millilitre|kg|l\b)|in\s+\d+\s*ml))/gi;
/** The words after an amount speak of a day's total... */
const PER_DAY = /\b(?:a|per|each|every|in (?:a|one|any)) day\b|\bdaily\b|\bin 24 hours\b|\bin a 24[- ]hour\b|\bper 24 hours\b|\b24 hours\b/i;
/** ...unless it also says how often each amount is taken ("500mg up to 4 times in 24 hours" is 500mg a dose). */
const PER_DOSE = /\b\d+\s+times\b|\b(?:two|three|four|five|six) times\b|\bevery \d+(?:\s*(?:to|-)\s*\d+)?\s*hours?\b|\beach (?:dose|time)\b|\ba dose\b/i;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Doses above the maximum: each amount in a sentence is read as a dose of the medicine named nearest before it
 * (or after it, when none is named before), in milligrams, and compared with that medicine's single-dose limit, or
 * its 24-hour limit when the sentence speaks of a day's total. Pure.
 */
export function createDoseCheck(limits: DoseLimit[]) {
  const medicines = limits.map((l) => ({
    limit: l,
    name: new RegExp(`\\b(?:${l.names.map(escape).join('|')})\\b`, 'gi'),
    when: l.when ? new RegExp(l.when, 'i') : null,
  }));
  return function dosesAboveMax(sentence: string): DoseFinding[] {
    const named: { at: number; m: (typeof medicines)[number] }[] = [];
    for (const m of medicines) for (const hit of sentence.matchAll(m.name)) named.push({ at: hit.index!, m });
    if (!named.length) return [];
    named.sort((a, b) => a.at - b.at);
    const out: DoseFinding[] = [];
    const amounts = [...sentence.matchAll(AMOUNT)];
    for (const [k, a] of amounts.entries()) {
      // What follows the amount, up to the next one, says whether it is a dose or a day's total.
      const after = sentence.slice(a.index! + a[0].length, Math.min(amounts[k + 1]?.index ?? sentence.length, a.index! + a[0].length + 40));
      const daily = PER_DAY.test(after) && !PER_DOSE.test(after);
      const mg = Number(a[1]) * UNIT_MG[a[2].toLowerCase()];
      const before = [...named].reverse().find((n) => n.at < a.index!);
      const owner = before ?? named.find((n) => n.at > a.index!);
      if (!owner || (owner.m.when && !owner.m.when.test(sentence))) continue;
      const l = owner.m.limit;
      const limit = daily && l.maxDailyMg ? l.maxDailyMg : l.maxSingleMg;
      // A day's total above the single-dose limit is fine; above the daily limit it never is.
      if (mg > limit || (l.maxDailyMg !== undefined && mg > l.maxDailyMg)) {
        out.push({ medicine: l.medicine, amountMg: mg, limitMg: Math.min(limit, l.maxDailyMg ?? limit), per: daily ? '24 hours' : 'dose', evidence: a[0] });
      }
    }
    return out;
  };
}
