import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Level } from '../server/knowledge/schema';
import type { EvalConfig } from './config';
import type { ApiFinding } from './scorers/context';

export type Audience = 'patient' | 'nurse';

/** One assistant reply as the scorers need it, whatever transport produced it. */
export type ChatTurn = {
  conversationId: string;
  reply: string;
  citations: { n: number; articleId: string }[];
  level: Level;
  model: string;
  fallback: boolean;
  latencyMs: number;
  /** The question the reply asks, when triage needs an answer before settling on a level. */
  nextQuestion?: { concept: string; text: string } | null;
};

export type TriageOutcome = {
  level: Level;
  conditions: { id: string; name: string; layName?: string; aka?: string[]; likelihood?: string; evidenceFor?: string[] }[];
  /** Why: the level's reason, the red flags, and each finding with its ConText status (for the report). */
  reason?: string;
  redFlags?: { id: string; label: string }[];
  findings?: ApiFinding[];
};

/** A conversation being driven turn by turn: its id and secret, set by its first turn (as the widget keeps them). */
export type ConversationHandle = { id?: string; secret?: string };

/** One turn as the widget gets it: the `done` payload's public view (no badge = `triage: null`). */
export type SaidTurn = {
  reply: string;
  /** The kind of turn the server says it was; null when it does not say. */
  act: string | null;
  /** The urgency shown with the reply, or null when it carries none. */
  level: Level | null;
  citations: { n: number; articleId: string; kind?: string }[];
  /** The question the reply asks, with its quick replies. */
  question?: { text: string; answers: { id: string; label: string }[] } | null;
  latencyMs: number;
};

/** What the runner calls. In-process and HTTP targets behave the same from the runner's point of view. */
export type Target = {
  name: string;
  model: string;
  emergencyNumber: string;
  chat(text: string, conversationId: string | undefined, audience: Audience): Promise<ChatTurn>;
  /** Triage level after all the turns of a case, with the possible causes it names. */
  triage(turns: string[]): Promise<TriageOutcome>;
  /** The findings triage reads in one message, with their ConText status and experiencer. */
  findings(text: string): Promise<ApiFinding[]>;
  /** Article ids of the top results, best first. */
  search(text: string, audience: Audience, limit?: number): Promise<string[]>;
  /** The article's text (title, summary, body), for support and dose checks; '' if unknown. */
  articleText(id: string): Promise<string>;
  /** Conversation suites: one patient message, continuing `conversation` (its id and secret are set by the first). */
  say(text: string, conversation: ConversationHandle): Promise<SaidTurn>;
  /** The transcript the widget restores after a reload, read with the conversation's secret. */
  transcript(conversation: ConversationHandle): Promise<{ role: string; content: string }[]>;
  close(): Promise<void>;
};

type PublicDone = {
  reply: string;
  act?: string | null;
  triage: { level: Level } | null;
  citations?: { n: number; articleId: string; kind?: string }[];
  question?: SaidTurn['question'];
};

/** The public reply (socket `done` or the HTTP response) as the scorers see it. */
function saidTurn(d: PublicDone, started: number): SaidTurn {
  return {
    reply: d.reply,
    act: d.act ?? null,
    level: d.triage ? d.triage.level : null,
    citations: (d.citations ?? []).map((c) => ({ n: c.n, articleId: c.articleId, ...(c.kind ? { kind: c.kind } : {}) })),
    question: d.question ?? null,
    latencyMs: performance.now() - started,
  };
}

/**
 * The real app built in this process with a temp SQLite file and the real knowledge base, as
 * test/helpers/server.ts builds it. The model is the server's choice: ChatOpenAI with OPENAI_API_KEY, else the
 * offline composer (`offline: true` forces it).
 */
