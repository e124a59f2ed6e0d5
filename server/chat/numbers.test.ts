import { describe, expect, it } from 'vitest';
import { cutoffFit, cutoffsIn, readingsIn, withoutAmounts } from './numbers';

describe('the numbers a nurse gives and the cut-offs a guideline states', () => {
  it.each([
    ['sats are 96% on air', [{ value: 96, kind: 'percent' }]],
    ['glucose now 13.5 - what do i change', [{ value: 13.5, kind: 'mmol' }]],
    ['an 84yo care home resident', [{ value: 84, kind: 'age' }]],
    ['temp 38.3, says she feels fine', [{ value: 38.3, kind: 'temperature' }]],
    ['what are the rights of medication administration', []],
  ])('reads %j', (text, readings) => {
    expect(readingsIn(text)).toEqual(readings);
  });

  it.each([
    ['advises oxygen when saturation is below 94% in people not at risk', [{ value: 94, kind: 'percent', direction: 'below' }]],
    ['once blood glucose falls below 14 mmol/L', [{ value: 14, kind: 'mmol', direction: 'below' }]],
    ['dipsticks in people over 65', [{ value: 65, kind: 'age', direction: 'above' }]],
    ['a temperature of 38°C or more', [{ value: 38, kind: 'temperature', direction: 'above' }]],
    ['give 300 mg as soon as possible', []],
  ])('finds the cut-offs in %j', (text, cutoffs) => {
    expect(cutoffsIn(text)).toEqual(cutoffs);
  });

  it('scores a sentence by whether its cut-off is for the measurement given, and whether the value meets it', () => {
    const sats = readingsIn('sats 96% on air');
    expect(cutoffFit(sats, 'oxygen when saturation is below 94%')).toBe(1);
    expect(cutoffFit(readingsIn('sats 91% on air'), 'oxygen when saturation is below 94%')).toBe(1.25);
    // Another measurement, or another scale of number, is not an answer.
    expect(cutoffFit(sats, 'glucose below 4.0 mmol/L')).toBe(0);
    expect(cutoffFit(readingsIn('an 84yo'), 'in people over 18 years')).toBe(0);
    expect(cutoffFit([], 'oxygen when saturation is below 94%')).toBe(0);
  });
});

describe('an answer without amounts (after declining a dose)', () => {
  it('leaves out the sentences that state an amount and keeps the rest with their citations', () => {
    const body = 'Antibiotics are only needed for some infections. [1] The usual dose is 250 mg three times a day. [1]\n\nWhen to get help: Take 2 tablets now. [1]\n\nAsk me about side effects, or say "tell me more".';
    expect(withoutAmounts(body)).toBe('Antibiotics are only needed for some infections. [1]\n\nAsk me about side effects, or say "tell me more".');
  });

  it('is empty when nothing cited is left', () => {
    expect(withoutAmounts('Take 500 mg. [1]\n\nAsk me about side effects.')).toBe('');
  });
});
