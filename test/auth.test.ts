import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/auth/passwords';
import { runUserCommand } from '../server/auth/user-command';
import { startTestServer, type TestServer } from './helpers/server';
import { connectClient, exchange } from './helpers/sockets';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ env: { QA_TOKENS: 'qa-secret', LOGIN_MAX_FAILURES: '3', RATE_LIMIT_AUTH_FAILURES: '1000' } });
  for (const [name, role] of [['nina', 'nurse'], ['quinn', 'qa'], ['ada', 'admin'], ['lou', 'nurse'], ['dee', 'nurse']] as const) {
    await srv.app.accounts.addUser(name, role, await hashPassword(`${name}-password-123`));
  }
});
afterAll(() => srv.close());

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const token = async (username: string, password = `${username}-password-123`) => {
  const res = await fetch(`${srv.url}/api/auth/token`, json({ username, password }));
  return { status: res.status, body: await res.json() };
};
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const audit = () => srv.app.store.listAudit(1000);
const nurseArticle = () => srv.db.prepare("SELECT id FROM articles WHERE audience = 'nurse' LIMIT 1").pluck().get() as string;

describe('nurse articles need a nurse credential (hole 5)', () => {
  it.each(['/articles/', '/api/knowledge/articles/'])('%s<nurse article>: 401 without, 403 for QA, 200 for a nurse; audited', async (prefix) => {
    const id = nurseArticle();
    expect((await fetch(`${srv.url}${prefix}${id}`)).status).toBe(401);
    expect((await fetch(`${srv.url}${prefix}${id}`, { headers: bearer('qa-secret') })).status).toBe(403);
    expect((await fetch(`${srv.url}${prefix}${id}`, { headers: bearer('wrong') })).status).toBe(403);
    const ok = await fetch(`${srv.url}${prefix}${id}`, { headers: bearer('nurse-secret') });
    expect(ok.status).toBe(200);
    const reads = (await audit()).filter((e) => e.action === 'article.read' && (e.detail as { articleId?: string })?.articleId === id);
    expect(reads.map((e) => e.outcome)).toEqual(expect.arrayContaining(['ok', 'denied']));
    expect(reads.find((e) => e.outcome === 'ok')!.actor).toMatch(/^token:nurse:/);
  });

  it('keeps patient articles public', async () => {
    expect((await fetch(`${srv.url}/articles/sunburn`)).status).toBe(200);
    expect((await fetch(`${srv.url}/api/knowledge/articles/sunburn`)).status).toBe(200);
  });
});

