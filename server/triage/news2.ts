import type { Vitals } from '../language/extract';

export type News2 = {
  score: number;
  /** Parameters that contributed: NEWS2 from a message is usually partial, and says so. */
  parameters: string[];
  partial: boolean;
  anySingleRed: boolean;
  /** The temperature's points (0 when not given): a fever alone is not a reason to be seen the same day. */
  temperaturePoints: number;
  band: 'low' | 'low-medium' | 'medium' | 'high';
};

/**
 * National Early Warning Score 2 (Royal College of Physicians, 2017). Only the parameters given are scored;
 * consciousness is scored 3 when new confusion or unresponsiveness was reported. SpO2 on scale 1, or on scale 2 for
 * someone at risk of hypercapnic respiratory failure (COPD), whose target is 88-92%: on air, 88% or more scores 0.
 */
export function computeNews2(v: Vitals, newConfusion: boolean, options: { scale2?: boolean } = {}): News2 | null {
  const parts: [string, number][] = [];
  if (v.respiratoryRate !== undefined) {
    const r = v.respiratoryRate;
    parts.push(['respiration rate', r <= 8 ? 3 : r <= 11 ? 1 : r <= 20 ? 0 : r <= 24 ? 2 : 3]);
  }
  if (v.spo2 !== undefined) {
    const s = v.spo2;
    if (!options.scale2) parts.push(['SpO2', s <= 91 ? 3 : s <= 93 ? 2 : s <= 95 ? 1 : 0]);
    else parts.push(['SpO2 (scale 2)', s <= 83 ? 3 : s <= 85 ? 2 : s <= 87 ? 1 : !v.onOxygen || s <= 92 ? 0 : s <= 94 ? 1 : s <= 96 ? 2 : 3]);
  }
  if (v.onOxygen) parts.push(['supplemental oxygen', 2]);
  if (v.systolicBp !== undefined) {
    const b = v.systolicBp;
    parts.push(['systolic BP', b <= 90 ? 3 : b <= 100 ? 2 : b <= 110 ? 1 : b <= 219 ? 0 : 3]);
  }
  if (v.pulse !== undefined) {
    const p = v.pulse;
    parts.push(['pulse', p <= 40 ? 3 : p <= 50 ? 1 : p <= 90 ? 0 : p <= 110 ? 1 : p <= 130 ? 2 : 3]);
  }
  let temperaturePoints = 0;
  if (v.temperatureC !== undefined) {
    const t = v.temperatureC;
    temperaturePoints = t <= 35.0 ? 3 : t <= 36.0 ? 1 : t <= 38.0 ? 0 : t <= 39.0 ? 1 : 2;
    parts.push(['temperature', temperaturePoints]);
  }
  const physiological = parts.length;
  if (newConfusion) parts.push(['consciousness', 3]);
  if (physiological === 0) return null;
  const score = parts.reduce((sum, [, s]) => sum + s, 0);
  const anySingleRed = parts.some(([, s]) => s === 3);
  const band = score >= 7 ? 'high' : score >= 5 ? 'medium' : anySingleRed ? 'low-medium' : 'low';
  return { score, parameters: parts.map(([n, s]) => `${n} ${s}`), partial: physiological < 6, anySingleRed, temperaturePoints, band };
}
