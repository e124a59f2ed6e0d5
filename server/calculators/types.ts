/** The public shapes of the calculators module; re-exported by index.ts. */

export type CalculatorId =
  | 'news2'
  | 'qsofa'
  | 'curb65'
  | 'crb65'
  | 'centor'
  | 'mcisaac'
  | 'feverpain'
  | 'gcs'
  | 'wells_dvt'
  | 'wells_pe'
  | 'perc'
  | 'fever_traffic_light'
  | 'rosier'
  | 'westley';

export type FieldDef = {
  id: string;
  label: string;
  type: 'number' | 'boolean' | 'choice';
  unit?: string;
  options?: { id: string; label: string }[];
  min?: number;
  max?: number;
  help?: string;
};

export type CalculatorDef = {
  id: CalculatorId;
  name: string;
  aliases: string[];
  description: string;
  fields: FieldDef[];
  source: { name: string; url: string };
};

export type Component = { field: string; label: string; value: string; points: number | null };

export type CalculatorResult = {
  id: CalculatorId;
  name: string;
  /** The score, or the category for non-numeric ones (the traffic light's "red"). */
  score: number | string;
  /** The band and what it implies ("NEWS2 7: high - emergency response"). */
  interpretation: string;
  /** The escalation it implies, in one sentence a nurse acts on. */
  escalation: string;
  components: Component[];
  /** Fields needed but not given: the result is partial and says so. */
  missing: string[];
  source: { name: string; url: string };
};

/** What calculate() accepts: field id -> value (numbers, booleans, option ids; strings from forms are coerced). */
export type Inputs = Record<string, number | boolean | string | undefined>;

/** One calculator: its definition and its pure scoring function. */
export type Calculator = {
  def: CalculatorDef;
  calculate(inputs: Inputs): CalculatorResult;
};
