import { readInputs } from './inputs';
import { type Band, type Scored, describe, fmt, known, labelsOf, measured, result, tally, unknown } from './scoring';
import type { Calculator, CalculatorDef, Inputs } from './types';

const def: CalculatorDef = {
  id: 'news2',
  name: 'National Early Warning Score 2 (NEWS2)',
  aliases: ['NEWS2', 'NEWS 2', 'NEWS', 'National Early Warning Score', 'early warning score', 'EWS'],
  description:
    'Track-and-trigger score for adults (16 and over, not pregnant) from seven observations: respiration rate, SpO2 ' +
    '(scale 1, or scale 2 for confirmed hypercapnic respiratory failure with a prescribed 88-92% target), air or ' +
    'oxygen, systolic BP, pulse, consciousness (ACVPU, new confusion scores 3) and temperature. It supports, and ' +
    'never replaces, clinical judgement: escalate on concern whatever the score.',
  fields: [
    { id: 'respiratory_rate', label: 'Respiration rate', type: 'number', unit: '/min', min: 0, max: 80 },
    { id: 'spo2', label: 'SpO2', type: 'number', unit: '%', min: 0, max: 100 },
    {
      id: 'spo2_scale',
      label: 'SpO2 scale',
      type: 'choice',
      options: [
        { id: '1', label: 'Scale 1 (default)' },
        { id: '2', label: 'Scale 2 (hypercapnic respiratory failure, prescribed target 88-92%)' },
      ],
      help: 'Scale 2 only when a competent clinician has prescribed it for confirmed hypercapnic respiratory failure; scale 1 when not given.',
    },
    { id: 'on_oxygen', label: 'Supplemental oxygen', type: 'boolean', help: 'Air or oxygen: yes when on any supplemental oxygen.' },
    { id: 'systolic_bp', label: 'Systolic BP', type: 'number', unit: 'mmHg', min: 0, max: 300 },
    { id: 'heart_rate', label: 'Pulse', type: 'number', unit: '/min', min: 0, max: 300 },
    {
      id: 'consciousness',
      label: 'Consciousness (ACVPU)',
      type: 'choice',
      options: [
        { id: 'alert', label: 'Alert' },
        { id: 'new_confusion', label: 'New confusion' },
        { id: 'voice', label: 'Responds to voice' },
        { id: 'pain', label: 'Responds to pain' },
        { id: 'unresponsive', label: 'Unresponsive' },
      ],
      help: 'Treat confusion as new until confirmed otherwise.',
    },
    { id: 'temperature', label: 'Temperature', type: 'number', unit: '°C', min: 25, max: 45 },
  ],
  source: {
    name: 'Royal College of Physicians. National Early Warning Score (NEWS) 2, 2017',
    url: 'https://www.rcp.ac.uk/improving-care/resources/national-early-warning-score-news-2/',
  },
};

// RCP NEWS2 chart 1 (scoring) and chart 4 (clinical response to the trigger thresholds).
const respiration = (r: number) => (r <= 8 ? 3 : r <= 11 ? 1 : r <= 20 ? 0 : r <= 24 ? 2 : 3);
const spo2Scale1 = (s: number) => (s <= 91 ? 3 : s <= 93 ? 2 : s <= 95 ? 1 : 0);
/** Scale 2: 88-92%, or 93% and over on air, score 0; on oxygen, 93-94 scores 1, 95-96 scores 2, 97+ scores 3. */
const spo2Scale2 = (s: number, onOxygen: boolean | undefined): number | null =>
  s <= 83 ? 3 : s <= 85 ? 2 : s <= 87 ? 1 : s <= 92 ? 0 : onOxygen === undefined ? null : !onOxygen ? 0 : s <= 94 ? 1 : s <= 96 ? 2 : 3;
const systolic = (b: number) => (b <= 90 ? 3 : b <= 100 ? 2 : b <= 110 ? 1 : b < 220 ? 0 : 3);
const pulse = (p: number) => (p <= 40 ? 3 : p <= 50 ? 1 : p <= 90 ? 0 : p <= 110 ? 1 : p <= 130 ? 2 : 3);
const temperature = (t: number) => (t <= 35.0 ? 3 : t <= 36.0 ? 1 : t <= 38.0 ? 0 : t <= 39.0 ? 1 : 2);

