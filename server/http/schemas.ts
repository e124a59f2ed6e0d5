import { z } from 'zod';

/** Message text: trimmed, non-empty, within the configured length. Error codes are stable (see errors.ts). */
export const messageText = (max: number) =>
  z
    .string({ error: 'text must be a string' })
    .transform((s) => s.replace(/\u0000/g, '').trim())
    .superRefine((s, ctx) => {
      if (!s) ctx.addIssue({ code: 'custom', message: 'message_empty' });
      else if (s.length > max) ctx.addIssue({ code: 'custom', message: 'message_too_long' });
    });

export const audienceSchema = z.enum(['patient', 'nurse']);

export const triageBody = (max: number) =>
  z.object({
    text: messageText(max),
    age: z.number().int().min(0).max(120).optional(),
    sex: z.enum(['female', 'male']).optional(),
    pregnant: z.boolean().optional(),
  });
export type TriageBody = z.infer<ReturnType<typeof triageBody>>;

/** The secret returned when a conversation is created; needed with its id to continue or read it. */
export const conversationSecret = z.string().min(16, 'not a conversation secret').max(200);

/** An idempotency key chosen by the client (the widget sends a UUID); 16+ characters also cover a lost first ack. */
export const clientMessageId = z.string().min(1).max(100);

/** Omitted audience: the conversation's own, or patient for a new one. */
export const chatBody = (max: number) =>
  z.object({
    message: messageText(max),
    conversationId: z.string().uuid().optional(),
    conversationSecret: conversationSecret.optional(),
    clientMessageId: clientMessageId.optional(),
    audience: audienceSchema.optional(),
  });
export type ChatBody = z.infer<ReturnType<typeof chatBody>>;

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'q is required').max(500),
  audience: audienceSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const articleId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'not an article id').max(120);

/** Socket.IO `message` payload. */
export const socketMessage = (max: number) =>
  z.object({
    text: messageText(max),
    conversationId: z.string().uuid().optional(),
    conversationSecret: conversationSecret.optional(),
    clientMessageId,
    audience: audienceSchema.optional(),
  });
export type SocketMessage = z.infer<ReturnType<typeof socketMessage>>;

export const conversationIdParam = z.string().uuid('not a conversation id');
export const messageIdParam = z.string().min(1).max(100);

/** `POST /api/conversations/:id/messages/:messageId/feedback`. */
export const feedbackBody = z.object({ rating: z.enum(['up', 'down']), comment: z.string().trim().max(1000).optional() }).strict();
/** `POST /api/conversations/:id/person-request` (the body is optional). */
export const personRequestBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();

export const loginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
});
