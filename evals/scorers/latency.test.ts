import { describe, expect, it } from 'vitest';
import { scoreLatency } from './latency';

describe('scoreLatency', () => {
  it('reports p50 and p95 and always passes (informational)', () => {
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    const r = scoreLatency(ms);
    expect(r).toMatchObject({ pass: true, details: { p50: 50, p95: 95, n: 100 } });
  });
  it('is skipped, not failed, with no timings', () => {
    expect(scoreLatency([])).toMatchObject({ pass: true, skipped: true });
  });
});
