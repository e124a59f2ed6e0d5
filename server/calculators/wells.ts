import { readInputs } from './inputs';
import { type Band, criterion, describe, labelsOf, result, tally } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

type Criterion = { id: string; label: string; points: number; help?: string };

function fieldsOf(criteria: Criterion[]) {
  return criteria.map((c) => ({ id: c.id, label: c.label, type: 'boolean' as const, help: c.help ?? `${c.points > 0 ? '+' : ''}${c.points} points` }));
}

// Two-level DVT Wells score: Wells PS et al. NEJM 2003;349:1227-1235, as tabled in NICE NG158 (table 1).
const DVT_CRITERIA: Criterion[] = [
  { id: 'active_cancer', label: 'Active cancer (treatment ongoing, within 6 months, or palliative)', points: 1 },
  { id: 'paralysis_or_cast', label: 'Paralysis, paresis or recent plaster immobilisation of the legs', points: 1 },
  { id: 'bedridden_or_surgery', label: 'Bedridden 3 days or more, or major surgery within 12 weeks (general or regional anaesthesia)', points: 1 },
  { id: 'deep_vein_tenderness', label: 'Localised tenderness along the deep venous system', points: 1 },
  { id: 'entire_leg_swollen', label: 'Entire leg swollen', points: 1 },
  { id: 'calf_swelling_3cm', label: 'Calf swelling at least 3 cm larger than the other side', points: 1, help: '+1 point; measured 10 cm below the tibial tuberosity.' },
  { id: 'pitting_oedema', label: 'Pitting oedema confined to the symptomatic leg', points: 1 },
  { id: 'collateral_veins', label: 'Collateral superficial veins (non-varicose)', points: 1 },
  { id: 'previous_dvt', label: 'Previously documented DVT', points: 1 },
  { id: 'alternative_diagnosis_likely', label: 'An alternative diagnosis is at least as likely as DVT', points: -2 },
];

// Two-level PE Wells score: Wells PS et al. Thromb Haemost 2000;83:416-420, as tabled in NICE NG158 (table 2).
const PE_CRITERIA: Criterion[] = [
  { id: 'dvt_signs', label: 'Clinical signs and symptoms of DVT (at least leg swelling and pain on palpation of the deep veins)', points: 3 },
  { id: 'pe_most_likely', label: 'An alternative diagnosis is less likely than PE', points: 3 },
  { id: 'heart_rate_over_100', label: 'Heart rate over 100/min', points: 1.5 },
  { id: 'immobilisation_or_surgery', label: 'Immobilisation for more than 3 days or surgery in the previous 4 weeks', points: 1.5 },
  { id: 'previous_vte', label: 'Previous DVT or PE', points: 1.5 },
  { id: 'haemoptysis', label: 'Haemoptysis', points: 1 },
  { id: 'malignancy', label: 'Malignancy (on treatment, treated in the last 6 months, or palliative)', points: 1 },
];

const dvtDef: CalculatorDef = {
  id: 'wells_dvt',
  name: 'Two-level Wells score for DVT',
  aliases: ['Wells DVT', 'Wells score for DVT', 'DVT Wells', 'Wells criteria DVT', 'two-level DVT Wells'],
  description:
    'Clinical probability of deep vein thrombosis: nine features score 1 each and an alternative diagnosis at least ' +
    'as likely scores -2. Two or more: DVT likely; one or less: DVT unlikely (NICE NG158).',
  fields: fieldsOf(DVT_CRITERIA),
  source: {
    name: 'Wells PS et al. Evaluation of D-dimer in the diagnosis of suspected deep-vein thrombosis. NEJM 2003;349:1227-1235; NICE NG158',
    url: 'https://www.nice.org.uk/guidance/ng158',
  },
};

const peDef: CalculatorDef = {
  id: 'wells_pe',
  name: 'Two-level Wells score for PE',
  aliases: ['Wells PE', 'Wells score for PE', 'PE Wells', 'Wells criteria PE', 'two-level PE Wells'],
  description:
    'Clinical probability of pulmonary embolism: DVT signs and PE as the most likely diagnosis score 3 each, heart ' +
    'rate over 100, immobilisation or recent surgery and previous VTE 1.5 each, haemoptysis and malignancy 1 each. ' +
    'More than 4: PE likely; 4 or less: PE unlikely (NICE NG158).',
  fields: fieldsOf(PE_CRITERIA),
  source: {
    name: 'Wells PS et al. Thromb Haemost 2000;83:416-420; NICE NG158 Venous thromboembolic diseases',
    url: 'https://www.nice.org.uk/guidance/ng158',
  },
};

const DVT_BANDS: Band[] = [
  {
    id: 'unlikely',
    label: 'DVT unlikely',
    meaning: 'two-level Wells 1 or less',
    escalation: 'Arrange a D-dimer with the result within 4 hours; if positive, a proximal leg vein ultrasound (NICE NG158).',
  },
  {
    id: 'likely',
    label: 'DVT likely',
    meaning: 'two-level Wells 2 or more',
    escalation:
      'Arrange a proximal leg vein ultrasound with the result within 4 hours; if that is not possible, a D-dimer and interim anticoagulation with the scan within 24 hours (NICE NG158).',
  },
];
const dvtBand = (s: number) => DVT_BANDS[s >= 2 ? 1 : 0];

const PE_BANDS: Band[] = [
  {
    id: 'unlikely',
    label: 'PE unlikely',
    meaning: 'two-level Wells 4 or less',
    escalation: 'Arrange a D-dimer with the result within 4 hours; if positive, an immediate CTPA, or interim anticoagulation if it is delayed (NICE NG158).',
  },
  {
    id: 'likely',
    label: 'PE likely',
    meaning: 'two-level Wells more than 4',
    escalation: 'Arrange an immediate CTPA; if it cannot be done at once, interim therapeutic anticoagulation while waiting (NICE NG158).',
  },
];
const peBand = (s: number) => PE_BANDS[s > 4 ? 1 : 0];

function calculateWith(def: CalculatorDef, criteria: Criterion[], short: string, bandOf: (s: number) => Band, condition: string) {
  return (inputs: Inputs) => {
    const r = readInputs(def, inputs);
    const t = tally(criteria.map((c) => criterion(r, c.id, c.points)));
    const band = bandOf(t.score);
    const text = describe({
      short,
      t,
      labels: labelsOf(r, t.missing),
      band,
      lowest: bandOf(t.min),
      highest: bandOf(t.max),
      unsettled: (list) => `Do not treat ${condition} as unlikely yet: assess ${list} first, then follow the likely or unlikely pathway (NICE NG158).`,
    });
    return result(def, t, t.score, text);
  };
}

export const wellsDvt: Calculator = { def: dvtDef, calculate: calculateWith(dvtDef, DVT_CRITERIA, 'Wells DVT', dvtBand, 'DVT') };
export const wellsPe: Calculator = { def: peDef, calculate: calculateWith(peDef, PE_CRITERIA, 'Wells PE', peBand, 'PE') };
