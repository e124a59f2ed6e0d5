import { describe, expect, it } from 'vitest';
import { fkGrade, scoreReadability } from './readability';

describe('scoreReadability', () => {
  it('passes short plain sentences', () => {
    const r = scoreReadability('Drink lots of water. Rest at home. See a doctor if you feel worse. [1]');
    expect(r.pass).toBe(true);
    expect((r.details as { grade: number }).grade).toBeLessThan(9);
  });
  it('fails dense clinical prose', () => {
    const r = scoreReadability(
      'Pharmacological antihypertensive intensification necessitates comprehensive cardiovascular risk stratification, incorporating ambulatory sphygmomanometric verification and individualised multidisciplinary consideration of contraindications.',
    );
    expect(r.pass).toBe(false);
  });
  it('ignores Markdown headings markers and citation markers', () => {
    expect(fkGrade('## Self-care\nRest. [1]')).toBeCloseTo(fkGrade('Self-care.\nRest.'));
  });
});
