import type { ScoreResult } from './types';

export type RetrievalDetails = { rank: number | null; recallAt1: number; recallAt5: number; reciprocalRank: number; got: string[] };

/**
 * Ranked retrieval: the rank of the first result that is one of the relevant article ids (results may hold
 * several chunks of one article; only the article id counts). Pass = a relevant article in the top 5.
 */
export function scoreRetrieval(relevant: string[] | undefined, resultArticleIds: string[], k = 5): ScoreResult<RetrievalDetails> {
  if (!relevant?.length) return { pass: true, score: 1, reason: 'no relevant articles listed', skipped: true };
  const wanted = new Set(relevant);
  const top = resultArticleIds.slice(0, k);
  const index = top.findIndex((id) => wanted.has(id));
  const rank = index === -1 ? null : index + 1;
  const details = { rank, recallAt1: rank === 1 ? 1 : 0, recallAt5: rank !== null ? 1 : 0, reciprocalRank: rank ? 1 / rank : 0, got: top };
  return {
    pass: rank !== null,
    score: details.reciprocalRank,
    reason: rank ? `first relevant (${top[index]}) at rank ${rank}` : `none of ${relevant.join(', ')} in the top ${k} (got ${top.join(', ') || 'nothing'})`,
    details,
  };
}
