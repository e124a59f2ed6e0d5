import type { LibraryResponse } from '../contracts/nurse';
import type { Knowledge } from '../knowledge/load';
import { OTHER_TOPIC, TOPICS, topicsOf } from './topics';

/**
 * The library as the nurse console browses it: every served article (nurse guidelines and the patient library) with
 * its topics, and the topics with their counts. Built once from the loaded knowledge (it changes only on restart).
 */
export function buildLibrary(knowledge: Pick<Knowledge, 'articles' | 'lexicon'>): LibraryResponse {
  const lexicon = new Map(knowledge.lexicon.map((c) => [c.id, c]));
  const articles = knowledge.articles
    .map((a) => ({ id: a.id, title: a.title, audience: a.audience, summary: a.summary, lastReviewed: a.last_reviewed, topics: topicsOf(a, lexicon) }))
    .sort((a, b) => a.title.localeCompare(b.title));
  const topics = [...TOPICS, OTHER_TOPIC]
    .map((t) => ({ id: t.id, label: t.label, count: articles.filter((a) => a.topics.includes(t.id)).length }))
    .filter((t) => t.count > 0);
  return { topics, articles };
}
