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

export const chatBody = (max: number) =>
  z.object({
    message: messageText(max),
    conversationId: z.string().uuid().optional(),
    audience: audienceSchema.default('patient'),
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
    clientMessageId: z.string().min(1).max(100),
    audience: audienceSchema.default('patient'),
  });
