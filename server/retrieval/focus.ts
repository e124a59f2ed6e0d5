import type { Analysis, Language } from '../language';
import { phraseForms } from '../language/tokenize';

/**
 * The focus of a question: what it is about. Read from the message's tokens (the shared language layer) in two
 * ways: the names of the articles (titles, the parts of a title, synonyms) said in the question, and the vocabulary
 * concepts the language layer found (lay, clinical, misspelled), with the articles they belong to. An article is
 * an answer only if it is about the focus; sharing a few words is not enough (see relevance in index.ts).
 */

export type FocusArticle = { id: string; title: string; synonyms: string[]; concepts: string[] };
/**
 * Words that never name an article on their own (a title part "children" in "Rashes in babies and children"), and
 * the words of a guide's title that say what kind of guide it is ("assessment and referral", "Nurse triage: rash",
 * "hypertensive urgency and emergency"): "referral" or "emergency" in a question names no guide.
 */
const NOT_A_NAME = new Set(
  ('adult adults child children baby babies infant infants people men women man woman kids teenagers pregnancy the of in and a an ' +
    'nurse nurses nursing guide triage referral assessment management recognition prevention emergency response clinical ' +
    'administration care treatment escalation de-escalation principles core severity risk stratification').split(' '),
);

/** One thing the question names, where it is, and the articles it points to. */
export type FocusMatch = {
  /** Token positions [start, end) in the analysis. */
  start: number;
  end: number;
  text: string;
  via: 'title' | 'synonym' | 'concept';
  /** The concept id for `via: concept`. */
  concept?: string;
  /** Articles this match is a name of (title, synonym) or that the concept belongs to, with how strongly. */
  articles: Map<string, number>;
};

/**
 * A finding the message says is not there ("no fever"): not what it is about. One that has resolved is ("TIA
 * symptoms resolved, what referral?", "chest pain yesterday, now pain free"), though ConText reads it as negated.
 */
export const isDenied = (m: { context: { negated: boolean; resolved?: boolean } }) => m.context.negated && !m.context.resolved;

/** How strongly a match ties a question to an article. */
export const ABOUT = {
  /** The article's title, or a part of it ("Eczema" in "Eczema (atopic eczema)"). */
  title: 3.25,
  /** One of the article's synonyms. */
  name: 3,
  /** A condition or event concept the article is about (in its front matter, or a condition whose article it is). */
  condition: 2.5,
  /** A condition or event concept the lexicon ties to the article without the article claiming it ("travel sickness" -> vomiting). */
  related: 2,
  /** A symptom or sign concept the article covers. */
  symptom: 1.5,
  /** A concept the article only lists among many (a symptom that points to more than six articles). */
  broad: 0.75,
} as const;

/** Plural and possessive endings, so "kidney stones" meets "kidney stone" and "hives" stays "hive". */
export function stemWord(w: string): string {
  if (w.length <= 3) return w;
  if (/ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|us|is|ous)$/.test(w)) return w;
  if (/(ches|shes|xes|sses|zes)$/.test(w)) return w.slice(0, -2);
  if (/s$/.test(w)) return w.slice(0, -1);
  return w;
}

/** Age groups in a title ("in babies and children", "for children"). */
const AGE_GROUP = /\b(?:in|for)?\s*(?:babies|baby|infants?|children|child|kids|adults?|teenagers|older people)(?:\s+and\s+(?:babies|baby|infants?|children|child|kids|adults?|teenagers))?\b/gi;

const key = (forms: string[]) => forms.map(stemWord).join(' ');

/** "Stomach ache and abdominal pain" -> the title, "Stomach ache", "abdominal pain"; "Eczema (atopic eczema)" -> "Eczema", "atopic eczema". */
export function titleParts(title: string): string[] {
  const parts = new Set([title]);
  const noBrackets = title.replace(/\(([^)]*)\)/g, ' , $1 , ');
  for (const p of noBrackets.split(/\s*(?:,|:|;|\band\b|\bor\b|\/)\s*/)) {
    const words = p.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (p.trim().length >= 2 && words.some((w) => !NOT_A_NAME.has(w))) parts.add(p.trim());
  }
  return [...parts];
}

