import nlp from 'compromise';
import { normalizeWord, type LexiconIndex } from './lexicon-index';

export type FindingContext = 'current' | 'negated' | 'resolved' | 'past' | 'question' | 'hypothetical';

export type Mention = {
  concept: string;
  /** The words in the message that matched. */
  text: string;
  context: FindingContext;
  sentence: number;
};

type Token = { word: string; raw: string; post: string; verb: boolean };

const NEGATION_CUES = new Set([
  'no', 'not', 'without', 'denies', 'denied', 'deny', 'never', 'nor', 'neither', 'dont', 'doesnt', 'didnt',
  'havent', 'hasnt', 'hadnt', 'isnt', 'arent', 'wasnt', 'werent', 'aint', 'none', 'nothing', 'free',
]);
/** Words after a cue that turn it into something else: "no better", "not stopping", "not sure". */
const PSEUDO_NEGATION_NEXT = new Set([
  'better', 'sure', 'only', 'just', 'improving', 'improved', 'stopping', 'stop', 'stopped', 'going', 'go', 'getting',
  'helping', 'help', 'helped', 'working', 'work', 'easing', 'eased', 'settling', 'settled', 'changed', 'change', 'longer',
  'doubt', 'matter', 'idea', 'know', 'certain', 'until',
]);
/** Words that may sit between a list cue and a later item: "no fever, rash or stiff neck". */
const LIST_GLUE = new Set(['or', 'and', 'nor', 'any', 'a', 'an', 'signs', 'sign', 'of', 'real', 'obvious', 'new', 'other', 'also']);
const POST_NEGATION = new Set(['none', 'nil', 'negative', 'absent', 'denied', 'gone', 'resolved', 'no']);
const BARE_NO = new Set(['no', 'none', 'nope', 'nil', 'negative', 'nah']);
const CLAUSE_BREAK_WORDS = new Set(['but', 'however', 'although', 'though', 'yet', 'except', 'apart', 'whereas', 'still', 'now', 'then', 'because', 'which']);
const HYPOTHETICAL_CUES = new Set(['if', 'whether', 'unless', 'incase']);
const QUESTION_STARTS = new Set([
  'what', 'whats', 'how', 'when', 'why', 'which', 'who', 'where', 'is', 'are', 'can', 'could', 'should', 'does', 'do',
  'will', 'would', 'tell', 'explain', 'describe', 'list', 'define',
]);
/** A person reporting their own (or someone's) symptoms rather than asking about a topic. */
const REPORT_MARKERS = new Set(['i', 'im', 'ive', 'id', 'my', 'me', 'mine', 'myself', 'we', 'our', 'us', 'he', 'she', 'hes', 'shes', 'his', 'him']);
/** Words that may come before the question word: "at what temperature...", "so how long...". */
const QUESTION_LEAD = new Set(['at', 'in', 'for', 'so', 'and', 'but', 'ok', 'okay', 'hi', 'hello', 'please', 'quick', 'question', 'from', 'by', 'after', 'also', 'just', 'generally', 'in general']);
/** Second-hand knowledge is not a symptom: "I read about the glass test". */
const READ_ABOUT = /\b(read about|heard about|read that|heard that|reading about|saw an article|saw a post|article about|on the news|my friend said|someone told me)\b/;
/** Remote-past markers: only these make a finding "past"; a bare "had" does not (chest pain this morning still counts). */
const PAST_PATTERNS = [
  /\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several|many)\s+(years?|yrs?|months?)\s+ago\b/,
  /\b(\d+|two|three|four|five|six|few|several)\s+weeks?\s+ago\b/,
  /(?<!\bthe\s)\b(last|previous)\s+(year|month|summer|winter|spring|autumn|fall|christmas)\b/,
  /\bin\s+(19|20)\d\d\b/,
  /\b(history of|hx of|h\/o|used to have|used to get|as a (kid|child|teenager|baby|toddler|newborn)|when i was (a )?(kid|child|younger|little|young)|when (?:i|he|she|they) (?:was|were) (?:\d+|born|at (?:uni|university|school|college)|in (?:school|college|my \w+)|a (?:baby|kid|child|teenager|toddler)|little|young|younger|small|pregnant with)|(?:years|months) ago|years back|back in|previously had|in the past|was hospitali[sz]ed|ended up in hospital with)\b/,
  /\b(family history|runs in (the|my|our) family)\b/,
];
const PRESENT_PATTERNS = /\b(now|again|today|tonight|currently|right now|at the moment|this morning|this evening|this afternoon|since|started|for the (last|past))\b/;
/** After a mention: "temp is normal", "fever has come down" deny it; "the droop has gone" says it resolved. */
const NEGATED_AFTER = /^(normal|fine|ok|okay|none|nil)\b/;
const NEGATED_AFTER_RAW = /^(is|has|have|it has|its|it is)\s+(gone |come )?down\b/;
const RESOLVED_AFTER = /^(gone|not anymore|no more|no longer|went away|has gone|have gone|has stopped|stopped|has settled|settled|is gone|are gone|has resolved|resolved|cleared up|has cleared|back to normal|gone back to normal|went back to normal)\b/;

