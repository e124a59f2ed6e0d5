import type { Concept } from '../knowledge/schema';
import { contextOf, buildTriggerIndex, findModifiers, setScopes, type ContextResult, type Modifier } from './context';
import type { ContextRules } from './context-rules';
import { experiencerModel, samePerson, type Experiencer } from './experiencer';
import { extractContext, writerAge, type PatientContext } from './extract';
import { markClearedEvents, markPassedEpisodes } from './episodes';
import { createMatcher, isBodySite, type Composition, type Matcher, type MatcherIndex } from './matcher';
import { normalizeText } from './normalize';
import { tokenize, type Sentence, type Token } from './tokenize';
import type { Vocabulary } from './vocabulary';

export { normalizeText } from './normalize';
export type { Sentence, Token } from './tokenize';
export type { Experiencer } from './experiencer';
export type { ContextResult } from './context';

/**
 * One finding in the message: a vocabulary concept, where it is, and what ConText and the experiencer model
 * decided about it, with the triggers that decided, so every decision can be explained.
 */
export type Mention = {
  concept: string;
  kind: Concept['kind'];
  /** Token positions [start, end) in `Analysis.tokens`. */
  start: number;
  end: number;
  /** The words of the message that matched. */
  text: string;
  sentence: number;
  fuzzy: boolean;
  context: ContextResult;
  /** In a question about a topic ("what are the signs of a stroke?"), not a report. */
  question: boolean;
  experiencer: Experiencer;
  /** For a modifier ("suddenly", "severe", "getting worse"): the index in `mentions` of the finding it qualifies. */
  boundTo?: number;
};

export type Analysis = {
  /** The normalised text (NFKC, invisible characters out). */
  text: string;
  sentences: Sentence[];
  tokens: Token[];
  mentions: Mention[];
  /** Every sentence asks about a topic and none reports anything. */
  informational: boolean;
  /** Who it is about, age, sex, pregnancy, duration, severity and vital signs, read from the words. */
  person: PatientContext;
  /** Medical-looking words that are neither in the vocabulary nor in the English word list ("cholangitis"). */
  unknownMedicalWords: string[];
};

export type Language = {
  /**
   * `antecedents`: words from what the conversation said before (the previous findings' words, latest first), which
   * a pronoun may point back to ("it's bright green" after "he's been sick").
   */
  analyze(text: string, options?: { antecedents?: string[] }): Analysis;
  /**
   * The sentences `analyze` would give, without reading them (no matching, ConText or experiencer): for a check
   * that needs the findings of a text only now and then (a reply's "no need to see a doctor").
   */
  sentences(text: string): Sentence[];
  vocabulary: Vocabulary;
  matcher: Matcher;
};

/** The words after "when" that make it ask ("when should I...", "when is it..."). */
const WHEN_ASKS = new Set(['should', 'shall', 'can', 'could', 'do', 'does', 'did', 'is', 'are', 'will', 'would', 'must', 'to', 'might', 'may']);
const QUESTION_STARTS = new Set([
  'what', 'how', 'when', 'why', 'which', 'who', 'where', 'is', 'are', 'can', 'could', 'should', 'does', 'do', 'will',
  'would', 'tell', 'explain', 'describe', 'list', 'define', 'whats', 'hows',
]);
/** Words that may open a sentence that says what came before is over: "Then it just ...", "It's all ...". */
const POINTING_BACK = new Set(['then', 'it', 'its', 'is', 'has', 'have', 'had', 'just', 'all', 'and', 'but', 'now', 'they', 'theyve', 'that', 'this', 'everything', 'since', 'completely', 'totally', 'so', 'luckily', 'thankfully', 'anyway', 'after', 'a', 'few', 'minutes', 'while', 'went', 'gone', 'got', 'came', 'come', 'been', 'right', 'straight']);
/** Words that make a denial about a problem with a normal function rather than the function itself. */
const PROBLEM_WORDS = new Set(['trouble', 'troubles', 'problem', 'problems', 'issue', 'issues', 'difficulty', 'difficulties', 'change', 'changes', 'concern', 'concerns', 'worries', 'wrong', 'pain', 'bother', 'struggle', 'struggled', 'struggling']);
/** A denial by a verb of its own ("has not", "never"), not a list's "no". */
const VERB_DENIAL = /^(?:not|never|has not|have not|had not|did not|does not|do not|is not|was not|can not|could not|will not|would not)\b/;

