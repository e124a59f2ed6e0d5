/**
 * A topic question ("what causes X", "how is X treated?", "symptoms of X", "is X genetic?"): the token range of X, the
 * topic. Shared by retrieval (an article answers a topic question only if it is about X) and the dialogue (a topic
 * question asks about X; it reports nothing, even when X is a symptom: "how is chronic fatigue syndrome treated?").
 */
import type { Analysis } from '../language';

/**
 * The openings of a topic question, over the message's token forms (lower case, contractions expanded). X, the rest
 * of the question, names the topic when it is short and says nothing about the person ("my", "i").
 */
const TOPIC_OPENING = new RegExp(
  '^(?:(?:so|ok|okay|please|hi|hello|and|also) )*(?:' +
    [
      'what (?:is|are)(?: are)?(?: the)?(?: early| first| common| main| usual| warning| typical)? (?:symptoms?|signs?|causes?|treatments?|complications?|outlook|prognosis|risk factors?|side effects?|tests?|types?|stages?)(?: (?:of|for|from|with))?',
      'what (?:causes|is|are)(?: are)?(?: an?| the)?',
      'what does \\S+ mean',
      'how (?:to|do you|can you|do i|can i|should i|do they|do doctors|do people) (?:prevent|diagnose|treat|avoid|cure|get rid of|test for|manage|catch|get|stop|ease|relieve)(?: an?| the)?',
      'who is at risk (?:for|of)',
      'who (?:gets|can get)',
      'what is the (?:outlook|prognosis) (?:for|of)',
      'what to do (?:for|about|with)',
      'do you have (?:any )?information (?:about|on)',
      '(?:can you )?(?:tell me|explain) (?:about|what)',
      'do i need to see a doctor (?:for|about)',
      'when to (?:contact|see|call) a (?:medical professional|doctor|gp) (?:for|about)',
      'is there a (?:cure|treatment|test) for',
      '(?:what is |whats )?(?:the )?best (?:way|ways|thing|treatment|remedy|medicine|cream) (?:to (?:treat|prevent|get rid of|ease|cure|stop|soothe)|for)(?: an?| the)?',
      '(?:any )?(?:tips|ways|advice) (?:to|for|on|on how to) (?:prevent(?:ing)?|avoid(?:ing)?|stop(?:ping)?|treat(?:ing)?|cure|curing|ease|easing|get(?:ting)? rid of|cope with|coping with|manage|managing)(?: an?| the)?',
    ].join('|') +
    ') ',
);
export const PERSONAL = new Set(['i', 'me', 'my', 'mine', 'we', 'our', 'us', 'he', 'she', 'his', 'her', 'him', 'they', 'their', 'them', 'you', 'your']);

/**
 * Topic questions in consumer wording, with X inside or before the asking words (issue 12, round 8): "symptoms of X",
 * "early signs of X", "how is X treated?", "is X genetic?", "can X be cured?", "what happens if X isn't treated?",
 * "how long does X last?", "X symptoms". Over the token forms; the group is X.
 */
const KIND_NOUN = '(?:symptoms?|signs?|causes?|treatments?|cures?|complications?|risk factors?|tests?|outlook|prognosis|prevention|diagnosis|types?|stages?)';
const TOPIC_FORMS: RegExp[] = [
  new RegExp(`^(?:the )?(?:early |first |common |main |usual |warning )?${KIND_NOUN}(?: and ${KIND_NOUN})? (?:of|for) (.+)$`),
  /^how (?:is|are) (.+?) (?:treated|diagnosed|prevented|caught|spread|tested|cured|managed|passed on|inherited|detected|picked up)$/,
  /^(?:is|are) (.+?) (?:genetic|hereditary|inherited|contagious|infectious|catching|curable|treatable|preventable|fatal|deadly|common|permanent)$/,
  /^(?:can|could|does|will) (.+?) (?:be cured|be treated|be prevented|be passed on|go away|clear up|come back|kill you|spread|run in (?:the )?famil(?:y|ies))(?: on (?:its|their) own| by (?:itself|themselves)| (?:after|when|with|in|once) .+)?$/,
  /^why (?:do|does|would) (?:some |many |so many |certain )?(?:people|women|men|children|kids|babies|adults|girls|boys|teenagers|someone|a person)? ?(?:get|develop|have|catch) (.+)$/,
  /^what (?:can|should|could) (?:i|you|we|one) (?:do|take|use|try) (?:at home |myself |yourself )?(?:for|about|to (?:help|ease|treat)) (.+)$/,
  /^what happens if (.+?) (?:is not|are not|goes|is left|are left|is never|are never) (?:treated|untreated)$/,
  /^what happens if (?:you|i|we|they|someone|people) (?:leave|ignore|do not treat|never treat) (.+?)(?: untreated| alone)?$/,
  /^how long (?:does|do) (.+?) (?:last|take to (?:go|clear|heal|get better))$/,
  /^how (?:common|rare|serious|dangerous|painful|contagious|infectious|catching|likely) (?:is|are) (.+)$/,
  // "parkinsons symptoms": a short name only (a nurse's "acute severe asthma adult - initial treatment?" is not one).
  new RegExp(`^([a-z']+(?: [a-z']+){0,2}) ${KIND_NOUN}$`),
];

/** Verbs before a topic's name that are not part of it: "avoid catching X", "prevent getting X". */
const TOPIC_VERBS = new Set(['catching', 'getting', 'having', 'developing', 'spreading', 'passing', 'on', 'difference', 'differences', 'between', 'the', 'a', 'an']);

/** X of a topic question, as a token range, or undefined. */
export function topicOf(analysis: Pick<Analysis, 'sentences' | 'tokens'>): { start: number; end: number } | undefined {
  if (analysis.sentences.length !== 1) return undefined;
  const tokens = analysis.tokens;
  const words = tokens.map((t) => t.norm);
  const line = words.join(' ');
  const m = TOPIC_OPENING.exec(`${line} `);
  let start: number;
  let end = words.length;
  if (m) start = m[0].trim().split(' ').length;
  else {
    const f = TOPIC_FORMS.map((re) => new RegExp(re.source, 'd').exec(line)).find(Boolean);
    if (!f?.indices?.[1]) return undefined;
    // The token range of X: as many tokens before it as words in the line before it.
    start = line.slice(0, f.indices[1][0]).split(' ').filter(Boolean).length;
    end = start + f[1].split(' ').length;
  }
  // X ends at a clause break ("what is sciatica, is it just a bad back?"); a verb of catching it is not its name
  // ("how do I avoid catching the stomach bug").
  const comma = tokens.findIndex((t, i) => i >= start && i < end - 1 && /[,;]/.test(t.post));
  if (comma >= 0) end = comma + 1;
  while (start < end - 1 && TOPIC_VERBS.has(words[start])) start++;
  const rest = words.slice(start, end);
  if (!rest.length || rest.length > 8 || rest.some((w) => PERSONAL.has(w))) return undefined;
  return { start, end };
}
