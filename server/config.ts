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
  openai: { apiKey: string; baseURL?: string; model: string; timeoutMs: number; maxRetries: number } | null;
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
    openai: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
          maxRetries: e.OPENAI_MAX_RETRIES,
        }
      : null,
    retrievalTopK: e.RETRIEVAL_TOP_K,
    logLevel: e.LOG_LEVEL,
  };
}