describe('accounts and sessions (hole 7: only shared static tokens)', () => {
  it('signs a nurse in for an expiring bearer token that opens the nurse audience, over HTTP and Socket.IO', async () => {
    const { status, body } = await token('nina');
    expect(status).toBe(200);
    expect(body).toMatchObject({ token: expect.stringMatching(/^cls_/), tokenType: 'Bearer', user: { username: 'nina', role: 'nurse' } });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(7 * 3_600_000);
    const chat = await fetch(`${srv.url}/api/chat`, json({ message: 'first line treatment for anaphylaxis', audience: 'nurse' }, bearer(body.token)));
    expect(chat.status).toBe(200);
    const socket = await connectClient(srv.url, { auth: { token: body.token } });
    try {
      const r = await exchange(socket, { text: 'NEWS2 escalation', clientMessageId: crypto.randomUUID(), audience: 'nurse' });
      expect(r.events.at(-1)!.name).toBe('done');
    } finally {
      socket.disconnect();
    }
    expect((await audit()).filter((e) => e.actor === 'user:nina' && e.action === 'chat' && e.outcome === 'ok').length).toBeGreaterThanOrEqual(2);
  });

  it('signs the console in with an HTTP-only, SameSite=Strict cookie, and signs out', async () => {
    const res = await fetch(`${srv.url}/api/auth/login`, json({ username: 'lou', password: 'lou-password-123' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).not.toHaveProperty('token');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^careline_session=cls_[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Max-Age=28800/);
    const cookie = setCookie.split(';')[0];
    const id = nurseArticle();
    expect((await fetch(`${srv.url}/articles/${id}`, { headers: { cookie } })).status).toBe(200);
    expect(await (await fetch(`${srv.url}/api/auth/me`, { headers: { cookie } })).json()).toMatchObject({ actor: 'user:lou', role: 'nurse', via: 'session' });
    // A state-changing request carrying the cookie from another site's page is not signed in.
    const crossSite = await fetch(`${srv.url}/api/chat`, json({ message: 'NEWS2', audience: 'nurse' }, { cookie, origin: 'https://evil.example' }));
    expect(crossSite.status).toBe(401);
    expect((await fetch(`${srv.url}/api/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
    expect((await fetch(`${srv.url}/articles/${id}`, { headers: { cookie } })).status).toBe(401);
  });

  it('expires sessions', async () => {
    const { body } = await token('nina');
    srv.db.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    const res = await fetch(`${srv.url}/articles/${nurseArticle()}`, { headers: bearer(body.token) });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/expired/);
  });

  it('gives roles their own rights: QA reads eval runs but not nurse content; admin reads the audit log', async () => {
    const qa = (await token('quinn')).body.token;
    const nurse = (await token('nina')).body.token;
    const admin = (await token('ada')).body.token;
    expect((await fetch(`${srv.url}/api/evals/runs`, { headers: bearer(qa) })).status).toBe(200);
    expect((await fetch(`${srv.url}/api/evals/runs`, { headers: bearer(nurse) })).status).toBe(403);
    expect((await fetch(`${srv.url}/api/knowledge/search?q=news2&audience=nurse`, { headers: bearer(qa) })).status).toBe(403);
    expect((await fetch(`${srv.url}/api/admin/audit`, { headers: bearer(nurse) })).status).toBe(403);
    const log = await fetch(`${srv.url}/api/admin/audit?limit=500`, { headers: bearer(admin) });
    expect(log.status).toBe(200);
    const { entries } = await log.json();
    expect(entries[0]).toMatchObject({ actor: 'user:ada', action: 'audit.read', outcome: 'ok', ip: '127.0.0.1' });
    expect(entries.some((e: { action: string; outcome: string }) => e.action === 'evals.read' && e.outcome === 'denied')).toBe(true);
  });

  it('keeps NURSE_TOKENS working as a bootstrap for scripts', async () => {
    expect((await fetch(`${srv.url}/api/knowledge/search?q=news2&audience=nurse`, { headers: bearer('nurse-secret') })).status).toBe(200);
  });
});

describe('lockout and failure limits (hole 7: 2,000 wrong guesses in 3.4 s, none audited)', () => {
  it('locks an account after LOGIN_MAX_FAILURES wrong passwords, even against the right one, and audits each try', async () => {
    for (let i = 0; i < 3; i++) expect((await token('dee', 'wrong-password')).status).toBe(401);
    const locked = await token('dee');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    const entries = (await audit()).filter((e) => e.actor === 'user:dee');
    expect(entries.filter((e) => e.action === 'login' && e.outcome === 'denied')).toHaveLength(3);
    expect(entries.some((e) => e.action === 'account.lock')).toBe(true);
    expect(entries.some((e) => e.action === 'login' && e.outcome === 'locked')).toBe(true);
  });

  it('answers unknown users exactly like wrong passwords', async () => {
    const a = await token('nobody-here', 'whatever-password');
    const b = await token('nina', 'whatever-password');
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body).toEqual(b.body);
  });

  it('refuses an address after RATE_LIMIT_AUTH_FAILURES wrong credentials, even with a right one, and audits every guess', async () => {
    const guarded = await startTestServer({ env: { RATE_LIMIT_AUTH_FAILURES: '5' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await fetch(`${guarded.url}/api/knowledge/search?q=x&audience=nurse`, { headers: bearer(`guess-${i}`) })).status);
      expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429, 429]);
      const right = await fetch(`${guarded.url}/api/knowledge/search?q=x&audience=nurse`, { headers: bearer('nurse-secret') });
      expect(right.status).toBe(429);
      const entries = (await guarded.app.store.listAudit(100));
      expect(entries.filter((e) => e.outcome === 'denied')).toHaveLength(5);
      expect(entries.filter((e) => e.outcome === 'rate_limited')).toHaveLength(4);
      expect(entries.every((e) => e.ip === '127.0.0.1')).toBe(true);
    } finally {
      await guarded.close();
    }
  });
});

describe('npm run user', () => {
  const run = async (argv: string[], stdin?: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runUserCommand(argv, srv.app.store, { out: (l) => out.push(l), err: (l) => err.push(l), stdin: async () => stdin ?? '', actor: 'cli:test' });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('adds an account with a generated password that signs in', async () => {
    const r = await run(['add', 'cli-nurse', '--role', 'nurse']);
    expect(r.code).toBe(0);
    const password = /Password \(shown once[^:]*\): (\S+)/.exec(r.out)![1];
    expect((await token('cli-nurse', password)).status).toBe(200);
    expect((await audit()).some((e) => e.actor === 'cli:test' && e.action === 'user.add')).toBe(true);
  });

  it('takes a password on stdin, refuses short ones, duplicate names and unknown roles', async () => {
    expect((await run(['add', 'cli-qa', '--role', 'qa', '--password-stdin'], 'a-long-enough-password\n')).code).toBe(0);
    expect((await token('cli-qa', 'a-long-enough-password')).status).toBe(200);
    expect((await run(['add', 'cli-x', '--role', 'qa', '--password-stdin'], 'short')).code).toBe(2);
    expect((await run(['add', 'cli-qa', '--role', 'qa'])).code).toBe(1);
    expect((await run(['add', 'cli-y', '--role', 'root'])).code).toBe(2);
  });

  it('lists accounts, and disabling one ends its sessions and its sign-ins', async () => {
    await run(['add', 'cli-gone', '--role', 'nurse', '--password-stdin'], 'cli-gone-password\n');
    const { body } = await token('cli-gone', 'cli-gone-password');
    expect((await run(['disable', 'cli-gone'])).code).toBe(0);
    expect((await fetch(`${srv.url}/articles/${nurseArticle()}`, { headers: bearer(body.token) })).status).toBe(403);
    expect((await token('cli-gone', 'cli-gone-password')).status).toBe(401);
    const list = await run(['list']);
    expect(list.out).toMatch(/cli-gone\s+nurse\s+disabled/);
    expect(list.out).not.toMatch(/password|\$argon2/);
    expect((await run(['enable', 'cli-gone'])).code).toBe(0);
    expect((await token('cli-gone', 'cli-gone-password')).status).toBe(200);
  });
});

describe('ended sessions', () => {
  it('are refused and audited, but an old cookie does not count against the address', async () => {
    const guarded = await startTestServer({ env: { RATE_LIMIT_AUTH_FAILURES: '2' } });
    try {
      await guarded.app.accounts.addUser('old', 'nurse', await hashPassword('old-password-123'));
      const login = await fetch(`${guarded.url}/api/auth/login`, json({ username: 'old', password: 'old-password-123' }));
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      guarded.db.prepare('DELETE FROM sessions').run();
      const id = guarded.db.prepare("SELECT id FROM articles WHERE audience = 'nurse' LIMIT 1").pluck().get() as string;
      for (let i = 0; i < 5; i++) expect((await fetch(`${guarded.url}/articles/${id}`, { headers: { cookie } })).status).toBe(401);
      expect((await fetch(`${guarded.url}/articles/${id}`, { headers: bearer('nurse-secret') })).status).toBe(200);
      expect((await guarded.app.store.listAudit(100)).filter((e) => e.action === 'auth' && e.outcome === 'denied')).toHaveLength(5);
    } finally {
      await guarded.close();
    }
  });
});
