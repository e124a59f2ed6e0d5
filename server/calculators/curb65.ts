import { type FieldReader, readInputs } from './inputs';
import { type Band, type Scored, criterion, describe, fmt, known, labelsOf, measured, result, tally } from './scoring';
import type { Calculator, CalculatorDef, FieldDef, Inputs } from './types';

// Lim WS et al. Thorax 2003;58:377-382, as adopted by NICE CG191 (pneumonia in adults) and NG138.
const FIELDS: Record<string, FieldDef> = {
  confusion: {
    id: 'confusion',
    label: 'Confusion',
    type: 'boolean',
    help: 'Abbreviated Mental Test score 8 or less, or new disorientation in person, place or time.',
  },
  urea: { id: 'urea', label: 'Urea', type: 'number', unit: 'mmol/L', min: 0, max: 150, help: 'Scores when over 7 mmol/L.' },
  respiratory_rate: { id: 'respiratory_rate', label: 'Respiratory rate', type: 'number', unit: '/min', min: 0, max: 80, help: 'Scores at 30/min or more.' },
  systolic_bp: { id: 'systolic_bp', label: 'Systolic BP', type: 'number', unit: 'mmHg', min: 0, max: 300, help: 'Low BP: systolic below 90 or diastolic 60 or less.' },
  diastolic_bp: { id: 'diastolic_bp', label: 'Diastolic BP', type: 'number', unit: 'mmHg', min: 0, max: 200 },
  age: { id: 'age', label: 'Age', type: 'number', unit: 'years', min: 0, max: 120, help: 'Scores at 65 or over.' },
};

/** Low blood pressure: systolic below 90 or diastolic 60 or less; either one alone can settle it. */
function lowBloodPressure(r: FieldReader): Scored {
  const sys = r.num('systolic_bp');
  const dia = r.num('diastolic_bp');
  const shown = `${sys === undefined ? '?' : fmt(sys)}/${dia === undefined ? '?' : fmt(dia)} mmHg`;
  if ((sys !== undefined && sys < 90) || (dia !== undefined && dia <= 60)) return known('systolic_bp', 'Low blood pressure', shown, 1);
  if (sys !== undefined && dia !== undefined) return known('systolic_bp', 'Low blood pressure', shown, 0);
  const missing = [sys === undefined ? 'systolic_bp' : null, dia === undefined ? 'diastolic_bp' : null].filter((x): x is string => x !== null);
  const value = sys === undefined && dia === undefined ? r.absent('systolic_bp') : `${shown}: ${missing.map((m) => r.label(m)).join(' and ')} not given`;
  return { component: { field: 'systolic_bp', label: 'Low blood pressure', value, points: null }, range: [0, 1], missing };
}

function items(r: FieldReader, withUrea: boolean): Scored[] {
  const list: Scored[] = [criterion(r, 'confusion', 1)];
  if (withUrea) list.push(measured(r, 'urea', (v) => (v > 7 ? 1 : 0), [0, 1], (v) => `${fmt(v)} mmol/L`));
  list.push(measured(r, 'respiratory_rate', (v) => (v >= 30 ? 1 : 0), [0, 1], (v) => `${fmt(v)}/min`));
  list.push(lowBloodPressure(r));
  list.push(measured(r, 'age', (v) => (v >= 65 ? 1 : 0), [0, 1], (v) => `${fmt(v)} years`));
  return list;
}

const CURB65_BANDS: Band[] = [
  {
    id: 'low',
    label: 'low risk',
    meaning: 'under 3% 30-day mortality',
    escalation: 'Low severity: home-based care can be considered, using clinical judgement (NICE CG191).',
  },
  {
    id: 'intermediate',
    label: 'intermediate risk',
    meaning: '3-15% 30-day mortality',
    escalation: 'Moderate severity: tell the treating clinician - NICE advises considering hospital-based care at CURB-65 2 or more.',
  },
  {
    id: 'high',
    label: 'high risk',
    meaning: 'over 15% 30-day mortality',
    escalation: 'High severity: tell the treating clinician now - NICE advises hospital-based care and considering intensive care assessment at CURB-65 3 or more.',
  },
];
const curbBand = (s: number) => CURB65_BANDS[s <= 1 ? 0 : s === 2 ? 1 : 2];

const CRB65_BANDS: Band[] = [
  {
    id: 'low',
    label: 'low risk',
    meaning: 'under 1% 30-day mortality',
    escalation: 'Low risk: home-based care can be considered, using clinical judgement, with advice on when to seek help again (NICE CG191).',
  },
  {
    id: 'intermediate',
    label: 'intermediate risk',
    meaning: '1-10% 30-day mortality',
    escalation: 'Intermediate risk: ask the clinician to consider hospital assessment (NICE CG191: particularly at CRB-65 2 or more).',
  },
  {
    id: 'high',
    label: 'high risk',
    meaning: 'over 10% 30-day mortality',
    escalation: 'High risk: arrange hospital assessment without delay (NICE CG191).',
  },
];
const crbBand = (s: number) => CRB65_BANDS[s === 0 ? 0 : s <= 2 ? 1 : 2];

const curb65Def: CalculatorDef = {
  id: 'curb65',
  name: 'CURB-65',
  aliases: ['CURB-65', 'CURB65', 'CURB 65', 'CURB score'],
  description:
    'Severity of community-acquired pneumonia in hospital: one point each for confusion, urea over 7 mmol/L, ' +
    'respiratory rate 30/min or more, low blood pressure (systolic below 90 or diastolic 60 or less) and age 65 or ' +
    'over. Needs a urea; without one use CRB-65.',
  fields: [FIELDS.confusion, FIELDS.urea, FIELDS.respiratory_rate, FIELDS.systolic_bp, FIELDS.diastolic_bp, FIELDS.age],
  source: {
    name: 'Lim WS et al. Thorax 2003;58:377-382; NICE CG191 Pneumonia in adults',
    url: 'https://www.nice.org.uk/guidance/cg191',
  },
};

const crb65Def: CalculatorDef = {
  id: 'crb65',
  name: 'CRB-65',
  aliases: ['CRB-65', 'CRB65', 'CRB 65'],
  description:
    'Mortality risk of community-acquired pneumonia in primary care (no blood test): one point each for confusion, ' +
    'respiratory rate 30/min or more, low blood pressure (systolic below 90 or diastolic 60 or less) and age 65 or over.',
  fields: [FIELDS.confusion, FIELDS.respiratory_rate, FIELDS.systolic_bp, FIELDS.diastolic_bp, FIELDS.age],
  source: {
    name: 'NICE CG191 Pneumonia in adults (CRB65, from Lim WS et al. Thorax 2003)',
    url: 'https://www.nice.org.uk/guidance/cg191',
  },
};

function calculateWith(def: CalculatorDef, short: string, withUrea: boolean, bandOf: (s: number) => Band) {
  return (inputs: Inputs) => {
    const r = readInputs(def, inputs);
    const t = tally(items(r, withUrea));
    const band = bandOf(t.score);
    const text = describe({ short, t, labels: labelsOf(r, t.missing), band, lowest: bandOf(t.min), highest: bandOf(t.max) });
    return result(def, t, t.score, text);
  };
}

export const curb65: Calculator = { def: curb65Def, calculate: calculateWith(curb65Def, 'CURB-65', true, curbBand) };
export const crb65: Calculator = { def: crb65Def, calculate: calculateWith(crb65Def, 'CRB-65', false, crbBand) };
