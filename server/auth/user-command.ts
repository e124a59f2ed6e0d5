import { userInfo } from 'node:os';
import { ROLES, type Role } from '../db/accounts';
import type { Store } from '../db/store';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from './passwords';

export const USER_USAGE = `usage: npm run user -- <command>
  add <username> --role nurse|qa|admin [--password-stdin]   create an account (prints a generated password unless one is piped in)
  list                                                      accounts with their role, status and last sign-in
  disable <username>                                        block sign-in and end every session of the account
  enable <username>                                         allow sign-in again (also lifts a lockout)
  password <username> [--password-stdin]                    set a new password (generated unless piped in) and end every session`;

type Io = { out: (line: string) => void; err: (line: string) => void; stdin?: () => Promise<string>; actor?: string };

/**
 * `npm run user -- add|list|disable|enable|password`. Returns the exit code. Every change is written to the audit
 * log as the operating-system user who ran it.
 */
export async function runUserCommand(argv: string[], store: Store, io: Io): Promise<number> {
  const { accounts } = store;
  const actor = io.actor ?? `cli:${safeUser()}`;
  const [command, username] = argv;
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : (argv[i + 1] ?? '');
  };
  const readPassword = async (): Promise<{ password: string; generated: boolean } | null> => {
    if (!argv.includes('--password-stdin')) return { password: generatePassword(), generated: true };
    const password = ((await io.stdin?.()) ?? '').replace(/\r?\n$/, '');
    if (password.length < MIN_PASSWORD_LENGTH) {
      io.err(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
      return null;
    }
    return { password, generated: false };
  };
  const needUser = async () => {
    if (!username || username.startsWith('--')) {
      io.err(USER_USAGE);
      return null;
    }
    const user = await accounts.findUser(username);
    if (!user) io.err(`No account named "${username}".`);
    return user ?? null;
  };

  switch (command) {
    case 'add': {
      const role = flag('role') as Role | undefined;
      if (!username || username.startsWith('--') || !/^[A-Za-z0-9._@-]{2,100}$/.test(username)) {
        io.err('A username is 2 to 100 letters, digits or . _ @ -.\n' + USER_USAGE);
        return 2;
      }
      if (!role || !ROLES.includes(role)) {
        io.err(`--role must be one of ${ROLES.join(', ')}.`);
        return 2;
      }
      if (await accounts.findUser(username)) {
        io.err(`An account named "${username}" already exists.`);
        return 1;
      }
      const pw = await readPassword();
      if (!pw) return 2;
      await accounts.addUser(username, role, await hashPassword(pw.password));
      await store.audit(actor, 'user.add', { username, role });
      io.out(`Added ${role} account "${username}".`);
      if (pw.generated) io.out(`Password (shown once; hand it over safely): ${pw.password}`);
      return 0;
    }
    case 'list': {
      const users = await accounts.listUsers();
      if (!users.length) {
        io.out('No accounts yet. Add one: npm run user -- add <username> --role nurse');
        return 0;
      }
      const now = Date.now();
      const rows = users.map((u) => [
        u.username,
        u.role,
        u.disabled ? 'disabled' : u.lockedUntil && Date.parse(u.lockedUntil) > now ? `locked until ${u.lockedUntil}` : 'active',
        u.lastLoginAt ?? 'never',
        u.createdAt,
      ]);
      const head = ['username', 'role', 'status', 'last sign-in', 'created'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
      io.out([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
      return 0;
    }
    case 'disable':
    case 'enable': {
      const user = await needUser();
      if (!user) return 1;
      await accounts.setDisabled(user.id, command === 'disable');
      if (command === 'enable') await accounts.recordSuccess(user.id); // clears failed attempts and any lockout
      await store.audit(actor, `user.${command}`, { username: user.username });
      io.out(command === 'disable' ? `Disabled "${user.username}" and ended its sessions.` : `Enabled "${user.username}".`);
      return 0;
    }
    case 'password': {
      const user = await needUser();
      if (!user) return 1;
      const pw = await readPassword();
      if (!pw) return 2;
      await accounts.setPassword(user.id, await hashPassword(pw.password));
      await store.audit(actor, 'user.password', { username: user.username });
      io.out(`New password set for "${user.username}"; its sessions were ended.`);
      if (pw.generated) io.out(`Password (shown once): ${pw.password}`);
      return 0;
    }
    default:
      io.err(USER_USAGE);
      return 2;
  }
}

function safeUser() {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
