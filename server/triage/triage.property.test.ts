import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testKnowledge } from '../../test/helpers/knowledge';
import { createTriage, toState, type TriageState } from './index';
import { isEmergent, LEVELS, levelRank } from './levels';

const knowledge = testKnowledge();
const triage = createTriage(knowledge, { emergencyNumber: '999' });

// Words a patient might write: lexicon phrases (lay words and misspellings), negation and time cues, numbers and
// vital signs, joined by spaces and punctuation; and sometimes arbitrary Unicode.
const phrases = knowledge.lexicon.flatMap((c) => [c.name, ...c.lay, ...c.misspellings]);
const cues = ['no', 'not', "don't have", 'denies', 'without', 'had', 'last year', 'since yesterday', 'for 3 days', 'if', '?', 'my baby', 'I am 80', 'pregnant', 'worst ever', 'suddenly', 'fever: none', 'and', 'but', 'temp 39.5', 'BP 80/50', 'HR 130', 'SpO2 88%'];
const token = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...phrases) }, { weight: 3, arbitrary: fc.constantFrom(...cues) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
const patientText = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(token, fc.constantFrom(' ', ', ', '. ', ' and ', '! ', '\n')), { minLength: 1, maxLength: 14 }).map((parts) => parts.map(([w, sep]) => w + sep).join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
);
const settings = { numRuns: 100 };

describe('the triage entry point, on any text (property-based)', () => {
  it('always answers with one of the five levels, consistent with its emergency flag, its label and its evidence', () => {
    fc.assert(
      fc.property(patientText, (text) => {
        const r = triage.assess({ text });
        expect(LEVELS).toContain(r.level);
        expect(r.emergency).toBe(isEmergent(r.level));
        expect(typeof r.label).toBe('string');
        expect(r.advice.length).toBeGreaterThan(0);
        if (r.emergency) expect(r.advice).toMatch(/999/);
        for (const f of r.redFlags) {
          expect(f.id).toEqual(expect.any(String));
          expect(Array.isArray(f.evidence)).toBe(true);
          expect(levelRank(f.level)).toBeLessThanOrEqual(levelRank(r.level) + 0); // no flag is above the result
        }
      }),
      settings,
    );
  });

  it('is deterministic: the same text gives the same result', () => {
    fc.assert(
      fc.property(patientText, (text) => {
        expect(triage.assess({ text })).toEqual(triage.assess({ text }));
      }),
      settings,
    );
  });

  it('never lowers an emergency within a conversation, whatever is said after it', () => {
    // The generator does reach emergencies (otherwise this property would be empty).
    const sample = fc.sample(patientText, { numRuns: 200, seed: 1 });
    expect(sample.filter((text) => triage.assess({ text }).emergency).length).toBeGreaterThan(10);
    fc.assert(
      fc.property(fc.array(patientText, { minLength: 2, maxLength: 5 }), (turns) => {
        let state: TriageState | null = null;
        let highestEmergent = -1;
        for (const text of turns) {
          const r = triage.assess({ text }, state);
          if (highestEmergent >= 0) expect(levelRank(r.level)).toBeGreaterThanOrEqual(highestEmergent);
          if (r.emergency) highestEmergent = Math.max(highestEmergent, levelRank(r.level));
          state = toState(r);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('takes age, sex and pregnancy from the body without throwing, for any values the schema allows', () => {
    fc.assert(
      fc.property(patientText, fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }), fc.option(fc.constantFrom('female', 'male' as const), { nil: undefined }), fc.option(fc.boolean(), { nil: undefined }), (text, age, sex, pregnant) => {
        const r = triage.assess({ text, age, sex, pregnant });
        expect(LEVELS).toContain(r.level);
        if (age !== undefined) expect(r.context.ageYears).toBe(age);
      }),
      { numRuns: 40 },
    );
  });
});
