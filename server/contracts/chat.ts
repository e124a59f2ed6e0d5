/**
 * The chat's payloads as the widget and any other client see them (Socket.IO `/chat`, `POST /api/chat`, the
 * transcript, the patient endpoints). Types only, no code: the server builds these objects and the widget, bundled
 * for the browser, imports the same types, so the two cannot drift apart. See README.md, API.
 */

/** The five levels, most urgent first (DESIGN.md). */
export type Level = 'emergency_ambulance' | 'emergency' | 'consultation_24' | 'consultation' | 'self_care';

/**
 * What kind of turn a message was, decided before retrieval: only `symptoms` and `answer` change the triage.
 * `greeting` also covers hello-again, `thanks` covers goodbye.
 */
export type DialogueAct = 'greeting' | 'thanks' | 'small_talk' | 'clinic' | 'symptoms' | 'question' | 'answer' | 'person';

/** A quick reply to the question a reply asks; sending its label as the message answers it. */
export type QuickReply = { id: 'yes' | 'no' | 'unsure'; label: string };

/** The one question a reply asks (shown once, with its quick replies; free text answers it too). */
export type AskedQuestion = { id: string; text: string; answers: QuickReply[] };

export type RedFlagPayload = { id: string; label: string; evidence: string[] };

/**
 * The `triage` event, and `done.triage`: the urgency of the conversation after this turn, with the emergency
 * instruction in `advice` when `emergency` is true. Sent only for a turn that carries an urgency (a symptom report,
 * an answer to our question, a question about whether to come in, or any turn of a conversation in an emergency).
 */
export type TriagePayload = {
  messageId: string;
  conversationId: string;
  act: DialogueAct;
  level: Level;
  label: string;
  advice: string;
  emergency: boolean;
  redFlags: RedFlagPayload[];
  followUpQuestions: string[];
  findings: { concept: string; present: boolean; text: string; context: string; experiencer: string }[];
  reason: string;
  conditions: unknown[];
  nextQuestion: (AskedQuestion & { concept: string; why?: string }) | null;
};

/** A source a reply cites as [n]: a library article, or the clinic's own profile (`kind: "clinic"`, no article page). */
export type CitationPayload = { n: number; articleId: string; title: string; source: string; url: string; kind?: 'article' | 'clinic' };

/** How to reach a person at the clinic (the clinic profile), sent with a reply to a request for a person. */
export type ClinicContact = {
  name: string;
  phone: string;
  hours: { days: string; hours: string }[];
  outOfHours: { text: string; phone?: string };
};

/** The `done` event: the final reply (it replaces what was streamed). `triage` is null when the turn carries no urgency. */
export type DonePayload = {
  messageId: string;
  replyId: string;
  conversationId: string;
  act: DialogueAct;
  reply: string;
  citations: CitationPayload[];
  triage: TriagePayload | null;
  /** The question this reply asks, once, with its quick replies. */
  question: AskedQuestion | null;
  /** Set when the reply answers a request for a person: who to call, and the request's id (it waits for a nurse). */
  person?: { requestId: string; contact: ClinicContact };
  model: string;
  fallback: boolean;
  note?: string;
};

/** Client -> server `message`. The same clientMessageId on a resend: the message is processed once. */
export type MessagePayload = {
  text: string;
  conversationId?: string;
  conversationSecret?: string;
  clientMessageId: string;
  audience?: 'patient' | 'nurse';
};

export type ErrorBody = { error: { code: string; message: string } };

/** The message's ack; `conversationSecret` only when this message created the conversation. */
export type AckPayload = { conversationId: string; messageId: string; conversationSecret?: string } | ErrorBody;

/** One message of `GET /api/conversations/:id`: answers carry what the widget needs to show them again. */
export type TranscriptMessage = {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
  act?: DialogueAct | null;
  triage?: { level: Level; label: string; emergency?: boolean; advice?: string } | null;
  citations?: CitationPayload[];
  question?: AskedQuestion | null;
  /** The patient's rating of this answer, if any. */
  feedback?: 'up' | 'down' | null;
};

export type Transcript = { conversationId: string; audience: 'patient' | 'nurse'; createdAt: string; messages: TranscriptMessage[] };

/** The clinic profile as the widget and the demo page show it (`GET /api/clinic`, and in the widget config). */
export type ClinicInfo = ClinicContact & {
  address?: string;
  locale: string;
  booking: string[];
  services: string[];
  repeatPrescriptions?: string[];
  access?: string[];
  emergencyNumber: string;
  crisisLine: { name: string; phone: string; text: string };
};

/** `GET /api/widget-config`. */
export type WidgetConfig = { emergencyNumber: string; maxMessageChars: number; disclaimer: string; clinic: ClinicInfo };

/** `POST /api/conversations/:id/messages/:messageId/feedback`. */
export type FeedbackBody = { rating: 'up' | 'down'; comment?: string };

/** `POST /api/conversations/:id/person-request` -> the request (one open per conversation) and who to call now. */
export type PersonRequestResponse = { requestId: string; created: boolean; level: Level | null; contact: ClinicContact };