function tokenize(sentence: { terms: { normal?: string; text: string; post: string; tags: string[] }[] }): Token[] {
  const tokens: Token[] = [];
  for (const t of sentence.terms) {
    const norm = normalizeWord(t.normal ?? t.text);
    const parts = norm.split(/\s+/).filter(Boolean);
    if (!parts.length) {
      // compromise expands "can't" into a hidden "not" term; keep its punctuation on the previous token.
      if (tokens.length) tokens[tokens.length - 1].post += t.post;
      continue;
    }
    parts.forEach((word, k) =>
      tokens.push({
        word,
        raw: t.text,
        post: k === parts.length - 1 ? t.post : ' ',
        verb: t.tags.includes('Verb') && !t.tags.includes('Auxiliary') && !t.tags.includes('Modal'),
      }),
    );
  }
  return tokens;
}

/** A hard break ends negation and past scope; a comma is a soft one (see scope rules below). */
function breakAfter(token: Token): 'hard' | 'soft' | null {
  if (/[.;!?:\n]|--|—|\s-\s/.test(token.post)) return 'hard';
  if (/[,)(]/.test(token.post)) return 'soft';
  return null;
}

function isQuestionSentence(tokens: Token[], rawSentence: string, matches: { start: number; end: number }[]): boolean {
  if (!tokens.length) return false;
  const words = tokens.map((t) => t.word);
  if (READ_ABOUT.test(words.join(' ')) && !/\b(i have|ive got|i am|im)\b/.test(words.join(' '))) return true;
  let q = 0;
  while (q < 3 && q < words.length - 1 && QUESTION_LEAD.has(words[q])) q++;
  if (!QUESTION_STARTS.has(words[q]) && !(rawSentence.trim().endsWith('?') && QUESTION_STARTS.has(words[q + 1] ?? ''))) return false;
  // "how do I tell if...", "what should I..." ask for information: that "I" is not a report.
  let from = q + 1;
  if (['do', 'can', 'should', 'would', 'could', 'will', 'shall'].includes(words[from] ?? '') && words[from + 1] === 'i') from += 2;
  else if (['do', 'can', 'should', 'would', 'could', 'will', 'shall'].includes(words[from + 1] ?? '') && words[from + 2] === 'i') from += 3;
  // "what should I do, my chest hurts?" reports a symptom; "what are the signs of a stroke?" does not, and
  // neither does "what are the signs that someone is suicidal, so I know what to look for?": only a person
  // word close before (or inside) a symptom makes it a report.
  return !matches.some((m) => {
    for (let i = Math.max(from, m.start - 4); i < m.end; i++) if (REPORT_MARKERS.has(words[i])) return true;
    return false;
  });
}

export type Analysis = { mentions: Mention[]; sentences: string[]; informational: boolean };

