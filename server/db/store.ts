import type { Accounts } from './accounts';
import type { PurgeResult } from './retention';

export type Audience = 'patient' | 'nurse';

/** A message as a turn reads the conversation before it answers (`Store.listHistory`). */
export type HistoryMessage = Pick<StoredMessage, 'id' | 'role' | 'content'>;

export type StoredMessage = {
  id: string;
  conversationId: string;
  role: 'user' | 'assistant';
  content: string;
  status: string;
  triage: unknown;
  citations: unknown;
  model: string | null;
  fallback: boolean;
  /** Token usage the model reported, when it did. */
  usage: unknown;
  latencyMs: number | null;
  createdAt: string;
};

export type ConversationAccess = { id: string; audience: Audience; secretHash: string | null; claimKey: string | null; createdAt: string };

export type AuditOutcome = 'ok' | 'denied' | 'rate_limited' | 'locked';
export type AuditEntry = { id: number; actor: string; action: string; detail: unknown; outcome: AuditOutcome; ip: string | null; createdAt: string };

export type EvalRunSummary = { id: string; suite: string; model: string; createdAt: string; summary: unknown };
export type EvalRun = EvalRunSummary & { results: unknown };

export type Feedback = { messageId: string; conversationId: string; rating: 1 | -1; comment: string | null; createdAt: string };

export type PersonRequest = {
  id: string;
  conversationId: string;
  status: 'open' | 'handled';
  reason: string | null;
  /** The assessment's level when the person asked. */
  level: string | null;
  createdAt: string;
  handledAt: string | null;
  handledBy: string | null;
};

export type AssistantMessageInput = {
  conversationId: string;
  replyTo: string;
  content: string;
  triage: unknown;
  citations: unknown;
  model: string;
  fallback: boolean;
  usage?: unknown;
  latencyMs?: number;
};

/**
 * The state store: everything an instance writes and every instance must see (conversations, messages, secrets,
 * accounts and sessions, the audit log, eval runs). The knowledge index is not here: it is local to each instance
 * (knowledge-index.ts). Every method returns a Promise so that an engine over the network (PostgreSQL) can stand
 * behind the same interface as the embedded SQLite file; keep it narrow (DESIGN.md, Scale).
 */
export interface Store {
  /** Which engine holds the state. */
  readonly engine: 'sqlite' | 'postgres';

  getConversation(id: string): Promise<{ id: string; audience: Audience; triage: unknown } | undefined>;
  createConversation(audience: Audience): Promise<string>;
  /** A conversation only the holder of its secret can read or continue: only the secret's hash is given here. */
  createPrivateConversation(audience: Audience, secretHash: string, claimKey: string | null): Promise<string>;
  conversationAccess(id: string): Promise<ConversationAccess | undefined>;
  /** The conversation a first message (by its claim key) created since `sinceIso`, if any. */
  findClaim(claimKey: string, sinceIso: string): Promise<{ id: string; audience: Audience } | undefined>;
  setConversationSecret(id: string, secretHash: string): Promise<void>;
  clearClaim(id: string): Promise<void>;
  /** Deletes the conversation and all its messages. */
  deleteConversation(id: string): Promise<boolean>;
  setConversationTriage(id: string, triage: unknown): Promise<void>;

  /**
   * Stores the user's message. With a clientMessageId already seen in this conversation it returns the earlier
   * message instead (`duplicate: true`), so a retried send is not processed twice.
   */
  insertUserMessage(input: { conversationId: string; content: string; clientMessageId?: string }): Promise<{ id: string; duplicate: boolean }>;
  setMessageStatus(id: string, status: 'stored' | 'answered' | 'failed', triage?: unknown): Promise<void>;
  /**
   * Stores an answer and marks the user message it answers as answered. A question has one answer: when one is
   * stored already (another instance answered the same resend), nothing is stored and that answer's id is returned.
   */
  insertAssistantMessage(input: AssistantMessageInput): Promise<string>;
  getMessage(id: string): Promise<StoredMessage | undefined>;
  /** The stored answer to a user message, if one was written (used to replay a duplicate send). */
  getReplyTo(userMessageId: string): Promise<StoredMessage | undefined>;
  /** The last `limit` messages of a conversation, oldest first. */
  listMessages(conversationId: string, limit?: number): Promise<StoredMessage[]>;
  /**
   * The same messages as `listMessages`, only who said what: what a chat turn reads of the conversation before it
   * answers. The stored triage, citations and usage (a few KB of JSON a message) are neither read nor parsed.
   */
  listHistory(conversationId: string, limit: number): Promise<HistoryMessage[]>;
  /** Every message of a conversation, oldest first (transcript and export). */
  allMessages(conversationId: string): Promise<StoredMessage[]>;

  /** One audit entry: who (actor), what (action), on what (detail), how it ended, from where. */
  audit(actor: string, action: string, detail?: unknown, options?: { outcome?: AuditOutcome; ip?: string }): Promise<void>;
  listAudit(limit?: number): Promise<AuditEntry[]>;

  /** A thumbs up (1) or down (-1) on an answer of this conversation; a second rating replaces the first. */
  setFeedback(input: { messageId: string; conversationId: string; rating: 1 | -1; comment?: string | null }): Promise<void>;
  /** The newest ratings first (the QA dashboard). */
  listFeedback(limit?: number): Promise<Feedback[]>;

  /**
   * A patient asks to talk to a person: the request waits, open, until a nurse marks it handled. Asking again while
   * one is open returns that one (`created: false`).
   */
  createPersonRequest(input: { conversationId: string; reason?: string | null; level?: string | null }): Promise<{ id: string; created: boolean }>;
  /** Oldest first; `status` 'open' (the default), 'handled' or 'all'. */
  listPersonRequests(options?: { status?: 'open' | 'handled' | 'all'; limit?: number }): Promise<PersonRequest[]>;
  getPersonRequest(id: string): Promise<PersonRequest | undefined>;
  /** Marks an open request handled by `actor`; false when it was not open (already handled, or unknown). */
  markPersonRequestHandled(id: string, actor: string): Promise<boolean>;

  insertEvalRun(run: { id: string; suite: string; model: string; summary: unknown; results: unknown }): Promise<void>;
  listEvalRuns(limit?: number): Promise<EvalRunSummary[]>;
  getEvalRun(id: string): Promise<EvalRun | undefined>;

  /** Staff accounts and their sessions. */
  readonly accounts: Accounts;

  /**
   * Deletes what the retention settings no longer allow to keep (see retention.ts); `dryRun` counts without
   * deleting.
   */
  purgeExpired(retention: { conversationDays: number; auditDays: number }, options?: { now?: number; dryRun?: boolean }): Promise<PurgeResult>;

  /** Resolves when the engine answers a trivial query (readiness); rejects otherwise. */
  ping(): Promise<void>;

  /** Releases what the store holds (a connection pool); the SQLite file itself is closed by whoever opened it. */
  close(): Promise<void>;
}
