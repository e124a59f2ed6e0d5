import type { Citation, Source } from './types';

/**
 * Keeps only citations to sources that were actually retrieved: `[7]` when there are three sources is removed
 * (and counted), so a reply can never point at something the user cannot open.
 */
export function checkCitations(reply: string, sources: Source[]): { reply: string; citations: Citation[]; removed: number } {
  const byN = new Map<number, Source>();
  for (const s of sources) if (!byN.has(s.n)) byN.set(s.n, s);
  let removed = 0;
  const cited = new Set<number>();
  const cleaned = reply.replace(/\s?\[(\d{1,3})\]/g, (marker, n: string) => {
    const num = Number(n);
    if (byN.has(num)) {
      cited.add(num);
      return marker;
    }
    removed++;
    return '';
  });
  const citations = [...cited].sort((a, b) => a - b).map((n) => {
    const s = byN.get(n)!;
    return { n, articleId: s.articleId, title: s.title, source: s.sourceName, url: `/articles/${s.articleId}` };
  });
  return { reply: cleaned, citations, removed };
}