const BANDS: Record<'zero' | 'low' | 'lowMedium' | 'medium' | 'high', Band> = {
  zero: {
    id: 'zero',
    label: 'low',
    meaning: 'routine monitoring',
    escalation: 'Continue routine NEWS2 monitoring, at least every 12 hours.',
  },
  low: {
    id: 'low',
    label: 'low',
    meaning: 'ward-based response',
    escalation:
      'Inform the registered nurse, who must assess the patient and decide whether monitoring (at least every 4-6 hours) should increase or care be escalated.',
  },
  lowMedium: {
    id: 'low-medium',
    label: 'low-medium (a 3 in one parameter)',
    meaning: 'urgent ward-based response',
    escalation:
      'Registered nurse to inform the medical team caring for the patient, who will review and decide whether care needs escalating; monitor at least hourly.',
  },
  medium: {
    id: 'medium',
    label: 'medium',
    meaning: 'urgent response',
    escalation:
      'Registered nurse to immediately inform the medical team and request urgent assessment by a clinician or team competent in acute illness; monitor at least hourly, in an area with monitoring facilities.',
  },
  high: {
    id: 'high',
    label: 'high',
    meaning: 'emergency response',
    escalation:
      'Immediately inform the medical team (at least specialist registrar level) for emergency assessment by a team with critical care and airway skills; monitor vital signs continuously and consider transfer to level 2 or 3 care (HDU or ICU).',
  },
};

function bandOf(score: number, anyThree: boolean): Band {
  if (score >= 7) return BANDS.high;
  if (score >= 5) return BANDS.medium;
  if (anyThree) return BANDS.lowMedium;
  return score === 0 ? BANDS.zero : BANDS.low;
}

const CONSCIOUSNESS_LABEL: Record<string, string> = {
  alert: 'alert',
  new_confusion: 'new confusion',
  voice: 'responds to voice',
  pain: 'responds to pain',
  unresponsive: 'unresponsive',
};

function calculate(inputs: Inputs) {
  const r = readInputs(def, inputs);
  const scale = r.choice('spo2_scale') === '2' ? 2 : 1;
  const onOxygen = r.bool('on_oxygen');
  const items: Scored[] = [];

  items.push(measured(r, 'respiratory_rate', respiration, [0, 3], (v) => `${fmt(v)}/min`));

  const s = r.num('spo2');
  if (s === undefined) items.push(unknown(r, 'spo2', [0, 3]));
  else if (scale === 1) items.push(known('spo2', r.label('spo2'), `${fmt(s)}% (scale 1)`, spo2Scale1(s)));
  else {
    const p = spo2Scale2(s, onOxygen);
    items.push(p === null
      ? unknown(r, 'spo2', [0, 3], ['on_oxygen'], `${fmt(s)}% (scale 2: points depend on air or oxygen)`)
      : known('spo2', r.label('spo2'), `${fmt(s)}% (scale 2)`, p));
  }

  items.push(onOxygen === undefined ? unknown(r, 'on_oxygen', [0, 2]) : known('on_oxygen', r.label('on_oxygen'), onOxygen ? 'oxygen' : 'air', onOxygen ? 2 : 0));
  items.push(measured(r, 'systolic_bp', systolic, [0, 3], (v) => `${fmt(v)} mmHg`));
  items.push(measured(r, 'heart_rate', pulse, [0, 3], (v) => `${fmt(v)}/min`));

  const c = r.choice('consciousness');
  items.push(c === undefined ? unknown(r, 'consciousness', [0, 3]) : known('consciousness', r.label('consciousness'), CONSCIOUSNESS_LABEL[c], c === 'alert' ? 0 : 3));

  items.push(measured(r, 'temperature', temperature, [0, 3], (v) => `${fmt(v)} °C`));

  const t = tally(items);
  const anyThree = t.components.some((x) => x.points === 3);
  const couldBeThree = items.some((it) => it.component.points === null && it.range[1] === 3);
  const band = bandOf(t.score, anyThree);
  const text = describe({
    short: 'NEWS2',
    t,
    labels: labelsOf(r, t.missing),
    band,
    lowest: band,
    highest: bandOf(t.max, anyThree || couldBeThree),
    unsettled: (list, b) => `Record the missing observations (${list}) now; until then act on NEWS2 ${fmt(t.score)}: ${b.band.escalation}`,
  });
  return result(def, t, t.score, text);
}

export const news2: Calculator = { def, calculate };
