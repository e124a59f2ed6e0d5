/** Stable error codes: clients and the eval runner switch on these, so never rename one. */
export const ErrorCodes = {
  bad_request: 400,
  message_empty: 400,
  message_too_long: 413,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  internal: 500,
  /** The server is shutting down: send again in a moment (to the restarted server). */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/**
 * The one error type the edges turn into `{ error: { code, message } }`. `message` is safe to show a user;
 * the `cause` (a database or LLM fault) is logged, never sent.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ErrorCodes[code];
  }
}

export function toErrorBody(err: AppError) {
  return { error: { code: err.code, message: err.message } };
}