/**
 * Finds lexicon concepts in the message and decides, per mention, whether it is current, negated, past,
 * hypothetical or only asked about. Scopes are clause-bound: a cue never reaches into the next sentence,
 * past "but", or past a comma unless the comma only separates items of a negated list.
 */
export type Composition = { words: Set<string>; sites: Map<string, string> };
export type CompositionRules = { compositions: Composition[]; modifiers: Set<string>; alwaysCurrent?: Set<string> };

export function analyzeText(text: string, index: LexiconIndex, rules: CompositionRules = { compositions: [], modifiers: new Set() }): Analysis {
  const doc = nlp(text);
  const json = doc.json({ terms: { normal: true } }) as { text: string; terms: { normal?: string; text: string; post: string; tags: string[] }[] }[];
  const mentions: Mention[] = [];
  let questions = 0;

  json.forEach((sentence, s) => {
    const tokens = tokenize(sentence);
    // "Rash? no." arrives as two sentences: the bare answer negates the last thing asked about.
    if (s > 0 && tokens.length <= 2 && tokens.length > 0 && BARE_NO.has(tokens[0].word) && json[s - 1].text.trim().endsWith('?')) {
      const last = [...mentions].reverse().find((m) => m.sentence === s - 1);
      if (last && last.context === 'current') last.context = 'negated';
      return;
    }
    const words = tokens.map((t) => t.word);

    // 1. concept matches, longest first, left to right
    const matches = selectMatches(words, index);
    for (const c of rules.compositions) addCompositionMatches(words, matches, c, rules.modifiers);
    matches.sort((a, b) => a.start - b.start);
    const question = isQuestionSentence(tokens, sentence.text, matches);
    if (question) questions++;
    const inMatch = new Set(matches.flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));

    // Clause ids: a new clause after any break (comma included) and at words like "but"; hard clauses only
    // after sentence punctuation and break words.
    const clause: number[] = [];
    const hardClause: number[] = [];
    let c = 0;
    let h = 0;
    tokens.forEach((t, i) => {
      const newStatement = t.word === 'and' && NEW_SUBJECT.has(tokens[i + 1]?.word ?? '');
      if (i > 0 && (CLAUSE_BREAK_WORDS.has(t.word) || newStatement) && !inMatch.has(i)) {
        c++;
        h++;
      }
      clause.push(c);
      hardClause.push(h);
      const b = breakAfter(t);
      if (b) c++;
      if (b === 'hard') h++;
    });
    const matchAt = (i: number) => matches.find((x) => i >= x.start && i < x.end);
    // For past/present, "and" also separates: "I had a stroke back in 2019 and today I have a runny nose".
    const sub: number[] = [];
    let k = 0;
    tokens.forEach((t, i) => {
      if (i > 0 && (clause[i] !== clause[i - 1] || (t.word === 'and' && !inMatch.has(i)))) k++;
      sub.push(k);
    });
    const subWords = (id: number) => tokens.filter((_, i) => sub[i] === id).map((t) => t.word).join(' ');
    const clauseWords = (id: number) => tokens.filter((_, i) => clause[i] === id).map((t) => t.word).join(' ');
    const isPastText = (txt: string) => PAST_PATTERNS.some((p) => p.test(txt)) && !PRESENT_PATTERNS.test(txt);
    const isPastClause = (id: number) => isPastText(clauseWords(id));
    // "I had a heart attack, 5 years ago": a time phrase after a comma belongs to the clause before it.
    const pastByTrailer = (id: number) =>
      !matches.some((x) => clause[x.start] === id + 1) &&
      tokens.some((_, i) => clause[i] === id + 1 && hardClause[i] === hardClause[tokens.findIndex((__, j) => clause[j] === id)]) &&
      isPastClause(id + 1);

    for (const m of matches) {
      const context = negationOrHypothesis(tokens, m.start, hardClause, matchAt) ??
        postNegated(tokens, m.end, hardClause) ??
        (isPastText(subWords(sub[m.start])) || isPastClause(clause[m.start]) || pastByTrailer(clause[m.start]) ? 'past' : null) ??
        (question && !rules.alwaysCurrent?.has(m.concept) ? 'question' : 'current');
      mentions.push({
        concept: m.concept,
        text: tokens.slice(m.start, m.end).map((t) => t.raw).filter((r, k, a) => a.indexOf(r) === k).join(' '),
        context,
        sentence: s,
      });
    }
  });

  return {
    mentions,
    sentences: json.map((s) => s.text),
    informational: json.length > 0 && questions === json.length,
  };
}

