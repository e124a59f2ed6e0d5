import { describe, expect, it } from 'vitest';
import { scoreTriage } from './triage';

describe('scoreTriage', () => {
  it.each([
    [{ level: 'emergency_ambulance' }, 'emergency_ambulance', true, 'ok'],
    [{ atMost: 'consultation' }, 'self_care', true, 'ok'],
    [{ atLeast: 'consultation_24' }, 'emergency', true, 'ok'],
  ] as const)('passes %j with %s', (exp, got, pass, direction) => {
    const r = scoreTriage(exp, got);
    expect(r.pass).toBe(pass);
    expect(r.details?.direction).toBe(direction);
  });

  it('fails an emergency triaged as self-care and calls it under-triage', () => {
    const r = scoreTriage({ level: 'emergency_ambulance' }, 'self_care');
    expect(r).toMatchObject({ pass: false, score: 0, details: { direction: 'under', goldEmergent: true, gotEmergent: false } });
    expect(r.reason).toMatch(/under-triaged/);
  });

  it('gives half credit for the right 3-level band', () => {
    const r = scoreTriage({ level: 'emergency' }, 'emergency_ambulance');
    expect(r).toMatchObject({ pass: false, score: 0.5, details: { threeLevelMatch: true, direction: 'ok' } });
  });

  it('fails an atMost bound when over-triaged', () => {
    const r = scoreTriage({ atMost: 'consultation' }, 'emergency');
    expect(r).toMatchObject({ pass: false, details: { direction: 'over' } });
  });

  it('skips a case without a triage expectation', () => {
    expect(scoreTriage(undefined, 'self_care').skipped).toBe(true);
  });
});
