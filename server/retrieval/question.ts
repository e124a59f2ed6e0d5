import type { Analysis, Language } from '../language';
import { phraseForms } from '../language/tokenize';
import { STOPWORDS } from './fts-query';
import { ABOUT, createFocusIndex, focusData, isDenied, stemWord, type FocusArticle, type FocusData, type FocusMatch } from './focus';
import { detectIntents, type Intent } from './intents';
import { topicOf } from './topic';

/**
 * A question as retrieval and the composer read it: the language layer's analysis, what it asks for (intents),
 * what it is about (focus matches), and its subject words, the words that say what it is about once the question
 * words ("what causes"), stop words and qualifiers ("adults", "chronic") are set aside, each weighted by how rare it
 * is in the library (a rare or unknown word names the subject more than a common one).
 */
export type Question = {
  text: string;
  analysis: Analysis;
  intents: Intent[];
  focus: FocusMatch[];
  /** Token positions of the subject words, with their stem and weight. */
  subject: { i: number; stem: string; weight: number }[];
  /** Articles the focus points to, with the strongest tie (see ABOUT in focus.ts). */
  about: Map<string, number>;
  /**
   * A topic question ("what causes X", "how to prevent X", "do you have information about X"): the token range of X.
   * Then X is what the article must be about; in other messages (reports, shorthand) the subject is looser.
   */
  topic?: { start: number; end: number };
};

/** Generic heads of a topic's name ("disease" in "kidney disease"): qualifiers, but they say what kind of thing it is. */
const GENERIC_HEADS = new Set(['disease', 'disorder', 'syndrome', 'condition', 'problem', 'infection', 'injury']);

/** Words that qualify a subject without naming it: who, how bad, how long, what kind. */
export const QUALIFIERS = new Set(
  ('adult adults child children kid kids baby babies infant infants toddler toddlers teen teenager teenagers newborn newborns elderly older old age aged ' +
    'year years month months week weeks day days yo yr yrs man men woman women male female boy girl son daughter husband wife partner mum mom dad mother ' +
    'father grandma grandad neighbour friend patient patients pt pts person people someone chronic acute severe mild moderate bad really ' +
    'disease diseases disorder disorders syndrome syndromes condition conditions problem problems issue issues type kind sort general common ' +
    'under over less more than new recent recently sudden suddenly always often sometimes usually normal okay ok fine thing things stuff way ways ' +
    'best good right get got go going come coming take taking make making know need want like please thanks thank also else another other ' +
    'question questions information info about tell explain much many something anything lot first last next known also ' +
    'doctor doctors gp nurse nurses pharmacist hospital clinic all every each whole very high low little emergency emergencies ' +
    'infection infections injury injuries parameter parameters criteria guideline guidelines rule rules step steps option options advice ' +
    'feature features level levels range ranges score scores ' +
    // What a question asks about a subject, not the subject: "the six principles of safeguarding", "the rights of
    // medication administration", "the steps of ...". Number words are set aside as digits are ("two days", "2 days").
    'principle principles right rights component components element elements pillar pillars domain domains ' +
    'one two three four five six seven eight nine ten').split(' '),
);

export type Coverage = {
  /** Weighted share of the subject words the article's names, concepts and focus matches explain. */
  share: number;
  /** Weighted share the article's text uses at all. */
  text: number;
  unexplained: string[];
  /** Subject words the article's text uses, and subject words the library never uses. */
  shared: string[];
  unknown: string[];
  /** For a topic: the head of its name is one of the first article's names. */
  headExplained: boolean;
};

export type QuestionReader = {
  /** `analysis`: the language layer's reading of `text` when the caller already has it (parse once). */
  read(text: string, analysis?: Analysis): Question;
  /**
   * The question with more concepts in its focus: those triage found in earlier turns of the conversation ("it
   * burns when I pee" then "I'm a man, 45"). They tie articles to the question but cover none of its words.
   */
  withConcepts(q: Question, concepts: string[]): Question;
  /**
   * Share of the question's subject weight that an article explains (its names, concepts and the focus matches tied
   * to it), and the share its text uses at all (a query-likelihood feature: "statin" is in "High cholesterol").
   */
  coverage(q: Question, articleIds: string | string[], options?: { topicOnly?: boolean }): Coverage;
};

