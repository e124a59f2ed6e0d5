import type { Runnable } from '@langchain/core/runnables';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { KnowledgeIndex } from '../db/knowledge-index';
import type { Audience, StoredMessage, Store } from '../db/store';
import type { Retriever } from '../retrieval';
import type { AskedQuestion, DialogueAct } from '../contracts/chat';
import { clinicAnswer, clinicContact } from '../dialogue/clinic';
import { crisisLine, personReply, socialReply } from '../dialogue/replies';
import { resolveAgainstTopic, withAsked, type ConversationState, type DialogueState } from '../dialogue/state';
import type { Clinic, Shorthand } from '../knowledge/schema';
import { LAST_CLAUSE_ASKS } from '../language';
import { antecedentsOf, isEmergent, levelRank, publicTriageResult, toState, type Triage, type TriageResult } from '../triage';
import { DOSE_FACT } from '../retrieval/intents';

/** Words of a dose question that do not name the medicine (the medicine must be in the guideline that states a dose). */
/**
 * Do the sources use every longer word of the message? A declined dose is grounded in the library only when it knows
 * the medicine and the problem asked about ("amoxicillin for my 2 year old": the antibiotics article); a medicine it
 * never names (oxycodone, ivermectin) gets the decline alone, not an article about something else.
 */
function sourcesNameAll(text: string, sources: Source[]): boolean {
  const known = new Set(sources.flatMap((s) => tokensForSearch(`${s.title} ${s.text}`).map(stem)));
  return tokensForSearch(text)
    .filter((w) => w.length >= 5 && !DOSE_QUESTION_WORDS.has(w))
    .every((w) => known.has(stem(w)));
}

const DOSE_QUESTION_WORDS = new Set(['patient', 'patients', 'doses', 'dosage', 'dosing', 'infusion', 'maximum', 'which', 'should', 'adult', 'adults', 'child', 'children', 'could', 'would', 'there', 'about', 'first', 'start', 'often', 'every', 'fixed', 'their', 'rather']);
import { checkCitations } from './citations';
import { sentencesOf, stem, streamPieces } from './offline-composer';
import { isOfflineComposer } from './offline-brand';
import { tokensForSearch } from '../retrieval/fts-query';
import { withoutAmounts } from './numbers';
import { framePatientReply, MAX_REPLY_WORDS, NOT_A_DIAGNOSIS, wordCount } from './shape';
import type { ContentChecker } from '../safety';
import { CALCULATOR_TOPICS, runCalculator, type CalculatorTool } from './calculators';
import { noReliableAnswer, replyViolations, withoutViolations, withSafetyFrame } from './safety';
import type { ScopeGuard } from './scope';
import { createStageFunctions, inProcessStages, type ComposeResult, type TurnStages } from './stages';
import type { AnswerInput, Citation, DonePayload, ReplyShape, Source } from './types';

/**
 * In an emergency, the sources of the red flags that made it one, in their order (a rash that does not fade: "NHS -
 * Meningitis"): the reply is about what triage named, not about the loudest symptom ("fever"). Each article is used
 * only when retrieval finds it and it is about the message (stages.ts).
 */
export function emergencySources(t: Pick<TriageResult, 'level' | 'redFlags'>): string[] {
  if (!isEmergent(t.level)) return [];
  const flags = t.redFlags.filter((f) => isEmergent(f.level));
  return [...new Set(flags.map((f) => f.source?.url).filter((u): u is string => Boolean(u)))];
}

/**
 * Declines that are followed by what the library says about the problem (cited, no amount quoted): a dose of a
 * prescription-only medicine, a prescription ("prescribe me amoxicillin for my sore throat").
 */
const GROUNDED_DECLINES = new Set(['prescription_dose', 'prescribing']);
/** The kinds of finding that name a problem (not a medicine or a risk factor). */
const PROBLEM_KINDS = new Set(['symptom', 'sign', 'condition']);

