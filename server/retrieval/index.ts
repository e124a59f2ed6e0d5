import type { ChunkHit, KnowledgeIndex } from '../db/knowledge-index';
import type { Audience } from '../db/store';
import type { Concept } from '../knowledge/schema';
import { LAST_CLAUSE_ASKS, type Analysis, type Language } from '../language';
import type { VectorHit, VectorIndex } from './embeddings';
import { ABOUT, isDenied } from './focus';
import { phraseQuery, quoteTerm, tokensForSearch } from './fts-query';
import { stripMarkdown } from '../knowledge/ingest';
import { LruCache } from '../lru-cache';
import { intentRule, sectionsFor } from './intents';
import { createQuestionReader, type Question, type QuestionReader } from './question';
import type { FocusData } from './focus';

export type { Question } from './question';
export type { Intent } from './intents';

export type SearchOptions = {
  audience?: Audience | null;
  limit?: number;
  /** Lexicon concepts already found by triage (present or asked about): their names widen the query. */
  concepts?: string[];
  /** Earlier user turns, for follow-ups such as "what about for kids?". */
  history?: string[];
  /** Who the message is about: articles for that age group (by title) rank a little higher. */
  ageGroup?: 'baby' | 'child';
  /**
   * The language layer's reading of `text`, when the caller already has it: the chat analyses a message once for
   * triage, and retrieval reuses that analysis instead of reading the message again.
   */
  analysis?: Analysis;
};

/**
 * `score` is the ranking score, lower is better (the negated sum of the features below), as the chat and the API
 * expect; `bm25` the chunk's own FTS5 score when FTS5 found it. In hybrid results a chunk found by meaning alone has
 * `score` 0 and its `similarity`; `fused` is the reciprocal-rank-fusion score that ordered the list. `about` is how
 * strongly the question's focus ties it to the article (0: not at all), `coverage` the share of the question's
 * subject the article explains.
 */
export type SearchResult = ChunkHit & { rank: number; similarity?: number; fused?: number; bm25?: number; about?: number; coverage?: number };

