/**
 * Clinical calculators: pure, deterministic and browser-safe (no Node imports, no dependencies), shared by the
 * nurse chat answers and the nurse console's forms. One implementation per score, each with its primary source.
 *
 * @example
 * const r = calculateFromText('CURB-65: confused, urea 8.2, RR 24, BP 95/60, 72yo');
 * r?.score; // 4
 * formatResult(r!); // "CURB-65 4: high risk - over 15% 30-day mortality\nComponents: ..."
 */
import { findCalculator } from './find-calculator';
import { parseInputs } from './parse-inputs';
import { calculate, getCalculatorDef } from './registry';
import type { CalculatorResult } from './types';

export type { CalculatorDef, CalculatorId, CalculatorResult, Component, FieldDef, Inputs } from './types';
export { CALCULATORS, calculate, getCalculatorDef } from './registry';
export { findCalculator } from './find-calculator';
export { parseInputs } from './parse-inputs';
export { formatResult } from './format-result';

/**
 * "otherwise nothing", "nothing else", "no other risk factors": the nurse has named every item that is present, so
 * the yes/no items not mentioned are absent (numbers such as a heart rate are never assumed).
 */
const NOTHING_ELSE = /\b(?:otherwise nothing|nothing else|nil else|nothing more|no other (?:risk factors|criteria|features|findings|history|symptoms|signs)|otherwise (?:fit and )?well)\b/i;

/** findCalculator + parseInputs + calculate; null when no calculator is named. */
export function calculateFromText(text: string): CalculatorResult | null {
  const id = findCalculator(text);
  if (!id) return null;
  const inputs = parseInputs(id, text);
  if (NOTHING_ELSE.test(text)) {
    for (const f of getCalculatorDef(id).fields) if (f.type === 'boolean' && (inputs as Record<string, unknown>)[f.id] === undefined) (inputs as Record<string, unknown>)[f.id] = false;
  }
  return calculate(id, inputs);
}
