import { citedNumbers, contentWords, sentences, stripCitations } from '../text';
import type { CitationRef } from './citations';
import type { ScoreResult } from './types';

export type SupportDetails = {
  sentences: { sentence: string; articles: string[]; overlap: number; supported: boolean; by: 'overlap' | 'judge' }[];
};

/** Source-list lines ("Based on: [1] NHS ...") cite but claim nothing. */
const SOURCE_LIST = /^(?:based on|sources?)\s*:/i;

/**
 * Deterministic support: every sentence with a citation marker should be backed by the text of the article(s)
 * it cites. A sentence counts as supported when at least `threshold` of its content words occur in that text.
 * `judged` (sentence -> verdict) lets a judge model overrule the word overlap when one is configured.
 */
export function scoreSupport(
  reply: string,
  citations: CitationRef[],
  articleText: Record<string, string>,
  options: { threshold?: number; minShare?: number; judged?: Record<string, boolean> } = {},
): ScoreResult<SupportDetails> {
  const threshold = options.threshold ?? 0.6;
  const byN = new Map(citations.map((c) => [c.n, c.articleId]));
  const rows: SupportDetails['sentences'] = [];
  for (const s of sentences(reply)) {
    const ns = [...new Set(citedNumbers(s))];
    if (!ns.length || SOURCE_LIST.test(s)) continue;
    const sentence = stripCitations(s).trim();
    const articles = ns.map((n) => byN.get(n)).filter((a): a is string => Boolean(a));
    const claim = [...new Set(contentWords(sentence))];
    const source = new Set(articles.flatMap((a) => contentWords(articleText[a] ?? '')));
    const overlap = claim.length ? claim.filter((w) => source.has(w)).length / claim.length : 1;
    const verdict = options.judged?.[sentence];
    rows.push({
      sentence,
      articles,
      overlap: Math.round(overlap * 1000) / 1000,
      supported: verdict ?? (articles.length > 0 && overlap >= threshold),
      by: verdict === undefined ? 'overlap' : 'judge',
    });
  }
  if (!rows.length) return { pass: true, score: 1, reason: 'no cited sentences', skipped: true, details: { sentences: rows } };
  const supported = rows.filter((r) => r.supported).length;
  const share = supported / rows.length;
  const worst = rows.filter((r) => !r.supported).map((r) => `"${r.sentence.slice(0, 80)}" vs ${r.articles.join('+') || 'no article'} (${r.overlap})`);
  return {
    pass: share >= (options.minShare ?? 1),
    score: share,
    reason: `${supported}/${rows.length} cited sentences supported${worst.length ? `; unsupported: ${worst.join('; ')}` : ''}`,
    details: { sentences: rows },
  };
}
