import { describe, expect, it } from 'vitest';
import { drain, lazy, lazyInSteps } from './lazy';

/** A part whose build takes three slices, counting the slices run. */
function threeSlices() {
  const ran: number[] = [];
  function* make(): Generator<void, { size: number }, void> {
    for (let i = 1; i <= 3; i++) {
      ran.push(i);
      if (i < 3) yield;
    }
    return { size: ran.length };
  }
  return { ran, make };
}

describe('lazy parts', () => {
  it('builds a part on its first use, once', () => {
    let made = 0;
    const part = lazy(() => ({ n: ++made }));
    expect(part.built).toBe(false);
    expect(part.value.n).toBe(1);
    expect(part.build().n).toBe(1);
    expect(made).toBe(1);
  });

  it('builds a sliced part one slice per step, and says when it is built', () => {
    const { ran, make } = threeSlices();
    const part = lazyInSteps(make);
    expect(part.step()).toBe(false);
    expect(ran).toEqual([1]);
    expect(part.step()).toBe(false);
    expect(part.step()).toBe(true);
    expect(part.built).toBe(true);
    expect(part.value.size).toBe(3);
    expect(ran).toEqual([1, 2, 3]);
  });

  it('finishes a half-built part at once when it is used before its steps are done', () => {
    const { ran, make } = threeSlices();
    const part = lazyInSteps(make);
    part.step();
    expect(part.value.size).toBe(3);
    expect(ran).toEqual([1, 2, 3]);
    expect(part.step()).toBe(true);
    expect(ran).toEqual([1, 2, 3]);
  });

  it('drain runs a sliced build to its end', () => {
    const { ran, make } = threeSlices();
    expect(drain(make())).toEqual({ size: 3 });
    expect(ran).toEqual([1, 2, 3]);
  });
});