/**
 * Reads questions with the shared language layer and an index of the library's names. Pure apart from a small
 * memo of the last questions read (the chat reads a message for ranking, relevance and the composer).
 */
/** The conditions as the focus index reads them: each names the article that explains it, by its names. */
export const declaredArticles = (conditions: { id: string; article: string; name?: string; names?: string[] }[] = []) =>
  conditions.map((c) => ({ concept: c.id, article: c.article, names: [c.name ?? '', ...(c.names ?? [])].filter(Boolean) }));

/**
 * The focus index's data for a knowledge base (its articles and conditions, over its vocabulary), as the retriever
 * built from them makes it: the knowledge cache keeps it.
 */
export function focusDataFor(k: { articles: (FocusArticle & { concepts?: string[] })[]; conditions?: { id: string; article: string; name?: string; names?: string[] }[] }, vocabulary: Language['vocabulary']): FocusData {
  return focusData(k.articles.map((a) => ({ ...a, concepts: a.concepts ?? [] })), vocabulary, declaredArticles(k.conditions));
}

export function createQuestionReader(deps: {
  language: Language;
  articles: (FocusArticle & { summary: string; body: string })[];
  /** Conditions and the article that explains each (knowledge/conditions). */
  conditions?: { id: string; article: string; name?: string; names?: string[] }[];
  /** The focus index's data when the caller has it (the knowledge cache keeps it); built here otherwise. */
  focus?: FocusData;
}): QuestionReader {
  const riskOnly = (concept: string | undefined) => (concept ? deps.language.vocabulary.byId.get(concept)?.kind === 'risk_factor' : false);
  const focus = createFocusIndex(deps.articles, deps.language, declaredArticles(deps.conditions), deps.focus);
  // Document frequency of each word stem across the library, for the weights, and each article's stems. Read on the
  // first question that needs them, not when the reader is built: reading the whole library is most of the reader's
  // build, and start-up asks a question once the server is ready (main.ts), so no person waits for it.
  let stats: { df: Map<string, number>; textWords: Map<string, Set<string>> } | undefined;
  const libraryStats = () => {
    if (stats) return stats;
    const df = new Map<string, number>();
    const textWords = new Map<string, Set<string>>();
    for (const a of deps.articles) {
      const words = new Set(phraseForms(`${a.title} ${a.synonyms.join(' ')} ${a.summary} ${a.body}`).map(stemWord));
      textWords.set(a.id, words);
      for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
    }
    return (stats = { df, textWords });
  };
  // Each article's text as a run of word stems, read on first use: whether a modifier of a topic's name is used there
  // on its own or only in the name of another thing ("rheumatoid arthritis" in the osteoarthritis article).
  const bodies = new Map(deps.articles.map((a) => [a.id, a]));
  const sequences = new Map<string, string[]>();
  const sequenceOf = (id: string) => {
    let seq = sequences.get(id);
    if (!seq) {
      const a = bodies.get(id);
      seq = a ? phraseForms(`${a.summary} ${a.body}`).map(stemWord) : [];
      sequences.set(id, seq);
    }
    return seq;
  };
  /**
   * The article's text uses `word`, or a word of the same root ("virus" for "viral", "bacteria" for "bacterial"),
   * other than right before `next` (the head of the name it would be part of).
   */
  const rootOf = (w: string) => {
    const r = w.replace(/(?:ical|ary|ory|al|ic|ous|oid|us|ia|es|e|y|s)$/, '');
    return r.length >= 3 ? r : w;
  };
  const usedApart = (id: string, word: string, next: string) => {
    const seq = sequenceOf(id);
    const root = rootOf(word);
    return seq.some((w, k) => (w === word || rootOf(w) === root) && seq[k + 1] !== next);
  };
  const n = Math.max(1, deps.articles.length);
  /** Inverse document frequency; a word the library never uses weighs most. */
  const weightOf = (stem: string) => Math.log((n + 1) / ((libraryStats().df.get(stem) ?? 0) + 0.5));

  /** The strongest tie to each article, plus a little for every other thing the question names about it. */
  function aboutOf(matches: FocusMatch[]): Map<string, number> {
    const ties = new Map<string, number[]>();
    for (const m of matches) for (const [id, s] of m.articles) (ties.get(id) ?? ties.set(id, []).get(id)!).push(s);
    const about = new Map<string, number>();
    for (const [id, list] of ties) {
      list.sort((a, b) => b - a);
      about.set(id, Math.min(ABOUT.title + 1, list[0] + 0.25 * list.slice(1).reduce((a, b) => a + b, 0)));
    }
    return about;
  }

  const memo = new Map<string, Question>();
  function read(text: string, given?: Analysis): Question {
    const cached = memo.get(text);
    if (cached) return cached;
    const analysis = given ?? deps.language.analyze(text);
    const { intents, cueWords } = detectIntents(analysis.text);
    const matches = focus.matchesIn(analysis);
    const subject: Question['subject'] = [];
    // A question word inside a name the question says stays part of the subject ("escalation" in "NEWS2 escalation").
    const named = new Set(matches.filter((m) => m.via !== 'concept').flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
    // A denied finding ("no fever") is not what the message is about.
    const denied = new Set(analysis.mentions.filter(isDenied).flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
    analysis.tokens.forEach((t, i) => {
      const w = t.norm;
      if ((w.length < 2 && !/^[b-hj-z]$/.test(w)) || /^\d/.test(w) || STOPWORDS.has(w) || QUALIFIERS.has(w) || denied.has(i) || (cueWords.has(w) && !named.has(i))) return;
      const stem = stemWord(w);
      subject.push({ i, stem, weight: weightOf(stem) });
    });
    const q: Question = { text, analysis, intents, focus: matches, subject, about: aboutOf(matches), topic: topicOf(analysis) };
    memo.set(text, q);
    if (memo.size > 16) memo.delete(memo.keys().next().value!);
    return q;
  }

  /**
   * How much of the subject an article explains. A topic question's X is judged apart (`topicOnly`): the head of
   * its name ("cancer" in "skin cancer": the last subject word before "with", "of", "and" or "in") says what kind of
   * thing it is, weighs double and must be named whole by the first article (a title, synonym or concept of it said in
   * the question); a modifier the article's text uses is
   * half explained ("viral" in "viral gastroenteritis"); a second article may explain the rest ("acetaminophen
   * overdose": "Paracetamol" and "Accidental overdose").
   */
  function coverage(q: Question, articleIds: string | string[], options: { topicOnly?: boolean } = {}): Coverage {
    const ids = Array.isArray(articleIds) ? articleIds : [articleIds];
    const topic = options.topicOnly ? q.topic : undefined;
    let subject = topic ? q.subject.filter((s) => s.i >= topic.start && s.i < topic.end) : q.subject;
    let head: number | undefined;
    let generic: string | undefined;
    if (topic) {
      // The name ends before "with", "of", "and"... or a bracket: "Peripheral arterial disease (P.A.D.)".
      const tokens = q.analysis.tokens;
      const stop = tokens.findIndex((t, i) => i > topic.start && i < topic.end && (/^(with|of|in|from|and|during|after|or|that|which|who|going)$/.test(t.norm) || tokens[i - 1].post.includes('(')));
      // "Problems with smell": a name that is only a generic word before "with" has its head after it.
      head = [...subject].reverse().find((s) => stop < 0 || s.i < stop)?.i ?? subject.at(-1)?.i;
      subject = subject.map((s) => (s.i === head ? { ...s, weight: s.weight * 2 } : s));
      // "Kidney disease", "balance problems": a generic head names a kind of thing too. The article must name that
      // kind ("kidney infection" is not "kidney disease"), or be named by X's other words alone ("off balance").
      const last = tokens.slice(topic.start, stop < 0 ? topic.end : stop).reverse().find((t) => !STOPWORDS.has(t.norm));
      if (last && GENERIC_HEADS.has(stemWord(last.norm))) generic = stemWord(last.norm);
    }
    if (!subject.length) return { share: 1, text: 1, unexplained: [], shared: [], unknown: [], headExplained: true };
    const names = (id: string) => focus.subjectWords(id);
    const named = (id: string, s: { i: number; stem: string }) => names(id).has(s.stem) || q.focus.some((m) => m.articles.has(id) && s.i >= m.start && s.i < m.end);
    const inText = (s: { stem: string }) => ids.some((id) => libraryStats().textWords.get(id)?.has(s.stem));
    const said = new Set(subject.map((s) => s.stem));
    const saidAll = new Set(topic ? q.analysis.tokens.slice(topic.start, topic.end).map((t) => stemWord(t.norm)) : []);
    const namesKind = (id: string, kind: string) =>
      focus.names(id).some((name) => name.has(kind) || [...name].every((w) => STOPWORDS.has(w) || saidAll.has(w)));
    const saysName = (id: string, stem: string) =>
      focus.names(id).some((name) => {
        if (!name.has(stem)) return false;
        const words = [...name].filter((w) => !STOPWORDS.has(w) && !QUALIFIERS.has(w));
        return words.filter((w) => said.has(w)).length * 2 >= words.length;
      });
    // What names the head: the article's name, a condition it claims, or the symptom it lists first, as its own
    // subject ("paresthesia": numbness and tingling). A symptom that only points to it ("tremor" to numbness and
    // tingling), one it lists after its subject ("hearing loss" among the tinnitus article's signs: "how to prevent
    // hearing loss" is not answered by tinnitus), a related condition or a risk factor is mentioned there, not
    // explained.
    const namesHead = (m: FocusMatch, id: string) => {
      const tie = m.articles.get(id) ?? 0;
      if (riskOnly(m.concept) || tie === ABOUT.related) return false;
      return tie >= ABOUT.condition || (m.concept !== undefined && focus.leads(id, m.concept));
    };
    let total = 0;
    let explained = 0;
    let inTextWeight = 0;
    let headExplained = head === undefined;
    let kindDiffers = false;
    const unexplained: string[] = [];
    const shared: string[] = [];
    const unknown: string[] = [];
    for (const s of subject) {
      const word = q.analysis.tokens[s.i].norm;
      if (!libraryStats().df.has(s.stem)) unknown.push(word);
      total += s.weight;
      // The head must be named by the first article: a name or concept of it said in the question ("vertigo" in
      // "benign positional vertigo"), or a name of it that X mostly says ("high cholesterol" in "high blood
      // cholesterol"), not one word of a longer name ("Barr" of "Epstein-Barr virus").
      // A condition only related to the article (tuberculosis and the cough article), or a risk factor the article
      // mentions (cancer in back pain's warning signs), does not name it.
      const byName =
        s.i === head
          ? q.focus.some((m) => namesHead(m, ids[0]) && s.i >= m.start && s.i < m.end) || saysName(ids[0], s.stem)
          : ids.some((id) => named(id, s));
      if (s.i === head) headExplained = byName && (!generic || namesKind(ids[0], generic));
      // The word right before the head that the article does not name makes another kind of the thing: "pulmonary
      // hypertension" is not High blood pressure (which never says "pulmonary"), nor "rheumatoid arthritis"
      // Osteoarthritis (which says "rheumatoid" only as the name of another condition). A word its text uses on its
      // own, or a word of its root, still counts half ("viral" in "viral gastroenteritis": "caused by a virus").
      // ("Parasites - Scabies" is a heading, not a kind of scabies: only a word joined to the head by a space.)
      if (head !== undefined && s.i === head - 1 && !byName && /^\s+$/.test(q.analysis.tokens[s.i].post)) {
        const headStem = subject.find((x) => x.i === head)!.stem;
        if (!ids.some((id) => usedApart(id, s.stem, headStem))) kindDiffers = true;
      }
      if (byName) explained += s.weight;
      else {
        unexplained.push(word);
        if (topic && s.i !== head && inText(s)) explained += s.weight / 2;
      }
      if (byName || inText(s)) {
        inTextWeight += s.weight;
        shared.push(word);
      }
    }
    if (kindDiffers) headExplained = false;
    return { share: total ? explained / total : 1, text: total ? inTextWeight / total : 1, unexplained, shared, unknown, headExplained };
  }

  function withConcepts(q: Question, concepts: string[]): Question {
    const known = new Set(q.focus.map((m) => m.concept));
    const extra = concepts.filter((c) => !known.has(c)).map((c) => focus.conceptMatch(c)).filter((m): m is FocusMatch => Boolean(m));
    if (!extra.length) return q;
    const matches = [...q.focus, ...extra];
    return { ...q, focus: matches, about: aboutOf(matches) };
  }

  return { read, coverage, withConcepts };
}
