import type { Level } from '../knowledge/schema';
import type { PatientContext } from '../language/extract';

/**
 * A sepsis screen for adults in the shape of NICE NG51 (Suspected sepsis: recognition, diagnosis and early
 * management): when an infection is suspected, count the high-risk and the moderate-to-high-risk criteria the
 * message gives. One high-risk criterion: call the emergency number; two moderate-to-high: go to an emergency
 * department; one: see a clinician within 24 hours. Only what the message says is counted, so the screen can raise
 * a level and never lower one.
 */
export type SepsisScreen = { level: Level; high: string[]; moderate: string[] } | null;

/** Concepts that say an infection is suspected. */
const INFECTION = new Set([
  'fever', 'chills', 'low_temperature', 'sepsis', 'urinary_tract_infection', 'kidney_infection', 'chest_infection', 'pneumonia',
  'cellulitis', 'wound_infection', 'flu_symptoms', 'covid_19', 'meningitis', 'infected_eczema', 'dental_abscess', 'tonsillitis',
  'ear_infection', 'gastroenteritis', 'hot_swollen_skin', 'infectious_contact',
]);

export function sepsisScreen(present: Set<string>, ctx: PatientContext): SepsisScreen {
  const adult = ctx.ageYears === undefined ? ctx.subject !== 'child' && !ctx.infantAgeUnknown : ctx.ageYears >= 18;
  const v = ctx.vitals;
  // An older person with sepsis often has no fever: a temperature under 36C is itself one of NG51's signs, so it
  // raises the question of infection from 65.
  const coldOlder = ctx.ageYears !== undefined && ctx.ageYears >= 65 && v.temperatureC !== undefined && v.temperatureC < 36;
  // A cough with breathing that is fast or hard is a suspected chest infection.
  const chest = present.has('cough') && ['rapid_breathing', 'shortness_of_breath', 'severe_breathlessness'].some((c) => present.has(c));
  if (!adult || (![...present].some((c) => INFECTION.has(c)) && !coldOlder && !chest)) return null;
  const high: string[] = [];
  const moderate: string[] = [];
  if (present.has('confusion') || present.has('unresponsive') || present.has('drowsy')) high.push('new confusion or drowsiness');
  if (v.respiratoryRate !== undefined && v.respiratoryRate >= 25) high.push(`breathing rate ${v.respiratoryRate}`);
  else if (v.respiratoryRate !== undefined && v.respiratoryRate >= 21) moderate.push(`breathing rate ${v.respiratoryRate}`);
  // Fast breathing that someone noticed without counting it (NG51: a rate of 21-24 is moderate to high risk).
  else if (v.respiratoryRate === undefined && present.has('rapid_breathing')) moderate.push('fast breathing');
  if ((v.spo2 !== undefined && v.spo2 < 92) || present.has('low_oxygen_level') && v.spo2 === undefined) high.push('low oxygen');
  if (v.pulse !== undefined && v.pulse > 130) high.push(`heart rate ${v.pulse}`);
  else if (v.pulse !== undefined && v.pulse >= 91) moderate.push(`heart rate ${v.pulse}`);
  if (v.systolicBp !== undefined && v.systolicBp <= 90) high.push(`blood pressure ${v.systolicBp}`);
  else if (v.systolicBp !== undefined && v.systolicBp <= 100) moderate.push(`blood pressure ${v.systolicBp}`);
  if (present.has('no_urine')) high.push('no urine');
  if (present.has('pale_mottled_skin') || present.has('blue_lips')) high.push('mottled, grey or blue skin');
  if (present.has('non_blanching_rash')) high.push('a rash that does not fade');
  if (v.temperatureC !== undefined && v.temperatureC < 36) moderate.push(`temperature ${v.temperatureC}C`);
  if (ctx.ageYears !== undefined && ctx.ageYears >= 75) moderate.push(`age ${ctx.ageYears}`);
  // NG51 counts diabetes, sickle cell disease and a missing spleen as impaired immune function, like chemotherapy,
  // immunosuppressants and long-term steroids.
  if (['chemotherapy', 'weakened_immune_system', 'long_term_steroids', 'diabetes', 'type_1_diabetes', 'type_2_diabetes', 'sickle_cell_disease'].some((c) => present.has(c))) moderate.push('a weakened immune system');
  if (present.has('recent_surgery')) moderate.push('a recent operation');
  // NG51 names redness, swelling or discharge at a surgical site, or a wound breaking down, as a criterion of its own.
  if (present.has('recent_surgery') && present.has('wound_infection')) moderate.push('signs of infection at the operation site');
  // NICE NG51 names rigors (uncontrollable shaking), not feeling shivery.
  if (present.has('rigors')) moderate.push('rigors');
  // NG51: a change in behaviour or mental state that someone close has noticed ("she's just not herself").
  if (present.has('not_themselves')) moderate.push('a change in behaviour');
  // NG51: a sudden decline in what someone can do ("off her legs", "hasn't got out of bed"), told of an older person.
  if (present.has('weakness') && ctx.ageYears !== undefined && ctx.ageYears >= 65) moderate.push('a decline in what they can do');
  if (present.has('dehydration') || present.has('passing_less_urine')) moderate.push('passing less urine');
  const level: Level | null = high.length ? 'emergency_ambulance' : moderate.length >= 2 ? 'emergency' : moderate.length === 1 ? 'consultation_24' : null;
  return level ? { level, high, moderate } : null;
}
