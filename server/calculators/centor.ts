import { readInputs } from './inputs';
import { type Band, criterion, describe, fmt, labelsOf, measured, result, tally } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

const centorDef: CalculatorDef = {
  id: 'centor',
  name: 'Centor criteria',
  aliases: ['Centor', 'Centor score', 'Centor criteria'],
  description:
    'Likelihood of streptococcal sore throat (for a child under 5 with fever NICE points to the NG143 traffic ' +
    'light instead): one point each for tonsillar exudate, tender anterior cervical nodes, history of fever ' +
    'over 38 °C and absence of cough. NICE NG84 uses it to decide who may benefit from an antibiotic. ' +
    'Whatever the score (NICE NG84), someone systemically very unwell or at high risk of complications needs ' +
    'a prescriber now, and severe systemic infection or a complication such as quinsy needs hospital ' +
    'referral.',
  fields: [
    { id: 'tonsillar_exudate', label: 'Tonsillar exudate', type: 'boolean' },
    { id: 'tender_anterior_nodes', label: 'Tender anterior cervical nodes', type: 'boolean', help: 'Tender anterior cervical lymphadenopathy or lymphadenitis.' },
    { id: 'fever_history', label: 'History of fever (over 38 °C)', type: 'boolean' },
    { id: 'cough_absent', label: 'Absence of cough', type: 'boolean', help: 'Yes when the patient has no cough.' },
  ],
  source: {
    name: 'Centor RM et al. Med Decis Making 1981;1(3):239-246; NICE NG84 Sore throat (acute)',
    url: 'https://www.nice.org.uk/guidance/ng84',
  },
};

/** Probability of a positive throat culture in Centor's 1981 cohort, by number of criteria. */
const CENTOR_CULTURE = ['2.5%', '6.5%', '15%', '32%', '56%'];

function centorBand(s: number): Band {
  const culture = `${CENTOR_CULTURE[Math.max(0, Math.min(4, s))]} culture-positive in Centor's cohort`;
  return s <= 2
    ? {
        id: 'low',
        label: 'lower likelihood of streptococcus',
        meaning: `3-17% likelihood for Centor 0-2 (NICE NG84); ${culture}`,
        escalation: 'An antibiotic is unlikely to help: advise self-care and when to seek help again, no antibiotic (NICE NG84).',
      }
    : {
        id: 'high',
        label: 'higher likelihood of streptococcus',
        meaning: `32-56% likelihood for Centor 3-4 (NICE NG84); ${culture}`,
        escalation: 'Ask the prescriber to consider an immediate or a back-up antibiotic prescription (NICE NG84).',
      };
}

function calculateCentor(inputs: Inputs) {
  const r = readInputs(centorDef, inputs);
  const t = tally([
    criterion(r, 'tonsillar_exudate', 1),
    criterion(r, 'tender_anterior_nodes', 1),
    criterion(r, 'fever_history', 1),
    criterion(r, 'cough_absent', 1),
  ]);
  const band = centorBand(t.score);
  const text = describe({ short: 'Centor', t, labels: labelsOf(r, t.missing), band, lowest: centorBand(t.min), highest: centorBand(t.max) });
  return result(centorDef, t, t.score, text);
}

const mcisaacDef: CalculatorDef = {
  id: 'mcisaac',
  name: 'McIsaac score (modified Centor)',
  aliases: ['McIsaac', 'McIsaac score', 'modified Centor', 'modified Centor score'],
  description:
    'Centor criteria adjusted for age, for sore throat from age 3: one point each for temperature over 38 °C, ' +
    'absence of cough, swollen tender anterior cervical nodes and tonsillar swelling or exudate; plus 1 at age ' +
    '3-14, 0 at 15-44 and minus 1 at 45 or over.',
  fields: [
    { id: 'temperature_over_38', label: 'Temperature over 38 °C', type: 'boolean' },
    { id: 'cough_absent', label: 'Absence of cough', type: 'boolean', help: 'Yes when the patient has no cough.' },
    { id: 'tender_anterior_nodes', label: 'Swollen, tender anterior cervical nodes', type: 'boolean' },
    { id: 'tonsillar_swelling_or_exudate', label: 'Tonsillar swelling or exudate', type: 'boolean' },
    { id: 'age', label: 'Age', type: 'number', unit: 'years', min: 3, max: 120, help: 'Derived in patients aged 3 and over.' },
  ],
  source: {
    name: 'McIsaac WJ et al. A clinical score to reduce unnecessary antibiotic use in patients with sore throat. CMAJ 1998;158(1):75-83',
    url: 'https://www.cmaj.ca/content/158/1/75',
  },
};

const agePoints = (a: number) => (a < 15 ? 1 : a < 45 ? 0 : -1);

// McIsaac 1998 score-based management: 0-1 no culture or antibiotic; 2-3 culture all, antibiotic only if positive;
// 4 or more culture all and treat on clinical grounds.
function mcisaacBand(s: number): Band {
  if (s <= 1) {
    return {
      id: 'low',
      label: 'low likelihood of streptococcus',
      meaning: 'no throat culture or antibiotic recommended',
      escalation: 'No throat swab or antibiotic is indicated by the score: advise self-care and when to seek help again.',
    };
  }
  if (s <= 3) {
    return {
      id: 'moderate',
      label: 'moderate likelihood of streptococcus',
      meaning: 'throat culture, antibiotic only if positive',
      escalation: 'Take a throat swab for culture; an antibiotic only if it is positive.',
    };
  }
  return {
    id: 'high',
    label: 'high likelihood of streptococcus',
    meaning: 'throat culture, and treatment may start on clinical grounds',
    escalation: 'Take a throat swab and ask the prescriber to consider starting an antibiotic on clinical grounds (high fever, clinically unwell, early presentation).',
  };
}

function calculateMcIsaac(inputs: Inputs) {
  const r = readInputs(mcisaacDef, inputs);
  const t = tally([
    criterion(r, 'temperature_over_38', 1),
    criterion(r, 'cough_absent', 1),
    criterion(r, 'tender_anterior_nodes', 1),
    criterion(r, 'tonsillar_swelling_or_exudate', 1),
    measured(r, 'age', agePoints, [-1, 1], (v) => `${fmt(v)} years`),
  ]);
  const band = mcisaacBand(t.score);
  const text = describe({ short: 'McIsaac', t, labels: labelsOf(r, t.missing), band, lowest: mcisaacBand(t.min), highest: mcisaacBand(t.max) });
  return result(mcisaacDef, t, t.score, text);
}

export const centor: Calculator = { def: centorDef, calculate: calculateCentor };
export const mcisaac: Calculator = { def: mcisaacDef, calculate: calculateMcIsaac };
