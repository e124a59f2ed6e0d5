import { availableParallelism, hostname } from 'node:os';
import { z } from 'zod';

/**
 * Every environment variable Careline reads, parsed once at start-up. Nothing else in the code reads
 * `process.env`; each variable is documented with its default in `.env.example`.
 */
const envSchema = z.object({
  /** @default 3000 */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** @default "127.0.0.1" Bind address; use 0.0.0.0 to serve other machines. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The local SQLite file: the knowledge index always, and the state too unless DATABASE_URL is set.
   * @default "data/careline.db"
   */
  DATABASE_PATH: z.string().min(1).default('data/careline.db'),
  /**
   * PostgreSQL for the state (conversations, messages, accounts, audit, eval runs), shared by every instance.
   * Unset: the state stays in the SQLite file. @example "postgres://careline:secret@db:5432/careline"
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL (unset keeps the state in the SQLite file)')
    .optional(),
  /** Connections each instance keeps open to PostgreSQL. @default 10 */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Redis, for several instances: Socket.IO between them (Redis Streams adapter, with connection-state recovery),
   * and the rate limits and in-flight replies they share. Unset: one instance, everything in memory.
   * @example "redis://redis:6379"
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// URL (unset keeps limits and Socket.IO in this process)')
    .optional(),
  /** This instance's name in every log line and in /health. @default "<hostname>-<pid>" */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only').optional(),
  /** @default "knowledge" */
  KNOWLEDGE_DIR: z.string().min(1).default('knowledge'),
  /** @default "prompts" */
  PROMPTS_DIR: z.string().min(1).default('prompts'),
  /** The number patients are told to call in an emergency. @default "911" @example "999" */
  EMERGENCY_NUMBER: z.string().regex(/^[0-9+ ]{2,15}$/, 'digits only, e.g. 911, 999, 112').default('911'),
  /** Longest accepted user message, in characters. @default 2000 */
  MAX_MESSAGE_CHARS: z.coerce.number().int().min(50).max(20000).default(2000),
  /** Comma-separated origins allowed to embed the widget from another site (CORS). Empty: same origin only. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Comma-separated bearer tokens for the QA dashboard's eval results. Empty: those results are readable without one. */
  QA_TOKENS: z.string().default(''),
  /** Comma-separated bearer tokens that grant the nurse audience, until real accounts exist. @default "" */
  NURSE_TOKENS: z.string().default(''),
  /** With a key the chat uses ChatOpenAI; without one, the offline grounded composer. */
  OPENAI_API_KEY: z.string().optional(),
  /** Any OpenAI-compatible server (vLLM, Ollama, llama.cpp). @default OpenAI's own */
  OPENAI_BASE_URL: z.string().url().optional(),
  /** @default "gpt-4o-mini" */
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Per-request timeout for the LLM, in milliseconds. @default 30000 */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000),
  /** Retries on 429/5xx (with exponential backoff) before falling back to the offline answer. @default 2 */
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /**
   * Embeddings endpoint (OpenAI-compatible) for hybrid retrieval. Embeddings are on when an API key
   * (EMBEDDINGS_API_KEY or OPENAI_API_KEY) or this URL is set. @default OPENAI_BASE_URL, then OpenAI's own
   */
  EMBEDDINGS_BASE_URL: z.string().url().optional(),
  /** @default OPENAI_API_KEY */
  EMBEDDINGS_API_KEY: z.string().optional(),
  /** "off" keeps retrieval on FTS5 alone even with a key (e.g. a chat-only server). @default "auto" */
  EMBEDDINGS: z.enum(['auto', 'off']).default('auto'),
  /** @default "text-embedding-3-small" */
  EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
  /** Vector length; must match what the model returns. @default 1536 */
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(2).max(8192).default(1536),
  /** Number of knowledge chunks given to the model. @default 5 */
  RETRIEVAL_TOP_K: z.coerce.number().int().min(1).max(20).default(5),
  /** @default "info" */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), for the per-IP limits: a hop count
   * ("1"), "loopback", "uniquelocal", or comma-separated addresses/CIDRs. Empty: the socket's own address.
   * @default "" @example "loopback"
   */
  TRUST_PROXY: z
    .string()
    .refine((v) => !/^(true|yes|\*)$/i.test(v.trim()), 'name the proxy (a hop count, "loopback" or its address), not "true"')
    .default(''),
  /** HTTP requests per minute per client address (API and article pages; /health is not counted). @default 600 */
  RATE_LIMIT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /**
   * Chat messages per minute per client address, for HTTP and for Socket.IO (each); at most a sixth of it in any
   * 10 seconds. @default 120
   */
  RATE_LIMIT_IP_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Sustained chat messages per minute per socket and per conversation. @default 20 */
  RATE_LIMIT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Messages a socket or a conversation may send at once before the per-minute rate applies. @default 5 */
  RATE_LIMIT_MESSAGE_BURST: z.coerce.number().int().min(1).default(5),
  /** Wrong credentials (tokens, passwords) per client address per 15 minutes before it is refused. @default 20 */
  RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(1).default(20),
  /** Socket.IO connections open at once per client address. @default 20 */
  MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Replies one socket may have in progress at once. @default 2 */
  MAX_STREAMS_PER_SOCKET: z.coerce.number().int().min(1).default(2),
  /** Packets kept for Socket.IO connection-state recovery (all sockets together); the oldest go first. @default 5000 */
  RECOVERY_MAX_PACKETS: z.coerce.number().int().min(0).default(5000),
  /** How long a disconnected socket can come back and receive what it missed, in milliseconds. @default 60000 */
  RECOVERY_WINDOW_MS: z.coerce.number().int().min(1000).default(60000),
  /** Longest time to receive a whole HTTP request (headers and body), in milliseconds. @default 30000 */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000),
  /** Longest time to receive an HTTP request's headers, in milliseconds. @default 10000 */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
  /** On SIGTERM/SIGINT, how long replies in progress may take to finish before they are stored as interrupted. @default 15000 */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15000),
  /**
   * Worker threads for the CPU-heavy stages of a chat turn (reading the message and its triage, retrieval, the offline
   * composer), so the socket loop stays free and every core works. `auto`: one per core but the main thread's (it
   * keeps the sockets and the stores), at least 1 on a machine with 2 cores or more, at most 4; 0: everything on
   * the main thread. Each worker holds its own copy of the language layer and the knowledge (about 100 MB).
   * @default "auto"
   */
  WORKER_THREADS: z.union([z.literal('auto'), z.coerce.number().int().min(0).max(64)]).default('auto'),
  /** Longest time one stage may run in a worker before the main thread does it instead (and the worker is replaced). @default 2000 */
  WORKER_TIMEOUT_MS: z.coerce.number().int().min(10).default(2000),
  /** Lifetime of a sign-in (console cookie or API bearer token), in hours. @default 8 */
  SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(8),
  /** Consecutive wrong passwords that lock an account. @default 5 */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** How long a locked account stays locked, in minutes. @default 15 */
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().min(0.01).default(15),
  /** Conversations untouched for this many days are deleted by the purge (at start-up, every 6 hours, `npm run purge`); 0 keeps them. @default 30 */
  RETENTION_DAYS: z.coerce.number().min(0).default(30),
  /** Audit log entries older than this many days are deleted by the purge; 0 keeps them. @default 365 */
  AUDIT_RETENTION_DAYS: z.coerce.number().min(0).default(365),
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  /** PostgreSQL for the state; null keeps it in the SQLite file at `databasePath`. */
  postgres: { url: string; poolSize: number } | null;
  /** Redis shared by the instances; null: a single instance, limits and Socket.IO in memory. */
  redisUrl: string | null;
  instanceId: string;
  knowledgeDir: string;
  promptsDir: string;
  emergencyNumber: string;
  maxMessageChars: number;
  nurseTokens: string[];
  allowedOrigins: string[];
  qaTokens: string[];
  openai: { apiKey: string; baseURL?: string; model: string; timeoutMs: number; maxRetries: number } | null;
  /** Null when no embeddings endpoint is configured: retrieval is FTS5 (bm25) only. */
  embeddings: { apiKey?: string; baseURL?: string; model: string; dimensions: number; timeoutMs: number; maxRetries: number } | null;
  retrievalTopK: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** For proxy-addr: false (trust no proxy), a hop count, or addresses/names ("loopback"). */
  trustProxy: false | number | string[];
  limits: {
    requestsPerMinute: number;
    ipMessagesPerMinute: number;
    messagesPerMinute: number;
    messageBurst: number;
    authFailures: number;
    socketsPerIp: number;
    streamsPerSocket: number;
  };
  recovery: { maxPackets: number; windowMs: number };
  /** Worker threads for the stages of a turn (0: all on the main thread) and how long a stage may take in one. */
  workers: { threads: number; timeoutMs: number };
  timeouts: { requestMs: number; headersMs: number; shutdownMs: number };
  accounts: { sessionTtlMs: number; loginMaxFailures: number; lockoutMs: number };
  /** 0 keeps forever. */
  retention: { conversationDays: number; auditDays: number };
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in a copied .env mean "unset", not "the empty value".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    postgres: e.DATABASE_URL ? { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE } : null,
    redisUrl: e.REDIS_URL ?? null,
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    knowledgeDir: e.KNOWLEDGE_DIR,
    promptsDir: e.PROMPTS_DIR,
    emergencyNumber: e.EMERGENCY_NUMBER.trim(),
    maxMessageChars: e.MAX_MESSAGE_CHARS,
    nurseTokens: e.NURSE_TOKENS.split(',').map((t) => t.trim()).filter(Boolean),
    allowedOrigins: e.ALLOWED_ORIGINS.split(',').map((t) => t.trim()).filter(Boolean),
    qaTokens: e.QA_TOKENS.split(',').map((t) => t.trim()).filter(Boolean),
    openai: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
          maxRetries: e.OPENAI_MAX_RETRIES,
        }
      : null,
    embeddings: embeddingsConfig(e),
    retrievalTopK: e.RETRIEVAL_TOP_K,
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    limits: {
      requestsPerMinute: e.RATE_LIMIT_REQUESTS_PER_MINUTE,
      ipMessagesPerMinute: e.RATE_LIMIT_IP_MESSAGES_PER_MINUTE,
      messagesPerMinute: e.RATE_LIMIT_MESSAGES_PER_MINUTE,
      messageBurst: e.RATE_LIMIT_MESSAGE_BURST,
      authFailures: e.RATE_LIMIT_AUTH_FAILURES,
      socketsPerIp: e.MAX_SOCKETS_PER_IP,
      streamsPerSocket: e.MAX_STREAMS_PER_SOCKET,
    },
    recovery: { maxPackets: e.RECOVERY_MAX_PACKETS, windowMs: e.RECOVERY_WINDOW_MS },
    workers: { threads: e.WORKER_THREADS === 'auto' ? autoWorkerThreads() : e.WORKER_THREADS, timeoutMs: e.WORKER_TIMEOUT_MS },
    timeouts: {
      requestMs: e.REQUEST_TIMEOUT_MS,
      // Node requires headersTimeout <= requestTimeout.
      headersMs: Math.min(e.HEADERS_TIMEOUT_MS, e.REQUEST_TIMEOUT_MS),
      shutdownMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    accounts: {
      sessionTtlMs: Math.round(e.SESSION_TTL_HOURS * 3_600_000),
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      lockoutMs: Math.round(e.LOGIN_LOCKOUT_MINUTES * 60_000),
    },
    retention: { conversationDays: e.RETENTION_DAYS, auditDays: e.AUDIT_RETENTION_DAYS },
  };
}

