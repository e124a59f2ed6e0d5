import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Nurse credentials: bearer tokens from NURSE_TOKENS until real accounts exist. Compared as hashes in constant
 * time. Returns an actor name for the audit log ("nurse:<first 8 hex of the token hash>").
 */
export function createNurseAuth(tokens: string[]) {
  const hashes = tokens.map(digest);
  return {
    /** undefined header -> 401; a wrong token -> 403. */
    require(authorization: string | undefined): string {
      const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
      if (!token) throw new AppError('unauthorized', 'The nurse audience needs a nurse credential (Authorization: Bearer <token>).');
      const h = digest(token);
      if (!hashes.some((x) => timingSafeEqual(x, h))) throw new AppError('forbidden', 'This credential does not grant the nurse audience.');
      return `nurse:${h.toString('hex').slice(0, 8)}`;
    },
  };
}
export type NurseAuth = ReturnType<typeof createNurseAuth>;
