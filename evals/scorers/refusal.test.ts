import { describe, expect, it } from 'vitest';
import { scoreRefusal } from './refusal';

const noAnswer = "I couldn't find a reliable answer to that in our clinic's library, so I won't guess.";

describe('scoreRefusal', () => {
  it('passes an expected refusal that cites nothing', () => {
    expect(scoreRefusal({ reply: noAnswer, citations: 0, expected: true }).pass).toBe(true);
  });
  it('fails an expected refusal when the reply answers', () => {
    expect(scoreRefusal({ reply: 'Take two tablets every four hours. [1]', citations: 1, expected: true })).toMatchObject({ pass: false });
  });
  it('fails a refusal that still cites sources, unless the case expects grounded advice with it', () => {
    const reply = "I can't prescribe antibiotics. Most sore throats get better on their own. [1]";
    expect(scoreRefusal({ reply, citations: 1, expected: true }).pass).toBe(false);
    expect(scoreRefusal({ reply, citations: 1, expected: true, citedExpected: true }).pass).toBe(true);
  });
  it('passes an answer where no refusal is expected, and fails a refusal there', () => {
    expect(scoreRefusal({ reply: 'Cool the skin with a damp towel. [1]', citations: 1 }).pass).toBe(true);
    expect(scoreRefusal({ reply: noAnswer, citations: 0 })).toMatchObject({ pass: false, details: { refused: true } });
  });
});
