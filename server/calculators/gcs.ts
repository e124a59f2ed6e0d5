import { type FieldReader, readInputs } from './inputs';
import { type Band, type Scored, type Tally, describe, fmt, known, labelsOf, result, tally, unknown } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

const NOT_TESTABLE = { id: 'NT', label: 'not testable (e.g. intubated, eyes swollen shut)' };

const def: CalculatorDef = {
  id: 'gcs',
  name: 'Glasgow Coma Scale (GCS)',
  aliases: ['GCS', 'Glasgow Coma Scale', 'Glasgow Coma Score', 'Glasgow'],
  description:
    'Conscious level from eye opening (1-4), verbal response (1-5) and motor response (1-6), total 3-15. Report ' +
    'the three responses (E3 V4 M6), not only the total; a fall of even one point needs escalating.',
  fields: [
    {
      id: 'eye',
      label: 'Eye opening',
      type: 'choice',
      options: [
        { id: '4', label: '4 - spontaneously' },
        { id: '3', label: '3 - to sound' },
        { id: '2', label: '2 - to pressure' },
        { id: '1', label: '1 - none' },
        NOT_TESTABLE,
      ],
    },
    {
      id: 'verbal',
      label: 'Verbal response',
      type: 'choice',
      options: [
        { id: '5', label: '5 - orientated' },
        { id: '4', label: '4 - confused' },
        { id: '3', label: '3 - words' },
        { id: '2', label: '2 - sounds' },
        { id: '1', label: '1 - none' },
        NOT_TESTABLE,
      ],
    },
    {
      id: 'motor',
      label: 'Motor response',
      type: 'choice',
      options: [
        { id: '6', label: '6 - obeys commands' },
        { id: '5', label: '5 - localising' },
        { id: '4', label: '4 - normal flexion' },
        { id: '3', label: '3 - abnormal flexion' },
        { id: '2', label: '2 - extension' },
        { id: '1', label: '1 - none' },
        NOT_TESTABLE,
      ],
    },
    { id: 'total', label: 'Total (when E, V and M are not recorded)', type: 'number', min: 3, max: 15 },
  ],
  source: {
    name: 'Teasdale G, Jennett B. Assessment of coma and impaired consciousness: a practical scale. Lancet 1974;2:81-84',
    url: 'https://doi.org/10.1016/S0140-6736(74)91639-0',
  },
};

const PARTS = [
  { field: 'eye', letter: 'E', max: 4 },
  { field: 'verbal', letter: 'V', max: 5 },
  { field: 'motor', letter: 'M', max: 6 },
] as const;

// The conventional severity bands (13-15 mild, 9-12 moderate, 3-8 severe), with 15 kept apart as normal.
const BANDS: Record<'full' | 'mild' | 'moderate' | 'severe', Band> = {
  full: { id: 'full', label: 'normal', meaning: 'fully conscious', escalation: 'Continue observations as planned and escalate any fall in GCS.' },
  mild: {
    id: 'mild',
    label: 'mild',
    meaning: 'mildly reduced consciousness (13-14)',
    escalation: 'Reduced conscious level: tell the medical team for a review, repeat neurological observations closely and escalate any further fall.',
  },
  moderate: {
    id: 'moderate',
    label: 'moderate',
    meaning: 'moderately reduced consciousness (9-12)',
    escalation: 'Get an urgent medical review now and keep the airway and neurological observations under close watch.',
  },
  severe: {
    id: 'severe',
    label: 'severe',
    meaning: 'severely reduced consciousness, coma range (3-8)',
    escalation: 'Emergency: call for immediate help (medical emergency or critical care team) - a GCS of 8 or less puts the airway at risk.',
  },
};
const bandOf = (s: number) => (s >= 15 ? BANDS.full : s >= 13 ? BANDS.mild : s >= 9 ? BANDS.moderate : BANDS.severe);

function part(r: FieldReader, field: string, max: number): Scored {
  const c = r.choice(field);
  if (c === undefined) return unknown(r, field, [1, max]);
  if (c === 'NT') return unknown(r, field, [1, max], [field], 'not testable');
  const option = r.field(field).options!.find((o) => o.id === c)!;
  return known(field, r.label(field), option.label, Number(c));
}

function calculate(inputs: Inputs) {
  const r = readInputs(def, inputs);
  const parts = PARTS.map((p) => part(r, p.field, p.max));
  const given = r.num('total');
  const recorded = PARTS.map((p, i) => `${p.letter}${parts[i].component.points ?? (r.choice(p.field) === 'NT' ? 'NT' : '?')}`).join(' ');
  const allParts = parts.every((p) => p.component.points !== null);

  let t: Tally;
  let note = '';
  if (allParts || given === undefined) {
    const sum = tally(parts);
    // A missing response scores at least 1, so a partial total is the sum plus 1 for each missing one: a minimum.
    t = { ...sum, score: sum.min };
    if (allParts && given !== undefined && given !== sum.score) note = ` The total given (${fmt(given)}) does not match ${recorded}; the responses were used.`;
  } else {
    // The total alone is a valid GCS; the responses given are shown alongside.
    t = { score: given, min: given, max: given, missing: [], components: [...parts.map((p) => p.component), { field: 'total', label: 'Total', value: fmt(given), points: given }] };
    note = allParts ? '' : ' Total only: record eye, verbal and motor responses too.';
  }
  const band = bandOf(t.score);
  const anyGiven = parts.some((p) => p.component.points !== null);
  const text = describe({
    short: 'GCS',
    t,
    labels: labelsOf(r, t.missing),
    band,
    lowest: bandOf(t.min),
    highest: bandOf(t.max),
    unsettled: (list) =>
      anyGiven
        ? `Assess ${list} now to complete the GCS; until then act on at least GCS ${fmt(t.score)}: ${band.escalation}`
        : `Assess ${list} to score the GCS.`,
  });
  const shown = PARTS.some((p, i) => parts[i].component.points !== null || r.choice(p.field) === 'NT') ? ` (${recorded})` : '';
  // Nothing recorded: say so rather than quote the minimum of 3 as if it were a finding.
  const interpretation = !anyGiven && given === undefined
    ? `GCS not assessed (partial - not given: ${labelsOf(r, t.missing).join(', ')}; could be 3 to 15)`
    : `${text.interpretation}${shown}${note ? `.${note}` : ''}`;
  return result(def, t, t.score, { interpretation, escalation: text.escalation });
}

export const gcs: Calculator = { def, calculate };
