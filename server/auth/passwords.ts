import { randomBytes } from 'node:crypto';

// The native argon2 binding (about 10 MB of RSS) is loaded at the first password hashed or checked, not at start:
// a server whose staff sign in with tokens, or nobody yet, never needs it.
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const hash = async (password: string) => (await (argon2 ??= import('@node-rs/argon2'))).hash(password);
const verify = async (passwordHash: string, password: string) => (await (argon2 ??= import('@node-rs/argon2'))).verify(passwordHash, password);

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum). */
export const hashPassword = (password: string) => hash(password);

// Verified against when the username does not exist, so an unknown name takes as long as a wrong password.
let dummy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await (dummy ??= hash(randomBytes(16).toString('hex'))), password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

export const MIN_PASSWORD_LENGTH = 12;

/** A password `npm run user -- add` prints when none is given: 18 random bytes, base64url (24 characters). */
export const generatePassword = () => randomBytes(18).toString('base64url');
