import { describe, expect, it } from 'vitest';
import { scoreRepetition } from './repetition';

describe('scoreRepetition', () => {
  it('passes a reply that says something new, even with the same safety frame as before', () => {
    const frame = 'This is general information from our clinic library, not a diagnosis.';
    const r = scoreRepetition(`Sunburn usually heals within a week [1].\n\n${frame}`, [`Drink plenty of water and rest when you can [1].\n\n${frame}`]);
    expect(r.pass).toBe(true);
  });

  it('fails a "thanks" that repeats the cited answer before it', () => {
    const answer = 'Cool the skin with a cool shower or bath [1]. Drink plenty of water to avoid dehydration [1].';
    const r = scoreRepetition(`You're welcome. ${answer}`, [answer]);
    expect(r.pass).toBe(false);
    expect(r.details!.repeated).toHaveLength(2);
  });

  it('fails a follow-up question shown twice in one reply, or asked again later', () => {
    const q = 'Do you have a stiff neck or a rash with the headache?';
    expect(scoreRepetition(`${q}\n\nTo help, could you tell me: ${q}`, []).details!.repeated).toEqual([q]);
    expect(scoreRepetition(`Thanks for letting me know. ${q}`, [`Headaches are common [1]. ${q}`, 'No problem.']).pass).toBe(false);
  });
});
