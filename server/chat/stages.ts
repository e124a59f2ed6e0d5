import type { KnowledgeIndex } from '../db/knowledge-index';
import type { Audience } from '../db/store';
import { classifyTurn, type ActResult } from '../dialogue/acts';
import type { ConversationState } from '../dialogue/state';
import type { Analysis } from '../language';
import type { Retriever } from '../retrieval';
import type { ContentChecker } from '../safety';
import type { Shorthand } from '../knowledge/schema';
import { levelRank, type Triage, type TriageResult } from '../triage';
import { composeAnswer, createShorthandExpander } from './offline-composer';
import { withoutViolations } from './safety';
import type { AnswerInput, Source } from './types';

/**
 * The CPU-heavy stages of a chat turn, as plain data in and plain data out, so that the same code runs on the main
 * thread or in a worker (server/workers): reading the message (language analysis, the kind of turn, triage),
 * retrieval (the sources of the answer) and the offline composer. Everything that touches the state store, the
 * sockets or a model stays in the chat (index.ts).
 */

/** What reading a turn needs: the message and what the conversation remembers. */
export type ReadInput = {
  text: string;
  patient: boolean;
  /** The previous turn's finding words, for a pronoun ("it is red" after "my calf is swollen"). */
  antecedents: string[];
  previous: ConversationState | null;
  /** What classifying a patient's turn needs to know of the conversation. */
  classify: Parameters<typeof classifyTurn>[1];
};
export type ReadResult = { analysis: Analysis; turn: ActResult; t: TriageResult };

export type SourcesInput = {
  text: string;
  audience: Audience;
  /** Who it is about (from triage): steers the ranking by age group. */
  ageGroup?: 'baby' | 'child';
  history: string[];
  concepts: string[];
  /** Articles to prefer when they are about the message too (a patient's likely conditions). */
  prefer: string[];
  /**
   * Then the article whose sources are those of the red flags that made it an emergency (a non-blanching rash:
   * "NHS - Meningitis"), in the red flags' order, when it is about the message too, unless the best article is
   * already one triage names (`named`: the articles of the conditions it considers) or one of those sources.
   */
  preferSources?: string[];
  named?: string[];
  /** Of `named`, the conditions whose urgency is an emergency (tried before the red flags' sources). */
  namedEmergent?: string[];
  /** The message's analysis when the search is the message itself, read on its own (parse once). */
  analysis?: Analysis;
};
/** `analysis`: the message's analysis when it was read on its own (parse once), as for `SourcesInput`. */
export type NamesItsOwnInput = { text: string; audience: Audience; concepts: string[]; analysis?: Analysis };
/** `found`: the articles retrieval found (before relevance), for the topic of follow-ups. */
export type SourcesResult = { sources: Source[]; found: string[] };

export type ComposeResult = { text: string; removed: string[] };

export type TurnStages = {
  read(input: ReadInput): Promise<ReadResult>;
  sources(input: SourcesInput): Promise<SourcesResult>;
  /** Does a follow-up question name an article of its own ("should I give him an aspirin?")? */
  namesItsOwn(input: NamesItsOwnInput): Promise<boolean>;
  /** The offline composer's answer, without any sentence that fails the safety checks (`removed` says which failed). */
  compose(input: AnswerInput): Promise<ComposeResult>;
};

/** How strongly a follow-up must name an article itself (a title, a synonym, a condition) to be about that article. */
const NAMES_ITS_OWN = 2.5;
const CONTEXT_CHARS = 9000;

export type StageDeps = {
  triage: Triage;
  retriever: Retriever;
  knowledgeIndex: KnowledgeIndex;
  checker: ContentChecker | null;
  retrievalTopK: number;
  /** Nurses' medicine shorthand (knowledge/vocabulary/medicine-shorthand.yaml) for the offline answer. */
  shorthand?: Shorthand[];
};