/** Words that say next to none of something: "barely felt the baby move". */
const NEAR_NONE = new Set(['barely', 'hardly', 'scarcely']);

/**
 * Whether the normal function said at `local` (a sentence index) is denied, so that its absence is the finding.
 * Only a verb's own denial ("hasn't let off", "not taking her bottle"): a list's "no" ("no rash, feeding well") runs over
 * a function said as well. "has not opened her bowels or passed wind": the denial inside the phrase before the "or"
 * covers it too. "hasn't had any trouble feeding", "no issues with passing urine": the problem is denied, not the
 * function.
 */
function functionDenied(tokens: Token[], local: number, context: ContextResult): boolean {
  let before = local - 1;
  if (tokens[before]?.norm === 'even') before--; // "or even passed wind"
  if (tokens.slice(Math.max(0, before - 6), before + 1).some((t) => PROBLEM_WORDS.has(t.norm))) return false;
  // "I've barely felt the baby move today", "he's hardly passed urine": next to none of a normal function is its loss.
  if (!context.negated && NEAR_NONE.has(tokens[before]?.norm ?? '')) return true;
  if (context.negated) return context.triggers.filter((t) => t.category === 'negated').every((t) => VERB_DENIAL.test(t.text.toLowerCase()));
  return ['or', 'nor'].includes(tokens[before]?.norm ?? '') && tokens.slice(Math.max(0, before - 6), before).some((t) => t.norm === 'not' || t.norm === 'never');
}

/**
 * A last clause that asks, typed without its question mark after a line of story ("she has been told she has X, what
 * is that"): the dialogue layer reads such a turn as a question, and retrieval's relevance check as asking.
 */
export const LAST_CLAUSE_ASKS = /[,;:]\s*(?:what|how|why|which|who|is|are|can|could|should|does|do|will|would)\b[^.!?,;:]*$/i;
/** Words of fear in a hedge ("worried it is", "terrified it is"): what follows is feared, not reported. */
export const FEAR_WORDS = /\b(worried|worry|worrying|concerned|scared|afraid|terrified|frightened|petrified|panicking)\b/;
/** Words that move a modifier to what follows ("the indigestion suddenly turned into a stabbing pain"). */
const CHANGE_WORDS = new Set(['turned', 'became', 'changed', 'progressed', 'developed', 'turning', 'becoming', 'changing']);
/** A modifier's own words that name the pain ("the pain is really bad"). */
const PAIN_WORDS = /\b(pain|pains|ache|aches|hurts?)\b/;

/** A person reporting their own (or someone's) symptoms rather than asking about a topic. */
const REPORT_MARKERS = new Set(['i', 'my', 'me', 'mine', 'myself', 'we', 'our', 'us', 'he', 'she', 'his', 'him', 'her']);
/**
 * Questions that presuppose what they ask about ("when was your last chemo", "how long have you had it", a nurse's
 * "how did the headache start?", "where is the pain?"): the finding is the patient's, not a topic.
 */
const PRESUPPOSING = /^(?:(?:nurse|rn|triage|doctor|dr|me)\s+)?(?:when (?:was|were|did) (?:your|his|her|their|you|he|she|the)\b|how long (?:have|has|had) (?:you|he|she|they)\b|how many (?:times|days|hours)\b|how often (?:do|does|have|has)\b|what time did\b|how (?:did|was) (?:your|his|her|their|the)\b|how bad (?:is|was) (?:your|his|her|their|the|it)\b|where (?:is|was|does|did) (?:your|his|her|their|the)\b|what (?:does|did) (?:your|his|her|their|the) [a-z ]{1,30}(?:feel|look) like\b|what (?:makes|made) (?:your|his|her|their|the|it)\b)/;