/** Findings that need the crisis line as well as the emergency number. */
const CRISIS = new Set(['suicidal_thoughts', 'suicide_plan', 'self_harm', 'suicide_method_question']);

/** The clinic profile as a cited source ([1] in a clinic answer); it has no article page. */
export function clinicCitation(clinic: Clinic): Citation {
  return { n: 1, articleId: 'clinic', title: clinic.name, source: 'Clinic information', url: '/api/clinic', kind: 'clinic' };
}

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
  /** Only for a turn that carries an urgency (see DonePayload.carriesTriage), before any token. */
  triage(t: { messageId: string; conversationId: string; triage: TriageResult; act: DialogueAct }): void;
  token(t: { messageId: string; delta: string }): void;
};

export type ChatService = {
  handle(request: ChatRequest, events?: Partial<ChatEvents>, signal?: AbortSignal): Promise<DonePayload>;
  modelName: string;
};

const HISTORY_TURNS = 6;
const HISTORY_CHARS = 4000;

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
  /** The clinic this deployment serves (knowledge/clinic.yaml): clinic questions are answered from it. */
  clinic: Clinic;
  /** Nurses' medicine shorthand (knowledge/vocabulary/medicine-shorthand.yaml) for the offline answer. */
  shorthand?: Shorthand[];
  /** Reading the message, retrieval and the offline composer; on this thread unless given (a worker pool). */
  stages?: TurnStages;
}): ChatService {
  const { store, knowledgeIndex, triage, retriever, model, logger, config, clinic } = deps;
  const checker = deps.checker ?? null;
  const scopeGuard: ScopeGuard = deps.scopeGuard ?? (() => null);
  // The CPU-heavy stages of a turn: on this thread, or through a worker pool (server/workers) given by the app.
  const stages = deps.stages ?? inProcessStages(createStageFunctions({ triage, retriever, knowledgeIndex, checker, retrievalTopK: config.retrievalTopK, shorthand: deps.shorthand }), retriever, config.retrievalTopK);

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

  /** An offline answer without any sentence that fails the checks. */
  function cleaned({ text, removed }: ComposeResult, messageId: string): string {
    if (removed.length) logger.warn({ removed, messageId }, 'offline answer: sentences that failed the safety checks were left out');
    return text;
  }

  /** The offline composer's answer (through the stages: a worker when there is a pool), or a custom offline model's. */
  async function offlineBody(input: AnswerInput, signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    if (model.kind === 'offline' && !isOfflineComposer(model.runnable)) {
      const text = await model.runnable.invoke(input, { signal });
      const { reply, removed } = withoutViolations(text, input.triage, checker);
      return cleaned({ text: reply, removed }, 'offline');
    }
    return cleaned(await stages.compose(input), 'offline');
  }

  /** The sections of an article that say when to get help and what to do (for "should I come in?"). */
  function careSources(articleId: string): Source[] {
    const wanted = ['When to get urgent help', 'When to get an appointment', 'Self-care'];
    return knowledgeIndex
      .chunksOfArticle(articleId)
      .filter((c) => wanted.includes(c.section))
      .map((c) => ({ n: 1, articleId: c.articleId, title: c.title, section: c.section, text: c.text, sourceName: c.sources[0]?.name ?? 'Careline library', url: c.sources[0]?.url }));
  }

  /**
   * "Should I come in?", "do we still need to call?": answered from the current assessment (the frame leads with the
   * level's advice), with the topic article's own lines on when to get help, not by a new search on those words.
   */
  function careBody(t: TriageResult, sources: Source[], said: (s: string) => boolean): string {
    const lines = (section: string, n: number) =>
      sources
        .filter((s) => s.section === section)
        .flatMap((s) => sentencesOf(s.text).map((text) => `${text} [${s.n}]`))
        .filter((x) => !said(x.replace(/ \[\d+\]$/, '')))
        .slice(0, n);
    if (isEmergent(t.level) || t.level === 'consultation_24') return lines('When to get urgent help', 2).join(' ');
    if (t.level === 'consultation') return [...lines('When to get an appointment', 1), ...lines('When to get urgent help', 1)].join(' ');
    return [...lines('Self-care', 2), ...lines('When to get an appointment', 1)].join(' ');
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
    const patient = request.audience === 'patient';

    // 2. The kind of turn, before anything else reads the message (the message is read once, here).
    const previous = (conversation?.triage as ConversationState | null) ?? null;
    const dialogue: DialogueState = previous?.dialogue ?? {};
    // A pronoun refers to the previous turn's finding ("it is red" after "my calf is swollen").
    const antecedents = antecedentsOf(previous);
    const assessed = Boolean(previous?.level && previous.findings?.some((f) => f.present));
    // 3. Deterministic triage, before any model, for every turn (safety), with the kind of turn (stages.ts). Through
    // a worker it is the first in the queue, and falls back to this thread if the worker fails or is late.
    const { analysis, turn, t } = await stages.read({
      text: request.text,
      patient,
      antecedents,
      previous,
      classify: { openQuestion: previous?.openQuestion, lastAct: dialogue.lastAct, lastClinicTopic: dialogue.clinicTopic, assessed, hasTopic: Boolean(dialogue.topic) },
    });
    const normalised = analysis.tokens.map((x) => x.norm).join(' ');
    const emergent = isEmergent(t.level);
    // A question or a social turn in a conversation that is in an emergency carries no new badge, but its reply still
    // starts with the emergency instruction (framePatientReply), and the stored level stays.
    const carriesTriage = !patient || turn.triage || turn.followUp === 'care';
    // The one question this reply asks: the triage's next question, never one asked before in this conversation.
    const asked = new Set(dialogue.asked ?? []);
    const next = patient && turn.triage && t.nextQuestion && !asked.has(t.nextQuestion.text) ? t.nextQuestion : null;
    const question: AskedQuestion | null = next ? { id: next.id, text: next.text, answers: next.answers } : null;
    await store.setMessageStatus(messageId, 'stored', publicTriageResult(t));
    if (carriesTriage) events.triage?.({ messageId, conversationId, triage: t, act: turn.act });
    // Let the event loop turn before the heavy part of this turn: the triage packet is written now (the transport
    // sends it once its previous write has drained, which needs a turn of the loop), and other clients' messages
    // get their triage before this one's retrieval and answer.
    await new Promise<void>((resolve) => setImmediate(resolve));

    const history = (await store.listHistory(conversationId, HISTORY_TURNS + 1))
      .filter((m) => m.id !== messageId)
      // The last answer whole (up to a limit), so "tell me more" knows what was said; earlier turns shortened.
      .map((m, i, all) => ({ role: m.role, content: m.content.slice(0, i === all.length - 1 ? HISTORY_CHARS / 2 : HISTORY_CHARS / HISTORY_TURNS) }));
    const said = (() => {
      const replies = history.filter((h) => h.role === 'assistant').map((h) => h.content);
      return (text: string) => replies.some((r) => r.includes(text.slice(0, 60)));
    })();
    const crisis = patient && t.findings.some((f) => f.present && CRISIS.has(f.concept)) ? crisisLine(clinic, config.emergencyNumber) : null;

    let reply = '';
    let body = '';
    let sources: Source[] = [];
    let extraCitations: Citation[] = [];
    let modelName = model.name;
    let fallback = false;
    let note: string | undefined;
    let usage: unknown;
    let noAnswer = false;
    let declined: string | undefined;
    let person: DonePayload['person'];
    let streamed = false;
    /** Citations the body gave to sources that were not retrieved (removed before the reply was framed). */
    let removedFromBody = 0;
    let topic = dialogue.topic ?? null;
    let report = dialogue.report ?? '';
    /** The articles retrieval found for this turn (before relevance), for the topic of follow-ups. */
    const found = { articles: [] as string[] };
    let searchedFor = request.text;
    const emit = (delta: string) => events.token?.({ messageId, delta });
    const social = ['greeting', 'thanks', 'small_talk', 'clinic', 'person'].includes(turn.act);

    // A clinic-sounding turn that asks what Careline declines ("diazepam without a prescription, what dose?") is declined.
    if (patient && social && !(turn.act === 'clinic' && scopeGuard(request.text, request.audience, t))) {
      // Not a health turn: nothing to search, no model.
      modelName = 'offline';
      if (turn.act === 'clinic') {
        const lastReply = history.filter((h) => h.role === 'assistant').at(-1)?.content ?? '';
        const a = clinicAnswer(turn.clinicTopic ?? 'general', normalised, clinic, config.emergencyNumber, lastReply);
        body = a.text;
        if (a.cited) extraCitations = [clinicCitation(clinic)];
      } else if (turn.act === 'person') {
        const r = await store.createPersonRequest({ conversationId, reason: request.text.slice(0, 200), level: t.findings.some((f) => f.present) || previous?.level ? t.level : null });
        person = { requestId: r.id, contact: clinicContact(clinic) };
        body = personReply(clinic, true);
      } else {
        body = socialReply(turn, clinic, { returning: (dialogue.turns ?? 0) > 0 });
      }
      reply = framePatientReply(body, t, { act: turn.act, health: false, crisis: turn.act === 'person' ? crisis : null });
    } else {
      try {
        // 4. Retrieval, for what the turn is about. A failure here still leaves the triage advice in the reply.
        const own = t.findings.filter((f) => (f.turn ?? 0) === 0 && (f.present || f.context === 'question')).map((f) => f.concept);
        const all = t.findings.filter((f) => f.present || f.context === 'question').map((f) => f.concept);
        let searchText = request.text;
        searchedFor = request.text;
        let searchHistory: string[] = [];
        let concepts = all;
        let asks = request.text;
        if (turn.act === 'answer') {
          // An answer is read with the report it completes ("yes" says nothing on its own).
          searchText = `${report} ${request.text}`.trim();
        } else if (turn.act === 'symptoms') {
          searchHistory = report ? [report] : [];
        } else if (turn.followUp === 'topic' && topic) {
          // A question that names an article of its own ("should I give him an aspirin?") is about that; one that names
          // nothing ("is it contagious?") is about the topic.
          const named = await stages.namesItsOwn({ text: request.text, audience: request.audience, concepts: own, analysis: antecedents.length ? undefined : analysis });
          if (named) concepts = own;
          else searchText = asks = searchedFor = resolveAgainstTopic(request.text, topic, { again: turn.again });
        } else if (turn.followUp === 'more') {
          searchHistory = topic ? [topic.question] : [];
        } else {
          concepts = own;
        }
        if (turn.act === 'symptoms' || turn.act === 'answer') {
          report = `${turn.act === 'answer' || assessed ? report : ''} ${request.text}`.trim().slice(-400);
          // The answer quotes what fits the whole report, not only its last words.
          asks = report;
        }
        // A nurse question that names a calculator with values is answered by the calculator first. Its guideline is
        // the one for what the score is for ("qSOFA: RR 24, sys BP 98, GCS 15" is about sepsis): the readings are
        // the calculator's inputs, and searched for they find other guides (GCS: head injury observations).
        const calculation =
          request.audience === 'nurse' && deps.calculators ? runCalculator(deps.calculators, request.text, (err) => logger.error({ err, messageId }, 'calculator failed')) : null;
        const scored = calculation?.id ? CALCULATOR_TOPICS[calculation.id] : undefined;
        if (scored && turn.followUp !== 'more') searchText = searchedFor = `${scored}: ${searchText}`;
        if (turn.followUp === 'care') {
          sources = topic ? careSources(topic.articleId) : [];
        } else if (!turn.vague) {
          try {
            // A patient's likely conditions steer their answer to those articles; a nurse asks about the guideline.
            // In an emergency, an emergency condition that passed its threshold counts too: an unrousable, sweaty
            // person who took insulin is answered from low blood sugar's first aid, not a heart attack's aspirin.
            const likely = turn.triage && patient ? t.conditions.filter((c) => c.likelihood === 'high' || (isEmergent(t.level) && c.likelihood === 'moderate' && isEmergent(c.urgency))).map((c) => c.articleId) : [];
            // A nurse's too: "bruise on a 4 month old" is answered from the guide that cites the red flag's source
            // (safeguarding), not from a patient article on sprains (stages.ts keeps a nurse with the guides).
            const preferSources = turn.triage ? emergencySources(t) : [];
            const reuse = searchText === request.text && !antecedents.length ? analysis : undefined;
            // Who it is about steers the ranking: a 2 year old's fever is in the children's article, not the babies'.
            const ageGroup = t.context.ageMonths !== undefined && t.context.ageMonths < 12 ? 'baby' : t.context.subject === 'child' ? 'child' : undefined;
            const result = await stages.sources({ text: searchText, audience: request.audience, ageGroup, history: searchHistory, concepts, prefer: likely, preferSources, named: t.conditions.map((c) => c.articleId), namedEmergent: t.conditions.filter((c) => isEmergent(c.urgency)).map((c) => c.articleId), analysis: reuse });
            sources = result.sources;
            found.articles = result.found;
          } catch (err) {
            logger.error({ err }, 'retrieval failed');
          }
        }
        // And again between retrieval and the answer: no stage of one turn holds the loop for a whole turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const shape: ReplyShape =
          turn.followUp === 'more' ? 'more' : turn.act === 'question' ? 'question' : emergent ? 'emergency' : t.level === 'self_care' ? 'self_care' : 'consult';
        // The frame's own words (the instruction, the advice, the question, the disclaimer) come out of the limit.
        const advice = (turn.act === 'symptoms' || turn.act === 'answer' || turn.followUp === 'care') && !emergent;
        const framed = [emergent ? t.advice : '', crisis ?? '', advice ? t.advice : '', question?.text ?? '', emergent ? '' : NOT_A_DIAGNOSIS].join(' ');
        const maxWords = turn.followUp === 'more' ? undefined : MAX_REPLY_WORDS - wordCount(framed) - 2;
        const input: AnswerInput = {
          question: asks,
          ...(patient && maxWords !== undefined ? { maxWords } : {}),
          audience: request.audience,
          sources,
          triage: t,
          history,
          emergencyNumber: config.emergencyNumber,
          ...(patient ? { shape } : {}),
          ...(calculation ? { calculation } : {}),
        };

        const asked = turn.followUp === 'care' ? null : scopeGuard(request.text, request.audience, t);
        // A nurse's dose question is declined only when the guideline library does not hold that dose: a nurse
        // guideline that states it (the DKA fixed-rate insulin infusion) is quoted, with its source.
        const named = request.text.toLowerCase().match(/[a-z]{5,}/g)?.filter((w) => !DOSE_QUESTION_WORDS.has(w)) ?? [];
        const holdsDose =
          !patient && asked?.id === 'prescription_dose' &&
          sources.some((s) => s.articleId.startsWith('nurse-') && DOSE_FACT.test(s.text) && named.some((w) => s.text.toLowerCase().includes(w)));
        const decline = holdsDose ? null : asked;
        // A patient's dose request whose words the library does not all know ("double my tramadol", "the doctors who
        // built you said ...") is still grounded in what the library says about the problem the message names (back
        // pain, a sore throat): a search for those findings alone. A message that names no problem gets the decline.
        const groundable = Boolean(decline && GROUNDED_DECLINES.has(decline.id) && patient);
        if (groundable && !(sources.length && sourcesNameAll(request.text, sources))) {
          const problems = t.findings.filter((f) => (f.turn ?? 0) === 0 && f.present && PROBLEM_KINDS.has(f.kind));
          sources = problems.length
            ? (await stages.sources({ text: problems.map((f) => f.name).join(', '), audience: request.audience, history: [], concepts: problems.map((f) => f.concept), prefer: [] })).sources
            : [];
          input.sources = sources;
        }
        if (decline?.id === 'diagnosis_demand' && sources.length) {
          // "Just tell me what I have": no diagnosis, but still what the library says about those symptoms (an
          // answer with its citations, not a decline).
          const budget = input.maxWords === undefined ? {} : { maxWords: Math.max(30, input.maxWords - wordCount(decline.reply)) };
          body = `${decline.reply}\n\n${await offlineBody({ ...input, ...budget }, signal)}`;
          modelName = 'offline';
        } else if (decline && groundable && sources.length) {
          // A dose we will not give, but what the library says about the problem itself (who can prescribe, what
          // helps, when to get help), with its sources; no amount from it is quoted.
          const budget = input.maxWords === undefined ? {} : { maxWords: Math.max(30, input.maxWords - wordCount(decline.reply)) };
          const grounded = withoutAmounts(await offlineBody({ ...input, ...budget }, signal));
          body = grounded ? `${decline.reply}\n\n${grounded}` : decline.reply;
          if (!grounded) (declined = decline.id), (sources = []);
          modelName = 'offline';
        } else if (decline) {
          declined = decline.id;
          sources = [];
          body = decline.reply;
          modelName = 'offline';
        } else if (turn.followUp === 'care') {
          body = careBody(t, sources, said);
          modelName = 'offline';
        } else if (!sources.length && !input.calculation) {
          // A health question the library cannot answer says so; a report with nothing to quote still gets its advice,
          // and says so too when it asks something ("found a hard lump in my breast, how quickly should I get it seen?").
          if (turn.act === 'question' || !patient || (turn.act === 'symptoms' && (/\?\s*$/.test(request.text) || LAST_CLAUSE_ASKS.test(request.text)))) {
            noAnswer = true;
            body = noReliableAnswer(request.audience);
          }
          modelName = 'offline';
        } else if (model.kind === 'offline' || !sources.length) {
          // The offline composer (it also says a calculator's result when the library has no guideline for it).
          body = await offlineBody(input, signal);
          if (model.kind !== 'offline') modelName = 'offline';
        } else {
          try {
            // Only whole sentences that pass the safety check reach the person; a failing one stops the stream.
            if (input.calculation) emit(`${input.calculation.text}\n\n`);
            const gate = sentenceGate((text) => replyViolations(text, t, checker), emit);
            const out = await streamModel(model.runnable, input, gate.push, signal);
            gate.flush();
            streamed = true;
            usage = out.usage;
            const check = checkCitations(out.text, sources);
            const violations = replyViolations(out.text, t, checker);
            if (!check.citations.length) violations.push('no_valid_citation');
            if (violations.length) {
              logger.warn({ violations, messageId }, 'model reply failed the safety check; using the offline answer');
              throw Object.assign(new Error(`reply failed safety check: ${violations.join(', ')}`), { safety: true });
            }
            body = input.calculation ? `${input.calculation.text}\n\n${out.text}` : out.text;
          } catch (err) {
            if (signal?.aborted) throw err;
            const safety = (err as { safety?: boolean }).safety;
            if (!safety) logger.error({ err: (err as Error).message, messageId }, 'LLM failed; using the offline answer');
            fallback = true;
            modelName = 'offline';
            note = safety
              ? 'The AI answer did not pass our safety checks, so this answer was built directly from our clinic library.'
              : 'The AI service was unavailable, so this answer was built directly from our clinic library.';
            body = cleaned(await stages.compose(input), messageId);
          }
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        // Whatever failed, the person still gets the triage advice (and the emergency instruction).
        logger.error({ err, messageId }, 'answer failed; sending the triage advice only');
        fallback = true;
        note = 'Something went wrong while preparing the full answer.';
      }
      const bodyCheck = noAnswer || declined ? null : checkCitations(body, sources);
      removedFromBody = bodyCheck?.removed ?? 0;
      const checkedBody = bodyCheck ? bodyCheck.reply : body;
      reply = patient
        ? framePatientReply(checkedBody, t, {
            act: turn.act,
            question: question?.text,
            crisis,
            expand: turn.followUp === 'more',
            advice: turn.act === 'symptoms' || turn.act === 'answer' || turn.followUp === 'care',
          })
        : withSafetyFrame(checkedBody, t, request.audience);
    }
    // The offline reply is streamed as it will be stored; a model's reply has streamed already (`done` replaces it).
    if (!streamed) for (const piece of streamPieces(reply)) emit(piece);

    const checked = checkCitations(reply, sources);
    const citations = [...extraCitations, ...(noAnswer || declined ? [] : checked.citations)];
    const finalReply = noAnswer || declined || extraCitations.length ? reply : checked.reply;

    // 5. What the conversation remembers: the triage changes only with a symptom report or an answer.
    // The topic follow-ups are about: after a report, what it most likely is (or the article the answer quoted); after a
    // question, the articles its answer cited.
    const titleOf = (id: string) => knowledgeIndex.getArticle(id)?.title ?? id;
    const cited = [...new Set(citations.filter((c) => c.kind !== 'clinic').map((c) => c.articleId))];
    if (patient && turn.triage && cited.length) {
      // The most likely cause that retrieval also found (what "it" is in "is it contagious?"), else what was quoted.
      const likely = t.conditions.find((c) => c.likelihood === 'high' && knowledgeIndex.getArticle(c.articleId)) ?? t.conditions.find((c) => found.articles.includes(c.articleId));
      const id = likely?.articleId ?? cited[0];
      topic = { articleId: id, title: titleOf(id), question: report || request.text };
    } else if (patient && turn.act === 'question' && turn.followUp !== 'care' && turn.followUp !== 'more' && cited.length) {
      topic = { articleId: cited[0], title: cited.slice(0, 2).map(titleOf).join(' and '), question: searchedFor };
    }
    const nextDialogue: DialogueState = withAsked(
      { ...dialogue, lastAct: turn.act, clinicTopic: turn.act === 'clinic' ? (turn.clinicTopic ?? null) : null, topic, report, turns: (dialogue.turns ?? 0) + 1 },
      question?.text,
    );
    const base = turn.triage ? toState(t) : previous ?? { findings: [], level: null };
    await store.setConversationTriage(conversationId, { ...base, ...(turn.triage ? { openQuestion: question ? { concept: next!.concept, text: next!.text } : null } : {}), dialogue: nextDialogue } satisfies ConversationState);

    const assistantId = await store.insertAssistantMessage({
      conversationId,
      replyTo: messageId,
      content: finalReply,
      // The whole assessment is kept with the answer (for the nurse console and QA), with what the person was shown.
      triage: { ...publicTriageResult(t), dialogue: { act: turn.act, carriesTriage, question } },
      citations,
      model: modelName,
      fallback,
      usage,
      latencyMs: Date.now() - started,
    });
    return {
      conversationId,
      messageId,
      replyId: assistantId,
      reply: finalReply,
      citations,
      triage: t,
      model: modelName,
      fallback,
      note,
      removedCitations: removedFromBody + checked.removed,
      noReliableAnswer: noAnswer,
      ...(declined ? { declined } : {}),
      act: turn.act,
      carriesTriage,
      question,
      ...(person ? { person } : {}),
    };
  }

  function replayOf(m: StoredMessage, conversationId: string, messageId: string): DonePayload {
    const stored = (m.triage ?? {}) as TriageResult & { dialogue?: { act?: DialogueAct; carriesTriage?: boolean; question?: AskedQuestion | null } };
    return {
      conversationId,
      messageId,
      replyId: m.id,
      reply: m.content,
      citations: (m.citations as DonePayload['citations']) ?? [],
      triage: stored,
      model: m.model ?? 'offline',
      fallback: m.fallback,
      removedCitations: 0,
      noReliableAnswer: false,
      act: stored.dialogue?.act ?? 'question',
      carriesTriage: stored.dialogue?.carriesTriage ?? true,
      question: stored.dialogue?.question ?? null,
    };
  }

  return { handle, modelName: model.name };
}
