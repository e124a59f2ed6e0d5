import type { AskedQuestion, ClinicContact, DialogueAct } from '../contracts/chat';
import type { Audience } from '../db/store';
import type { TriageResult } from '../triage';

/**
 * How a patient answer is laid out: an emergency is only what to do while waiting for help; self-care leads with
 * what to do, then when to get help; a consultation says what it could be about, then when to get help; a question
 * gives the asked fact first; "tell me more" gives the rest of the article, with no length limit.
 */
export type ReplyShape = 'emergency' | 'self_care' | 'consult' | 'question' | 'more';

/** One retrieved chunk as the model sees it: numbered, so the reply can cite it as [n]. */
export type Source = {
  n: number;
  articleId: string;
  title: string;
  section: string;
  text: string;
  sourceName: string;
  url?: string;
  /** The article's other sources' names, when it has more than one ("NICE NG158 - ..." after "BTS/SIGN 158 - ..."). */
  otherSources?: string[];
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
  /** Patients: the layout the reply takes (see ReplyShape); the chat decides it from the turn and the level. */
  shape?: ReplyShape;
  /** Patients: words the answer may use, once the reply's frame (instruction, advice, question) is counted. */
  maxWords?: number;
};

/** A calculator's result as the answer shows it (see calculators.ts). */
export type Calculation = { id?: string; text: string; value?: number };

/** A cited source: a library article, or the clinic's own profile (`kind: "clinic"`, `articleId` "clinic"). */
export type Citation = { n: number; articleId: string; title: string; source: string; url: string; kind?: 'article' | 'clinic' };

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
  /** The kind of turn the message was (server/dialogue). */
  act: DialogueAct;
  /**
   * Whether the reply carries an urgency (a badge, the `triage` event): a symptom report, an answer to our
   * question, or a question about whether to come in. Other turns of a conversation in an emergency still start
   * with the emergency instruction, in the text.
   */
  carriesTriage: boolean;
  /** The one question the reply asks, with its quick replies. */
  question: AskedQuestion | null;
  /** A request for a person: recorded (its id) and who to call. */
  person?: { requestId: string; contact: ClinicContact };
};
