import type { DialogueAct } from '../contracts/chat';
import type { TriageState } from '../triage';
import type { ClinicTopic } from './acts';

/**
 * What the conversation remembers besides the triage (findings, context, level, the open question): the last turn's
 * kind, the clinic topic it was about, the health topic (so "is it contagious?" is about the condition being
 * discussed, not a new search on those words), and the questions already asked (never asked again).
 */
export type DialogueState = {
  lastAct?: DialogueAct | null;
  clinicTopic?: ClinicTopic | null;
  topic?: Topic | null;
  /** Question texts already put to the person. */
  asked?: string[];
  /** Turns so far (a greeting after the first turn is a "hello again"). */
  turns?: number;
  /** The person's own words about the current complaint, so far (an answer such as "yes" is read with them). */
  report?: string;
};

/** The health topic: the article it is about (its title names it in follow-ups) and the question or report that set it. */
export type Topic = { articleId: string; title: string; question: string };

/** The state a conversation keeps (stored as one JSON value with the conversation). */
export type ConversationState = TriageState & { dialogue?: DialogueState };

/** A question put to the person: remembered so that it is never asked again. */
export function withAsked(d: DialogueState, question: string | null | undefined): DialogueState {
  if (!question) return d;
  return { ...d, asked: [...new Set([...(d.asked ?? []), question])].slice(-20) };
}

/**
 * A follow-up question that names nothing of its own, read as a question about the topic: "is it contagious?" with
 * chickenpox as the topic is "Chickenpox: is it contagious?"; `again` (the last question asked about someone or
 * something else: "what about for my daughter?", or a fact that completes it: "she's 7") goes with that question.
 */
export function resolveAgainstTopic(text: string, topic: Topic, options: { again?: boolean } = {}): string {
  return options.again ? `${topic.question} ${text}` : `${topic.title}: ${text}`;
}
