import type { ApiErrorBody } from '../../../server/contracts/nurse';

/** An error the API answered with: its stable code (server/errors.ts) and a sentence safe to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Handler = (err: ApiError) => void;
let onUnauthorized: Handler | null = null;
/** Called when any request answers 401 (the session ended): the page shows the sign-in form again. */
export const whenUnauthorized = (fn: Handler) => (onUnauthorized = fn);

/**
 * JSON over fetch, same origin (the session cookie goes with it, HTTP-only: scripts never see it). Errors become
 * ApiError with the server's code and message; a network failure becomes `network`.
 */
export async function api<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: init.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Could not reach the server. Check the connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as T | ApiErrorBody | null;
  if (!res.ok) {
    const e = (body as ApiErrorBody | null)?.error;
    const err = new ApiError(res.status, e?.code ?? 'internal', e?.message ?? `The server answered ${res.status}.`);
    if (res.status === 401 && onUnauthorized && !path.startsWith('/api/auth/')) onUnauthorized(err);
    throw err;
  }
  return body as T;
}