export type FocusIndex = {
  /** Focus matches in an analysed question, longest names first, overlapping names kept only when longer. */
  matchesIn(analysis: Analysis): FocusMatch[];
  /** The words (stemmed token forms) of an article's names and its concepts' names: what it is about. */
  subjectWords(articleId: string): Set<string>;
  /** A concept found elsewhere (an earlier turn) as a focus match that covers no words of this message. */
  conceptMatch(conceptId: string): FocusMatch | undefined;
  /** The article's names (title parts and synonyms), each as its set of word stems. */
  names(articleId: string): Set<string>[];
  /** Does the article list the concept among its own (front matter), rather than the concept pointing to it? */
  lists(articleId: string, conceptId: string): boolean;
  /** Is the concept the first the article lists, what it is about ("tinnitus" for Tinnitus, not its "hearing loss")? */
  leads(articleId: string, conceptId: string): boolean;
  maxPhraseLength: number;
};

/**
 * What the focus index is made of: plain data worked out from the articles, the vocabulary and the conditions alone
 * (about 60 ms at every start), which the knowledge cache keeps beside them (server/knowledge/cache.ts).
 * `articleIds` says which articles it was built from: an index over another list of articles (a clinic document
 * quarantined at start) is built again.
 */
export type FocusData = {
  articleIds: string[];
  phrases: Map<string, Map<string, { via: 'title' | 'synonym' }>>;
  subject: Map<string, Set<string>>;
  nameSets: Map<string, Set<string>[]>;
  maxPhraseLength: number;
  conceptsOf: Map<string, Set<string>>;
  claims: Set<string>;
  firstWords: Set<string>;
  spread: Map<string, number>;
};

export function createFocusIndex(
  articles: FocusArticle[],
  language: Language,
  declared: { concept: string; article: string; names?: string[] }[] = [],
  prebuilt?: FocusData,
): FocusIndex {
  const vocabulary = language.vocabulary;
  const built = prebuilt && sameIds(prebuilt.articleIds, articles) ? prebuilt : focusData(articles, vocabulary, declared);
  const { phrases, subject, nameSets, maxPhraseLength, conceptsOf, claims, firstWords, spread } = built;

  // A concept's articles depend on the concept alone: worked out once per concept (over every article), then copied.
  const articlesByConcept = new Map<string, Map<string, number>>();
  function conceptArticles(conceptId: string): Map<string, number> {
    let known = articlesByConcept.get(conceptId);
    if (!known) articlesByConcept.set(conceptId, (known = articlesOfConcept(conceptId)));
    return new Map(known);
  }
  function articlesOfConcept(conceptId: string): Map<string, number> {
    const out = new Map<string, number>();
    const c = vocabulary.byId.get(conceptId);
    if (!c) return out;
    const condition = c.kind === 'condition' || c.kind === 'event';
    const symptom = (spread.get(conceptId) ?? 0) > 6 ? ABOUT.broad : ABOUT.symptom;
    for (const [articleId, set] of conceptsOf) {
      if (!set.has(conceptId)) continue;
      out.set(articleId, condition ? (claims.has(`${articleId}|${conceptId}`) ? ABOUT.condition : ABOUT.related) : symptom);
    }
    return out;
  }

  function matchesIn(analysis: Analysis): FocusMatch[] {
    const tokens = analysis.tokens;
    const stems = tokens.map((t) => stemWord(t.norm));
    const named: FocusMatch[] = [];
    for (let i = 0; i < tokens.length; i++) {
      // No name starts with this word: nothing to look up at this position.
      if (!firstWords.has(stems[i]) && !stems[i].includes(' ')) continue;
      // Longest name first at each position; a name never crosses a sentence.
      for (let n = Math.min(maxPhraseLength, tokens.length - i); n >= 1; n--) {
        if (tokens[i + n - 1].sentence !== tokens[i].sentence) continue;
        const hit = phrases.get(stems.slice(i, i + n).join(' '));
        if (!hit) continue;
        const articles = new Map<string, number>();
        let via: 'title' | 'synonym' = 'synonym';
        for (const [id, v] of hit) {
          articles.set(id, v.via === 'title' ? ABOUT.title : ABOUT.name);
          if (v.via === 'title') via = 'title';
        }
        named.push({ start: i, end: i + n, text: analysis.text.slice(tokens[i].start, tokens[i + n - 1].end), via, articles });
        break;
      }
    }
    // A name inside a longer name is the longer name's ("heart attack" in "heart attack symptoms" is one name); a
    // denied finding is not what the message is about ("no fever").
    // (A finding that has resolved is still what the message is about: "TIA symptoms resolved, what referral?")
    const denied = analysis.mentions.filter(isDenied);
    const kept = named.filter(
      (m) =>
        !named.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start) &&
        !denied.some((d) => d.start <= m.start && d.end >= m.end),
    );
    const concepts: FocusMatch[] = [];
    for (const m of analysis.mentions) {
      if (m.kind === 'modifier' || isDenied(m)) continue;
      const articles = conceptArticles(m.concept);
      concepts.push({ start: m.start, end: m.end, text: m.text, via: 'concept', concept: m.concept, articles });
    }
    return [...kept, ...concepts];
  }

  function conceptMatch(conceptId: string): FocusMatch | undefined {
    const c = vocabulary.byId.get(conceptId);
    if (!c || c.kind === 'modifier') return undefined;
    return { start: -1, end: -1, text: c.name, via: 'concept', concept: conceptId, articles: conceptArticles(conceptId) };
  }

  const own = new Map(articles.map((a) => [a.id, new Set(a.concepts)]));
  return {
    matchesIn,
    conceptMatch,
    subjectWords: (id) => subject.get(id) ?? new Set(),
    names: (id) => nameSets.get(id) ?? [],
    lists: (id, concept) => own.get(id)?.has(concept) ?? false,
    leads: (id, concept) => articles.find((a) => a.id === id)?.concepts[0] === concept,
    maxPhraseLength,
  };
}

