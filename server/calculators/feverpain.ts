import { readInputs } from './inputs';
import { type Band, criterion, describe, labelsOf, result, tally } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

const def: CalculatorDef = {
  id: 'feverpain',
  name: 'FeverPAIN score',
  aliases: ['FeverPAIN', 'Fever PAIN', 'FeverPAIN score'],
  description:
    'Likelihood of streptococcal sore throat (for a child under 5 with fever NICE points to the NG143 traffic ' +
    'light instead): one point each for Fever in the past 24 hours, Purulence, Attending rapidly (within 3 ' +
    'days of onset), severely Inflamed tonsils and No cough or coryza. Whatever the score (NICE NG84), ' +
    'someone systemically very unwell or at high risk of complications needs a prescriber now, and severe ' +
    'systemic infection or a complication such as quinsy needs hospital referral.',
  fields: [
    { id: 'fever_24h', label: 'Fever in the past 24 hours', type: 'boolean' },
    { id: 'purulence', label: 'Purulence (pus on tonsils)', type: 'boolean' },
    { id: 'attend_rapidly', label: 'Attended within 3 days of onset', type: 'boolean' },
    { id: 'inflamed_tonsils', label: 'Severely inflamed tonsils', type: 'boolean' },
    { id: 'no_cough_or_coryza', label: 'No cough or coryza', type: 'boolean', help: 'Yes only when there is neither a cough nor coryza.' },
  ],
  source: {
    name: 'Little P et al. BMJ 2013;347:f5806 (PRISM); NICE NG84 Sore throat (acute)',
    url: 'https://www.nice.org.uk/guidance/ng84',
  },
};

// Likelihoods and prescribing strategies as NICE NG84 gives them for FeverPAIN.
const BANDS: Band[] = [
  {
    id: 'low',
    label: 'low likelihood of streptococcus',
    meaning: '13-18% likelihood of isolating streptococcus',
    escalation: 'An antibiotic is unlikely to help: advise self-care and when to seek help again, no antibiotic (NICE NG84).',
  },
  {
    id: 'moderate',
    label: 'moderate likelihood of streptococcus',
    meaning: '34-40% likelihood of isolating streptococcus',
    escalation: 'Ask the prescriber to consider no antibiotic or a back-up antibiotic prescription (NICE NG84).',
  },
  {
    id: 'high',
    label: 'high likelihood of streptococcus',
    meaning: '62-65% likelihood of isolating streptococcus',
    escalation: 'Ask the prescriber to consider an immediate or a back-up antibiotic prescription (NICE NG84).',
  },
];
const bandOf = (s: number) => BANDS[s <= 1 ? 0 : s <= 3 ? 1 : 2];

function calculate(inputs: Inputs) {
  const r = readInputs(def, inputs);
  const t = tally(def.fields.map((f) => criterion(r, f.id, 1)));
  const band = bandOf(t.score);
  const text = describe({ short: 'FeverPAIN', t, labels: labelsOf(r, t.missing), band, lowest: bandOf(t.min), highest: bandOf(t.max) });
  return result(def, t, t.score, text);
}

export const feverpain: Calculator = { def, calculate };
