import type { z } from 'zod';
import { AppError } from '../errors';

/** Parses input with a schema; the first problem becomes an AppError with a stable code and a clear message. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, maxChars?: number): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || 'body';
  if (issue.message === 'message_empty') throw new AppError('message_empty', `${field} must not be empty`);
  if (issue.message === 'message_too_long') {
    throw new AppError('message_too_long', `${field} is longer than ${maxChars ?? 'the allowed'} characters`);
  }
  throw new AppError('bad_request', `${field}: ${issue.message}`);
}
