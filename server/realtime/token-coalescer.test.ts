import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenCoalescer } from './token-coalescer';

describe('createTokenCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('joins the deltas of one window into one event, in order, and the text is unchanged', () => {
    const sent: { messageId: string; delta: string }[] = [];
    const c = createTokenCoalescer((t) => sent.push(t), 40);
    for (const w of ['Rest ', 'and ', 'drink ', 'water.']) c.push({ messageId: 'm1', delta: w });
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(40);
    c.push({ messageId: 'm1', delta: ' More.' });
    c.flush();
    expect(sent).toEqual([
      { messageId: 'm1', delta: 'Rest and drink water.' },
      { messageId: 'm1', delta: ' More.' },
    ]);
  });

  it('never mixes two replies: a delta of another message sends what was waiting first', () => {
    const sent: { messageId: string; delta: string }[] = [];
    const c = createTokenCoalescer((t) => sent.push(t), 40);
    c.push({ messageId: 'm1', delta: 'a ' });
    c.push({ messageId: 'm2', delta: 'b ' });
    c.push({ messageId: 'm1', delta: 'c' });
    c.flush();
    expect(sent.map((t) => `${t.messageId}:${t.delta}`)).toEqual(['m1:a ', 'm2:b ', 'm1:c']);
  });

  it('sends what waited when a sentence or a line ends, without waiting for the window', () => {
    const sent: string[] = [];
    const c = createTokenCoalescer((t) => sent.push(t.delta), 40);
    for (const w of ['Rest ', 'and ', 'drink ', 'water. ', 'Call ', '911 ', 'now!\n', '- ', 'Keep ', 'cool']) c.push({ messageId: 'm1', delta: w });
    expect(sent).toEqual(['Rest and drink water. ', 'Call 911 now!\n']);
    vi.advanceTimersByTime(40);
    expect(sent).toEqual(['Rest and drink water. ', 'Call 911 now!\n', '- Keep cool']);
  });

  it('does not hold a long sentence past its size bound', () => {
    const sent: string[] = [];
    const c = createTokenCoalescer((t) => sent.push(t.delta), 40, 20);
    for (const w of ['one ', 'two ', 'three ', 'four ', 'five ', 'six']) c.push({ messageId: 'm1', delta: w });
    expect(sent).toEqual(['one two three four five ']);
    c.flush();
    expect(sent.join('')).toBe('one two three four five six');
  });

  it('sends every delta as it comes with a window of 0', () => {
    const sent: string[] = [];
    const c = createTokenCoalescer((t) => sent.push(t.delta), 0);
    c.push({ messageId: 'm1', delta: 'a' });
    c.push({ messageId: 'm1', delta: 'b' });
    expect(sent).toEqual(['a', 'b']);
  });
});
