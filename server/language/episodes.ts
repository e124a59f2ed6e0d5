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

/**
 * An event a clinician has already seen: "had a febrile seizure last night, the hospital says he's fine now", "had a
 * TIA on Tuesday and have been seen at the clinic", "banged my head, got checked in A&E and sent home". The person is
 * asking about afterwards (driving, epilepsy, living alone), and the emergency the event once was has been dealt
 * with, so what was told in the past before the clinician's verdict is history, not what is happening now. A lasting
 * condition or a recent operation told that way still counts (see triage/findings.ts), and so does everything told
 * in the present ("has a fever, they said it's a virus"). Anything back, again, still there or worse keeps the whole
 * story current: "sent home with a headache, it's come back worse" is a new visit.
 */
const CLEARED = new RegExp(
  [
    // sent home, sent us home, discharged (home)
    String.raw`\b(?:sent|let) (?:me |him |her |us |them )?(?:go )?home\b`,
    String.raw`\b(?:was|were|been|got) discharged\b`,
    // been seen at the clinic, was checked over in A&E, got him looked at
    String.raw`\b(?:been|was|were|got|had) (?:(?:him|her|me|them|it|us) )?(?:seen|checked|checked out|checked over|looked at|examined|assessed) (?:at|in|by|over|out)\b`,
    // the hospital says he is fine; the doctor told us it was nothing serious; they said everything is normal
    String.raw`\b(?:hospital|a e|er|doctors?|dr|gp|nurse|urgent care|paramedics|ambulance crew|consultant|specialist|midwife|they|clinic) (?:said|says|told (?:me|us|him|her)|confirmed|reckon|reckons)(?: that)? (?:(?:he|she|it|i|they|we|you|everything|all|things|the baby|baby) (?:is|was|are|were|am) )?(?:fine|ok|okay|all right|alright|nothing serious|nothing to worry about|nothing wrong|normal|not serious|all clear|well)\b(?! to\b)`,
    String.raw`\b(?:the|an|given the|got the) all clear\b`,
  ].join('|'),
);
/** A treatment already had for what follows: "had the methotrexate injection for an ectopic pregnancy". */
const TREATED = /\b(?:had|got|was given|were given|been given|received|finished) (?:a |an |the |my |his |her )?(?:\w+ )?(?:injection|jab|operation|surgery|procedure|treatment|course of antibiotics|antibiotics) for\b/;
const STILL_GOING =
  /\b(?:still|again|(?:come|came|coming) back|back again|it is back|returned|returns|recurr\w*|re ?present\w*|worse|worsening|ongoing|persist\w*|continu\w*|keeps?|kept|another one|not (?:stopped|settled|gone)|but now|and now|now (?:has|have|having|getting|is (?:not|getting|having|worse))|since then (?:has|have|is|he|she|i))\b/;
/** A clause told in the past: "had", "was", "banged", "fell". A clause in the present is not history. */
const PAST_CLAUSE = /\b(?:had|was|were|did|got|went|fell|took|\w+ed)\b/;
const PRESENT_CLAUSE = /\b(?:has|have|is|are|am|keeps|gets|still)\b/;
/** The ConText trigger text of an event a clinician has seen since. */
export const CLEARED_EVENT = 'seen by a clinician since';

export function markClearedEvents(sentences: { index: number; tokens: { norm: string; i: number }[] }[], mentions: Mention[]): void {
  const words = sentences.map((s) => s.tokens.map((t) => t.norm).join(' '));
  if (words.some((w) => STILL_GOING.test(w))) return;
  /** The token where a match in sentence `s` starts (`offset` 0) or ends (`offset` its length). */
  const tokenAt = (s: { index: number; tokens: { i: number }[] }, chars: number) => s.tokens[words[s.index].slice(0, chars).split(' ').length - 1]?.i;
  // Something told after the verdict or the treatment is what has happened since: "they said he was fine, but he has
  // been vomiting", "had surgery for appendicitis, now the wound is red".
  const toldSince = (sentence: number, from: number, except: Mention[] = []) =>
    mentions.some((x) => !except.includes(x) && (x.sentence > sentence || (x.sentence === sentence && x.start >= from)) && (x.kind === 'symptom' || x.kind === 'sign') && !x.context.negated && !x.context.hypothetical && !x.question);
  const markSeen = (x: Mention) => {
    x.context.historical = true;
    x.context.triggers.push({ category: 'historical', text: CLEARED_EVENT, source: 'careline' });
  };
  // What was treated: the condition named right after "for", with nothing told after it.
  for (const s of sentences) {
    const m = TREATED.exec(words[s.index]);
    const from = m ? tokenAt(s, m.index + m[0].length + 1) : undefined;
    if (from === undefined) continue;
    const treated = mentions.filter((x) => x.sentence === s.index && x.start >= from && x.start <= from + 3 && x.kind === 'condition');
    if (toldSince(s.index, from, treated)) continue;
    treated.filter((x) => !x.context.negated && !x.context.hypothetical && !x.context.historical && !x.question).forEach(markSeen);
  }
  for (const s of sentences) {
    const m = CLEARED.exec(words[s.index]);
    if (!m) continue;
    // The token where the verdict starts: what was told before it in this sentence, or in the sentence before when
    // this one opens with the verdict ("He had a fit last night. The hospital said he's fine.").
    const at = tokenAt(s, m.index) ?? s.tokens[0].i;
    const before = mentions.filter((x) => x.sentence === s.index && x.end <= at);
    const told = before.length ? before : mentions.filter((x) => x.sentence === s.index - 1);
    if (toldSince(s.index, at)) return;
    for (const x of told) {
      if (!['symptom', 'sign', 'condition', 'event'].includes(x.kind)) continue;
      const c = x.context;
      if (c.negated || c.hypothetical || c.historical || c.family || x.question) continue;
      const sentence = sentences.find((y) => y.index === x.sentence)!;
      // The clause the finding sits in, up to its end ("banged my head"): "had a febrile seizure" is past, "has a fever" is not.
      const lead = sentence.tokens.filter((t) => t.i < x.end).map((t) => t.norm).slice(-8).join(' ');
      if (PAST_CLAUSE.test(lead) && !PRESENT_CLAUSE.test(lead)) markSeen(x);
    }
  }
}
