import { readInputs } from './inputs';
import { type Band, criterion, describe, fmt, labelsOf, measured, result, tally } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

const def: CalculatorDef = {
  id: 'qsofa',
  name: 'quick SOFA (qSOFA)',
  aliases: ['qSOFA', 'quick SOFA', 'quick sequential organ failure assessment'],
  description:
    'Sepsis-3 bedside prompt for adults with suspected infection outside intensive care: one point each for ' +
    'respiratory rate 22/min or more, systolic BP 100 mmHg or less and altered mentation (GCS below 15). Two or more ' +
    'identifies patients at higher risk of a poor outcome; fewer than two does not rule sepsis out.',
  fields: [
    { id: 'respiratory_rate', label: 'Respiratory rate', type: 'number', unit: '/min', min: 0, max: 80 },
    { id: 'systolic_bp', label: 'Systolic BP', type: 'number', unit: 'mmHg', min: 0, max: 300 },
    { id: 'altered_mentation', label: 'Altered mentation', type: 'boolean', help: 'GCS below 15, or new confusion or drowsiness.' },
  ],
  source: {
    name: 'Seymour CW et al. Assessment of clinical criteria for sepsis (Sepsis-3). JAMA 2016;315(8):762-774',
    url: 'https://doi.org/10.1001/jama.2016.0288',
  },
};

const BANDS: Record<'negative' | 'positive', Band> = {
  negative: {
    id: 'negative',
    label: 'negative',
    meaning: 'not in the higher-risk group by qSOFA; sepsis is not ruled out',
    escalation:
      'qSOFA below 2 does not rule out sepsis: do not delay assessing or treating a suspected infection, and reassess if the patient changes.',
  },
  positive: {
    id: 'positive',
    label: 'positive',
    meaning: 'higher risk of death or prolonged intensive care if infection is present',
    escalation:
      'If infection is suspected, get an urgent medical review now to look for organ dysfunction (sepsis), start or escalate treatment, increase monitoring and consider critical care referral.',
  },
};
const bandOf = (s: number) => (s >= 2 ? BANDS.positive : BANDS.negative);

function calculate(inputs: Inputs) {
  const r = readInputs(def, inputs);
  const t = tally([
    measured(r, 'respiratory_rate', (v) => (v >= 22 ? 1 : 0), [0, 1], (v) => `${fmt(v)}/min`),
    measured(r, 'systolic_bp', (v) => (v <= 100 ? 1 : 0), [0, 1], (v) => `${fmt(v)} mmHg`),
    criterion(r, 'altered_mentation', 1),
  ]);
  const band = bandOf(t.score);
  const text = describe({ short: 'qSOFA', t, labels: labelsOf(r, t.missing), band, lowest: bandOf(t.min), highest: bandOf(t.max) });
  return result(def, t, t.score, text);
}

export const qsofa: Calculator = { def, calculate };
