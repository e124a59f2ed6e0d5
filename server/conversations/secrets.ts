import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A conversation secret: 32 random bytes, base64url. It is a random token, not a password, so a plain sha256 is
 * the right thing to store (nothing to slow down: it cannot be guessed).
 */
export const newConversationSecret = () => randomBytes(32).toString('base64url');

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** How long a first message's resend (without its conversationId) still finds its conversation. */
export const CLAIM_WINDOW_MS = 60 * 60 * 1000;

/** Shortest clientMessageId that can identify a first message across a lost ack (see claimKey). */
export const MIN_CLAIM_ID_LENGTH = 16;

/**
 * The key under which a conversation's first message is remembered, so that a resend of that message without a
 * conversationId (its ack was lost) reaches the same conversation. It needs the clientMessageId and the text: a
 * random id (the widget sends a UUID) makes it unguessable; a short id is not trusted with this and gets null.
 */
export function claimKey(clientMessageId: string | undefined, text: string): string | null {
  if (!clientMessageId || clientMessageId.length < MIN_CLAIM_ID_LENGTH) return null;
  return createHash('sha256').update(`careline-claim\0${clientMessageId}\0${text}`, 'utf8').digest('hex');
}
