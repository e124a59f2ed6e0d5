import { centor, mcisaac } from './centor';
import { crb65, curb65 } from './curb65';
import { feverTrafficLight } from './fever-traffic-light';
import { feverpain } from './feverpain';
import { gcs } from './gcs';
import { news2 } from './news2';
import { perc } from './perc';
import { qsofa } from './qsofa';
import { rosier } from './rosier';
import type { Calculator, CalculatorDef, CalculatorId, CalculatorResult, Inputs } from './types';
import { wellsDvt, wellsPe } from './wells';
import { westley } from './westley';

const ALL: Calculator[] = [news2, qsofa, curb65, crb65, centor, mcisaac, feverpain, gcs, wellsDvt, wellsPe, perc, feverTrafficLight, rosier, westley];
const BY_ID = new Map<CalculatorId, Calculator>(ALL.map((c) => [c.def.id, c]));

/** Every calculator's definition: name, aliases, fields (for forms) and source. */
export const CALCULATORS: CalculatorDef[] = ALL.map((c) => c.def);

export function getCalculatorDef(id: CalculatorId): CalculatorDef {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`unknown calculator: ${String(id)}`);
  return c.def;
}

/**
 * Scores one calculator from field values. Pure and deterministic: missing or invalid values are never guessed;
 * they are listed in `missing` and the interpretation says the result is partial.
 * @example calculate('curb65', { confusion: true, urea: 8, respiratory_rate: 24, systolic_bp: 95, diastolic_bp: 60, age: 72 }).score // 4
 */
export function calculate(id: CalculatorId, inputs: Inputs): CalculatorResult {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`unknown calculator: ${String(id)}`);
  return c.calculate(inputs ?? {});
}
