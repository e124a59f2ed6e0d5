import type { Concept } from '../knowledge/schema';
import { contextOf, buildTriggerIndex, findModifiers, setScopes, type ContextResult } from './context';
import type { ContextRules } from './context-rules';
import { experiencerModel, samePerson, type Experiencer } from './experiencer';
import { extractContext, type PatientContext } from './extract';
import { createMatcher, type Composition, type Matcher } from './matcher';
import { normalizeText } from './normalize';
import { tokenize, type Sentence, type Token } from './tokenize';
import type { Vocabulary } from './vocabulary';

export { normalizeText } from './normalize';
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
};

export type Language = {
  analyze(text: string): Analysis;
  vocabulary: Vocabulary;
  matcher: Matcher;
};

const QUESTION_STARTS = new Set([
  'what', 'how', 'when', 'why', 'which', 'who', 'where', 'is', 'are', 'can', 'could', 'should', 'does', 'do', 'will',
  'would', 'tell', 'explain', 'describe', 'list', 'define', 'whats', 'hows',
]);
/** A person reporting their own (or someone's) symptoms rather than asking about a topic. */
const REPORT_MARKERS = new Set(['i', 'my', 'me', 'mine', 'myself', 'we', 'our', 'us', 'he', 'she', 'his', 'him', 'her']);
/** Words that may come before the question word: "at what temperature...", "so how long...". */
const QUESTION_LEAD = new Set(['at', 'in', 'for', 'so', 'and', 'but', 'ok', 'okay', 'hi', 'hello', 'please', 'quick', 'question', 'from', 'by', 'after', 'also', 'just', 'generally']);
/** Second-hand knowledge is not a symptom: "I read about the glass test". */
const READ_ABOUT = /\b(read about|heard about|read that|heard that|reading about|saw an article|saw a post|article about|on the news|friend said|someone told me)\b/;
const BARE_NO = new Set(['no', 'none', 'nope', 'nil', 'negative', 'nah']);
const MODAL_I = new Set(['do', 'can', 'should', 'would', 'could', 'will', 'shall']);

function isQuestionSentence(tokens: Token[], sentenceText: string, spans: { start: number; end: number }[]): boolean {
  if (!tokens.length) return false;
  const words = tokens.map((t) => t.norm);
  const joined = words.join(' ');
  if (READ_ABOUT.test(joined) && !/\b(i have|i have got|i am)\b/.test(joined)) return true;
  let q = 0;
  while (q < 3 && q < words.length - 1 && QUESTION_LEAD.has(words[q])) q++;
  if (!QUESTION_STARTS.has(words[q]) && !(sentenceText.trim().endsWith('?') && QUESTION_STARTS.has(words[q + 1] ?? ''))) return false;
  // "how do I tell if...", "what should I...": that "I" asks for information, it reports nothing.
  let from = q + 1;
  if (MODAL_I.has(words[from] ?? '') && words[from + 1] === 'i') from += 2;
  else if (MODAL_I.has(words[from + 1] ?? '') && words[from + 2] === 'i') from += 3;
  const base = tokens[0].i;
  // Only a person word close before (or inside) a finding makes it a report: "what should I do, my chest hurts?".
  return !spans.some((m) => {
    for (let i = Math.max(from, m.start - base - 4); i < m.end - base; i++) if (REPORT_MARKERS.has(words[i])) return true;
    return false;
  });
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
}): Language {
  const matcher = createMatcher(deps.vocabulary, deps.isRealWord, deps.compositions ?? []);
  const triggers = buildTriggerIndex(deps.contextRules);
  const kindOf = (id: string) => deps.vocabulary.byId.get(id)?.kind ?? 'finding';

  function analyze(raw: string): Analysis {
    const text = normalizeText(raw);
    const { sentences, tokens } = tokenize(text);
    const person = extractContext(text);
    const who = { ageYears: person.ageYears, ageMonths: person.ageMonths, subject: person.subject };
    const mentions: Mention[] = [];
    let questions = 0;

    for (const s of sentences) {
      // "Rash? no.": a bare answer negates the last thing the sentence before asked about.
      if (s.index > 0 && s.tokens.length <= 2 && s.tokens.length > 0 && BARE_NO.has(s.tokens[0].norm) && sentences[s.index - 1].text.endsWith('?')) {
        const last = [...mentions].reverse().find((m) => m.sentence === s.index - 1);
        if (last && !last.context.negated) {
          last.context.negated = true;
          last.context.triggers.push({ category: 'negated', text: s.tokens[0].norm, source: 'careline' });
          last.question = false;
        }
        continue;
      }
      const matches = matcher.match(s.tokens, who);
      const modifiers = findModifiers(s.tokens, triggers, matches);
      setScopes(s.tokens, modifiers, matches, deps.contextRules.settings);
      const question = isQuestionSentence(s.tokens, s.text, matches);
      if (question) questions++;
      for (const m of matches) {
        mentions.push({
          concept: m.concept,
          kind: kindOf(m.concept),
          start: m.start,
          end: m.end,
          text: text.slice(tokens[m.start].start, tokens[m.end - 1].end),
          sentence: s.index,
          fuzzy: m.fuzzy,
          context: contextOf(m, modifiers),
          question: question && !deps.alwaysCurrent?.has(m.concept),
          experiencer: 'patient',
          boundTo: undefined,
        });
      }
    }

    // Whose finding: the message is about the person of its first current finding.
    const people = experiencerModel(tokens);
    const current = mentions.filter((m) => isCurrent(m) && m.kind !== 'modifier' && m.kind !== 'risk_factor').map((m) => m.start);
    const subject = people.subjectOf(current);
    for (const m of mentions) {
      if (m.context.family) m.experiencer = 'family';
      else if (!samePerson(people.personAt(m.start), subject)) m.experiencer = 'other';
    }

    // A modifier ("suddenly", "severe", "getting worse") qualifies the nearest finding in its sentence.
    mentions.forEach((m, i) => {
      if (m.kind !== 'modifier') return;
      let best = -1;
      let bestD = Infinity;
      mentions.forEach((o, j) => {
        if (o.sentence !== m.sentence || o.kind === 'modifier') return;
        const d = o.end <= m.start ? m.start - o.end + 0.5 : o.start >= m.end ? o.start - m.end : 0;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      });
      if (best >= 0) m.boundTo = best;
    });

    return { text, sentences, tokens, mentions, informational: sentences.length > 0 && questions === sentences.length, person };
  }

  return { analyze, vocabulary: deps.vocabulary, matcher };
}

/** A finding the person has now: not denied, not only possible in the past, not hypothetical or asked about. */
export function isCurrent(m: Pick<Mention, 'context' | 'question'>): boolean {
  const c = m.context;
  return !c.negated && !c.hypothetical && !c.historical && !c.family && !m.question;
}

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
