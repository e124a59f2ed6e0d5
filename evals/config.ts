/**
 * Every environment variable the eval runner reads, in one place (as server/config.ts does for the server).
 * Nothing else under evals/ reads `process.env`.
 */
export type EvalConfig = {
  /** OpenAI-compatible judge model for rubric criteria without `match` and for support; unset = no judge. */
  judge: { model: string; baseURL?: string; apiKey?: string } | null;
  /** Bearer token sent for the nurse audience with `--target http://...`. */
  nurseToken?: string;
  /** SQLite file for `--store` (same variable and default as the server). @default "data/careline.db" */
  databasePath: string;
  /** PostgreSQL for `--store` instead of the SQLite file (the server's DATABASE_URL). */
  databaseUrl?: string;
  /** Emergency number the in-process app is built with. @default "911" */
  emergencyNumber: string;
  /** Passed to the in-process app: with OPENAI_API_KEY it answers with ChatOpenAI, else the offline composer. */
  appEnv: Record<string, string | undefined>;
};

export function loadEvalConfig(env: Record<string, string | undefined> = process.env): EvalConfig {
  const v = (k: string) => (env[k] && env[k]!.trim() !== '' ? env[k]!.trim() : undefined);
  const model = v('EVAL_JUDGE_MODEL');
  return {
    judge: model
      ? { model, baseURL: v('EVAL_JUDGE_BASE_URL') ?? v('OPENAI_BASE_URL'), apiKey: v('EVAL_JUDGE_API_KEY') ?? v('OPENAI_API_KEY') }
      : null,
    nurseToken: v('EVAL_NURSE_TOKEN'),
    databasePath: v('DATABASE_PATH') ?? 'data/careline.db',
    databaseUrl: v('DATABASE_URL'),
    emergencyNumber: v('EMERGENCY_NUMBER') ?? '911',
    appEnv: {
      OPENAI_API_KEY: v('OPENAI_API_KEY'),
      OPENAI_BASE_URL: v('OPENAI_BASE_URL'),
      OPENAI_MODEL: v('OPENAI_MODEL'),
      OPENAI_TIMEOUT_MS: v('OPENAI_TIMEOUT_MS'),
      OPENAI_MAX_RETRIES: v('OPENAI_MAX_RETRIES'),
      RETRIEVAL_TOP_K: v('RETRIEVAL_TOP_K'),
      EMBEDDINGS: v('EMBEDDINGS'),
      EMBEDDINGS_BASE_URL: v('EMBEDDINGS_BASE_URL'),
      EMBEDDINGS_API_KEY: v('EMBEDDINGS_API_KEY'),
      EMBEDDINGS_MODEL: v('EMBEDDINGS_MODEL'),
      EMBEDDINGS_DIMENSIONS: v('EMBEDDINGS_DIMENSIONS'),
    },
  };
}
