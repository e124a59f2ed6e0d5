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
import { calculate } from './registry';
import type { CalculatorResult } from './types';

export type { CalculatorDef, CalculatorId, CalculatorResult, Component, FieldDef, Inputs } from './types';
export { CALCULATORS, calculate, getCalculatorDef } from './registry';
export { findCalculator } from './find-calculator';
export { parseInputs } from './parse-inputs';
export { formatResult } from './format-result';

/** findCalculator + parseInputs + calculate; null when no calculator is named. */
export function calculateFromText(text: string): CalculatorResult | null {
  const id = findCalculator(text);
  return id ? calculate(id, parseInputs(id, text)) : null;
}