/**
 * WORKER_THREADS=auto: a worker per core but the one the main thread uses, at most 4 (each costs about 100 MB of
 * memory); none on a single core, where a worker would only add the copying.
 */
export function autoWorkerThreads(cores = availableParallelism()): number {
  return Math.max(0, Math.min(4, cores - 1));
}

function parseTrustProxy(v: string): Config['trustProxy'] {
  const t = v.trim();
  if (!t || t === 'false') return false;
  if (/^\d+$/.test(t)) return Number(t);
  return t.split(',').map((x) => x.trim()).filter(Boolean);
}

/**
 * Embeddings are on with an API key (their own or the LLM's) or an explicit endpoint (a local server may need no
 * key). The endpoint defaults to the LLM's base URL only when the LLM's key is the one in use.
 */
function embeddingsConfig(e: z.infer<typeof envSchema>): Config['embeddings'] {
  const apiKey = e.EMBEDDINGS_API_KEY ?? e.OPENAI_API_KEY;
  if (e.EMBEDDINGS === 'off' || (!apiKey && !e.EMBEDDINGS_BASE_URL)) return null;
  return {
    apiKey,
    baseURL: e.EMBEDDINGS_BASE_URL ?? (e.OPENAI_API_KEY ? e.OPENAI_BASE_URL : undefined),
    model: e.EMBEDDINGS_MODEL,
    dimensions: e.EMBEDDINGS_DIMENSIONS,
    timeoutMs: e.OPENAI_TIMEOUT_MS,
    maxRetries: e.OPENAI_MAX_RETRIES,
  };
}
