import { describe, expect, it } from 'vitest';
import { checkGate, type Thresholds } from './gate';

const thresholds: Thresholds = {
  maxDrop: { 'triage.emergencyRecall': 0, 'triage.accuracy3': 0.02, 'answers.passRate': 0.03 },
  maxRise: { 'triage.overTriageRate': 0.03 },
  floors: { 'triage.emergencyRecall': 0.98 },
};
const triage = (m: Record<string, unknown>) => ({ suite: 'triage', kind: 'triage' as const, metrics: { underTriaged: [], ...m } as never });
const baseline = { suites: { triage: { metrics: { emergencyRecall: 1, accuracy3: 0.95, overTriageRate: 0.05 } } } };

describe('checkGate', () => {
  it('passes within the allowances', () => {
    const r = checkGate([triage({ emergencyRecall: 1, accuracy3: 0.94, overTriageRate: 0.07 })], thresholds, baseline);
    expect(r).toMatchObject({ ok: true, failures: [] });
  });

  it('fails a drop past the allowance, a rise, a floor and any under-triaged emergency', () => {
    const r = checkGate([triage({ emergencyRecall: 0.97, accuracy3: 0.9, overTriageRate: 0.1, underTriaged: ['em-034'] })], thresholds, baseline);
    expect(r.ok).toBe(false);
    const text = r.failures.join('\n');
    expect(text).toMatch(/under-triaged.*em-034/);
    expect(text).toMatch(/emergencyRecall 0\.9700 is below the floor 0\.98/);
    expect(text).toMatch(/accuracy3 dropped from 0\.9500 to 0\.9000/);
    expect(text).toMatch(/overTriageRate rose/);
  });

  it('lists an emergency the baseline already missed, and fails only a new miss', () => {
    const base = { suites: { triage: { metrics: { emergencyRecall: 0.9, accuracy3: 0.9, overTriageRate: 0.05, underTriaged: ['em-001'] } } } };
    const same = checkGate([triage({ emergencyRecall: 0.9, accuracy3: 0.9, overTriageRate: 0.05, underTriaged: ['em-001'] })], { ...thresholds, floors: {} }, base);
    expect(same.ok).toBe(true);
    expect(same.notes.join('\n')).toMatch(/still under-triaged, as in the baseline: em-001/);
    const worse = checkGate([triage({ emergencyRecall: 0.9, accuracy3: 0.9, overTriageRate: 0.05, underTriaged: ['em-001', 'em-002'] })], { ...thresholds, floors: {} }, base);
    expect(worse.failures.join('\n')).toMatch(/1 emergency case\(s\) newly under-triaged.*em-002/);
  });

  it('checks floors without a baseline and notes suites the baseline lacks', () => {
    expect(checkGate([triage({ emergencyRecall: 0.9 })], thresholds).ok).toBe(false);
    const r = checkGate([{ suite: 'triage-new', kind: 'triage', metrics: { emergencyRecall: 1, underTriaged: [] } }], thresholds, baseline);
    expect(r.notes[0]).toMatch(/triage-new: not in the baseline/);
  });
});
