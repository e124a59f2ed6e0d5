import { normalize, sentences, stripCitations } from '../text';
import type { ScoreResult } from './types';

export type RepetitionDetails = { repeated: string[] };

/** A sentence as compared: without its citation markers, lower-cased, punctuation and spaces folded. */
const key = (s: string) => normalize(stripCitations(s)).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
const wordCount = (s: string) => key(s).split(' ').filter(Boolean).length;

/**
 * Repeated text in a reply (the conversation issue: a "thanks" that repeats the whole previous answer, a follow-up
 * question shown twice, a question asked again after it was answered):
 * - a sentence of 5+ words that appears twice in the same reply;
 * - a cited sentence (it carries [n]: library content, not the fixed safety frame) that the previous reply said;
 * - a question (ends with "?") of 5+ words that an earlier reply already asked.
 * The safety frame (the emergency instruction, "not a diagnosis") may repeat from turn to turn: it is never cited
 * and is not a question.
 */
export function scoreRepetition(reply: string, earlierReplies: string[]): ScoreResult<RepetitionDetails> {
  const repeated: string[] = [];
  const seen = new Set<string>();
  const previous = new Set(sentences(earlierReplies.at(-1) ?? '').map(key));
  const asked = new Set(
    earlierReplies
      .flatMap((r) => sentences(r))
      .filter((s) => /\?\s*$/.test(stripCitations(s).trim()))
      .map((s) => key(/:\s+([^:]+\?)\s*$/.exec(s)?.[1] ?? s)),
  );
  // "To help, could you tell me: Is your neck stiff?" asks the question after the colon.
  const parts = sentences(reply).flatMap((s) => {
    const tail = /:\s+([^:]+\?)\s*$/.exec(s)?.[1];
    return tail && wordCount(tail) >= 5 ? [tail] : [s];
  });
  for (const s of parts) {
    const k = key(s);
    if (!k) continue;
    const cited = /\[\d{1,3}\]/.test(s);
    const question = /\?\s*$/.test(stripCitations(s).trim());
    if (wordCount(s) >= 5 && seen.has(k)) repeated.push(s);
    else if (cited && previous.has(k)) repeated.push(s);
    else if (question && wordCount(s) >= 5 && asked.has(k)) repeated.push(s);
    seen.add(k);
  }
  return {
    pass: repeated.length === 0,
    score: repeated.length ? 0 : 1,
    reason: repeated.length ? `repeated: "${repeated.map((r) => r.slice(0, 70)).join('", "')}"` : 'no repeated text',
    details: { repeated },
  };
}