const WEAK_WORDS = new Set(['a', 'an', 'the', 'my', 'i', 'im', 'ive', 'have', 'got', 'of', 'is', 'it', 'in', 'on']);

/**
 * Every position's longest phrase, then the non-overlapping set that keeps the most contentful spans first:
 * in "a cold sore", "cold sore" beats "a cold" because "a" carries no meaning.
 */
function selectMatches(words: string[], index: LexiconIndex): { concept: string; start: number; end: number }[] {
  const all: { concept: string; start: number; end: number; weight: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = index.matchAt(words, i);
    if (!m) continue;
    const content = words.slice(i, m.end).filter((w) => !WEAK_WORDS.has(w)).length;
    all.push({ concept: m.concept, start: i, end: m.end, weight: content * 10 + (m.end - i) });
  }
  all.sort((a, b) => b.weight - a.weight || a.start - b.start);
  const taken = new Set<number>();
  const chosen: { concept: string; start: number; end: number }[] = [];
  for (const m of all) {
    let free = true;
    for (let i = m.start; i < m.end; i++) if (taken.has(i)) free = false;
    if (!free) continue;
    for (let i = m.start; i < m.end; i++) taken.add(i);
    chosen.push({ concept: m.concept, start: m.start, end: m.end });
  }
  // A phrase that only partly overlaps a chosen one still counts when its own part carries meaning:
  // "pregnant and bleeding heavily" is both vaginal bleeding and heavy bleeding.
  for (const m of all) {
    if (chosen.some((c) => c.start === m.start && c.end === m.end) || chosen.some((c) => c.concept === m.concept)) continue;
    const own = words.slice(m.start, m.end).filter((w, k) => !taken.has(m.start + k) && !WEAK_WORDS.has(w));
    const inside = chosen.some((c) => m.start >= c.start && m.end <= c.end);
    if (own.length && !inside) chosen.push({ concept: m.concept, start: m.start, end: m.end });
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * "sharp pain in the right side of my chest": a pain word within 7 words of a body part, in the same stretch
 * of text and outside any lexicon phrase, makes that body part's pain finding.
 */
function addCompositionMatches(
  words: string[],
  matches: { concept: string; start: number; end: number }[],
  pain: Composition,
  modifiers: Set<string>,
): void {
  const covered = (i: number) => matches.some((m) => i >= m.start && i < m.end);
  const found = new Set(matches.map((m) => m.concept));
  for (let i = 0; i < words.length; i++) {
    if (!pain.words.has(words[i]) || (covered(i) && !matches.some((m) => i >= m.start && i < m.end && modifiers.has(m.concept)))) continue;
    for (let d = 1; d <= 7; d++) {
      for (const j of [i + d, i - d]) {
        const concept = pain.sites.get(words[j] ?? '');
        if (!concept || covered(j) || found.has(concept)) continue;
        const between = words.slice(Math.min(i, j), Math.max(i, j));
        if (between.some((w) => w === 'but' || w === 'because' || w === 'after' || NEGATION_CUES.has(w))) continue;
        matches.push({ concept, start: Math.min(i, j), end: Math.max(i, j) + 1 });
        found.add(concept);
        d = 8;
        break;
      }
    }
  }
}

/** Verbs that carry a negation on to their object: "I don't really have chest pain", "denies feeling faint". */
const SCOPE_VERBS = new Set(['have', 'has', 'had', 'having', 'get', 'got', 'getting', 'feel', 'feeling', 'felt', 'think', 'notice', 'noticed', 'see', 'seen', 'experience', 'experienced', 'report', 'reports', 'complain', 'complains', 'show', 'shows', 'seem', 'seems', 'suffer', 'suffering', 'appear']);

const FILLER_ADVERBS = new Set(['really', 'even', 'actually', 'usually', 'always', 'ever']);
/** "and" followed by a new subject starts a new statement: "... without goggles and something flew into my eye". */
const NEW_SUBJECT = new Set(['i', 'im', 'ive', 'he', 'hes', 'she', 'shes', 'his', 'her', 'my', 'their', 'our', 'it', 'its', 'they', 'we', 'you', 'something', 'someone', 'then', 'now', 'this', 'that', 'there', 'theres']);

const HEDGES_BEFORE_IF = new Set(['know', 'sure', 'wonder', 'wondering', 'see', 'tell', 'check', 'unsure', 'ask', 'asking']);

/**
 * Looks back from a mention for a negation or "if" cue in the same clause. A comma between cue and mention
 * ends the scope unless everything in between is list material: "no fever, rash or stiff neck" negates all
 * three, "I don't have a fever, my chest hurts" negates only the fever.
 */
function negationOrHypothesis(
  tokens: Token[],
  start: number,
  hardClause: number[],
  matchAt: (i: number) => { start: number; end: number } | undefined,
): FindingContext | null {
  let plainWords = 0;
  let listOnly = true;
  let crossedComma = false;
  for (let i = start - 1; i >= 0 && plainWords <= 8; i--) {
    if (hardClause[i] !== hardClause[start]) return null;
    if (/[,)(]/.test(tokens[i].post)) crossedComma = true;
    const other = matchAt(i);
    if (other) {
      i = other.start;
      continue;
    }
    const w = tokens[i].word;
    // A new verb starts a new statement: "without goggles and something flew into my eye".
    // A verb right after the cue is what is negated ("didn't come on suddenly", "doesn't look deformed").
    const afterCue = NEGATION_CUES.has(tokens[i - 1]?.word ?? '') || (FILLER_ADVERBS.has(tokens[i - 1]?.word ?? '') && NEGATION_CUES.has(tokens[i - 2]?.word ?? ''));
    if (tokens[i].verb && !afterCue && !SCOPE_VERBS.has(w) && !NEGATION_CUES.has(w) && !HYPOTHETICAL_CUES.has(w)) return null;
    const scoped = !crossedComma || listOnly;
    if (NEGATION_CUES.has(w) && !PSEUDO_NEGATION_NEXT.has(tokens[i + 1]?.word ?? '')) return scoped ? 'negated' : null;
    if (HYPOTHETICAL_CUES.has(w) && !HEDGES_BEFORE_IF.has(tokens[i - 1]?.word ?? '')) return scoped ? 'hypothetical' : null;
    if (!LIST_GLUE.has(w)) listOnly = false;
    if (crossedComma && !listOnly) return null;
    plainWords++;
  }
  return null;
}

/** "fever: none", "chest pain - no", "the rash has gone", "headache not anymore". */
function postNegated(tokens: Token[], end: number, hardClause: number[]): 'negated' | 'resolved' | null {
  const after = tokens.slice(end, end + 6).filter((_, k) => hardClause[end + k] === hardClause[end - 1] || k === 0);
  if (!after.length) return null;
  const lastPost = tokens[end - 1].post;
  if (/[:\-?]/.test(lastPost) && POST_NEGATION.has(after[0].word)) return 'negated';
  if (hardClause[end] !== hardClause[end - 1]) return null;
  const raw = after.map((t) => t.word).join(' ');
  if (NEGATED_AFTER_RAW.test(raw)) return 'negated';
  const tail = raw.replace(/^(it|its|that|which|has|but|is|was|have|now)\s+/, '');
  if (NEGATED_AFTER.test(tail)) return 'negated';
  return RESOLVED_AFTER.test(tail) ? 'resolved' : null;
}