/** Whether the library answers a question, with the evidence. */
/** A question, with or without its question mark ("why do my joints crack"); see also LAST_CLAUSE_ASKS. */
const ASKS = /\?|^\s*(?:what|whats|what's|how|why|when|which|who|is|are|can|could|does|do|should|will|would)\b/i;
const asks = (text: string) => ASKS.test(text) || LAST_CLAUSE_ASKS.test(text);
export type Relevance = { relevant: boolean; reason: string; articleId?: string; about?: number; coverage?: number };

export type Retriever = {
  search(text: string, options?: SearchOptions): SearchResult[];
  /**
   * bm25 and the embeddings' nearest chunks fused by reciprocal rank (k = 60), then the same post-processing as
   * `search()`. Without embeddings (not configured, not synced yet, the endpoint failing) it is `search()`.
   */
  searchHybrid(text: string, options?: SearchOptions): Promise<SearchResult[]>;
  /**
   * Relevance by subject: does the best result answer this text? Only if the article is about what the question is
   * about (its focus: a title, a synonym, a concept the article covers) and explains enough of the question's
   * subject words; sharing a few words is not enough ("What is lupus?" is not answered by "Dry eyes", which
   * mentions lupus). A question that names nothing the library has an article for gets no answer.
   */
  isRelevant(text: string, results: SearchResult[], concepts?: string[]): Relevance;
  /** Is this article about the question (for a second source)? `concepts` as for `isRelevant`. */
  isAbout(text: string, articleId: string, concepts?: string[]): boolean;
  /** The question as retrieval reads it: intents, focus, subject words. */
  read(text: string): Question;
  /** Concepts the text mentions, in any context (a question about stroke is still about stroke). */
  conceptsIn(text: string): string[];
};

/** The kinds of concept a message can name as its subject (not a medicine, a risk factor or a modifier). */
const FINDING_KINDS = new Set(['symptom', 'sign', 'condition', 'event']);

/** Words too general to show that an article is about the question. */
export const GENERIC_WORDS = new Set(
  ('treat treatment treatments disease diseases symptom symptoms sign signs condition conditions cure medicine medicines ' +
    'medication doctor problem problems health risk risks cause causes home best good take make write tell give get ' +
    'people person someone year years old month months week weeks time long normal best way ways type kind about more adult adults ' +
    'first line patient patients what now').split(' '),
);
/** Article titles for an age group (the age re-ranking). */
const BABY = /\b(babies|baby|infants?|newborns?)\b/i;
const CHILD = /\b(children|child|kids)\b/i;

/** The usual constant of reciprocal-rank fusion (Cormack et al.): 1/(k + rank) per list an item appears in. */
export const RRF_K = 60;

/**
 * How the features of an article add up to its ranking score (higher is better): the bm25 of its best chunk
 * relative to the best in the pool, how strongly the question's focus names it, how much of the question's subject
 * it explains, and small nudges for the audience, the age group and the section the question asks for. Set by
 * measurement on the retrieval suites (evals/suites/retrieval.yaml; checked on retrieval-blind).
 */
const titleWords = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export const RANKING = {
  bm25: 2,
  about: 0.3,
  coverage: 2,
  /** The bm25 of a good match: a pool whose best is weaker is scaled against this instead. */
  bm25Reference: -8,
  /** The share of the subject the article's text uses at all. */
  textCoverage: 2,
  /** Scale the focus tie by the share of the subject it explains (1) or not (0). */
  aboutByCoverage: 0,
  /** A nurse's own guideline over a patient article on the same subject. */
  nurseArticle: 0.5,
  /** Per word of a title that the message says whole. */
  titlePhrase: 0.1,
  ageMatch: 0.6,
  otherAge: -0.6,
  /** A pregnancy article for a child whose message says nothing of a pregnancy. */
  notPregnant: -3,
  /** A pregnancy article for a message that says the person is pregnant. */
  pregnant: 1.2,
  /** Within an article, the chunk of the section the question asks for wins over a slightly better bm25. */
  sectionChunk: 0.35,
  /** Within an article, the chunk that states the kind of fact asked (a dose, a threshold, an interval) wins. */
  factChunk: 0.6,
  /** The question is the article's title or the start of it, word for word ("NEWS2 escalation"). */
  exactTitle: 0.5,
} as const;

/**
 * Relevance by subject (see `isRelevant`): a topic question ("what is X", "what causes X") needs an article that
 * explains X, at least this share of X's subject words weighted by how rare each is in the library (its names,
 * synonyms and concepts; words in its text do not count). Other messages need a focus tie or two shared words.
 */
export const RELEVANCE = {
  /** The share of a topic question's X the article must explain. */
  topicCoverage: 0.65,
  /** A question tied to an article only loosely must have this share of its subject explained by it. */
  looseCoverage: 0.5,
  /** bm25 (lower is better) a chunk must reach when nothing the message names ties it to its article. */
  bm25Floor: -4,
} as const;

/**
 * Reciprocal-rank fusion: each item scores the sum of 1/(k + rank) over the ranked lists it appears in (rank from
 * 1), best first. Ties keep the order of the earlier list, then of the later one.
 */
export function reciprocalRankFusion<T>(lists: T[][], keyOf: (item: T) => string | number, k = RRF_K): { item: T; score: number; ranks: (number | undefined)[] }[] {
  const fused = new Map<string | number, { item: T; score: number; ranks: (number | undefined)[]; order: number }>();
  lists.forEach((list, li) => {
    const seen = new Set<string | number>();
    list.forEach((item, i) => {
      const key = keyOf(item);
      if (seen.has(key)) return; // an item counts once per list, at its best rank
      seen.add(key);
      let entry = fused.get(key);
      if (!entry) fused.set(key, (entry = { item, score: 0, ranks: lists.map(() => undefined), order: fused.size }));
      entry.ranks[li] = i + 1;
      entry.score += 1 / (k + i + 1);
    });
  });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ item, score, ranks }) => ({ item, score, ranks }));
}

type Scored = ChunkHit & { bm25?: number; about: number; coverage: number };

/**
 * Retrieval over the FTS5 index, by subject. The question is read once (question.ts: intents, focus, subject
 * words); the user's words and the names of the concepts they mention are OR-ed into an FTS5 query whose bm25
 * weighs titles and synonyms above the text; each article found, and each article the focus names, is then scored
 * by its best chunk's bm25, how strongly the focus names it, and how much of the subject it explains (`RANKING`).
 */