const sameIds = (ids: string[], articles: { id: string }[]) => ids.length === articles.length && articles.every((a, i) => a.id === ids[i]);

/** The focus index's data (see FocusData). */
export function focusData(
  articles: FocusArticle[],
  vocabulary: Language['vocabulary'],
  declared: { concept: string; article: string; names?: string[] }[] = [],
): FocusData {
  const phrases = new Map<string, Map<string, { via: 'title' | 'synonym' }>>();
  const subject = new Map<string, Set<string>>();
  const nameSets = new Map<string, Set<string>[]>();
  let maxPhraseLength = 1;
  const addPhrase = (phrase: string, articleId: string, via: 'title' | 'synonym') => {
    const forms = phraseForms(phrase);
    if (!forms.length || forms.join('').length < 2) return;
    maxPhraseLength = Math.max(maxPhraseLength, forms.length);
    const k = key(forms);
    if (!phrases.has(k)) phrases.set(k, new Map());
    const m = phrases.get(k)!;
    if (!m.has(articleId) || via === 'title') m.set(articleId, { via });
    // Single letters ("C.O.P.D") name nothing on their own.
    const words = forms.filter((f) => f.length > 1).map(stemWord);
    for (const f of words) subject.get(articleId)!.add(f);
    if (words.length) nameSets.get(articleId)!.push(new Set(words));
  };
  // Concepts by article: the article's own list, and every concept that points to it.
  const conceptsOf = new Map<string, Set<string>>(articles.map((a) => [a.id, new Set(a.concepts)]));
  for (const c of vocabulary.concepts) for (const a of c.articles) conceptsOf.get(a)?.add(c.id);
  // Concepts an article claims: its own list, and conditions that name it as their article. A condition's article may
  // only be the nearest one ("cough" for tuberculosis): it claims the condition only when its title or synonyms
  // name it, otherwise the article is related, not about it.
  // Once per article (several conditions may name the same one).
  const namesByArticle = new Map<string, string[]>();
  const namesOf = (a: FocusArticle) => {
    let list = namesByArticle.get(a.id);
    if (!list) namesByArticle.set(a.id, (list = [...titleParts(a.title), ...a.synonyms].map((n) => key(phraseForms(n))).filter(Boolean)));
    return list;
  };
  const byId = new Map(articles.map((a) => [a.id, a]));
  const names = (d: { names?: string[] }) => (d.names ?? []).map((n) => key(phraseForms(n))).filter(Boolean);
  const namesIt = (d: { article: string; names?: string[] }) => {
    const article = byId.get(d.article);
    if (!article) return false;
    if (!d.names) return true;
    const own = namesOf(article);
    return names(d).some((n) => own.some((o) => ` ${o} `.includes(` ${n} `) || ` ${n} `.includes(` ${o} `)));
  };
  const claims = new Set([
    ...articles.flatMap((a) => a.concepts.map((c) => `${a.id}|${c}`)),
    ...declared.filter(namesIt).map((d) => `${d.article}|${d.concept}`),
  ]);
  // A symptom told with its circumstances ("breathless even at rest", "waking at night breathless") is a variant of
  // the symptom: its name's other words (rest, night, walking) say when, not what the article is about. Read by the
  // concepts' relations (what it implies, or a name that contains the other's name or lay phrase), not by one id, so
  // a vocabulary that moves phrases into a new variant concept leaves the article's subject as it was.
  const symptomLike = (c: { kind: string } | undefined) => c?.kind === 'symptom' || c?.kind === 'sign';
  const padded = (s: string) => ` ${phraseForms(s).join(' ')} `;
  const namings = new Map<string, string[]>();
  /** A symptom's name and lay phrases as padded token forms (single letters and two-letter shorthand left out). */
  const namingsOf = (id: string) => {
    let list = namings.get(id);
    if (!list) {
      const c = vocabulary.byId.get(id)!;
      list = [c.name, ...c.lay].map(padded).filter((p) => p.replace(/\s/g, '').length > 3);
      namings.set(id, list);
    }
    return list;
  };
  /** A concept's name as padded token forms, once per concept (a symptom is in many articles). */
  const paddedNames = new Map<string, string>();
  const paddedName = (id: string, name: string) => {
    let p = paddedNames.get(id);
    if (p === undefined) paddedNames.set(id, (p = padded(name)));
    return p;
  };
  const isVariant = (id: string, of: Set<string>) => {
    const c = vocabulary.byId.get(id);
    if (!symptomLike(c)) return false;
    if (c!.implies?.some((b) => b !== id && of.has(b))) return true;
    const own = paddedName(id, c!.name);
    for (const b of of) if (b !== id && symptomLike(vocabulary.byId.get(b)) && namingsOf(b).some((p) => p !== own && own.includes(p))) return true;
    return false;
  };
  for (const a of articles) {
    subject.set(a.id, new Set());
    nameSets.set(a.id, []);
    for (const p of titleParts(a.title)) {
      addPhrase(p, a.id, 'title');
      // "Fever in children" is also "fever": who it is for is the age re-ranking's business, not the name's.
      const core = p.replace(AGE_GROUP, ' ').replace(/\s+(?:in|for|and|of)\s*$/i, '').replace(/\s+/g, ' ').trim();
      if (core && core.toLowerCase() !== p.toLowerCase() && !/^(?:in|for|and|of)\b/i.test(core)) addPhrase(core, a.id, 'title');
    }
    for (const s of a.synonyms) addPhrase(s, a.id, 'synonym');
    const own = conceptsOf.get(a.id) ?? new Set<string>();
    for (const id of own) {
      const c = vocabulary.byId.get(id);
      if (!c || isVariant(id, own)) continue;
      // A condition the article does not claim ("tuberculosis" for the cough article) is not part of its subject.
      if ((c.kind === 'condition' || c.kind === 'event') && !claims.has(`${a.id}|${id}`)) continue;
      // Its name only: lay phrases describe ("breath smells fruity"), they do not name what the article is about.
      for (const f of phraseForms(c.name)) subject.get(a.id)!.add(stemWord(f));
    }
  }
  /** The first word of every name (`phrases`' keys are stems joined by spaces). */
  const firstWords = new Set([...phrases.keys()].map((k) => k.split(' ')[0]));
  // How many articles a concept points to: a symptom that belongs to many articles says little about any one.
  const spread = new Map<string, number>();
  for (const set of conceptsOf.values()) for (const id of set) spread.set(id, (spread.get(id) ?? 0) + 1);
  return { articleIds: articles.map((a) => a.id), phrases, subject, nameSets, maxPhraseLength, conceptsOf, claims, firstWords, spread };
}
