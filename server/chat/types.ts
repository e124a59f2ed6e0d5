import type { Audience } from '../db/store';
import type { TriageResult } from '../triage';

/** One retrieved chunk as the model sees it: numbered, so the reply can cite it as [n]. */
export type Source = {
  n: number;
  articleId: string;
  title: string;
  section: string;
  text: string;
  sourceName: string;
  url?: string;
};

/** What every answer model (offline composer or LLM) receives. */
export type AnswerInput = {
  question: string;
  audience: Audience;
  sources: Source[];
  triage: TriageResult;
  history: { role: 'user' | 'assistant'; content: string }[];
  emergencyNumber: string;
  /** A clinical calculator's result for the question (nurses), shown first; `value` is the score it came to. */
  calculation?: Calculation;
};

/** A calculator's result as the answer shows it (see calculators.ts). */
export type Calculation = { id?: string; text: string; value?: number };

export type Citation = { n: number; articleId: string; title: string; source: string; url: string };

export type DonePayload = {
  conversationId: string;
  /** The user's message this answers: the same id as the ack, `triage` and `token` events carry. */
  messageId: string;
  /** The stored assistant message. */
  replyId: string;
  reply: string;
  citations: Citation[];
  triage: TriageResult;
  model: string;
  fallback: boolean;
  note?: string;
  /** Citations the model made to sources that were not retrieved, removed before sending. */
  removedCitations: number;
  /** True when nothing in the library was relevant enough to answer from. */
  noReliableAnswer: boolean;
  /** Set when the request was declined by the scope rules (knowledge/scope.yaml): the rule id. */
  declined?: string;
};
