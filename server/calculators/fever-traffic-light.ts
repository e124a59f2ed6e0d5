import { type FieldReader, readInputs } from './inputs';
import { fmt, labelsOf } from './scoring';
import type { Calculator, CalculatorDef, CalculatorResult, Component, FieldDef, Inputs } from './types';

type Light = 'green' | 'amber' | 'red';
const RANK: Record<Light, number> = { green: 0, amber: 1, red: 2 };
const higher = (a: Light, b: Light): Light => (RANK[a] >= RANK[b] ? a : b);

const yesNo = (id: string, label: string, help?: string): FieldDef => ({ id, label, type: 'boolean', ...(help ? { help } : {}) });

// NICE NG143 table 1, "Traffic light system for identifying risk of serious illness" (children under 5 with fever).
const def: CalculatorDef = {
  id: 'fever_traffic_light',
  name: 'NICE traffic light for fever in under 5s',
  aliases: ['traffic light', 'NICE traffic light', 'traffic light system', 'NG143', 'fever in under 5s', 'feverish child traffic light'],
  description:
    'Risk of serious illness in a child under 5 with fever, graded by the highest feature present: red (high), ' +
    'amber (intermediate) or green (low, only when no amber or red feature is present). Covers colour, activity, ' +
    'respiratory, circulation and hydration, and other features, with age-specific respiratory and heart rate bands. ' +
    'Check first for immediately life-threatening features (airway, breathing, circulation, consciousness).',
  fields: [
    { id: 'age_months', label: 'Age', type: 'number', unit: 'months', min: 0, max: 216, help: 'NICE NG143 covers children under 5 years (60 months).' },
    { id: 'temperature', label: 'Temperature', type: 'number', unit: '°C', min: 30, max: 45 },
    { id: 'respiratory_rate', label: 'Respiratory rate', type: 'number', unit: '/min', min: 0, max: 150 },
    { id: 'heart_rate', label: 'Heart rate', type: 'number', unit: '/min', min: 0, max: 300 },
    { id: 'spo2', label: 'SpO2 in air', type: 'number', unit: '%', min: 0, max: 100 },
    yesNo('capillary_refill_3s', 'Capillary refill time 3 seconds or more'),
    {
      id: 'colour',
      label: 'Colour of skin, lips or tongue',
      type: 'choice',
      options: [
        { id: 'normal', label: 'Normal colour' },
        { id: 'pallor_reported', label: 'Pallor reported by parent or carer' },
        { id: 'pale_mottled_ashen_blue', label: 'Pale, mottled, ashen or blue' },
      ],
    },
    {
      id: 'activity',
      label: 'Activity',
      type: 'choice',
      options: [
        { id: 'normal', label: 'Responds normally to social cues, content or smiling, stays awake or wakes quickly' },
        { id: 'reduced', label: 'Not responding normally to social cues, no smile, wakes only with prolonged stimulation, or decreased activity' },
        { id: 'none', label: 'No response to social cues, appears ill to a healthcare professional, or does not wake (or does not stay awake)' },
      ],
    },
    yesNo('weak_cry', 'Weak, high-pitched or continuous cry'),
    yesNo('nasal_flaring', 'Nasal flaring'),
    yesNo('crackles', 'Crackles in the chest'),
    yesNo('grunting', 'Grunting'),
    yesNo('chest_indrawing', 'Moderate or severe chest indrawing'),
    yesNo('dry_mucous_membranes', 'Dry mucous membranes'),
    yesNo('poor_feeding', 'Poor feeding (infants)'),
    yesNo('reduced_urine_output', 'Reduced urine output'),
    yesNo('reduced_skin_turgor', 'Reduced skin turgor'),
    { id: 'fever_days', label: 'Days of fever', type: 'number', unit: 'days', min: 0, max: 60 },
    yesNo('rigors', 'Rigors'),
    yesNo('limb_or_joint_swelling', 'Swelling of a limb or joint'),
    yesNo('non_weight_bearing', 'Non-weight bearing limb or not using an extremity'),
    yesNo('non_blanching_rash', 'Non-blanching rash'),
    yesNo('bulging_fontanelle', 'Bulging fontanelle'),
    yesNo('neck_stiffness', 'Neck stiffness'),
    yesNo('status_epilepticus', 'Status epilepticus'),
    yesNo('focal_neurological_signs', 'Focal neurological signs'),
    yesNo('focal_seizures', 'Focal seizures'),
  ],
  source: {
    name: 'NICE NG143 Fever in under 5s: assessment and initial management (traffic light system)',
    url: 'https://www.nice.org.uk/guidance/ng143',
  },
};