/** Words that may come before the question word: "at what temperature...", "so how long...". */
const QUESTION_LEAD = new Set(['at', 'in', 'for', 'so', 'and', 'but', 'ok', 'okay', 'hi', 'hello', 'please', 'quick', 'question', 'from', 'by', 'after', 'also', 'just', 'generally']);
/** A "never" that compares with everything before ("never had pain like this"): the finding is there, not denied. */
const NEVER_LIKE_THIS = /\bnever\b.*\b(?:like (?:this|it|that)|so (?:much|bad|ill|unwell|poorly|sick|severe|painful|breathless|dizzy)|this (?:bad|much|breathless|dizzy|ill|unwell|poorly|sick|severe|painful|weak|tired|sore)|as (?:bad|severe|much|painful))\b/;
const TOPIC_SEARCH = /^(?:the )?(?:early |warning |first |common |main |typical )?(?:signs?|symptoms?|causes?|treatments?|complications?|risk factors?|stages?)(?: and (?:signs?|symptoms?|causes?|treatments?))? (?:of|for)\b|^[a-z' ]{2,40} (?:signs?|symptoms?)(?: in (?:adults|children|babies|men|women|kids))?$/;
const PERSON_WORDS = new Set(['i', 'im', 'me', 'my', 'mine', 'we', 'our', 'us', 'he', 'she', 'his', 'her', 'him', 'they', 'their', 'son', 'daughter', 'baby', 'mum', 'dad', 'husband', 'wife', 'partner', 'patient', 'pt', 'have', 'has', 'had']);
/** Second-hand knowledge is not a symptom: "I read about the glass test". */
const READ_ABOUT = /\b(read about|heard about|read that|heard that|reading about|saw an article|saw a post|article about|on the news|friend said|someone told me)\b/;
/** Word endings of medical terms: a word like this that nothing recognises is a reason for a clinician to look. */
const MEDICAL_WORD = /(itis|osis|emia|aemia|algia|oma|pathy|ectomy|otomy|uria|rrhea|rrhoea|plegia|paresis|trophy|penia|cytosis|lysis|stasis|genic|scopy|gram|sclerosis|ectasis|megaly|iasis)$/;
const BARE_NO = new Set(['no', 'none', 'nope', 'nil', 'negative', 'nah']);
/** How an answer in a Q/A note opens when it denies what was asked. */
const ANSWER_DENIAL = /^(?:no|none|nope|nah|nil|negative|nothing|never|not really|not that i know of|not that i know|not that i have seen|(?:i )?(?:have not|havent|has not|hasnt|did not|didnt) (?:noticed|seen|had|checked)(?: any(?:thing)?)?|not noticed(?: any(?:thing)?)?|denies)\b/;
const MODAL_I = new Set(['do', 'can', 'should', 'would', 'could', 'will', 'shall']);

/**
 * Is the sentence a question about a topic, and which words does it ask about? A question starts with a question
 * word (after "so", "ok", "quick question"...) or ends with "?"; "couldn't stop being sick" is a statement.
 * Within a question, only findings with a person word close before them are reports ("what should I do, my chest
 * hurts?"); the others are asked about. `asksWhetherItIs` catches "could this be appendicitis?", "is this a heart
 * attack?": the person suspects it (possible), they are not asking about a topic.
 */
function questionOf(tokens: Token[], sentenceText: string): { question: boolean; from: number; asksWhetherItIs: boolean; tail?: boolean; topic?: boolean } {
  const none = { question: false, from: 0, asksWhetherItIs: false };
  if (!tokens.length) return none;
  const words = tokens.map((t) => t.norm);
  const joined = words.join(' ');
  if (READ_ABOUT.test(joined) && !/\b(i have|i have got|i am)\b/.test(joined)) return { question: true, from: 0, asksWhetherItIs: false };
  // A topic typed as a search ("symptoms of shingles", "signs of sepsis in adults", "shingles symptoms"), with no person
  // in it, asks about the topic: it reports nothing.
  if (TOPIC_SEARCH.test(joined) && !words.some((w) => PERSON_WORDS.has(w)) && !QUESTION_STARTS.has(words[0]) && !/\?/.test(sentenceText)) return { question: true, from: 0, asksWhetherItIs: false, topic: true };
  let q = 0;
  while (q < 3 && q < words.length - 1 && QUESTION_LEAD.has(words[q])) q++;
  // A question quoted in a note ends in its closing quote or bracket: "CC: 'is it a stroke?'".
  const endsWithQ = /\?[\s'"‘’“”)\]]*$/.test(sentenceText);
  const startsWithQ = QUESTION_STARTS.has(words[q]) && !(MODAL_I.has(words[q]) || ['is', 'are', 'could', 'can', 'should', 'would', 'will', 'does', 'did'].includes(words[q]) ? words[q + 1] === 'not' : false);
  if (!startsWithQ && !endsWithQ && !(QUESTION_STARTS.has(words[q + 1] ?? '') && endsWithQ)) return none;
  // "What happened: bee sting at recess", "How long: 2 days", "When did it start: this morning": a question word that
  // heads the label of a form's field asks nothing; what follows the colon answers it.
  if (startsWithQ && !endsWithQ && tokens.slice(q, q + 5).some((t, k) => t.post.includes(':') && k + q < tokens.length - 1)) return none;
  // "When I gently rub it, the skin peels off": a "when" clause with no question mark and no asking verb after it
  // ("when should", "when can") tells when something happens; it asks nothing.
  if (startsWithQ && words[q] === 'when' && !endsWithQ && !WHEN_ASKS.has(words[q + 1] ?? '')) return none;
  // "how do I tell if...", "what should I...": that "I" asks for information, it reports nothing.
  // "70M sudden back and abdo pain, feels faint - aaa?": a report whose last clause asks; see questionClauseStart.
  if (!startsWithQ) return { question: true, from: 0, asksWhetherItIs: false, tail: endsWithQ };
  let from = q + 1;
  if (MODAL_I.has(words[from] ?? '') && words[from + 1] === 'i') from += 2;
  else if (MODAL_I.has(words[from + 1] ?? '') && words[from + 2] === 'i') from += 3;
  const asksWhetherItIs = /^(so |ok |and )?(could|can|might|would|is|are|was) (this|it|that|these|they|he|she) (be |have |having )?/.test(words.slice(q).join(' ')) ||
    /\b(is|could|might) (this|it) (be )?(a |an )?$/.test(joined.slice(0, 40));
  return { question: true, from, asksWhetherItIs };
}

/**
 * Where the asking part of a question sentence starts: the clause of its first question word when that word is
 * not at the start ("sore throat for 5 days, what can I take?"); else the sentence start.
 */
function questionClauseStart(tokens: Token[], tail = false): number {
  const base = tokens[0]?.i ?? 0;
  const q = tokens.findIndex((t, k) => k > 0 && QUESTION_WORDS.has(t.norm) && /[,;:-]/.test(tokens[k - 1].post));
  if (q > 0) return base + q;
  // A statement that ends in "?" with no question word ("sudden back pain, feels faint - aaa?", "sore throat for 5
  // days, antibiotics?"): only its last clause asks; what comes before is reported.
  if (tail) {
    for (let k = tokens.length - 1; k > 0; k--) if (/[,;:\u2013\u2014-]/.test(tokens[k - 1].post)) return base + k;
  }
  return base;
}
const QUESTION_WORDS = new Set(['what', 'how', 'when', 'why', 'which', 'who', 'where', 'is', 'are', 'can', 'could', 'should', 'does', 'do', 'will', 'would', 'any', 'anything']);

/** Is there a person word close before (or inside) a finding, outside the question's own "how do I"? */
function reportedNear(tokens: Token[], from: number, start: number, end: number): boolean {
  const base = tokens[0].i;
  for (let i = Math.max(from, start - base - 4); i < end - base; i++) if (REPORT_MARKERS.has(tokens[i]?.norm ?? '')) return true;
  return false;
}

/**
 * The shared language layer: normalise -> sentences and tokens -> who and what (age, vital signs) -> vocabulary
 * concepts (with sense guards) -> ConText categories and the experiencer of each finding. Pure and synchronous;
 * triage, the dialogue layer and retrieval all read a message through it, once.
 */
export function createLanguage(deps: {
  vocabulary: Vocabulary;
  contextRules: ContextRules;
  isRealWord: (w: string) => boolean;
  compositions?: Composition[];
  /** Concepts that are reports even inside a question ("is it normal that my baby is floppy?"). */
  alwaysCurrent?: Set<string>;
  /** Feelings a writer has about someone else's illness ("I'm panicking"): the writer's, not the patient's. */
  writerReactions?: Set<string>;
  /** The matcher's index over `vocabulary`, when the caller built it already (start-up does, in slices). */
  matcherIndex?: MatcherIndex;
}): Language {
  const matcher = createMatcher(deps.vocabulary, deps.isRealWord, deps.compositions ?? [], deps.matcherIndex);
  const triggers = buildTriggerIndex(deps.contextRules);
  const kindOf = (id: string) => deps.vocabulary.byId.get(id)?.kind ?? 'finding';

  function analyze(raw: string, options: { antecedents?: string[] } = {}): Analysis {
    const text = normalizeText(raw);
    const { sentences, tokens } = tokenize(text);
    const person = extractContext(text);
    const who = { ageYears: person.ageYears, ageMonths: person.ageMonths, subject: person.subject };
    const mentions: Mention[] = [];
    let questions = 0;

    // Words of the sentences read so far, nearest first, then the conversation's: what a pronoun may point back to.
    let earlier: string[] = [];
    // Every word said before, for a sense guard that asks for a word anywhere in the message.
    let said: string[] = [];
    for (const s of sentences) {
      // "Rash? no.": a bare answer negates the last thing the sentence before asked about.
      if (s.index > 0 && s.tokens.length === 1 && BARE_NO.has(s.tokens[0].norm) && sentences[s.index - 1].text.endsWith('?')) {
        const last = [...mentions].reverse().find((m) => m.sentence === s.index - 1);
        if (last && !last.context.negated) {
          last.context.negated = true;
          last.context.triggers.push({ category: 'negated', text: s.tokens[0].norm, source: 'careline' });
          last.question = false;
        }
        continue;
      }
      // A telephone note's answer ("Q: knocked out or vomiting? A: 'no, he's back to playing'", "Q: fever? A: 'haven't
      // noticed any'"): an answer that opens with a denial denies what its short question asked about, all of it; the
      // rest of the answer is read as usual.
      const denial = s.index > 0 && /^\s*A\s*:/i.test(s.text) ? ANSWER_DENIAL.exec(s.tokens.slice(1).map((t) => t.norm).join(' ')) : null;
      const asked = s.index > 0 ? sentences[s.index - 1] : undefined;
      if (denial && asked && asked.text.endsWith('?') && asked.tokens.length <= 8) {
        for (const m of mentions) {
          if (m.sentence !== asked.index || m.context.negated) continue;
          m.context.negated = true;
          m.context.triggers.push({ category: 'negated', text: `A: ${denial[0]}`, source: 'careline' });
          m.question = false;
        }
        if (denial[0].split(' ').length === s.tokens.length - 1) continue;
      }
      const matches = matcher.match(s.tokens, who, [...earlier, ...(options.antecedents ?? [])], [...said, ...(options.antecedents ?? [])]);
      // (A word in another sense than a body part is no antecedent: "the back of my hand".)
      const words = s.tokens.map((t) => t.norm);
      earlier = [...words.map((w, k) => (isBodySite(words, k) ? w : '')).reverse(), ...earlier];
      said = [...words.slice().reverse(), ...said];
      // A composition is read by ConText at its own word: "urine dip neg for blood" denies the blood.
      const spans = matches.map((m) => m.focus ?? m);
      const modifiers = findModifiers(s.tokens, triggers, spans);
      setScopes(s.tokens, modifiers, spans, deps.contextRules.settings);
      let q = questionOf(s.tokens, s.text);
      // A checklist ("SOB? on exertion only. Rash? none."): a finding with a "?" and an answer after it is a report.
      const next = sentences[s.index + 1];
      if (q.question && s.text.endsWith('?') && next && s.tokens.length <= 5 && !QUESTION_STARTS.has(s.tokens[0].norm)) q = { question: false, from: 0, asksWhetherItIs: false };
      const reported = q.question && matches.some((m) => reportedNear(s.tokens, q.from, m.start, m.end));
      if (q.question && !reported) questions++;
      // "... I couldn't do my buttons. Then it just went back to normal.", "It's all calmed down now, ...": a sentence that
      // opens by saying it is over, with nothing of its own before that, ends what the sentence before it told.
      // So does one with nothing of its own whose "it" is over: "I pinched it like the website said and it stopped".
      const itIsOver = (o: Modifier) => !spans.length && ['it', 'they', 'that', 'this'].some((w) => s.tokens.slice(Math.max(0, o.start - s.tokens[0].i - 2), o.start - s.tokens[0].i).some((t) => t.norm === w));
      const over = modifiers.find((o) => o.rule.category === 'resolved' && !spans.some((sp) => sp.start < o.start) &&
        (s.tokens.slice(0, o.start - s.tokens[0].i).every((t) => POINTING_BACK.has(t.norm)) || itIsOver(o)) && !(o.scope && spans.some((sp) => sp.start >= o.scope!.start && sp.end <= o.scope!.end)));
      // (The last sentence that told something: "... couldn't get enough air. It was in the queue. It's all calmed down".)
      const told = over ? mentions.reduce((last, m) => Math.max(last, m.sentence), -1) : -1;
      if (over && told >= 0) {
        for (const m of mentions) {
          if (m.sentence !== told) continue;
          const c = m.context;
          // (A medicine or a risk told there is not over: "on warfarin, 3 nosebleeds this week. This one stopped".)
          if (c.negated || c.hypothetical || c.historical || c.resolved || c.family || m.question || m.kind === 'risk_factor') continue;
          c.resolved = true;
          c.triggers.push({ category: 'resolved', text: over.text, source: 'careline' });
        }
      }
      for (const m of matches) {
        // A word that is itself a denial ("afebrile") is the concept it denies, negated.
        const negates = deps.vocabulary.byId.get(m.concept)?.negates;
        let concept = negates ?? m.concept;
        const context = contextOf({ ...(m.focus ?? m), kind: kindOf(concept) }, modifiers);
        if (negates) {
          context.negated = true;
          context.triggers.push({ category: 'negated', text: m.phrase, source: 'careline' });
        }
        // A normal function denied is a finding: "hasn't even let off any wind" is "cannot pass wind", present.
        const deniedMeans = !negates ? deps.vocabulary.byId.get(m.concept)?.denied_means : undefined;
        if (deniedMeans && !context.hypothetical && functionDenied(s.tokens, m.start - s.tokens[0].i, context)) {
          concept = deniedMeans;
          context.negated = false;
          context.triggers = context.triggers.filter((t) => t.category !== 'negated');
        }
        // "I've never had pain like this", "never seen her in so much pain", "never felt this breathless": a comparison
        // with everything before, so the finding is there and worse than ever, not denied.
        if (context.negated && !negates && context.triggers.some((t) => t.category === 'negated' && /^never\b/.test(t.text)) && NEVER_LIKE_THIS.test(s.text.toLowerCase())) {
          context.negated = false;
          context.triggers = context.triggers.filter((t) => !(t.category === 'negated' && /^never\b/.test(t.text)));
        }
        // In "sore throat for 5 days, getting worse, what can I take?" only the clause with the question word asks.
        const askedFrom = q.question ? questionClauseStart(s.tokens, q.tail) : 0;
        // (A searched topic is a condition: "chest pain symptoms" may still be someone's chest pain.)
        let question = q.question && m.start >= askedFrom && !reportedNear(s.tokens, q.from, m.start, m.end) && !deps.alwaysCurrent?.has(concept) && !(q.topic && kindOf(concept) !== 'condition');
        // A nurse's "When was your last chemo?" or "How long have you had the pain?" takes the finding as given: the question
        // is about when or how much, not whether.
        if (question && PRESUPPOSING.test(words.join(' '))) question = false;
        if (question && (q.asksWhetherItIs || q.tail) && kindOf(concept) === 'condition') {
          // "Could this be appendicitis?": suspected, not a question about a topic.
          question = false;
          if (!context.negated) {
            context.possible = true;
            context.triggers.push({ category: 'possible', text: 'is it / could it be', source: 'careline' });
          }
        }
        mentions.push({
          concept,
          kind: kindOf(concept),
          start: m.start,
          end: m.end,
          text: text.slice(tokens[m.start].start, tokens[m.end - 1].end),
          sentence: s.index,
          fuzzy: m.fuzzy,
          context,
          question,
          experiencer: 'patient',
          boundTo: undefined,
        });
      }
    }

    markPassedEpisodes(sentences, mentions);
    markClearedEvents(sentences, mentions);

    // Whose finding: who the message is about (see experiencer.ts); family history only of someone else.
    const people = experiencerModel(tokens);
    const namesSomeoneElse = tokens.some((_, i) => people.personAt(i).startsWith('rel:'));
    // The writer's own reaction ("I'm panicking") when they write about someone else.
    const reaction = (m: Mention) => namesSomeoneElse && deps.writerReactions?.has(m.concept) === true && people.personOf(m.start, m.end) === 'self';
    // A finding inside another's words ("fever" in "glandular fever") is not a second finding of that person.
    const inside = (m: Mention) => mentions.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start);
    // A family-history heading earlier in the mention's sentence ("FHx: mother T2DM, HTN"): where each sentence's first
    // heading starts, found once.
    const headingStart = new Map<number, number>();
    tokens.forEach((t, k) => {
      const heading = FAMILY_HISTORY_HEADINGS.has(t.norm) || (t.norm === 'family' && tokens[k + 1]?.norm === 'history');
      if (heading && !headingStart.has(t.sentence)) headingStart.set(t.sentence, t.i);
    });
    const underFamilyHeading = (m: Mention) => (headingStart.get(m.sentence) ?? Infinity) < m.start;
    // A feared diagnosis ("my son has a runny nose and I'm worried it's meningitis") is the writer's worry about
    // someone, not a finding that makes the writer the subject.
    const feared = (m: Mention) => m.kind === 'condition' && m.context.possible && m.context.triggers.some((t) => t.category === 'possible' && FEAR_WORDS.test(t.text));
    const subject = people.subjectOf(
      mentions.filter((m) => m.kind !== 'modifier' && m.kind !== 'risk_factor' && !reaction(m) && !inside(m) && !feared(m)).map((m) => ({ at: m.start, end: m.end, current: isCurrent(m) })),
    );
    // The writer's own illness told beside a child's age ("I'm 30 and my baby is 6 weeks old, I'm breastfeeding ...
    // I've got a temperature"): the findings are the writer's, so are the age and the subject.
    if (subject === 'self' && person.subject === 'child') {
      const own = writerAge(text);
      if (own !== undefined) Object.assign(person, { subject: 'self', ageYears: own, ageMonths: own * 12, infantAgeUnknown: false });
    }
    for (const m of mentions) {
      const person = people.personOf(m.start, m.end);
      const same = samePerson(person, subject) && !(reaction(m) && subject !== 'self');
      // (Not under a family-history heading: "FHx: mother T2DM" is the patient's family history whoever else is named.)
      const heading = underFamilyHeading(m);
      // A condition listed under the heading is family history even where the heading's own scope ended.
      if (heading && m.kind === 'condition' && !m.context.family && !m.context.negated) {
        m.context.family = true;
        m.context.triggers.push({ category: 'family', text: 'family history heading', source: 'careline' });
      }
      if (m.context.family && same && person !== 'self' && person !== 'patient' && !heading) {
        m.context.family = false; // "my mum has diabetes" in a message about mum is mum's own condition
        m.context.triggers = m.context.triggers.filter((t) => t.category !== 'family');
      }
      if (m.context.family) m.experiencer = 'family';
      else if (!same) m.experiencer = 'other';
    }

    // A modifier ("suddenly", "severe", "getting worse") qualifies the nearest finding in its sentence.
    // A modifier that names the pain ("the pain is really bad") qualifies the nearest pain, not any finding.
    const isPain = (o: Mention) => /pain|ache/.test(o.concept);
    mentions.forEach((m, i) => {
      if (m.kind !== 'modifier') return;
      let best = -1;
      let bestD = Infinity;
      const pains = PAIN_WORDS.test(m.text.toLowerCase()) ? mentions.filter((o) => o.sentence === m.sentence && isPain(o)).length : 0;
      // "pain in my back and tummy ... the pain is really bad": both; a modifier bound to none qualifies every finding.
      if (pains > 1) return;
      const painOnly = pains === 1;
      // "the indigestion suddenly turned into a stabbing pain": the change is the new finding's.
      const into = tokens.slice(m.end, m.end + 2).some((t) => CHANGE_WORDS.has(t.norm));
      mentions.forEach((o, j) => {
        if (o.sentence !== m.sentence || o.kind === 'modifier' || (painOnly && !isPain(o)) || (into && o.start < m.end)) return;
        const d = o.end <= m.start ? m.start - o.end + 0.5 : o.start >= m.end ? o.start - m.end : 0;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      });
      if (best >= 0) m.boundTo = best;
    });

    const covered = new Set(mentions.flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
    const unknownMedicalWords = [
      ...new Set(tokens.filter((t, i) => !covered.has(i) && t.norm.length >= 6 && MEDICAL_WORD.test(t.norm) && !deps.isRealWord(t.norm) && !matcher.fuzzy(t.norm).length).map((t) => t.norm)),
    ];
    return { text, sentences, tokens, mentions, informational: sentences.length > 0 && questions === sentences.length, person, unknownMedicalWords };
  }

  return { analyze, sentences: (raw) => tokenize(normalizeText(raw)).sentences, vocabulary: deps.vocabulary, matcher };
}

/** A finding the person has now: not denied, not only possible in the past, not hypothetical or asked about. */
export function isCurrent(m: Pick<Mention, 'context' | 'question'>): boolean {
  const c = m.context;
  return !c.negated && !c.hypothetical && !c.historical && !c.family && !m.question;
}

/**
 * The words of knowledge/context/careline.yaml's family-history triggers that head a list ("FHx:", "FH:"; "family
 * history" is matched as two words), as opposed to a relative's illness ("mother has").
 */
const FAMILY_HISTORY_HEADINGS = new Set(['fhx', 'fh']);

/** The one-word status used in the API and the eval report (a finding's main ConText category). */
export function statusOf(m: Pick<Mention, 'context' | 'question' | 'experiencer'>): 'current' | 'negated' | 'resolved' | 'past' | 'possible' | 'hypothetical' | 'question' | 'family' | 'other' {
  const c = m.context;
  if (c.resolved) return 'resolved';
  if (c.family || m.experiencer === 'family') return 'family';
  if (c.negated) return 'negated';
  if (c.hypothetical) return 'hypothetical';
  if (c.historical) return 'past';
  if (m.question) return 'question';
  if (m.experiencer === 'other') return 'other';
  if (c.possible) return 'possible';
  return 'current';
}
