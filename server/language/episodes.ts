import type { Mention } from './index';

/**
 * Attacks that came and went: "three times in the last month I've had a severe pain under my right ribs ... it's gone
 * now", "twice this week my heart raced for ten minutes; in between I'm fine". Told with a count over a past span and
 * a word that they are over, the findings of those sentences are resolved episodes, not what is happening now (the
 * level then rests on what still counts after it has passed: chest pain, a stroke sign or a fit still does).
 * Anything said to be happening again or now keeps the whole story current.
 */
const COUNT_OVER_SPAN =
  /\b(?:(?:\d+|two|three|four|five|six|several|a few|a couple of|couple of) (?:times|episodes|attacks|bouts|goes)|twice|a few times|several times)\b.{0,80}?\b(?:in|over|during) the (?:last|past) (?:few |couple of )?(?:days?|weeks?|fortnight|months?|year)\b|\b(?:(?:\d+|two|three|four|five|six|several|a few|a couple of) (?:times|episodes|attacks|bouts)|twice|a few times|several times) (?:this|last) (?:week|month|year)\b/;
const PASSED =
  /\b(?:(?:it|they|the pain|that)(?: is|'s|s| has| have)? (?:gone|settled|passed|worn off)(?: now| off)?|(?:was|were) over (?:in|after|within)|(?:each|every) (?:time|attack|episode|one)\b.{0,50}?\b(?:over|went|passed|settled|stopped|lasted|eased|wore off)|(?:settl|eas)(?:es|ed|ing) (?:on its own|by itself|of its own accord|completely|fully|down)|(?:now |is |am |feels? )pain[- ]?free|(?:goes|went|going) away (?:on its own|by itself)|(?:is|am|feels?|i'?m) (?:well|fine|okay|ok) (?:today|now)|(?:fine|okay|ok|well|normal) (?:in )?between(?: attacks| episodes| them)?|between (?:attacks|episodes|them) (?:i|im|i am|i'm|he|she)(?: is| am|'s)? (?:fine|ok|okay|well|normal))\b/;
/** The ConText trigger text of a finding resolved as a passed episode. */
export const PASSED_EPISODE = 'episodes that have passed';
const NOW = /\b(?:again now|right now|at the moment|currently|still (?:got|have|having|there)|it'?s back|(?:having|got|have) (?:one|it|an attack|another)(?: now| again| right now)|started again|this one)\b/;

export function markPassedEpisodes(sentences: { index: number; text: string }[], mentions: Mention[]): void {
  const lower = sentences.map((s) => s.text.toLowerCase());
  const from = lower.findIndex((t) => COUNT_OVER_SPAN.test(t));
  if (from < 0) return;
  const to = lower.findIndex((t, i) => i >= from && PASSED.test(t));
  if (to < 0 || lower.some((t) => NOW.test(t))) return;
  for (const m of mentions) {
    if (m.sentence < from || m.sentence > to) continue;
    if (m.kind !== 'symptom' && m.kind !== 'sign') continue;
    if (m.context.negated || m.context.resolved) continue;
    m.context.resolved = true;
    m.context.triggers.push({ category: 'resolved', text: PASSED_EPISODE, source: 'careline' });
  }
}
