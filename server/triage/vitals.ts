import type { PatientContext } from '../language/extract';

/**
 * Findings read from numbers: "HR 124" is a fast heart rate, "sats 88%" a low oxygen level. Thresholds by age:
 * adults from NEWS2 (RCP 2017), children from the NICE NG143 traffic-light table and APLS age ranges, so a heart
 * rate of 150 is normal for a baby and fast for an adult. Each returns the concept and the words to show.
 */
export function vitalFindings(ctx: PatientContext, options: { hypercapnicRisk?: boolean } = {}): { concept: string; text: string }[] {
  const v = ctx.vitals;
  const out: { concept: string; text: string }[] = [];
  const months = ctx.ageMonths ?? (ctx.ageYears !== undefined ? ctx.ageYears * 12 : undefined);
  const child = months !== undefined ? months < 16 * 12 : ctx.subject === 'child';
  // Upper limits of normal by age (NICE NG143 for under 5s; APLS for older children).
  const hrHigh = !child ? 100 : months === undefined ? 140 : months < 12 ? 160 : months < 24 ? 150 : months < 60 ? 140 : months < 144 ? 120 : 110;
  const rrHigh = !child ? 20 : months === undefined ? 40 : months < 6 ? 60 : months < 12 ? 50 : months < 60 ? 40 : months < 144 ? 25 : 22;
  const hrLow = !child ? 50 : months !== undefined && months < 12 ? 100 : 70;

  if (v.pulse !== undefined && v.pulse > hrHigh) out.push({ concept: 'fast_heart_rate', text: `heart rate ${v.pulse}` });
  if (v.pulse !== undefined && v.pulse < hrLow) out.push({ concept: 'slow_heart_rate', text: `heart rate ${v.pulse}` });
  if (v.respiratoryRate !== undefined && v.respiratoryRate > rrHigh) out.push({ concept: 'rapid_breathing', text: `breathing rate ${v.respiratoryRate}` });
  // In COPD the usual target is 88-92% (BTS oxygen guideline; NEWS2 SpO2 scale 2): 92% can be someone's normal.
  const spo2Low = options.hypercapnicRisk ? 88 : 94;
  if (v.spo2 !== undefined && v.spo2 < spo2Low) out.push({ concept: 'low_oxygen_level', text: `oxygen saturation ${v.spo2}%` });
  if (v.systolicBp !== undefined && v.systolicBp <= (child ? 80 : 90)) out.push({ concept: 'low_blood_pressure', text: `blood pressure ${v.systolicBp}/${v.diastolicBp ?? '?'}` });
  if (v.systolicBp !== undefined && v.systolicBp >= 180) out.push({ concept: 'very_high_blood_pressure', text: `blood pressure ${v.systolicBp}/${v.diastolicBp ?? '?'}` });
  if (v.temperatureC !== undefined && v.temperatureC < 35.5) out.push({ concept: 'low_temperature', text: `temperature ${v.temperatureC}C` });
  if (v.capillaryRefillSec !== undefined && v.capillaryRefillSec > 2) out.push({ concept: 'pale_mottled_skin', text: `capillary refill ${v.capillaryRefillSec} s` });
  if (v.irregular) out.push({ concept: 'irregular_pulse', text: `irregular pulse${v.pulse !== undefined ? ` ${v.pulse}` : ''}` });
  // Consciousness: GCS or AVPU below alert.
  if (v.consciousness === 'unresponsive' || (v.gcs !== undefined && v.gcs <= 8)) out.push({ concept: 'unresponsive', text: v.gcs !== undefined ? `GCS ${v.gcs}` : 'unresponsive' });
  else if (v.consciousness === 'pain') out.push({ concept: 'unresponsive', text: 'responds to pain only' });
  else if (v.consciousness === 'voice') out.push({ concept: 'drowsy', text: 'responds to voice only' });
  else if (v.gcs !== undefined && v.gcs < 15) out.push({ concept: 'confusion', text: `GCS ${v.gcs}` });
  return out;
}

/**
 * The findings `vitalFindings` makes of abnormal readings (consciousness apart), which a nurse may also write in words
 * ("hypotensive", "tachycardic", "mottled"): told or measured, they count the same.
 */
export const VITAL_SIGN_CONCEPTS = ['low_blood_pressure', 'low_oxygen_level', 'fast_heart_rate', 'slow_heart_rate', 'rapid_breathing', 'pale_mottled_skin', 'low_temperature', 'very_high_blood_pressure'];

/** Any vital sign outside its normal range (for "no silent self-care"). */
export function abnormalVitals(ctx: PatientContext, options: { hypercapnicRisk?: boolean } = {}): boolean {
  const v = ctx.vitals;
  return (
    vitalFindings(ctx, options).length > 0 ||
    // A temperature of 39 in a child of 1 to 16 who is otherwise well is not itself a warning sign (NICE NG143 uses
    // its height only under 6 months); 40 is. Under 1 it still blocks self-care: a high fever with no source in a baby
    // wants a urine test (NICE NG143). An adult's 39 counts (NEWS2 scores it).
    (v.temperatureC !== undefined && v.temperatureC >= (ctx.ageMonths !== undefined && ctx.ageMonths >= 12 && ctx.ageMonths < 192 ? 40 : 39)) ||
    (v.spo2 !== undefined && v.spo2 < (options.hypercapnicRisk ? 88 : 96)) ||
    (v.systolicBp !== undefined && (v.systolicBp < 100 || v.systolicBp >= 160))
  );
}
