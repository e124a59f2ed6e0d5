import { describe, expect, it } from 'vitest';
import { scoreIntentSection, sectionsOf } from './section';

const article = `Eczema\nA skin condition.\n## What it is\n\nEczema is a long-term condition that makes the skin dry, itchy and sore.\n\n## Causes\n\nEczema flare-ups can be triggered by soaps, detergents, heat or sweating.\nThe exact cause of eczema is not known.\n\n## Self-care\n\n- Use an emollient every day, even when the skin looks clear.\n`;
const citations = [{ n: 1, articleId: 'eczema' }];
const texts = { eczema: article };

describe('scoreIntentSection', () => {
  it('splits an article into its ## sections', () => {
    expect(sectionsOf(article).map((s) => s.heading)).toEqual(['What it is', 'Causes', 'Self-care']);
  });

  it('passes when the reply quotes the section the question type asks for', () => {
    const reply = 'Eczema flare-ups can be triggered by soaps, detergents, heat or sweating. [1]\n\nWhen to get help: Use an emollient every day, even when the skin looks clear. [1]';
    expect(scoreIntentSection({ reply, citations, sections: ['Causes'], relevant: ['eczema'], articleText: texts })).toMatchObject({ pass: true, reason: 'quotes "Causes"' });
  });

  it('counts a close paraphrase by the share of its words in the section', () => {
    const reply = 'Soaps, detergents, heat and sweating can trigger eczema flare-ups. [1]';
    expect(scoreIntentSection({ reply, citations, sections: ['Causes'], articleText: texts }).pass).toBe(true);
  });

  it('fails a reply that answers from another section', () => {
    const r = scoreIntentSection({ reply: 'Use an emollient every day, even when the skin looks clear. [1]', citations, sections: ['Causes'], relevant: ['eczema'], articleText: texts });
    expect(r).toMatchObject({ pass: false, reason: 'wanted "Causes", the reply quotes "Self-care"' });
  });

  it('fails a reply that cites none of the relevant articles, and skips a section the article lacks', () => {
    expect(scoreIntentSection({ reply: 'x [1]', citations: [{ n: 1, articleId: 'hives' }], sections: ['Causes'], relevant: ['eczema'], articleText: texts }).pass).toBe(false);
    expect(scoreIntentSection({ reply: 'x [1]', citations, sections: ['Outlook'], relevant: ['eczema'], articleText: texts })).toMatchObject({ skipped: true, details: { missing: true } });
  });
});
