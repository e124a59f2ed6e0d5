import type { ScoreResult } from './types';

const words = (s: string) => new Set(s.toLowerCase().replace(/['’]/g, '').split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOP.has(w)));
const STOP = new Set(['the', 'and', 'with', 'acute', 'disease', 'syndrome', 'infection', 'condition', 'possible', 'suspected', 'simple', 'mild', 'severe', 'from', 'for']);

/** Do two names of a condition say the same thing? Same words, or one's content words all in the other's. */
export function sameCondition(a: string, b: string): boolean {
  const x = words(a);
  const y = words(b);
  if (!x.size || !y.size) return false;
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared === x.size || shared === y.size;
}

/**
 * The gold condition (any of its names) among the top 3 possible causes the target named (by id, name, lay name
 * or other names).
 */
export function scoreCondition(gold: string[], got: { id: string; name: string; layName?: string; aka?: string[] }[]): ScoreResult<{ rank: number | null }> {
  const top = got.slice(0, 3);
  const rank = top.findIndex((c) => [c.id.replace(/_/g, ' '), c.name, c.layName ?? '', ...(c.aka ?? [])].some((n) => gold.some((g) => sameCondition(g, n))));
  const names = top.map((c) => c.name).join(', ') || 'none';
  return rank >= 0
    ? { pass: true, score: 1, reason: `"${gold[0]}" is cause ${rank + 1} of: ${names}`, details: { rank: rank + 1 } }
    : { pass: false, score: 0, reason: `"${gold[0]}" is not in the top 3: ${names}`, details: { rank: null } };
}