export async function createInProcessTarget(config: EvalConfig, options: { offline?: boolean } = {}): Promise<Target> {
  const [{ createApp }, { loadConfig }, { openDatabase }, { loadKnowledge }, { createLogger }, { toState }, { publicDone }, { loadOpenAIClasses }] = await Promise.all([
    import('../server/app'),
    import('../server/config'),
    import('../server/db'),
    import('../server/knowledge/load'),
    import('../server/logger'),
    import('../server/triage'),
    import('../server/realtime/payloads'),
    import('../server/models'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'careline-eval-'));
  const env = options.offline ? {} : config.appEnv;
  // The runner is one trusted client sending many conversations back to back: the per-conversation message rate
  // (meant for people) must not throttle a long multi-turn case.
  const appConfig = loadConfig({
    ...env,
    EMERGENCY_NUMBER: config.emergencyNumber,
    LOG_LEVEL: 'silent',
    DATABASE_PATH: join(dir, 'eval.db'),
    RATE_LIMIT_MESSAGE_BURST: '1000',
    RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
    // One client, one turn at a time: worker threads would add start-up and nothing else (the stages give the same
    // answers on either thread, test/worker-pool.test.ts).
    WORKER_THREADS: '0',
  });
  const db = openDatabase(appConfig.databasePath);
  const app = createApp({ config: appConfig, db, knowledge: loadKnowledge(appConfig.knowledgeDir), openai: await loadOpenAIClasses(appConfig), logger: createLogger('silent') });
  // With embeddings on, wait for the vectors so every case of the run is answered the same way.
  await app.vectors?.sync();
  const texts = new Map<string, string>();
  // Each conversation's secret, from the ack of its first message: multi-turn cases continue with it.
  const secrets = new Map<string, string>();
  // The runner stands in for a signed-in nurse when a case is for the nurse audience.
  const nurse = { actor: 'eval-runner', role: 'nurse' as const, via: 'token' as const };
  return {
    name: 'in-process',
    model: app.chat.modelName,
    emergencyNumber: appConfig.emergencyNumber,
    async chat(text, conversationId, audience) {
      const started = performance.now();
      const done = await app.conversations.send(
        {
          text,
          conversationId,
          conversationSecret: conversationId ? secrets.get(conversationId) : undefined,
          audience,
          principal: async () => nurse,
          ctx: { ip: 'eval' },
        },
        { accepted: (a) => a.conversationSecret && secrets.set(a.conversationId, a.conversationSecret) },
      );
      return {
        conversationId: done.conversationId,
        reply: done.reply,
        citations: done.citations.map((c) => ({ n: c.n, articleId: c.articleId })),
        level: done.triage.level,
        model: done.model,
        fallback: done.fallback,
        latencyMs: performance.now() - started,
        nextQuestion: done.triage.nextQuestion,
      };
    },
    async triage(turns) {
      let state = null;
      let out: TriageOutcome = { level: 'self_care', conditions: [] };
      for (const text of turns) {
        const r = app.triage.assess({ text }, state);
        state = toState(r);
        out = { level: r.level, conditions: r.conditions, reason: r.reason, redFlags: r.redFlags, findings: r.findings };
      }
      return out;
    },
    async findings(text) {
      return app.triage.assess({ text }).findings.filter((f) => (f.turn ?? 0) === 0);
    },
    async search(text, audience, limit = 5) {
      return app.retriever.search(text, { audience, limit }).map((r) => r.articleId);
    },
    async articleText(id) {
      if (!texts.has(id)) {
        const a = app.knowledgeIndex.getArticle(id);
        texts.set(id, a ? `${a.title}\n${a.summary}\n${a.body}` : '');
      }
      return texts.get(id)!;
    },
    // Through the same conversation layer and the same public payload as the socket transport (what the widget gets).
    async say(text, conversation) {
      const started = performance.now();
      const done = await app.conversations.send(
        { text, conversationId: conversation.id, conversationSecret: conversation.secret, audience: 'patient', clientMessageId: randomUUID(), principal: async () => null, ctx: { ip: 'eval' } },
        {
          accepted: (a) => {
            conversation.id = a.conversationId;
            if (a.conversationSecret) conversation.secret = a.conversationSecret;
          },
        },
      );
      return saidTurn(publicDone(done) as PublicDone, started);
    },
    async transcript(conversation) {
      const c = await app.conversations.open(conversation.id!, conversation.secret, { principal: async () => null, ctx: { ip: 'eval' } }, 'conversation.read');
      return (await app.conversations.messages(c.id)).map((m) => ({ role: m.role, content: m.content }));
    },
    async close() {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

class HttpError extends Error {}

/** A running Careline server, through its public HTTP API only. */
export async function createHttpTarget(baseUrl: string, config: EvalConfig): Promise<Target> {
  const base = baseUrl.replace(/\/+$/, '');
  const headers = (audience: Audience): Record<string, string> => ({
    'content-type': 'application/json',
    ...(audience === 'nurse' && config.nurseToken ? { authorization: `Bearer ${config.nurseToken}` } : {}),
  });
  async function call<T>(path: string, init: RequestInit = {}, attempt = 0): Promise<T> {
    const res = await fetch(base + path, { ...init, signal: AbortSignal.timeout(120_000) });
    // A server's per-address limits (RATE_LIMIT_*) apply to the runner too: wait as told and try again.
    if (res.status === 429 && attempt < 20) {
      const wait = Math.min(60, Number(res.headers.get('retry-after')) || 5);
      await res.body?.cancel();
      await new Promise((r) => setTimeout(r, wait * 1000));
      return call<T>(path, init, attempt + 1);
    }
    const body = (await res.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
    if (!res.ok) throw new HttpError(`${init.method ?? 'GET'} ${path}: ${res.status} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim());
    return body;
  }
  const health = await call<{ model: string }>('/health');
  const widget = await call<{ emergencyNumber?: string }>('/api/widget-config').catch(() => ({ emergencyNumber: undefined }));
  const texts = new Map<string, Promise<string>>();
  // Each conversation's secret (returned once, when it is created): multi-turn cases continue with it.
  const secrets = new Map<string, string>();
  type ChatResponse = { conversationId: string; conversationSecret?: string; reply: string; citations: { n: number; articleId: string }[]; triage: { level: Level; nextQuestion?: { concept: string; text: string } | null }; model: string; fallback: boolean };
  const chat: Target['chat'] = async (text, conversationId, audience) => {
    const started = performance.now();
    const d = await call<ChatResponse>('/api/chat', {
      method: 'POST',
      headers: headers(audience),
      body: JSON.stringify({ message: text, audience, ...(conversationId ? { conversationId, conversationSecret: secrets.get(conversationId) } : {}) }),
    });
    if (d.conversationSecret) secrets.set(d.conversationId, d.conversationSecret);
    return {
      conversationId: d.conversationId,
      reply: d.reply,
      citations: (d.citations ?? []).map((c) => ({ n: c.n, articleId: c.articleId })),
      level: d.triage.level,
      model: d.model,
      fallback: d.fallback,
      latencyMs: performance.now() - started,
      nextQuestion: d.triage.nextQuestion ?? null,
    };
  };
  return {
    name: base,
    model: health.model,
    emergencyNumber: widget.emergencyNumber ?? config.emergencyNumber,
    chat,
    async triage(turns) {
      if (turns.length === 1) {
        const r = await call<TriageOutcome>('/api/triage', { method: 'POST', headers: headers('patient'), body: JSON.stringify({ text: turns[0] }) });
        return { level: r.level, conditions: r.conditions ?? [], reason: r.reason, redFlags: r.redFlags, findings: r.findings };
      }
      // Multi-turn triage needs the conversation's memory, which only the chat endpoint has.
      let id: string | undefined;
      let level: Level = 'self_care';
      for (const t of turns) ({ conversationId: id, level } = await chat(t, id, 'patient'));
      return { level, conditions: [] };
    },
    async findings(text) {
      const r = await call<{ findings: ApiFinding[] }>('/api/triage', { method: 'POST', headers: headers('patient'), body: JSON.stringify({ text }) });
      return r.findings ?? [];
    },
    async search(text, audience, limit = 5) {
      const q = new URLSearchParams({ q: text, audience, limit: String(limit) });
      const r = await call<{ results: { articleId: string }[] }>(`/api/knowledge/search?${q}`, { headers: headers(audience) });
      return r.results.map((x) => x.articleId);
    },
    articleText(id) {
      if (!texts.has(id)) {
        texts.set(
          id,
          // Nurse guideline summaries need the nurse credential (patient articles ignore it).
          call<{ title: string; summary: string; body: string }>(`/api/knowledge/articles/${encodeURIComponent(id)}`, { headers: headers('nurse') })
            .then((a) => `${a.title}\n${a.summary}\n${a.body}`)
            .catch(() => ''),
        );
      }
      return texts.get(id)!;
    },
    async say(text, conversation) {
      const started = performance.now();
      const d = await call<PublicDone & { conversationId: string; conversationSecret?: string }>('/api/chat', {
        method: 'POST',
        headers: headers('patient'),
        body: JSON.stringify({ message: text, clientMessageId: randomUUID(), ...(conversation.id ? { conversationId: conversation.id, conversationSecret: conversation.secret } : {}) }),
      });
      conversation.id = d.conversationId;
      if (d.conversationSecret) conversation.secret = d.conversationSecret;
      return saidTurn(d, started);
    },
    async transcript(conversation) {
      const t = await call<{ messages: { role: string; content: string }[] }>(`/api/conversations/${encodeURIComponent(conversation.id!)}`, {
        headers: { 'x-conversation-secret': conversation.secret ?? '' },
      });
      return t.messages.map((m) => ({ role: m.role, content: m.content }));
    },
    async close() {},
  };
}