/** A feature as assessed: its light, or (when not given, or its band needs the age) the worst it could be. */
type Assessed = { component: Component; light: Light | null; worst: Light; summary?: string; needsAge?: boolean };

const BOOLEAN_LIGHT: Record<string, Light> = {
  capillary_refill_3s: 'amber',
  weak_cry: 'red',
  nasal_flaring: 'amber',
  crackles: 'amber',
  grunting: 'red',
  chest_indrawing: 'red',
  dry_mucous_membranes: 'amber',
  poor_feeding: 'amber',
  reduced_urine_output: 'amber',
  reduced_skin_turgor: 'red',
  rigors: 'amber',
  limb_or_joint_swelling: 'amber',
  non_weight_bearing: 'amber',
  non_blanching_rash: 'red',
  bulging_fontanelle: 'red',
  neck_stiffness: 'red',
  status_epilepticus: 'red',
  focal_neurological_signs: 'red',
  focal_seizures: 'red',
};

const component = (r: FieldReader, field: string, value: string): Component => ({ field, label: r.label(field), value, points: null });
const tag = (light: Light, why?: string) => (light === 'green' ? '' : ` - ${light}${why ? ` (${why})` : ''}`);

function numeric(r: FieldReader, field: string, worstIfMissing: Light, grade: (v: number) => { light: Light | null; why?: string; worst?: Light }, unit: string): Assessed {
  const v = r.num(field);
  if (v === undefined) return { component: component(r, field, r.absent(field)), light: null, worst: worstIfMissing };
  const g = grade(v);
  if (g.light === null) return { component: component(r, field, `${fmt(v)}${unit}: band depends on age`), light: null, worst: g.worst ?? worstIfMissing, needsAge: true };
  const summary = `${r.label(field).toLowerCase()} ${fmt(v)}${unit}${g.why ? ` (${g.why})` : ''}`;
  return { component: component(r, field, `${fmt(v)}${unit}${tag(g.light, g.why)}`), light: g.light, worst: g.light, summary };
}

function assess(r: FieldReader, age: number | undefined): Assessed[] {
  const out: Assessed[] = [];

  const temperature = numeric(r, 'temperature', age === undefined || age < 3 ? 'red' : age <= 6 ? 'amber' : 'green', (t) => {
    if (age === undefined) return t >= 38 ? { light: null, worst: 'red' } : { light: 'green' };
    if (age < 3 && t >= 38) return { light: 'red', why: 'under 3 months, 38 °C or more' };
    if (age <= 6 && t >= 39) return { light: 'amber', why: '3-6 months, 39 °C or more' };
    return { light: 'green' };
  }, ' °C');
  out.push(temperature);

  out.push(numeric(r, 'respiratory_rate', 'red', (rr) => {
    if (rr > 60) return { light: 'red', why: 'over 60/min' };
    if (age === undefined) return rr > 40 ? { light: null, worst: 'amber' } : { light: 'green' };
    if (age >= 6 && age <= 12 && rr > 50) return { light: 'amber', why: 'over 50/min at 6-12 months' };
    if (age > 12 && rr > 40) return { light: 'amber', why: 'over 40/min over 12 months' };
    return { light: 'green' };
  }, '/min'));

  out.push(numeric(r, 'heart_rate', 'amber', (hr) => {
    const limit = age === undefined ? undefined : age < 12 ? 160 : age < 24 ? 150 : 140;
    if (limit === undefined) return hr > 160 ? { light: 'amber', why: 'over 160/min' } : hr > 140 ? { light: null, worst: 'amber' } : { light: 'green' };
    return hr > limit ? { light: 'amber', why: `tachycardia, over ${limit}/min at this age` } : { light: 'green' };
  }, '/min'));

  out.push(numeric(r, 'spo2', 'amber', (s) => (s <= 95 ? { light: 'amber', why: '95% or less in air' } : { light: 'green' }), '%'));

  for (const [field, lights] of [
    ['colour', { normal: 'green', pallor_reported: 'amber', pale_mottled_ashen_blue: 'red' }],
    ['activity', { normal: 'green', reduced: 'amber', none: 'red' }],
  ] as const) {
    const c = r.choice(field);
    if (c === undefined) out.push({ component: component(r, field, r.absent(field)), light: null, worst: 'red' });
    else {
      const light = (lights as Record<string, Light>)[c];
      const label = r.field(field).options!.find((o) => o.id === c)!.label;
      out.push({ component: component(r, field, `${label}${tag(light)}`), light, worst: light, summary: label.toLowerCase() });
    }
  }

  for (const f of def.fields) {
    const light = BOOLEAN_LIGHT[f.id];
    if (light === undefined) continue;
    const v = r.bool(f.id);
    if (v === undefined) out.push({ component: component(r, f.id, r.absent(f.id)), light: null, worst: light });
    else out.push({ component: component(r, f.id, v ? `yes${tag(light)}` : 'no'), light: v ? light : 'green', worst: v ? light : 'green', summary: f.label.toLowerCase() });
  }

  out.push(numeric(r, 'fever_days', 'amber', (d) => (d >= 5 ? { light: 'amber', why: 'fever for 5 days or more' } : { light: 'green' }), ' days'));

  // Keep the form's order.
  const order = def.fields.map((f) => f.id);
  return out.sort((a, b) => order.indexOf(a.component.field) - order.indexOf(b.component.field));
}

