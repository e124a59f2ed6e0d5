import type { Runnable } from '@langchain/core/runnables';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { KnowledgeIndex } from '../db/knowledge-index';
import type { Audience, StoredMessage, Store } from '../db/store';
import type { Analysis } from '../language';
import type { Retriever } from '../retrieval';
import { antecedentsOf, publicTriageResult, toState, type Triage, type TriageResult, type TriageState } from '../triage';
import { interpretAnswer } from '../dialogue/answers';
import { checkCitations } from './citations';
import { OfflineComposer, streamPieces } from './offline-composer';
import type { ContentChecker } from '../safety';
import { runCalculator, type CalculatorTool } from './calculators';
import { noReliableAnswer, replyViolations, withoutViolations, withSafetyFrame } from './safety';
import type { ScopeGuard } from './scope';
import type { AnswerInput, DonePayload, Source } from './types';

/**
 * Holds streamed text until a sentence is complete, checks it, and only then passes it on. A sentence that fails
 * throws a safety error, which ends the model's stream and sends the offline answer instead.
 */
export function sentenceGate(check: (text: string) => string[], emit: (delta: string) => void) {
  let pending = '';
  const release = (text: string) => {
    const violations = check(text);
    if (violations.length) throw Object.assign(new Error(`reply failed safety check: ${violations.join(', ')}`), { safety: true });
    if (text) emit(text);
  };
  return {
    push(delta: string) {
      pending += delta;
      const boundary = [...pending.matchAll(/[.!?]["')\]]*\s+/g)].at(-1);
      if (!boundary) return;
      const end = boundary.index! + boundary[0].length;
      const complete = pending.slice(0, end);
      pending = pending.slice(end);
      release(complete);
    },
    flush() {
      const rest = pending;
      pending = '';
      release(rest);
    },
  };
}

export type AnswerModel = { name: string; kind: 'offline' | 'llm'; runnable: Runnable<AnswerInput, string> };

export type ChatRequest = { text: string; conversationId?: string; clientMessageId?: string; audience: Audience };

/** What the transport (HTTP or Socket.IO) wants to hear, in this order. */
export type ChatEvents = {
  accepted(ack: { conversationId: string; messageId: string; duplicate: boolean }): void;
  triage(t: { messageId: string; conversationId: string; triage: TriageResult }): void;
  token(t: { messageId: string; delta: string }): void;
};

export type ChatService = {
  handle(request: ChatRequest, events?: Partial<ChatEvents>, signal?: AbortSignal): Promise<DonePayload>;
  modelName: string;
};

const HISTORY_TURNS = 6;
const HISTORY_CHARS = 4000;
const CONTEXT_CHARS = 9000;

export function createChatService(deps: {
  config: Config;
  store: Store;
  knowledgeIndex: KnowledgeIndex;
  triage: Triage;
  retriever: Retriever;
  model: AnswerModel;
  logger: Logger;
  scopeGuard?: ScopeGuard;
  /** The content checks every answer goes through (server/safety); without it only the reply checks of safety.ts. */
  checker?: ContentChecker | null;
  /** Clinical calculators for a nurse question that names one with values (see calculators.ts). */
  calculators?: CalculatorTool | null;
}): ChatService {
  const { store, knowledgeIndex, triage, retriever, model, logger, config } = deps;
  const checker = deps.checker ?? null;
  const scopeGuard: ScopeGuard = deps.scopeGuard ?? (() => null);
  const offline = new OfflineComposer();

  async function streamModel(runnable: Runnable<AnswerInput, string>, input: AnswerInput, onToken: (d: string) => void, signal?: AbortSignal) {
    let usage: unknown;
    let text = '';
    let failure: unknown;
    // An idle timer, not only a request timeout: a stream that stops sending is abandoned too. Until the first
    // chunk it also allows for every retry and its exponential backoff (p-retry: 1 s doubling, up to 2x jitter).
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = config.openai?.timeoutMs ?? 30000;
    const retries = config.openai?.maxRetries ?? 0;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(new Error('model stream stalled')), ms);
    };
    arm(timeoutMs * (retries + 1) + 2000 * (2 ** retries - 1));
    const signals = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
    try {
      const stream = await runnable.stream(input, {
        signal: signals,
        callbacks: [
          {
            handleLLMEnd(output) {
              const gen = output.generations?.[0]?.[0] as { message?: { usage_metadata?: unknown } } | undefined;
              usage = gen?.message?.usage_metadata ?? output.llmOutput?.tokenUsage;
            },
          },
        ],
      });
      for await (const delta of stream) {
        arm(timeoutMs);
        if (typeof delta !== 'string' || !delta || failure) continue;
        text += delta;
        try {
          onToken(delta);
        } catch (err) {
          // Stop the model through its signal: leaving the loop by throwing would wait on the producer.
          failure = err;
          idle.abort(err);
        }
      }
    } catch (err) {
      throw failure ?? err;
    } finally {
      clearTimeout(timer);
    }
    if (failure) throw failure;
    return { text, usage };
  }

  /**
   * Context assembly: every section of the best article (so the answer can use its self-care and "when to get
   * help" parts), the second article when it scores close to the first, then the best chunk of a few others,
   * numbered, within a character budget. Nothing when the relevance floor says the library has no answer.
   */
  async function sourcesFor(text: string, audience: Audience, t: TriageResult, history: string[], analysis: Analysis | undefined): Promise<Source[]> {
    const concepts = t.findings.filter((f) => f.present || f.context === 'question').map((f) => f.concept);
    // Who it is about steers the ranking: a 2 year old's fever is in the children's article, not the babies'.
    const ageGroup = t.context.ageMonths !== undefined && t.context.ageMonths < 12 ? 'baby' : t.context.subject === 'child' ? 'child' : undefined;
    // Hybrid (bm25 + embeddings, fused by reciprocal rank) when embeddings are on; bm25 alone otherwise. Whether
    // the library answers at all stays a bm25 decision (the relevance floor), so embeddings reorder the sources but
    // never make an answer out of nothing.
    // The message's analysis (made once, for triage) is reused: retrieval does not read it again. Not when it was
    // read with the previous turn's words (a pronoun resolved to an earlier finding): retrieval reads the message
    // on its own, so its ranking stays what it was.
    const options = { audience, limit: Math.max(config.retrievalTopK, 5), concepts, history, ageGroup, analysis } as const;
    const hits = await retriever.searchHybrid(text, options);
    const lexical = hits.some((h) => h.fused !== undefined) ? retriever.search(text, options) : hits;
    const followUp = history.length > 0 && text.split(/\s+/).length <= 6;
    const asked = followUp ? `${history.at(-1)} ${text}` : text;
    // Relevance by subject: the best article must be about what the question is about, or there is no answer.
    if (!retriever.isRelevant(asked, lexical, concepts).relevant) return [];
    const top = lexical[0];
    const articles = [top.articleId];
    // A second article only when it is about the question too, and ranks close to the first.
    const second = hits.find((h) => h.articleId !== top.articleId && h.score <= top.score * 0.7 && retriever.isAbout(asked, h.articleId, concepts));
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
      });
    }
    return sources;
  }

  /** An offline answer without any sentence that fails the checks (it is streamed only once it is clean). */
  function cleaned(text: string, t: TriageResult, messageId: string): string {
    const { reply, removed } = withoutViolations(text, t, checker);
    if (removed.length) logger.warn({ removed, messageId }, 'offline answer: sentences that failed the safety checks were left out');
    return reply;
  }

  async function offlineReply(input: AnswerInput, emit: (d: string) => void, signal?: AbortSignal): Promise<string> {
    const runnable = model.kind === 'offline' ? model.runnable : offline;
    const text = cleaned(await runnable.invoke(input, { signal }), input.triage, 'offline');
    for (const piece of streamPieces(text)) emit(piece);
    return text;
  }

  async function handle(request: ChatRequest, events: Partial<ChatEvents> = {}, signal?: AbortSignal): Promise<DonePayload> {
    const started = Date.now();
    // 1. Store the user's message before anything slow can fail.
    let conversation = request.conversationId ? await store.getConversation(request.conversationId) : undefined;
    const conversationId = conversation?.id ?? (await store.createConversation(request.audience));
    const { id: messageId, duplicate } = await store.insertUserMessage({
      conversationId,
      content: request.text,
      clientMessageId: request.clientMessageId,
    });
    events.accepted?.({ conversationId, messageId, duplicate });
    if (duplicate) {
      const earlier = await store.getReplyTo(messageId);
      if (earlier) return replayOf(earlier, conversationId, messageId);
    }
    conversation ??= await store.getConversation(conversationId);

    // 2. Deterministic triage, before any model: the emergency instruction goes out now.
    const previous = (conversation?.triage as TriageState | null) ?? null;
    // The message is read once; a reply to the question we asked is understood as its answer.
    const antecedents = antecedentsOf(previous);
    const analysis = triage.language.analyze(request.text, { antecedents });
    const answer = previous?.openQuestion ? interpretAnswer(analysis, previous.openQuestion.concept, previous.openQuestion.text) : null;
    const t = triage.assess({ text: request.text, analysis, ...(answer && previous?.openQuestion ? { answer: { concept: previous.openQuestion.concept, value: answer } } : {}) }, previous);
    await store.setConversationTriage(conversationId, toState(t));
    await store.setMessageStatus(messageId, 'stored', publicTriageResult(t));
    events.triage?.({ messageId, conversationId, triage: t });
    // Let the event loop turn before the heavy part of this turn: the triage packet is written now (the transport
    // sends it once its previous write has drained, which needs a turn of the loop), and other clients' messages
    // get their triage before this one's retrieval and answer.
    await new Promise<void>((resolve) => setImmediate(resolve));

    const history = (await store.listMessages(conversationId, HISTORY_TURNS + 1))
      .filter((m) => m.id !== messageId)
      // The last answer whole (up to a limit), so "tell me more" knows what was said; earlier turns shortened.
      .map((m, i, all) => ({ role: m.role, content: m.content.slice(0, i === all.length - 1 ? HISTORY_CHARS / 2 : HISTORY_CHARS / HISTORY_TURNS) }));

    let reply = '';
    let sources: Source[] = [];
    let modelName = model.name;
    let fallback = false;
    let note: string | undefined;
    let usage: unknown;
    let noAnswer = false;
    let declined: string | undefined;
    try {
      // 3. Retrieval. A failure here still leaves the triage advice in the reply.
      try {
        sources = await sourcesFor(request.text, request.audience, t, history.filter((h) => h.role === 'user').map((h) => h.content), antecedents.length ? undefined : analysis);
      } catch (err) {
        logger.error({ err }, 'retrieval failed');
      }
      // And again between retrieval and the answer: no stage of one turn holds the loop for a whole turn, so a
      // message that arrived meanwhile gets its triage out between them.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // A nurse question that names a calculator with values is answered by the calculator first.
      const calculation =
        request.audience === 'nurse' && deps.calculators ? runCalculator(deps.calculators, request.text, (err) => logger.error({ err, messageId }, 'calculator failed')) : null;
      const input: AnswerInput = {
        question: request.text,
        audience: request.audience,
        sources,
        triage: t,
        history,
        emergencyNumber: config.emergencyNumber,
        ...(calculation ? { calculation } : {}),
      };
      const emit = (delta: string) => events.token?.({ messageId, delta });

      const decline = scopeGuard(request.text, request.audience, t);
      if (decline) {
        declined = decline.id;
        sources = [];
        reply = decline.reply;
        modelName = 'offline';
        for (const piece of streamPieces(reply)) emit(piece);
      } else if (!sources.length && !input.calculation) {
        noAnswer = true;
        reply = noReliableAnswer(request.audience);
        modelName = 'offline';
        for (const piece of streamPieces(reply)) emit(piece);
      } else if (model.kind === 'offline' || !sources.length) {
        // The offline composer (it also says a calculator's result when the library has no guideline for it).
        reply = await offlineReply(input, emit, signal);
        if (model.kind !== 'offline') modelName = 'offline';
      } else {
        try {
          // Only whole sentences that pass the safety check reach the person; a failing one stops the stream.
          if (input.calculation) emit(`${input.calculation.text}\n\n`);
          const gate = sentenceGate((text) => replyViolations(text, t, checker), emit);
          const out = await streamModel(model.runnable, input, gate.push, signal);
          gate.flush();
          usage = out.usage;
          const check = checkCitations(out.text, sources);
          const violations = replyViolations(out.text, t, checker);
          if (!check.citations.length) violations.push('no_valid_citation');
          if (violations.length) {
            logger.warn({ violations, messageId }, 'model reply failed the safety check; using the offline answer');
            throw Object.assign(new Error(`reply failed safety check: ${violations.join(', ')}`), { safety: true });
          }
          reply = input.calculation ? `${input.calculation.text}\n\n${out.text}` : out.text;
        } catch (err) {
          if (signal?.aborted) throw err;
          const safety = (err as { safety?: boolean }).safety;
          if (!safety) logger.error({ err: (err as Error).message, messageId }, 'LLM failed; using the offline answer');
          fallback = true;
          modelName = 'offline';
          note = safety
            ? 'The AI answer did not pass our safety checks, so this answer was built directly from our clinic library.'
            : 'The AI service was unavailable, so this answer was built directly from our clinic library.';
          reply = cleaned(await offline.invoke(input), t, messageId);
        }
      }
    } catch (err) {
      if (signal?.aborted) throw err;
      // Whatever failed, the person still gets the triage advice (and the emergency instruction).
      logger.error({ err, messageId }, 'answer failed; sending the triage advice only');
      fallback = true;
      note = 'Something went wrong while preparing the full answer.';
    }

    const checked = checkCitations(reply, sources);
    const framed = withSafetyFrame(noAnswer || declined ? reply : checked.reply, t, request.audience);
    const assistantId = await store.insertAssistantMessage({
      conversationId,
      replyTo: messageId,
      content: framed,
      triage: publicTriageResult(t),
      citations: checked.citations,
      model: modelName,
      fallback,
      usage,
      latencyMs: Date.now() - started,
    });
    return {
      conversationId,
      messageId,
      replyId: assistantId,
      reply: framed,
      citations: checked.citations,
      triage: t,
      model: modelName,
      fallback,
      note,
      removedCitations: checked.removed,
      noReliableAnswer: noAnswer,
      ...(declined ? { declined } : {}),
    };
  }

  function replayOf(m: StoredMessage, conversationId: string, messageId: string): DonePayload {
    return {
      conversationId,
      messageId,
      replyId: m.id,
      reply: m.content,
      citations: (m.citations as DonePayload['citations']) ?? [],
      triage: m.triage as TriageResult,
      model: m.model ?? 'offline',
      fallback: m.fallback,
      removedCitations: 0,
      noReliableAnswer: false,
    };
  }

  return { handle, modelName: model.name };
}
