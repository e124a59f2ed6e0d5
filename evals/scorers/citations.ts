import { citedNumbers, sentences, stripCitations, words } from '../text';
import type { ScoreResult } from './types';

export type CitationRef = { n: number; articleId: string };

/** Sentences that are framing, not claims: disclaimers, source lists, invitations to say more. */
const FRAMING = /not a diagnosis|^based on:|^sources?:|^(?:thank you|thanks) for|here is what our clinic library says|tell me about them and i will|could you tell me|check the full guideline|say "tell me more"|just ask, or say/i;

/** A sentence long enough to state a fact (6+ words), not a question and not framing. */
export const isClaim = (s: string) => words(s).length >= 6 && !/\?\s*(\[\d+\])*$/.test(s) && !FRAMING.test(stripCitations(s).trim());

/** valid: every [n] in the reply is one of the citations returned with it. */
export function scoreCitationValidity(reply: string, citations: CitationRef[]): ScoreResult<{ invalid: number[] }> {
  const known = new Set(citations.map((c) => c.n));
  const used = [...new Set(citedNumbers(reply))];
  const invalid = used.filter((n) => !known.has(n));
  if (!used.length) return { pass: true, score: 1, reason: 'no citation markers', details: { invalid } };
  return {
    pass: invalid.length === 0,
    score: (used.length - invalid.length) / used.length,
    reason: invalid.length ? `markers ${invalid.map((n) => `[${n}]`).join(' ')} are not in the citation list` : `all ${used.length} marker(s) resolve`,
    details: { invalid },
  };
}

/** coverage: the share of claim sentences that carry a citation marker. */
export function scoreCitationCoverage(reply: string, minShare = 0.5): ScoreResult<{ claims: number; cited: number; uncited: string[] }> {
  const claims = sentences(reply).filter(isClaim);
  if (!claims.length) return { pass: true, score: 1, reason: 'no claim sentences', skipped: true };
  const uncited = claims.filter((s) => !citedNumbers(s).length);
  const share = (claims.length - uncited.length) / claims.length;
  return {
    pass: share >= minShare,
    score: share,
    reason: `${claims.length - uncited.length}/${claims.length} claim sentences cited`,
    details: { claims: claims.length, cited: claims.length - uncited.length, uncited: uncited.map((s) => stripCitations(s)) },
  };
}

/** cited-expected: the reply cites at least one of the articles the case expects. */
export function scoreCitedExpected(expected: string[] | undefined, citations: CitationRef[]): ScoreResult<{ cited: string[] }> {
  if (!expected?.length) return { pass: true, score: 1, reason: 'no expected citations', skipped: true };
  const cited = [...new Set(citations.map((c) => c.articleId))];
  const hit = expected.find((id) => cited.includes(id));
  return {
    pass: Boolean(hit),
    score: hit ? 1 : 0,
    reason: hit ? `cites ${hit}` : `cites ${cited.join(', ') || 'nothing'}, expected one of ${expected.join(', ')}`,
    details: { cited },
  };
}
