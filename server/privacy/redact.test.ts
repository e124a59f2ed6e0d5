import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactDeep, redactIdentifiers } from './redact';

describe('redactIdentifiers', () => {
  it.each([
    ['email me at jane.doe+nhs@example.co.uk please', 'email me at [email] please'],
    ['call 07700 900123 after 5', 'call [phone] after 5'],
    ['my number is +44 20 7946 0958', 'my number is [phone]'],
    ['(555) 123-4567 is my cell', '[phone] is my cell'],
    ['555.123.4567', '[phone]'],
    ['NHS number 943 476 5919', 'NHS number [phone]'],
    ['SSN 123-45-6789', 'SSN [id]'],
    ['NI number QQ 12 34 56 C', 'NI number [id]'],
    ['record 12345678', 'record [id]'],
    ['card 4111111111111111', 'card [id]'],
  ])('redacts %j', (text, expected) => {
    expect(redactIdentifiers(text)).toBe(expected);
  });

  it.each([
    'temperature 38.5 since yesterday',
    'blood pressure 120/80, pulse 110',
    'I took 500 mg of paracetamol at 10:30',
    'she is 3 years old, 14 kg',
    'it started on 2024-01-05',
    'call 911 now',
    'SpO2 91% on air, RR 24, HR 130, BP 90/60',
    'NEWS2 of 7',
    'fever for 2-3 days',
  ])('leaves clinical numbers alone: %j', (text) => {
    expect(redactIdentifiers(text)).toBe(text);
  });

  it('redacts strings anywhere in a value, errors included, without touching the original', () => {
    const err = new Error('no reply for bob@example.com');
    const value = { text: 'ring 07700 900123', nested: [{ q: 'a@b.io' }], n: 42, err };
    const out = redactDeep(value);
    expect(out).toEqual({ text: 'ring [phone]', nested: [{ q: '[email]' }], n: 42, err: expect.any(Error) });
    expect((out.err as Error).message).toBe('no reply for [email]');
    expect((out.err as Error).stack).not.toMatch(/bob@/);
    expect(value.text).toBe('ring 07700 900123');
  });

  it('never leaves an email address, and is idempotent', () => {
    const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.stringMatching(/^[a-z]{1,10}$/), fc.constantFrom('com', 'org', 'co.uk')).map(([u, d, t]) => `${u}@${d}.${t}`);
    fc.assert(
      fc.property(fc.string(), email, fc.string(), (before, address, after) => {
        const once = redactIdentifiers(`${before} ${address} ${after}`);
        expect(once).not.toContain(address);
        expect(redactIdentifiers(once)).toBe(once);
      }),
    );
  });
});

describe('ids are not phone numbers', () => {
  it('leaves a UUID whose middle groups are all digits as it is', () => {
    const id = 'c552b10e-0718-4780-9438-7c467171ee53';
    expect(redactIdentifiers('id 0b1c2d3e-aaaa-4bbb-8ccc-123456789012 ok')).toBe('id 0b1c2d3e-aaaa-4bbb-8ccc-123456789012 ok');
    expect(redactIdentifiers(`request ${id} handled`)).toBe(`request ${id} handled`);
    expect(redactIdentifiers('call me on 07700 900123')).toContain('[phone]');
  });
});
