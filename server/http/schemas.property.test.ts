import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCodes } from '../errors';
import { chatBody, loginBody, searchQuery, socketMessage, triageBody } from './schemas';
import { parseInput } from './validate';

const MAX = 2000;
const INPUT_CODES = ['bad_request', 'message_empty', 'message_too_long'];

// Bodies a hostile client might send: any JSON, and objects with the right keys holding any JSON.
const anyJson = fc.jsonValue({ maxDepth: 3 });
const text = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 50 }), fc.string({ minLength: MAX - 5, maxLength: MAX + 5 }), fc.constantFrom('', '   ', '\u0000', ' \u0000 hi \u0000 '));
const field = fc.oneof(text, anyJson, fc.uuid(), fc.constant(undefined));
const shaped = fc.record(
  { message: field, text: field, conversationId: field, conversationSecret: field, clientMessageId: field, audience: fc.oneof(fc.constantFrom('patient', 'nurse', 'admin'), anyJson), age: fc.oneof(fc.integer({ min: -5, max: 200 }), anyJson), sex: field, pregnant: field, q: field, limit: field, username: field, password: field },
  { requiredKeys: [] },
);
const body = fc.oneof(anyJson, shaped);

const schemas = {
  chatBody: chatBody(MAX),
  socketMessage: socketMessage(MAX),
  triageBody: triageBody(MAX),
  searchQuery,
  loginBody,
};

describe('the edge schemas, on any input (property-based)', () => {
  it.each(Object.entries(schemas))('%s either parses or refuses with a stable 4xx input code, never anything else', (_name, schema) => {
    fc.assert(
      fc.property(body, (input) => {
        try {
          parseInput(schema as never, input, MAX);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect(INPUT_CODES).toContain((err as AppError).code);
          expect(ErrorCodes[(err as AppError).code]).toBeLessThan(500);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a message exactly when it is non-empty and within the limit once trimmed and NUL-free, and hands it over so', () => {
    fc.assert(
      fc.property(text, fc.constantFrom<'chat' | 'socket'>('chat', 'socket'), (message, kind) => {
        const input = kind === 'chat' ? { message } : { text: message, clientMessageId: 'c-1' };
        const cleaned = message.replace(/\u0000/g, '').trim();
        let parsed: { message?: string; text?: string } | undefined;
        let code: string | undefined;
        try {
          parsed = parseInput((kind === 'chat' ? schemas.chatBody : schemas.socketMessage) as never, input, MAX);
        } catch (err) {
          code = (err as AppError).code;
        }
        if (!cleaned) expect(code).toBe('message_empty');
        else if (cleaned.length > MAX) expect(code).toBe('message_too_long');
        else expect(parsed?.message ?? parsed?.text).toBe(cleaned);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets an audience other than patient or nurse through, nor a conversation id that is not a UUID', () => {
    fc.assert(
      fc.property(shaped, (input) => {
        try {
          const parsed = parseInput(schemas.chatBody, { ...input, message: 'hello' }, MAX);
          if (parsed.audience !== undefined) expect(['patient', 'nurse']).toContain(parsed.audience);
          if (parsed.conversationId !== undefined) expect(parsed.conversationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
