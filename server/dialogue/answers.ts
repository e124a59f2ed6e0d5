import type { Analysis } from '../language';
import { isCurrent } from '../language';

export type AnswerValue = 'yes' | 'no' | 'unsure';

const YES = /^(yes|yeah|yea|yep|yup|ya|y|aye|correct|right|true|definitely|absolutely|it does|it is|it has|they are|they do|i do|i am|i have|i did|she does|he does|she is|he is|she has|he has|a bit|a little|slightly|sometimes|kind of|kinda|sort of|mildly|a little bit|on and off|now and then|only when|mostly|yes please|i think so)\b/;
const NO = /^(no|nope|nah|n|not really|not at all|none|never|nothing|neither|it does not|it is not|it has not|i do not|i am not|i have not|i did not|he does not|she does not|he is not|she is not|he has not|she has not|they do not|they are not|not that i|no it|no he|no she|no i|no not)\b/;
const UNSURE = /^(not sure|unsure|i am not sure|i do not know|do not know|dunno|no idea|maybe|possibly|perhaps|i can not tell|can not tell|hard to say|i am not certain|not certain)\b/;

/**
 * Reads a reply to the question just asked ("Is the neck stiff?"): yes, no or not sure, from the first words
 * ("a bit" is a yes, "not really" a no), else from the findings the reply itself reports about the same concept
 * ("my neck is fine" denies it, "only when I bend it" does not). Null when the reply answers something else.
 */
export function interpretAnswer(analysis: Analysis, concept: string): AnswerValue | null {
  const words = analysis.tokens.map((t) => t.norm).join(' ');
  if (UNSURE.test(words)) return 'unsure';
  if (NO.test(words)) return 'no';
  if (YES.test(words)) return 'yes';
  const about = analysis.mentions.filter((m) => m.concept === concept && m.experiencer === 'patient');
  if (about.some((m) => m.context.negated)) return 'no';
  if (about.some(isCurrent)) return 'yes';
  return null;
}
