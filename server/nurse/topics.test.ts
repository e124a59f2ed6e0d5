import { describe, expect, it } from 'vitest';
import type { Concept } from '../knowledge/schema';
import { buildLibrary } from './library';
import { topicsOf } from './topics';

const concept = (id: string, body_parts: string[]) => ({ id, body_parts }) as unknown as Concept;
const lexicon = new Map([concept('pale_lips', ['lips']), concept('wheeze', ['lungs', 'chest']), concept('neck_stiffness', ['neck'])].map((c) => [c.id, c]));
const article = (title: string, concepts: string[] = [], synonyms: string[] = [], summary = '') => ({ title, summary, synonyms, concepts });

describe('topicsOf', () => {
  it.each([
    ['Sepsis screening for nurses (adults)', ['pale_lips'], ['infection']],
    ['Croup in children', [], ['breathing', 'children']],
    ['Hand hygiene', [], ['infection', 'practice']],
    ['Pre-eclampsia', [], ['other']],
    ['Something with no topic words', ['wheeze'], ['breathing']],
    ['A sore neck', ['neck_stiffness'], ['bones-injuries']],
    // "ear" is a whole word: "year" and "clear" are not about ears.
    ['A clear plan for the year', [], ['other']],
  ])('%s -> %j', (title, concepts, topics) => {
    expect(topicsOf(article(title, concepts), lexicon)).toEqual(topics);
  });

  it('reads synonyms and the summary too', () => {
    expect(topicsOf(article('DKA', [], ['diabetic ketoacidosis']), lexicon)).toEqual(['diabetes-hormones']);
    expect(topicsOf(article('Handover', [], [], 'Structured SBAR handover between shifts.'), lexicon)).toEqual(['practice']);
  });
});

describe('buildLibrary', () => {
  it('counts each topic once per article, leaves empty topics out, and sorts articles by title', () => {
    const lib = buildLibrary({
      lexicon: [...lexicon.values()],
      articles: [
        { id: 'b', title: 'Bronchiolitis in babies', audience: 'nurse', summary: 'x', synonyms: [], concepts: [], last_reviewed: '2026-01-01' },
        { id: 'a', title: 'Asthma', audience: 'patient', summary: 'Wheeze and breathing.', synonyms: [], concepts: ['wheeze'], last_reviewed: '2026-01-02' },
      ] as never,
    });
    expect(lib.articles.map((a) => [a.id, a.topics])).toEqual([
      ['a', ['breathing']],
      ['b', ['breathing', 'children']],
    ]);
    expect(lib.topics).toEqual([
      { id: 'breathing', label: 'Breathing and lungs', count: 2 },
      { id: 'children', label: 'Babies and children', count: 1 },
    ]);
  });
});