/** The stages as synchronous functions (what a worker runs, and the main thread when there is no worker). */
export function createStageFunctions(deps: StageDeps) {
  const { triage, retriever, knowledgeIndex, checker } = deps;
  const expandShorthand = createShorthandExpander(deps.shorthand);

  function read({ text, patient, antecedents, previous, classify }: ReadInput): ReadResult {
    const analysis = triage.language.analyze(text, { antecedents });
    let turn: ActResult = patient ? classifyTurn(analysis, classify) : { act: analysis.informational ? 'question' : 'symptoms', triage: true };
    // Deterministic triage, before any model, for every turn (safety): a turn whose own words triage reads as a
    // red flag is a symptom report, whatever else it looked like.
    let t = triage.assess({ text, analysis, ...(turn.answer ? { answer: turn.answer } : {}) }, previous);
    if (!turn.triage) {
      const own = triage.assess({ text, analysis });
      if (own.redFlags.some((f) => levelRank(f.level) >= levelRank('consultation_24')) || (own.findings.some((f) => f.present) && levelRank(own.level) >= levelRank('consultation_24'))) {
        turn = { act: turn.act === 'person' ? 'person' : 'symptoms', triage: true };
        t = triage.assess({ text, analysis }, previous);
      }
    }
    return { analysis, turn, t };
  }

  /**
   * Context assembly: every section of the best article (so the answer can use its self-care and "when to get
   * help" parts), the second article when it scores close to the first, then the best chunk of a few others,
   * numbered, within a character budget. Nothing when the relevance floor says the library has no answer.
   * `hits`: the (hybrid) search already made, when the caller has one; otherwise bm25 here.
   */
  function sourcesFrom(input: SourcesInput, hits?: ReturnType<Retriever['search']>): SourcesResult {
    const { text, audience, history, concepts, prefer, preferSources = [], named = [], namedEmergent = [], ageGroup, analysis } = input;
    const options = { audience, limit: Math.max(deps.retrievalTopK, 5), concepts, history, ageGroup, analysis } as const;
    const ranked = hits ?? retriever.search(text, options);
    const lexical = ranked.some((h) => h.fused !== undefined) ? retriever.search(text, options) : ranked;
    const followUp = history.length > 0 && text.split(/\s+/).length <= 6;
    const asked = followUp ? `${history.at(-1)} ${text}` : text;
    // Relevance by subject: the best article must be about what the question is about, or there is no answer.
    const found = lexical.map((h) => h.articleId);
    if (!retriever.isRelevant(asked, lexical, concepts).relevant) return { sources: [], found };
    // A report is best answered by the article of what it most likely is, when that article is about the message too.
    const about = (id: string) => retriever.isAbout(asked, id, concepts);
    const cites = (h: (typeof lexical)[number], url: string) => h.sources.some((s) => s.url === url);
    const settled = named.includes(lexical[0].articleId) || preferSources.some((url) => cites(lexical[0], url));
    // An article triage names that retrieval found (the heatstroke article for a collapse in the heat), then one the
    // red flags cite.
    // A nurse is answered from a guide: when a patient article ranks first, the guide a red flag cites, looked for
    // a little deeper than the answer's own sources (it may rank sixth behind articles that share more of a long
    // message's words: "bruise on 4 month old not yet rolling" and the safeguarding guide); a guide ranked first stays.
    const nurse = audience === 'nurse';
    const pool = nurse && preferSources.length && lexical[0].audience !== 'nurse' ? retriever.search(text, { ...options, limit: Math.max(options.limit, 10) }).filter((h) => h.audience === 'nurse') : lexical;
    const bySource =
      !preferSources.length || (nurse ? lexical[0].audience === 'nurse' : settled)
        ? []
        : [...pool.filter((h) => namedEmergent.includes(h.articleId)).map((h) => h.articleId), ...preferSources.flatMap((url) => pool.filter((h) => cites(h, url)).map((h) => h.articleId))];
    const preferred = prefer.find((id) => lexical.some((h) => h.articleId === id) && about(id)) ?? bySource.find(about);
    const top = (preferred && (lexical.find((h) => h.articleId === preferred) ?? pool.find((h) => h.articleId === preferred))) || lexical[0];
    const articles = [top.articleId];
    // A second article only when it is about the question too, and ranks close to the first.
    const second = ranked.find((h) => h.articleId !== top.articleId && h.score <= top.score * 0.7 && retriever.isAbout(asked, h.articleId, concepts));
    if (second) articles.push(second.articleId);
    const chunks = articles.flatMap((id) => knowledgeIndex.chunksOfArticle(id).filter((c) => c.section !== 'Summary'));
    const sources: Source[] = [];
    let budget = CONTEXT_CHARS;
    for (const c of chunks) {
      if (c.text.length > budget) continue;
      budget -= c.text.length;
      // One number per article: every section of "Sunburn" is cited as the same [n].
      const n = sources.find((x) => x.articleId === c.articleId)?.n ?? new Set(sources.map((x) => x.articleId)).size + 1;
      sources.push({
        n,
        articleId: c.articleId,
        title: c.title,
        section: c.section,
        text: c.text,
        sourceName: c.sources[0]?.name ?? 'Careline library',
        url: c.sources[0]?.url,
        ...(c.sources.length > 1 ? { otherSources: c.sources.slice(1).map((x) => x.name) } : {}),
      });
    }
    return { sources, found };
  }

  function namesItsOwn({ text, audience, concepts, analysis }: NamesItsOwnInput): boolean {
    const raw = retriever.search(text, { audience, limit: 5, concepts, analysis });
    return raw.length > 0 && (retriever.isRelevant(text, raw, concepts).about ?? 0) >= NAMES_ITS_OWN;
  }

  function compose(input: AnswerInput): ComposeResult {
    const { reply, removed } = withoutViolations(composeAnswer(input, expandShorthand), input.triage, checker);
    return { text: reply, removed };
  }

  return { read, sourcesFrom, namesItsOwn, compose };
}

export type StageFunctions = ReturnType<typeof createStageFunctions>;

/**
 * The stages on this thread. Retrieval is hybrid here (bm25 and embeddings, fused) when embeddings are on: the
 * vector index and its endpoint live in the main thread only.
 */
export function inProcessStages(fns: StageFunctions, retriever: Retriever, retrievalTopK: number): TurnStages {
  return {
    read: async (input) => fns.read(input),
    async sources(input) {
      const options = { audience: input.audience, limit: Math.max(retrievalTopK, 5), concepts: input.concepts, history: input.history, ageGroup: input.ageGroup, analysis: input.analysis } as const;
      // Hybrid (bm25 + embeddings, fused by reciprocal rank) when embeddings are on; bm25 alone otherwise. Whether
      // the library answers at all stays a bm25 decision (the relevance floor), so embeddings reorder the sources
      // but never make an answer out of nothing.
      const hits = await retriever.searchHybrid(input.text, options);
      return fns.sourcesFrom(input, hits);
    },
    namesItsOwn: async (input) => fns.namesItsOwn(input),
    compose: async (input) => fns.compose(input),
  };
}
