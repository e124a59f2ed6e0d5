import { percentile } from '../text';
import type { ScoreResult } from './types';

/** Reply latency percentiles; informational (always passes). */
export function scoreLatency(ms: number[]): ScoreResult<{ p50: number; p95: number; n: number }> {
  if (!ms.length) return { pass: true, score: 1, reason: 'no timings', skipped: true };
  const p50 = percentile(ms, 50);
  const p95 = percentile(ms, 95);
  return { pass: true, score: 1, reason: `p50 ${Math.round(p50)} ms, p95 ${Math.round(p95)} ms over ${ms.length} replies`, details: { p50, p95, n: ms.length } };
}