const RISK: Record<Light, string> = {
  red: 'high risk of serious illness',
  amber: 'intermediate risk of serious illness',
  green: 'low risk of serious illness',
};

const ESCALATION: Record<Light, string> = {
  red:
    'Refer urgently to specialist paediatric care, calling the emergency number if any feature is immediately life-threatening; after a remote assessment the child must be seen face to face within 2 hours (NICE NG143).',
  amber:
    'Arrange a face-to-face assessment; if no diagnosis is reached, give a safety net (warning signs, how to get help, a follow-up) or refer to specialist paediatric care (NICE NG143).',
  green: 'Care at home is appropriate, with advice on warning signs and when to seek help again (NICE NG143).',
};

function calculate(inputs: Inputs): CalculatorResult {
  const r = readInputs(def, inputs);
  const rawAge = r.num('age_months');
  const overFive = rawAge !== undefined && rawAge >= 60;
  const age = overFive ? undefined : rawAge;
  const features = assess(r, age);
  const ageComponent: Component = {
    field: 'age_months',
    label: r.label('age_months'),
    value: overFive ? `${fmt(rawAge!)} months: 5 years or older, outside NICE NG143` : age === undefined ? r.absent('age_months') : `${fmt(age)} months`,
    points: null,
  };

  const assessed = features.filter((f) => f.light !== null);
  const light = assessed.reduce<Light>((l, f) => higher(l, f.light!), 'green');
  const worst = features.reduce<Light>((l, f) => higher(l, f.worst), light);
  const settled = worst === light;

  // Needed: what could still raise the light, and the age (it sets the bands) unless red is already settled.
  const missing = features.filter((f) => f.light === null && !f.needsAge && RANK[f.worst] > RANK[light]).map((f) => f.component.field);
  if (age === undefined && !(settled && light === 'red')) missing.unshift('age_months');
  const list = labelsOf(r, missing).join(', ');

  const flagged = (l: Light) => assessed.filter((f) => f.light === l).map((f) => f.summary ?? f.component.label.toLowerCase());
  const detail = light === 'green' ? 'no amber or red feature' : `${light} features: ${flagged(light).join('; ')}`;
  const outOfScope = overFive ? ' Not applicable: NICE NG143 covers children under 5.' : '';

  let score: string = light;
  let interpretation: string;
  let escalation: string;
  if (assessed.length === 0) {
    score = 'unassessed';
    interpretation = `Traffic light not assessed (partial - nothing given: ${list}).${outOfScope}`;
    escalation = 'Assess the child against the traffic light (age, temperature, heart and respiratory rate, capillary refill, colour, activity, breathing, hydration) before deciding on care.';
  } else if (missing.length === 0) {
    interpretation = `Traffic light ${light}: ${RISK[light]} - ${detail}.${outOfScope}`;
    escalation = ESCALATION[light];
  } else if (settled) {
    interpretation = `Traffic light ${light} (partial - not assessed: ${list}): ${RISK[light]} whatever the rest - ${detail}.${outOfScope}`;
    escalation = ESCALATION[light];
  } else {
    interpretation =
      `Traffic light ${light} so far (partial, a minimum - not assessed: ${list}): ${light === 'green' ? 'no amber or red feature among those assessed' : `at least ${RISK[light]} - ${detail}`}; ` +
      `could be ${worst} once complete.${outOfScope}`;
    escalation = light === 'green'
      ? `Assess ${list} before treating this child as green: any amber or red feature changes the plan.`
      : `Act on ${light} now and assess ${list}, which could make this ${worst}: ${ESCALATION[light]}`;
  }

  return {
    id: def.id,
    name: def.name,
    score,
    interpretation,
    escalation,
    components: [ageComponent, ...features.map((f) => f.component)],
    missing,
    source: def.source,
  };
}

export const feverTrafficLight: Calculator = { def, calculate };
