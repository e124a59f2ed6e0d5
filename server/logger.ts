import pino, { type Logger } from 'pino';
import { redactDeep, redactIdentifiers } from './privacy/redact';

/**
 * The server's logger. Credentials are removed by path; emails, phone numbers and ID-like numbers are replaced in
 * every logged string (messages, fields, errors and their stacks), because a patient's words can reach a log
 * through an error message. With several instances, `instance` (INSTANCE_ID) is on every line.
 */
export function createLogger(level: string, options: { instance?: string } = {}): Logger {
  return pino({
    level,
    ...(options.instance ? { base: { instance: options.instance, pid: process.pid } } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'token', 'password', 'conversationSecret'],
    formatters: { log: (object) => redactDeep(object) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactIdentifiers(a) : a)) as Parameters<typeof method>);
      },
    },
  });
}
