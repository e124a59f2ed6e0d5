import { randomUUID } from 'node:crypto';
import type { Db } from './index';

export type Audience = 'patient' | 'nurse';

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

export type ArticleRow = {
  id: string;
  title: string;
  audience: Audience;
  summary: string;
  synonyms: string[];
  sources: { name: string; url?: string }[];
  lastReviewed: string;
  origin: string;
  body: string;
};

export type ChunkHit = {
  chunkId: number;
  articleId: string;
  title: string;
  audience: Audience;
  section: string;
  text: string;
  sources: { name: string; url?: string }[];
  score: number;
  snippet: string;
};

/**
 * The narrow storage interface the rest of the server uses. Kept small on purpose so a PostgreSQL
 * implementation can replace SQLite (see DESIGN.md, Scale).
 */
export type Store = ReturnType<typeof createStore>;

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const parse = (v: string | null) => (v ? JSON.parse(v) : null);

export function createStore(db: Db) {
  const q = {
    getConversation: db.prepare('SELECT id, audience, triage FROM conversations WHERE id = ?'),
    insertConversation: db.prepare('INSERT INTO conversations (id, audience) VALUES (?, ?)'),
    setConversationTriage: db.prepare(
      "UPDATE conversations SET triage = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
    ),
    findByClientId: db.prepare(
      'SELECT id FROM messages WHERE conversation_id = ? AND client_message_id = ? AND role = ?',
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (id, conversation_id, role, content, client_message_id, reply_to, status, triage, citations, model, fallback, usage, latency_ms)
       VALUES (@id, @conversationId, @role, @content, @clientMessageId, @replyTo, @status, @triage, @citations, @model, @fallback, @usage, @latencyMs)`,
    ),
    setStatus: db.prepare('UPDATE messages SET status = ?, triage = coalesce(?, triage) WHERE id = ?'),
    listMessages: db.prepare(
      `SELECT * FROM (SELECT rowid AS r, * FROM messages WHERE conversation_id = ? ORDER BY rowid DESC LIMIT ?) ORDER BY r`,
    ),
    getMessage: db.prepare('SELECT * FROM messages WHERE id = ?'),
    replyTo: db.prepare("SELECT * FROM messages WHERE reply_to = ? AND role = 'assistant'"),
    audit: db.prepare('INSERT INTO audit_log (actor, action, detail) VALUES (?, ?, ?)'),
    article: db.prepare('SELECT * FROM articles WHERE id = ?'),
    counts: db.prepare('SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM chunks) AS chunks'),
    // FTS5 ranks first (bm25 alone, no join, twice the rows asked for), then the rows are joined and filtered by
    // audience: about half the time of joining every match before ranking.
    search: db.prepare(
      `SELECT c.id AS chunkId, c.article_id AS articleId, a.title, a.audience, c.section, c.text, a.sources, f.score
         FROM (SELECT rowid, bm25(chunks_fts, 4.0, 3.0, 1.0, 1.0) AS score FROM chunks_fts
                WHERE chunks_fts MATCH @match ORDER BY score LIMIT @pool) f
         JOIN chunks c ON c.id = f.rowid JOIN articles a ON a.id = c.article_id
        WHERE (@audience IS NULL OR a.audience = @audience)
        ORDER BY f.score LIMIT @limit`,
    ),
    chunksOfArticle: db.prepare(
      `SELECT c.id AS chunkId, c.article_id AS articleId, a.title, a.audience, c.section, c.text, a.sources
         FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.article_id = ? ORDER BY c.ord`,
    ),
    insertEvalRun: db.prepare('INSERT INTO eval_runs (id, suite, model, summary, results) VALUES (?, ?, ?, ?, ?)'),
    listEvalRuns: db.prepare('SELECT id, suite, model, summary, created_at FROM eval_runs ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    getEvalRun: db.prepare('SELECT * FROM eval_runs WHERE id = ?'),
  };

  const toMessage = (r: Record<string, unknown>): StoredMessage => ({
    id: r.id as string,
    conversationId: r.conversation_id as string,
    role: r.role as StoredMessage['role'],
    content: r.content as string,
    status: r.status as string,
    triage: parse(r.triage as string | null),
    citations: parse(r.citations as string | null),
    model: (r.model as string | null) ?? null,
    fallback: Boolean(r.fallback),
    usage: parse(r.usage as string | null),
    latencyMs: (r.latency_ms as number | null) ?? null,
    createdAt: r.created_at as string,
  });

  return {
    getConversation(id: string): { id: string; audience: Audience; triage: unknown } | undefined {
      const row = q.getConversation.get(id) as { id: string; audience: Audience; triage: string | null } | undefined;
      return row && { ...row, triage: parse(row.triage) };
    },

    createConversation(audience: Audience): string {
      const id = randomUUID();
      q.insertConversation.run(id, audience);
      return id;
    },

    setConversationTriage(id: string, triage: unknown): void {
      q.setConversationTriage.run(json(triage), id);
    },

    /**
     * Stores the user's message. With a clientMessageId already seen in this conversation it returns the
     * earlier message instead (`duplicate: true`), so a retried send is not processed twice.
     */
    insertUserMessage(input: { conversationId: string; content: string; clientMessageId?: string }): {
      id: string;
      duplicate: boolean;
    } {
      return db.transaction(() => {
        if (input.clientMessageId) {
          const existing = q.findByClientId.pluck().get(input.conversationId, input.clientMessageId, 'user') as
            | string
            | undefined;
          if (existing) return { id: existing, duplicate: true };
        }
        const id = randomUUID();
        q.insertMessage.run({
          id,
          conversationId: input.conversationId,
          role: 'user',
          content: input.content,
          clientMessageId: input.clientMessageId ?? null,
          replyTo: null,
          status: 'stored',
          triage: null,
          citations: null,
          model: null,
          fallback: 0,
          usage: null,
          latencyMs: null,
        });
        return { id, duplicate: false };
      })();
    },

    setMessageStatus(id: string, status: 'stored' | 'answered' | 'failed', triage?: unknown): void {
      q.setStatus.run(status, json(triage), id);
    },

    insertAssistantMessage(input: {
      conversationId: string;
      replyTo: string;
      content: string;
      triage: unknown;
      citations: unknown;
      model: string;
      fallback: boolean;
      usage?: unknown;
      latencyMs?: number;
    }): string {
      const id = randomUUID();
      db.transaction(() => {
        q.insertMessage.run({
          id,
          conversationId: input.conversationId,
          role: 'assistant',
          content: input.content,
          clientMessageId: null,
          replyTo: input.replyTo,
          status: 'answered',
          triage: json(input.triage),
          citations: json(input.citations),
          model: input.model,
          fallback: input.fallback ? 1 : 0,
          usage: json(input.usage),
          latencyMs: input.latencyMs ?? null,
        });
        q.setStatus.run('answered', null, input.replyTo);
      })();
      return id;
    },

    getMessage(id: string): StoredMessage | undefined {
      const row = q.getMessage.get(id) as Record<string, unknown> | undefined;
      return row && toMessage(row);
    },

    /** The stored answer to a user message, if one was written (used to replay a duplicate send). */
    getReplyTo(userMessageId: string): StoredMessage | undefined {
      const row = q.replyTo.get(userMessageId) as Record<string, unknown> | undefined;
      return row && toMessage(row);
    },

    listMessages(conversationId: string, limit = 50): StoredMessage[] {
      return (q.listMessages.all(conversationId, limit) as Record<string, unknown>[]).map(toMessage);
    },

    audit(actor: string, action: string, detail?: unknown): void {
      q.audit.run(actor, action, json(detail));
    },

    getArticle(id: string): ArticleRow | undefined {
      const r = q.article.get(id) as Record<string, string> | undefined;
      if (!r) return undefined;
      return {
        id: r.id,
        title: r.title,
        audience: r.audience as Audience,
        summary: r.summary,
        synonyms: JSON.parse(r.synonyms),
        sources: JSON.parse(r.sources),
        lastReviewed: r.last_reviewed,
        origin: r.origin,
        body: r.body,
      };
    },

    knowledgeCounts(): { articles: number; chunks: number } {
      return q.counts.get() as { articles: number; chunks: number };
    },

    /**
     * The best chunks for an FTS5 query by bm25 (title and synonyms weigh more than the text), without snippets
     * (`snippet` is ''): retrieval makes them for the rows it returns.
     * `match` must be a query built by retrieval/fts-query (never raw user text).
     */
    searchChunks(match: string, audience: Audience | null, limit: number): ChunkHit[] {
      // An article's sources are parsed once per search, not once per chunk.
      const parsed = new Map<string, ChunkHit['sources']>();
      const sourcesOf = (raw: string) => parsed.get(raw) ?? (parsed.set(raw, JSON.parse(raw)), parsed.get(raw)!);
      return (q.search.all({ match, audience, limit, pool: limit * 2 }) as Record<string, unknown>[]).map((r) => ({
        ...(r as Omit<ChunkHit, 'sources' | 'snippet'>),
        snippet: '',
        sources: sourcesOf(r.sources as string),
      }));
    },

    chunksOfArticle(articleId: string): Omit<ChunkHit, 'score' | 'snippet'>[] {
      return (q.chunksOfArticle.all(articleId) as Record<string, unknown>[]).map((r) => ({
        ...(r as Omit<ChunkHit, 'sources' | 'score' | 'snippet'>),
        sources: JSON.parse(r.sources as string),
      }));
    },

    insertEvalRun(run: { id: string; suite: string; model: string; summary: unknown; results: unknown }): void {
      q.insertEvalRun.run(run.id, run.suite, run.model, JSON.stringify(run.summary), JSON.stringify(run.results));
    },

    listEvalRuns(limit = 50) {
      return (q.listEvalRuns.all(limit) as Record<string, string>[]).map((r) => ({
        id: r.id,
        suite: r.suite,
        model: r.model,
        createdAt: r.created_at,
        summary: JSON.parse(r.summary),
      }));
    },

    getEvalRun(id: string) {
      const r = q.getEvalRun.get(id) as Record<string, string> | undefined;
      return r && { id: r.id, suite: r.suite, model: r.model, createdAt: r.created_at, summary: JSON.parse(r.summary), results: JSON.parse(r.results) };
    },
  };
}
