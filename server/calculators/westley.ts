import { type FieldReader, readInputs } from './inputs';
import { type Band, type Scored, describe, known, labelsOf, result, tally, unknown } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

/** Each item's options as "<points> - <label>", so the points are the option's own id. */
const def: CalculatorDef = {
  id: 'westley',
  name: 'Westley croup score',
  aliases: ['Westley', 'Westley score', 'Westley croup score'],
  description:
    'Croup severity from five items: level of consciousness (normal 0, disorientated 5), cyanosis (none 0, with ' +
    'agitation 4, at rest 5), stridor (none 0, with agitation 1, at rest 2), air entry (normal 0, decreased 1, ' +
    'markedly decreased 2) and chest wall recession (none 0, mild 1, moderate 2, severe 3); total 0-17. Bands: 2 or ' +
    'less mild, 3 to 7 moderate, 8 to 11 severe, 12 or more impending respiratory failure.',
  fields: [
    { id: 'consciousness', label: 'Level of consciousness', type: 'choice', options: [{ id: '0', label: '0 - normal (including asleep)' }, { id: '5', label: '5 - disorientated' }] },
    { id: 'cyanosis', label: 'Cyanosis', type: 'choice', options: [{ id: '0', label: '0 - none' }, { id: '4', label: '4 - with agitation' }, { id: '5', label: '5 - at rest' }] },
    { id: 'stridor', label: 'Stridor', type: 'choice', options: [{ id: '0', label: '0 - none' }, { id: '1', label: '1 - with agitation' }, { id: '2', label: '2 - at rest' }] },
    { id: 'air_entry', label: 'Air entry', type: 'choice', options: [{ id: '0', label: '0 - normal' }, { id: '1', label: '1 - decreased' }, { id: '2', label: '2 - markedly decreased' }] },
    { id: 'recession', label: 'Chest wall recession', type: 'choice', options: [{ id: '0', label: '0 - none' }, { id: '1', label: '1 - mild' }, { id: '2', label: '2 - moderate' }, { id: '3', label: '3 - severe' }] },
  ],
  source: {
    name: 'Westley CR et al. Am J Dis Child 1978;132:484-487 (items); severity bands as in Bjornson CL, Johnson DW. Croup in children. CMAJ 2013;185:1317-1323',
    url: 'https://doi.org/10.1503/cmaj.121645',
  },
};

// Escalation in the words of the library's croup guide (NICE CKS): admission considered for moderate croup,
// emergency admission for severe croup or impending respiratory failure.
const BANDS: Record<'mild' | 'moderate' | 'severe' | 'failure', Band> = {
  mild: {
    id: 'mild',
    label: 'mild',
    meaning: 'mild croup (2 or less)',
    escalation: 'Mild croup can usually be managed at home: give the parents safety-netting advice (stridor at rest, recession, drowsiness, blue or grey colour, difficulty breathing).',
  },
  moderate: {
    id: 'moderate',
    label: 'moderate',
    meaning: 'moderate croup (3 to 7)',
    escalation: 'Moderate croup: NICE CKS advises considering hospital admission; get a clinician review now and keep the child calm.',
  },
  severe: {
    id: 'severe',
    label: 'severe',
    meaning: 'severe croup (8 to 11)',
    escalation: 'Severe croup: emergency admission (NICE CKS) - call the emergency number in the community, or get senior paediatric help now in hospital.',
  },
  failure: {
    id: 'failure',
    label: 'impending respiratory failure',
    meaning: 'impending respiratory failure (12 or more)',
    escalation: 'Impending respiratory failure: call for emergency help now (emergency number, or the paediatric and anaesthetic teams in hospital).',
  },
};
const bandOf = (s: number) => (s >= 12 ? BANDS.failure : s >= 8 ? BANDS.severe : s >= 3 ? BANDS.moderate : BANDS.mild);

function item(r: FieldReader, field: string): Scored {
  const options = r.field(field).options!;
  const c = r.choice(field);
  if (c === undefined) return unknown(r, field, [0, Math.max(...options.map((o) => Number(o.id)))]);
  return known(field, r.label(field), options.find((o) => o.id === c)!.label.replace(/^\d+ - /, ''), Number(c));
}

function calculate(inputs: Inputs) {
  const r = readInputs(def, inputs);
  const t = tally(['consciousness', 'cyanosis', 'stridor', 'air_entry', 'recession'].map((f) => item(r, f)));
  const band = bandOf(t.score);
  const text = describe({ short: 'Westley', t, labels: labelsOf(r, t.missing), band, lowest: bandOf(t.min), highest: bandOf(t.max) });
  return result(def, t, t.score, text);
}

export const westley: Calculator = { def, calculate };
