import { firstMatch } from '../text';
import type { ScoreResult } from './types';

export type ContentDetails = { missingGroups: string[][]; forbidden: string[] };

/** mustInclude: one phrase of every any-of group; mustNotInclude: none of the phrases. */
export function scoreContent(reply: string, mustInclude: string[][] = [], mustNotInclude: string[] = []): ScoreResult<ContentDetails> {
  const total = mustInclude.length + (mustNotInclude.length ? 1 : 0);
  if (!total) return { pass: true, score: 1, reason: 'no content expectations', skipped: true };
  const missingGroups = mustInclude.filter((g) => !firstMatch(reply, g));
  const forbidden = mustNotInclude.filter((p) => firstMatch(reply, [p]));
  const failed = missingGroups.length + (forbidden.length ? 1 : 0);
  const reasons = [
    ...missingGroups.map((g) => `missing any of [${g.join(' | ')}]`),
    ...(forbidden.length ? [`contains forbidden "${forbidden.join('", "')}"`] : []),
  ];
  return {
    pass: failed === 0,
    score: (total - failed) / total,
    reason: failed ? reasons.join('; ') : 'all required content present, nothing forbidden',
    details: { missingGroups, forbidden },
  };
}
