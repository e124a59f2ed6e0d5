import { readInputs } from './inputs';
import { type Band, criterion, describe, labelsOf, result, tally } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

const def: CalculatorDef = {
  id: 'rosier',
  name: 'ROSIER (Recognition of Stroke in the Emergency Room)',
  aliases: ['ROSIER', 'ROSIER scale', 'Recognition of Stroke in the Emergency Room'],
  description:
    'Stroke recognition in the emergency department (NICE NG128 names it), once blood glucose is checked and ' +
    'hypoglycaemia excluded: loss of consciousness or syncope -1, seizure activity -1, and +1 each for new acute ' +
    'asymmetric facial weakness, asymmetric arm weakness, asymmetric leg weakness, speech disturbance and visual ' +
    'field defect (total -2 to +5). A total above 0 makes stroke likely; 0 or below makes it unlikely but does not ' +
    'exclude it.',
  fields: [
    { id: 'loss_of_consciousness', label: 'Loss of consciousness or syncope', type: 'boolean' },
    { id: 'seizure', label: 'Seizure activity', type: 'boolean' },
    { id: 'facial_weakness', label: 'Asymmetric facial weakness', type: 'boolean', help: 'New and acute, or on waking.' },
    { id: 'arm_weakness', label: 'Asymmetric arm weakness', type: 'boolean' },
    { id: 'leg_weakness', label: 'Asymmetric leg weakness', type: 'boolean' },
    { id: 'speech_disturbance', label: 'Speech disturbance', type: 'boolean' },
    { id: 'visual_field_defect', label: 'Visual field defect', type: 'boolean' },
  ],
  source: {
    name: 'Nor AM et al. The Recognition of Stroke in the Emergency Room (ROSIER) scale. Lancet Neurol 2005;4:727-734; NICE NG128',
    url: 'https://doi.org/10.1016/S1474-4422(05)70201-5',
  },
};

const BANDS: Record<'unlikely' | 'likely', Band> = {
  unlikely: {
    id: 'unlikely',
    label: 'stroke unlikely',
    meaning: 'a score of 0 or below makes stroke less likely, but does not exclude it',
    escalation:
      'A ROSIER of 0 or below does not exclude stroke: check blood glucose, and if stroke is still suspected (or symptoms persist or change) get a senior or stroke team review.',
  },
  likely: {
    id: 'likely',
    label: 'stroke likely',
    meaning: 'a score above 0 makes stroke the likely cause',
    escalation:
      'Stroke likely: check blood glucose to exclude hypoglycaemia, note the onset or last-known-well time and refer to the stroke team now (NICE NG128).',
  },
};
const bandOf = (s: number) => (s > 0 ? BANDS.likely : BANDS.unlikely);

function calculate(inputs: Inputs) {
  const r = readInputs(def, inputs);
  const t = tally([
    criterion(r, 'loss_of_consciousness', -1),
    criterion(r, 'seizure', -1),
    criterion(r, 'facial_weakness', 1),
    criterion(r, 'arm_weakness', 1),
    criterion(r, 'leg_weakness', 1),
    criterion(r, 'speech_disturbance', 1),
    criterion(r, 'visual_field_defect', 1),
  ]);
  // A partial score is not a minimum here (the two negative items could still lower it): describe() says so.
  const band = bandOf(t.score);
  const text = describe({ short: 'ROSIER', t, labels: labelsOf(r, t.missing), band, lowest: bandOf(t.min), highest: bandOf(t.max) });
  return result(def, t, t.score, text);
}

export const rosier: Calculator = { def, calculate };
