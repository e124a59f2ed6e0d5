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
  /** @default "data/careline.db" */
  DATABASE_PATH: z.string().min(1).default('data/careline.db'),
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
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
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
  };
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