export function createRetriever(deps: {
  store: KnowledgeIndex;
  language: Language;
  concepts: Concept[];
  articles: { id: string; title: string; summary: string; synonyms: string[]; body: string; concepts?: string[]; audience?: Audience }[];
  /** Conditions and the article that explains each (knowledge/conditions), when there are any. */
  conditions?: { id: string; article: string; name?: string; names?: string[] }[];
  /** The embeddings side, when an endpoint is configured; without it `searchHybrid` is `search`. */
  vectors?: VectorIndex | null;
  logger?: { warn(obj: object, msg: string): void };
  /** Other ranking weights, for measuring them (bench, tuning); the defaults are `RANKING`. */
  ranking?: Partial<Record<keyof typeof RANKING, number>>;
  /** The focus index's data (`focusDataFor`), when the caller has it: the knowledge cache keeps it. */
  focus?: FocusData;
}): Retriever {
  const W = { ...RANKING, ...deps.ranking };
  const byId = new Map(deps.concepts.map((c) => [c.id, c]));
  const audienceOf = new Map(deps.articles.map((a) => [a.id, a.audience]));
  /** Patient articles about pregnancy (their summary says so): not for a child, unless the message says pregnant. */
  const pregnancyArticles = new Set(deps.articles.filter((a) => a.audience === 'patient' && /\bpregnan/i.test(a.summary)).map((a) => a.id));
  const reader: QuestionReader = createQuestionReader({
    language: deps.language,
    articles: deps.articles.map((a) => ({ ...a, concepts: a.concepts ?? [] })),
    conditions: deps.conditions,
    focus: deps.focus,
  });

  const conceptsIn = (text: string) => [...new Set(reader.read(text).analysis.mentions.map((m) => m.concept))];

  /**
   * A follow-up is read with the message it follows when it is short ("what about for kids?") or names nothing the
   * library covers ("I'm a man, 45. No fever" after "it burns when I pee").
   */
  const withHistory = (text: string, history?: string[], analysis?: Analysis) => {
    if (!history?.length) return text;
    const own = reader.read(text, analysis).focus.some((m) => m.articles.size);
    return tokensForSearch(text).length < 3 || !own ? `${history.at(-1)} ${text}` : text;
  };

  /** The FTS5 query's parts for a question (ORed): its words and the names of the concepts it mentions. */
  function matchFor(q: Question, extraConcepts: string[] = []): string[] {
    // The words of a denied finding ("no fever") are not searched for.
    let text = q.analysis.text;
    for (const m of q.analysis.mentions) {
      if (!isDenied(m)) continue;
      const [a, b] = [q.analysis.tokens[m.start].start, q.analysis.tokens[m.end - 1].end];
      text = text.slice(0, a) + ' '.repeat(b - a) + text.slice(b);
    }
    const names: string[] = [];
    // Nor are the names of denied findings.
    for (const id of new Set([...extraConcepts, ...q.analysis.mentions.filter((m) => !isDenied(m)).map((m) => m.concept)])) {
      const c = byId.get(id);
      if (c) names.push(phraseQuery(c.name) ?? '');
    }
    return [...tokensForSearch(text).map(quoteTerm), ...names].filter(Boolean);
  }

  /** Articles ranked by their features, each with its best chunk first; then the other chunks. */
  function lexical(text: string, options: SearchOptions = {}): { ranked: Scored[]; terms: string[] } {
    const limit = options.limit ?? 5;
    const read = withHistory(text, options.history, options.analysis);
    const q = reader.withConcepts(reader.read(read, read === text ? options.analysis : undefined), options.concepts ?? []);
    const parts = matchFor(q, options.concepts);
    // Nurses read the patient library too (a CURB-65 question is answered by "Pneumonia"); patients only theirs.
    const audience = options.audience === 'patient' ? 'patient' : null;
    // The query plan (fts-query planMatch): in a large library the commonest terms are left out of the FTS5 query.
    const hits: (ChunkHit & { bm25?: number })[] = parts.length ? deps.store.searchTerms(parts, audience, poolSize(limit)).hits : [];
    for (const h of hits) h.bm25 = h.score;
    // Articles the focus names but the pool missed join with their chunks (no bm25 evidence).
    const pooled = new Set(hits.map((h) => h.articleId));
    for (const [id, about] of q.about) {
      if (pooled.has(id) || about < ABOUT.symptom || (audience && audienceOf.get(id) !== audience)) continue;
      for (const c of deps.store.chunksOfArticle(id)) hits.push({ ...c, score: 0, snippet: '' });
    }
    const terms = tokensForSearch(q.text);
    if (!hits.length) return { ranked: [], terms };
    // bm25 relative to the best in the pool, but a pool of weak matches does not make its best look strong.
    const best = Math.min(...hits.map((h) => h.bm25 ?? 0), W.bm25Reference);
    const wanted = sectionsFor(q.intents, options.audience === 'nurse' ? 'nurse' : 'patient').slice(0, 2);
    const facts = q.intents.map((i) => intentRule(i).fact).filter((f): f is RegExp => Boolean(f));
    const ageGroup = options.ageGroup ?? ageGroupOf(q);
    const ageTitle = ageGroup === 'baby' ? BABY : ageGroup === 'child' ? CHILD : null;
    const otherAge = ageGroup === 'baby' ? CHILD : ageGroup === 'child' ? BABY : null;
    const articleScore = new Map<string, { s: number; about: number; coverage: number }>();
    const asked = q.analysis.tokens.map((t) => t.norm).join(' ');
    const scoreOf = (h: ChunkHit) => {
      let a = articleScore.get(h.articleId);
      if (!a) {
        const about = q.about.get(h.articleId) ?? 0;
        const c = reader.coverage(q, h.articleId);
        // A topic question ranks by how well the article explains its topic, head first.
        const t = q.topic ? reader.coverage(q, h.articleId, { topicOnly: true }) : undefined;
        const coverage = t ? (t.share + (t.headExplained ? 1 : 0)) / 2 : c.share;
        let s = W.about * about * (W.aboutByCoverage ? coverage : 1) + W.coverage * coverage + W.textCoverage * c.text;
        if (options.audience === 'nurse' && audienceOf.get(h.articleId) === 'nurse') s += W.nurseArticle;
        // A nurse guide "in children" covers babies too (the patient library keeps babies and children apart).
        const nurseGuide = audienceOf.get(h.articleId) === 'nurse';
        if (ageTitle?.test(h.title) || (nurseGuide && ageGroup === 'baby' && CHILD.test(h.title))) s += W.ageMatch;
        if (asked && (titleWords(h.title) + ' ').startsWith(asked + ' ')) s += W.exactTitle;
        // A title said whole in the message ("a bad asthma attack last night"): the longer title is the more specific
        // subject ("Asthma attack" over "Asthma").
        const named = titleWords(h.title.replace(/\(.*$/, ''));
        // (One word is not a phrase: "vomiting" says no more of Vomiting than of a nurse's vomiting guide.)
        if (asked && named.includes(' ') && ` ${asked} `.includes(` ${named} `)) s += W.titlePhrase * named.split(' ').length;
        if (otherAge?.test(h.title) && !ageTitle?.test(h.title) && !nurseGuide) s += W.otherAge;
        // A child's sickness is not morning sickness: a pregnancy article is for someone who is pregnant.
        if (ageGroup && !q.analysis.person.pregnant && pregnancyArticles.has(h.articleId)) s += W.notPregnant;
        // And a pregnant person's headache and swelling are read first in the articles written for pregnancy.
        // (A nurse's question about pregnancy has its own guide: only a patient's message.)
        if (options.audience !== 'nurse' && q.analysis.person.pregnant && pregnancyArticles.has(h.articleId)) s += W.pregnant;
        articleScore.set(h.articleId, (a = { s, about, coverage }));
      }
      return a;
    };
    // Each row's own evidence (its bm25, its section), then its article's score with the best chunk's evidence.
    const chunk = new Map<Scored, number>();
    const bestChunk = new Map<string, number>();
    const scored = hits as Scored[];
    for (const h of scored) {
      const a = scoreOf(h);
      h.about = a.about;
      h.coverage = a.coverage;
      const own = W.bm25 * ((h.bm25 ?? 0) / best) + (wanted.includes(h.section) ? W.sectionChunk : 0) + (facts.some((f) => f.test(h.text)) ? W.factChunk : 0);
      chunk.set(h, own);
      bestChunk.set(h.articleId, Math.max(bestChunk.get(h.articleId) ?? -Infinity, own));
    }
    for (const h of scored) h.score = -(articleScore.get(h.articleId)!.s + bestChunk.get(h.articleId)!);
    scored.sort((a, b) => a.score - b.score || chunk.get(b)! - chunk.get(a)!);
    return { ranked: scored, terms };
  }

  // Articles have up to 14 sections: the pool must reach past one article's chunks to find the next articles.
  const poolSize = (limit: number) => Math.max(limit * 16, 80);

  /** The best chunk of each article first, so one long article does not crowd out the others; then the limit. */
  function finish<T extends ChunkHit>(ranked: T[], limit: number, terms: string[]): (T & { rank: number })[] {
    const seen = new Set<string>();
    const firsts: T[] = [];
    const rest: T[] = [];
    for (const h of ranked) (seen.has(h.articleId) ? rest : (seen.add(h.articleId), firsts)).push(h);
    const out = [...firsts, ...rest].slice(0, limit).map((h, i) => ({ ...h, rank: i + 1 }));
    // Snippets only for the rows returned: the words around the first question word the chunk uses.
    for (const h of out) if (!h.snippet) h.snippet = snippetOf(h.text, terms);
    return out;
  }

  function search(text: string, options: SearchOptions = {}): SearchResult[] {
    const { ranked, terms } = lexical(text, options);
    return finish(ranked, options.limit ?? 5, terms);
  }

  function isRelevant(text: string, results: SearchResult[], concepts: string[] = []): Relevance {
    const top = results[0];
    if (!top) return { relevant: false, reason: 'nothing found' };
    const others = [...new Set(results.map((r) => r.articleId))].filter((id) => id !== top.articleId);
    return assess(reader.withConcepts(reader.read(text), concepts), top.articleId, top.bm25, others);
  }

  function assess(q: Question, articleId: string, bm25?: number, others: string[] = []): Relevance {
    const about = q.about.get(articleId) ?? 0;
    if (q.topic) {
      // A topic question: the article (with the next one, for a topic made of two things) must be about X.
      const topic = q.analysis.text.slice(q.analysis.tokens[q.topic.start].start, q.analysis.tokens[q.topic.end - 1].end);
      const alone = reader.coverage(q, articleId, { topicOnly: true });
      // A topic made of two things ("acetaminophen overdose") may be explained by the first article with one other.
      let c = alone;
      if (alone.headExplained && alone.share < RELEVANCE.topicCoverage) {
        for (const other of others) {
          const both = reader.coverage(q, [articleId, other], { topicOnly: true });
          if (both.share > c.share) c = both;
        }
      }
      const base = { articleId, about, coverage: Math.round(c.share * 100) / 100 };
      if (!c.headExplained || c.share < RELEVANCE.topicCoverage) {
        return { ...base, relevant: false, reason: `${articleId} is not about "${topic}" (it does not explain "${c.unexplained.join('", "')}")` };
      }
      return { ...base, relevant: true, reason: `${articleId} is about "${topic}" (${Math.round(c.share * 100)}%)` };
    }
    // Other messages (reports, shorthand): the focus ties the article to something the message names, or the
    // article shares at least two of its subject words, and the message names nothing the library does not know.
    const c = reader.coverage(q, articleId);
    const base = { articleId, about, coverage: Math.round(c.share * 100) / 100 };
    if (bm25 !== undefined && bm25 > RELEVANCE.bm25Floor && about === 0) return { ...base, relevant: false, reason: 'too little evidence in the text' };
    // Medical-looking words neither the vocabulary nor the article knows ("cholangitis") name another subject.
    const foreign = q.analysis.unknownMedicalWords.filter((w) => c.unexplained.includes(w));
    if (foreign.length) return { ...base, relevant: false, reason: `the library has nothing on "${foreign.join('", "')}"` };
    // A question (no symptom or sign reported) whose only tie to the article is loose (a condition the lexicon relates
    // to it, a risk factor or a symptom it mentions) and which the article mostly does not explain asks about
    // something else: "faecal transplant at home for my ulcerative colitis?" is not Diarrhoea, "the CAR-T trial for my
    // lymphoma" is not Back pain (issue 12, round 8).
    // (An event is reported too: "she has collapsed and is shaking all over, what do I do".)
    const reports = q.analysis.mentions.some((m) => (m.kind === 'symptom' || m.kind === 'sign' || m.kind === 'event') && !isDenied(m));
    // (A patient's question only, its results all patient articles: a nurse's shorthand is often tied loosely and still
    // names her guide's subject.)
    const patientOnly = [articleId, ...others].every((id) => audienceOf.get(id) === 'patient');
    if (about > 0 && about <= ABOUT.related && c.share < RELEVANCE.looseCoverage && !reports && asks(q.analysis.text) && patientOnly) {
      return { ...base, relevant: false, reason: `${articleId} is only loosely tied to the message and explains ${Math.round(c.share * 100)}% of it` };
    }
    if (about > 0) return { ...base, relevant: true, reason: `the message names what ${articleId} is about (${about})` };
    // It names a finding the library has no article for ("a small hard lump in my breast"): an article tied to nothing
    // the message names is not its answer, whatever words they share (issue 12: no off-topic answers).
    // (A finding: a medicine or a risk factor the library has no article for, "on the pill", names no subject.)
    const orphans = q.focus.filter((m) => m.via === 'concept' && m.concept && m.articles.size === 0 && FINDING_KINDS.has(byId.get(m.concept)?.kind ?? ''));
    if (orphans.length) return { ...base, relevant: false, reason: `the library has no article on ${orphans.map((m) => `"${m.text}"`).join(', ')}` };
    // It names something the library covers, and the article speaks of it too.
    if (c.shared.length && q.focus.some((m) => m.articles.size)) return { ...base, relevant: true, reason: `the message names something the library covers; ${articleId} shares ${c.shared.join(', ')}` };
    const enough = c.shared.length >= 2 || (c.shared.length > 0 && c.shared.length === q.subject.length);
    if (!enough) return { ...base, relevant: false, reason: `${articleId} shares ${c.shared.length} of ${q.subject.length} subject word(s)` };
    if (c.unknown.length >= c.shared.length) return { ...base, relevant: false, reason: `the library does not know "${c.unknown.join('", "')}"` };
    return { ...base, relevant: true, reason: `${articleId} shares ${c.shared.join(', ')}` };
  }

  const isAbout = (text: string, articleId: string, concepts: string[] = []) => assess(reader.withConcepts(reader.read(text), concepts), articleId).relevant;

  let warned = false;
  async function searchHybrid(text: string, options: SearchOptions = {}): Promise<SearchResult[]> {
    const limit = options.limit ?? 5;
    const vectors = deps.vectors;
    if (!vectors) return search(text, options);
    try {
      // The question as the user meant it; a short follow-up is embedded with the question it follows.
      const query = withHistory(text, options.history, options.analysis);
      // null: not synced yet, or the endpoint failed (the vector index logs that once).
      const near = await vectors.search(query, { k: poolSize(limit), audience: options.audience === 'patient' ? 'patient' : null });
      if (!near) return search(text, options);
      const { ranked, terms } = lexical(text, options);
      const fused = reciprocalRankFusion<ChunkHit | VectorHit>([ranked, near], (h) => h.chunkId).map(({ item, score, ranks }) => {
        const similarity = ranks[1] === undefined ? undefined : near[ranks[1] - 1].similarity;
        // A chunk bm25 found keeps its score and snippet; one found by meaning alone has score 0.
        return { ...item, similarity, fused: score };
      });
      return finish(fused, limit, terms);
    } catch (err) {
      if (!warned) deps.logger?.warn({ err: String(err) }, 'hybrid retrieval failed; using bm25 alone');
      warned = true;
      return search(text, options);
    }
  }

  return { search, searchHybrid, conceptsIn, isRelevant, isAbout, read: (text) => reader.read(text) };
}

/** Who a message is about, from the language layer's reading: a baby under 1, a child, or nobody in particular. */
function ageGroupOf(q: Question): SearchOptions['ageGroup'] {
  const p = q.analysis.person;
  if (p.ageMonths !== undefined && p.ageMonths < 12) return 'baby';
  return p.subject === 'child' ? 'child' : undefined;
}

/**
 * A chunk's words for its snippets, and the form each is compared in: a memo of a pure function of the text,
 * bounded to the chunks most often returned (each holds its words twice).
 */
const snippetMemo = new LruCache<string, { w: string[]; forms: string[] }>(256);
function snippetWords(text: string): { w: string[]; forms: string[] } {
  let m = snippetMemo.get(text);
  if (!m) {
    const w = stripMarkdown(text).replace(/\s+/g, ' ').trim().split(' ');
    m = { w, forms: w.map((x) => x.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/(ing|ed|es|s)$/, '')) };
    snippetMemo.set(text, m);
  }
  return m;
}

/**
 * A snippet: about 24 words of the chunk around the first question word it uses (or its first words), with " … "
 * where it was cut, like FTS5's snippet() without a second query per row.
 */
export function snippetOf(text: string, terms: string[], words = 24): string {
  const { w, forms } = snippetWords(text);
  const wanted = new Set(terms.map((t) => t.replace(/(ing|ed|es|s)$/, '')));
  const at = forms.findIndex((x) => wanted.has(x));
  const start = Math.max(0, Math.min(at < 0 ? 0 : at - Math.floor(words / 3), w.length - words));
  const part = w.slice(start, start + words).join(' ');
  return `${start > 0 ? '… ' : ''}${part}${start + words < w.length ? ' …' : ''}`;
}
