import type { Analysis, Token } from '../language';
import { isCurrent } from '../language';

export type AnswerValue = 'yes' | 'no' | 'unsure';

const UNSURE = /^(not sure|unsure|i am not sure|i do not know|do not know|dunno|no idea|maybe|possibly|perhaps|i can not tell|can not tell|hard to say|i am not certain|not certain|i could not say)\b/;
/** Words that answer on their own, whatever follows ("yes, and it is worse at night"). */
const YES = /^(yes|yeah|yea|yep|yup|ya|aye|definitely|absolutely|i think so|i believe so|only when|yes please)\b/;
const NO = /^(nope|nah|not really|not at all|never|neither|not that i know|not that i have noticed|not that i can tell|i do not think so|i don't think so)\b/;
/** "no" answers when it stands alone or opens a reply ("no, it is fine"), not in "no rash" (another finding denied). */
const BARE_NO = /^no(( (it|he|she|i|they|we|not|nothing|never|thanks|thank|way|that|none|sorry|just)\b.*)?)$/;
/** Hedged yeses answer only as a short reply ("a bit"), not as the start of a report ("a bit of a cough"). */
const HEDGED_YES = /^(a bit|a little|a little bit|slightly|sometimes|kind of|kinda|sort of|mildly|on and off|now and then|mostly|i guess|probably|correct)$/;
/**
 * "it is", "he does": an answer when nothing but emphasis or the question's own words follow ("it is really fast" to
 * "is the breathing very fast?"); "it is itchy" reports something else.
 */
const AUX = /^(it|he|she|they|i|we|there) (does|do|is|are|am|has|have|did|was|were|can)( not)?$/;
const EMPHASIS = new Set(['very', 'really', 'quite', 'so', 'definitely', 'too', 'pretty', 'always', 'sometimes', 'a', 'bit', 'little', 'yes', 'yeah', 'no', 'now', 'still', 'though']);

/** The reply's first clause: up to the first comma or full stop. */
function firstClause(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.sentence !== tokens[0].sentence) break;
    out.push(t);
    if (/[,;:.!?]/.test(t.post)) break;
  }
  return out;
}

/**
 * Reads a reply to the question just asked ("Is the neck stiff?"): yes, no or not sure, from its first clause ("a
 * bit" is a yes, "not really" a no, "it is" a yes only when nothing else follows), else from the findings the reply
 * itself reports about the same concept ("my neck is fine" denies it, "only when I bend it" does not). Null when the
 * reply answers something else: "it is itchy and came up yesterday" is a new report, not a yes.
 */
export function interpretAnswer(analysis: Analysis, concept: string, question?: string): AnswerValue | null {
  const echoed = new Set((question ?? '').toLowerCase().match(/[a-z]+/g) ?? []);
  const clause = firstClause(analysis.tokens);
  const words = clause.map((t) => t.norm).join(' ');
  const about = analysis.mentions.filter((m) => m.concept === concept && m.experiencer === 'patient');
  if (UNSURE.test(words)) return 'unsure';
  if (NO.test(words) || BARE_NO.test(words)) return 'no';
  if (YES.test(words) || HEDGED_YES.test(words)) return 'yes';
  // "it is (really)", "she does not": the auxiliary with only emphasis after it.
  for (let n = 2; n <= Math.min(3, clause.length); n++) {
    const head = clause.slice(0, n).map((t) => t.norm).join(' ');
    if (!AUX.test(head)) continue;
    const rest = clause.slice(n).map((t) => t.norm);
    const negated = head.endsWith(' not') || rest[0] === 'not';
    if (rest.filter((w) => w !== 'not').every((w) => EMPHASIS.has(w) || echoed.has(w))) return negated ? 'no' : 'yes';
  }
  if (about.some((m) => m.context.negated)) return 'no';
  if (about.some(isCurrent)) return 'yes';
  return null;
}
