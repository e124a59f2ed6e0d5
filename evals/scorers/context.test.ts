import { describe, expect, it } from 'vitest';
import { scoreContextTargets, statusesOf } from './context';

const finding = (concept: string, text: string, categories: Record<string, boolean> = {}, experiencer = 'patient') => ({ concept, text, categories, experiencer });

describe('ConText scoring per target', () => {
  it('passes when every span is found with its status and experiencer', () => {
    const r = scoreContextTargets(
      [
        { span: 'fever', status: 'negated', experiencer: 'patient' },
        { span: 'sore throat', status: 'present', experiencer: 'patient' },
      ],
      [finding('fever', 'fever', { negated: true }), finding('sore_throat', 'sore throat')],
    );
    expect(r.pass).toBe(true);
    expect(r.score).toBe(1);
  });

  it('fails a span no finding covers, and a wrong status or experiencer, saying which', () => {
    const r = scoreContextTargets(
      [
        { span: 'stiff neck', status: 'negated', experiencer: 'patient' },
        { span: 'chest pain', status: 'historical', experiencer: 'patient' },
        { span: 'flu', status: 'present', experiencer: 'other' },
      ],
      [finding('chest_pain', 'chest pain'), finding('flu', 'flu', {}, 'patient')],
    );
    expect(r.pass).toBe(false);
    expect(r.score).toBe(0);
    expect(r.reason).toMatch(/"stiff neck": not recognised/);
    expect(r.reason).toMatch(/"chest pain": expected historical\/patient, got present\/patient/);
  });

  it('accepts either negated or historical for a finding that has gone', () => {
    expect(statusesOf(finding('rash', 'rash', { resolved: true, negated: true, historical: true }))).toEqual(['negated', 'historical']);
  });
});
