/**
 * The nurse console's payloads: what the server sends (server/http/nurse-routes.ts, auth-routes.ts, routes.ts) and
 * the page reads (web/src/pages/nurse). Types only, so a page bundle imports them without any server code.
 */
import type { Audience } from '../db/store';
import type { Level } from '../knowledge/schema';
import type { Finding, PossibleCause, RedFlag } from '../triage';

export type { Audience, Level };
export type StaffRole = 'nurse' | 'qa' | 'admin';

/** `POST /api/auth/login` (the console's session cookie is set beside it). */
export type LoginResponse = { user: { username: string; role: StaffRole }; expiresAt: string };
/** `GET /api/auth/me`: who the credential is and, for a session, when it ends. */
export type SessionInfo = { actor: string; role: StaffRole; via: 'token' | 'session'; expiresAt?: string };

/** `GET /api/knowledge/search`: one row per matching chunk, best first (`score`: lower is better). */
export type SearchResult = { articleId: string; title: string; section: string; snippet: string; score: number };
export type SearchResponse = { results: SearchResult[] };

/** `GET /api/knowledge/articles/:id`. */
export type ArticleDetail = {
  id: string;
  title: string;
  audience: Audience;
  summary: string;
  synonyms: string[];
  sources: { name: string; url?: string }[];
  lastReviewed: string;
  origin: string;
  /** Markdown: `##` sections, `-` lists, paragraphs. */
  body: string;
};

/** A topic of the library (body system or area of practice) and how many articles it has. */
export type LibraryTopic = { id: string; label: string; count: number };
export type LibraryArticle = { id: string; title: string; audience: Audience; summary: string; lastReviewed: string; topics: string[] };
/** `GET /api/nurse/library`: every article a nurse may read, with its topics, for filtering and browsing. */
export type LibraryResponse = { topics: LibraryTopic[]; articles: LibraryArticle[] };

export type Citation = { n: number; articleId: string; title: string; source: string; url: string };
/** `POST /api/chat` with `audience: "nurse"`, as the console reads it. */
export type ChatResponse = {
  conversationId: string;
  conversationSecret?: string;
  messageId: string;
  replyId: string;
  reply: string;
  citations: Citation[];
  triage: { level: Level; label: string; emergency: boolean } | null;
  model: string;
  fallback: boolean;
  note?: string;
  noReliableAnswer?: boolean;
};

/** A possible cause as the queue shows it (never a diagnosis: a likelihood with its evidence). */
export type CauseSummary = Pick<PossibleCause, 'id' | 'name' | 'likelihood' | 'urgency' | 'articleId' | 'evidenceFor' | 'evidenceAgainst'>;

/** A patient's request to talk to a person, with what a nurse needs to pick it up. */
export type PersonRequestSummary = {
  id: string;
  conversationId: string;
  status: 'open' | 'handled';
  reason: string | null;
  createdAt: string;
  handledAt: string | null;
  handledBy: string | null;
  /** The conversation's first patient message (what it is about). */
  firstMessage: string | null;
  /** The current assessment's level and its words (the latest assessed message), else the level when asked. */
  level: Level | null;
  label: string | null;
  messages: number;
  /** The top possible causes of the current assessment (at most 3). */
  causes: CauseSummary[];
};
/** `GET /api/nurse/requests?status=open|handled|all`, oldest first (the longest wait on top). */
export type PersonRequestList = { requests: PersonRequestSummary[] };

export type TranscriptMessage = {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
  level: Level | null;
  label: string | null;
  citations: Citation[];
};

/** The conversation's current assessment: the triage of its latest assessed message. */
export type Assessment = {
  level: Level;
  label: string;
  emergency: boolean;
  reason: string;
  advice: string;
  redFlags: Pick<RedFlag, 'id' | 'label' | 'level' | 'evidence'>[];
  findings: Pick<Finding, 'concept' | 'name' | 'present' | 'text'>[];
  conditions: CauseSummary[];
};

/** `GET /api/nurse/requests/:id`. */
export type PersonRequestDetail = { request: PersonRequestSummary; transcript: TranscriptMessage[]; assessment: Assessment | null };
/** `POST /api/nurse/requests/:id/handled`: `changed` is false when it was already handled (by `handledBy`). */
export type HandledResponse = { request: PersonRequestSummary; changed: boolean };

/** Every error body: `{ error: { code, message } }` with a stable code (server/errors.ts). */
export type ApiErrorBody = { error: { code: string; message: string } };
