import { readInputs } from './inputs';
import { type Band, criterion, describe, labelsOf, result, tally } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

const def: CalculatorDef = {
  id: 'perc',
  name: 'Pulmonary Embolism Rule-out Criteria (PERC)',
  aliases: ['PERC', 'PERC rule', 'PE rule-out criteria', 'pulmonary embolism rule-out criteria'],
  description:
    'Only for a patient whose clinical probability of PE is already low (gestalt under 15%): PE is ruled out ' +
    'without a D-dimer only when all eight criteria are absent, that is age under 50, heart rate under 100/min, ' +
    'SpO2 95% or more on room air, no unilateral leg swelling, no haemoptysis, no surgery or trauma in the last 4 ' +
    'weeks, no previous DVT or PE and no hormone use. Any criterion present, or any not assessed, and PERC cannot ' +
    'rule PE out. The score is the number of criteria present.',
  fields: [
    { id: 'age_50_or_over', label: 'Age 50 or over', type: 'boolean' },
    { id: 'heart_rate_100_or_more', label: 'Heart rate 100/min or more', type: 'boolean' },
    { id: 'spo2_below_95', label: 'SpO2 below 95% on room air', type: 'boolean', help: 'Cannot be assessed as absent while on oxygen.' },
    { id: 'unilateral_leg_swelling', label: 'Unilateral leg swelling', type: 'boolean' },
    { id: 'haemoptysis', label: 'Haemoptysis', type: 'boolean' },
    { id: 'recent_surgery_or_trauma', label: 'Surgery or trauma in the last 4 weeks', type: 'boolean', help: 'Needing general anaesthesia or hospital treatment.' },
    { id: 'previous_vte', label: 'Previous DVT or PE', type: 'boolean' },
    { id: 'hormone_use', label: 'Hormone use', type: 'boolean', help: 'Oral contraceptive, hormone replacement or other oestrogen.' },
  ],
  source: {
    name: 'Kline JA et al. Clinical criteria to prevent unnecessary diagnostic testing in emergency department patients with suspected pulmonary embolism. J Thromb Haemost 2004;2:1247-1255',
    url: 'https://pubmed.ncbi.nlm.nih.gov/15304025/',
  },
};

const BANDS: Band[] = [
  {
    id: 'negative',
    label: 'PERC negative',
    meaning: 'all eight criteria absent',
    escalation:
      'If clinical suspicion of PE was already low (under 15%), PE is ruled out without a D-dimer; if suspicion is higher, use the two-level Wells PE score instead (NICE NG158).',
  },
  {
    id: 'positive',
    label: 'PERC positive',
    meaning: 'PE cannot be ruled out by PERC',
    escalation: 'PERC cannot rule PE out: continue the work-up with the two-level Wells PE score and a D-dimer or imaging (NICE NG158).',
  },
];
const bandOf = (count: number) => BANDS[count >= 1 ? 1 : 0];

function calculate(inputs: Inputs) {
  const r = readInputs(def, inputs);
  const t = tally(def.fields.map((f) => criterion(r, f.id, 1)));
  const band = bandOf(t.score);
  const text = describe({
    short: 'PERC',
    t,
    labels: labelsOf(r, t.missing),
    band,
    lowest: bandOf(t.min),
    highest: bandOf(t.max),
    unsettled: (list) => `Do not rule PE out yet: assess ${list}; PERC rules out only when all eight criteria are known to be absent.`,
  });
  return result(def, t, t.score, text);
}

export const perc: Calculator = { def, calculate };
