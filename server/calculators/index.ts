/**
 * Clinical calculators: pure, deterministic and browser-safe (no Node imports, no dependencies), shared by the
 * nurse chat answers and the nurse console's forms. One implementation per score, each with its primary source.
 *
 * @example
 * const r = calculateFromText('CURB-65: confused, urea 8.2, RR 24, BP 95/60, 72yo');
 * r?.score; // 4
 * formatResult(r!); // "CURB-65 4: high risk - over 15% 30-day mortality\nComponents: ..."
 */
import { findCalculator, findCalculators } from './find-calculator';
import { parseInputs } from './parse-inputs';
import { digitsForWords } from './text';
import { calculate, getCalculatorDef } from './registry';
import type { CalculatorId, CalculatorResult } from './types';

export type { CalculatorDef, CalculatorId, CalculatorResult, Component, FieldDef, Inputs } from './types';
export { CALCULATORS, calculate, getCalculatorDef } from './registry';
export { findCalculator, findCalculators } from './find-calculator';
export { parseInputs } from './parse-inputs';
export { formatResult } from './format-result';

/**
 * "otherwise nothing", "nothing else", "no other risk factors": the nurse has named every item that is present, so
 * the yes/no items not mentioned are absent (numbers such as a heart rate are never assumed).
 */
const NOTHING_ELSE = /\b(?:otherwise nothing|nothing else|nil else|nothing more|no other (?:risk factors|criteria|features|findings|history|symptoms|signs)|otherwise (?:fit and )?well)\b/i;

/**
 * "NEWS2 of 5", "news2 8 what now", "qSOFA is 2": the total, said right after the calculator's name (then the
 * guideline's band for that total answers, not a score of nothing). GCS reads its total as a value of its own.
 */
const STATED_TOTAL = /^\s*(?:score|total)?\s*(?:of|is|was|=|:|-)?\s*(?:score|total)?\s*(?:of|is|=|:)?\s*\d{1,2}(?![\d/.%])(?!\s*(?:years?|yrs?|yo|months?|weeks?|days?|hours?|mins?|minutes?|mmol|mg|kg|cm|bpm|breaths|%))/i;
export function statesTotal(id: CalculatorId, text: string): boolean {
  const def = getCalculatorDef(id);
  const names = new RegExp(`\\b(?:${[def.id, ...def.aliases].map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s_-]+/g, '[\\s_-]*')).join('|')})\\b`, 'gi');
  for (const m of text.matchAll(names)) if (STATED_TOTAL.test(text.slice(m.index + m[0].length))) return true;
  // "... but total only 3", "a score of 6": the total said on its own.
  return /\b(?:total|score|scoring|scores)\b(?:\s+(?:of|is|was|=|:|only|now))*\s*[=:]?\s*\d{1,2}(?![\d/.%])/i.test(text);
}

/**
 * findCalculator + parseInputs + calculate; null when no calculator is named, or when the text gives none of its
 * values but states its total ("NEWS2 of 5 - how often obs?": a question about the band, not a score to work out).
 * A calculator named with no values and no total ("what are the qSOFA criteria?") gives a result with every item
 * missing, which formatResult writes as the calculator's definition.
 */
export function calculateFromText(said: string): CalculatorResult | null {
  // "NEWS2 of five - what now?" states a total as much as "NEWS2 of 5" does.
  const text = digitsForWords(said);
  const id = findCalculator(text);
  if (!id) return null;
  const inputs = parseInputs(id, text);
  if (Object.keys(inputs).length === 0 && statesTotal(id, text)) return null;
  if (NOTHING_ELSE.test(text)) {
    for (const f of getCalculatorDef(id).fields) if (f.type === 'boolean' && (inputs as Record<string, unknown>)[f.id] === undefined) (inputs as Record<string, unknown>)[f.id] = false;
  }
  return calculate(id, inputs);
}

/**
 * Every calculator a question names, each as calculateFromText would give it alone: "qSOFA or NEWS2 for sepsis on
 * the ward?" and "CURB-65 vs CRB-65?" get both definitions (components, thresholds, source), so a comparison is
 * never answered with one side only. When some are given values and others not ("NEWS2 for RR 24 ... and is qSOFA
 * any use?"), the scored ones come first. A question naming one calculator gets calculateFromText's result alone.
 */
export function calculateEachFromText(said: string): CalculatorResult[] {
  const text = digitsForWords(said);
  const ids = findCalculators(text);
  if (ids.length <= 1) {
    const one = calculateFromText(said);
    return one ? [one] : [];
  }
  const results: { r: CalculatorResult; scored: boolean }[] = [];
  for (const id of ids) {
    const inputs = parseInputs(id, text);
    const scored = Object.keys(inputs).length > 0;
    if (!scored && statesTotal(id, text)) continue;
    if (NOTHING_ELSE.test(text)) {
      for (const f of getCalculatorDef(id).fields) if (f.type === 'boolean' && (inputs as Record<string, unknown>)[f.id] === undefined) (inputs as Record<string, unknown>)[f.id] = false;
    }
    results.push({ r: calculate(id, inputs), scored });
  }
  return [...results.filter((x) => x.scored), ...results.filter((x) => !x.scored)].map((x) => x.r);
}
