/**
 * The state store's contract, run against both engines: the SQLite file (always) and PostgreSQL (when
 * TEST_DATABASE_URL reaches a server; `npm run test:pg` starts a local one and sets it). Each PostgreSQL test gets
 * a schema of its own, dropped afterwards.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './index';
import { openPostgresStore } from './postgres-store';
import { createSqliteStore } from './sqlite-store';
import type { Store } from './store';

type Harness = {
  store: Store;
  /** Sets a time column of one row (or of every row) to `iso`: how a test makes something old. */
  backdate(table: 'conversations' | 'audit_log', columns: string[], iso: string, id?: string): Promise<void>;
  close(): Promise<void>;
};

const pgUrl = process.env.TEST_DATABASE_URL;
const pgReachable = pgUrl
  ? await (async () => {
      const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => {});
      }
    })()
  : false;
const pgSkipped = !pgUrl ? 'TEST_DATABASE_URL is not set' : !pgReachable ? `no PostgreSQL answers at ${pgUrl.replace(/:[^:@/]*@/, ':***@')}` : null;
if (pgSkipped) console.warn(`PostgreSQL store tests skipped: ${pgSkipped} (npm run test:pg starts a local server and runs them)`);

const engines: { name: string; skip: string | null; open(): Promise<Harness> }[] = [
  {
    name: 'sqlite',
    skip: null,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'careline-store-'));
      const db = openDatabase(join(dir, 'state.db'));
      return {
        store: createSqliteStore(db),
        async backdate(table, columns, iso, id) {
          const set = columns.map((c) => `${c} = @iso`).join(', ');
          db.prepare(`UPDATE ${table} SET ${set}${id ? ' WHERE id = @id' : ''}`).run({ iso, ...(id ? { id } : {}) });
        },
        async close() {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: pgSkipped,
    async open() {
      const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const store = await openPostgresStore(pgUrl!, { schema, poolSize: 4 });
      return {
        store,
        async backdate(table, columns, iso, id) {
          const set = columns.map((c) => `${c} = $1`).join(', ');
          await store.pool.query(`UPDATE ${table} SET ${set}${id ? ' WHERE id = $2' : ''}`, id ? [iso, id] : [iso]);
        },
        async close() {
          await store.pool.query(`DROP SCHEMA ${schema} CASCADE`);
          await store.close();
        },
      };
    },
  },
];

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const hash = (c: string) => c.repeat(64);

for (const engine of engines) {
  describe.skipIf(engine.skip !== null)(`the state store on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    let h: Harness;
    let store: Store;
    beforeEach(async () => {
      h = await engine.open();
      store = h.store;
    });
    afterEach(() => h.close());

    const answered = async (conversationId: string, text: string, clientMessageId?: string) => {
      const q = await store.insertUserMessage({ conversationId, content: text, clientMessageId });
      await store.insertAssistantMessage({ conversationId, replyTo: q.id, content: `answer to ${text}`, triage: { level: 'self_care' }, citations: [{ n: 1, articleId: 'a' }], model: 'offline', fallback: false, usage: { total_tokens: 3 }, latencyMs: 12 });
      return q.id;
    };

    describe('conversations', () => {
      it('keeps the audience, the triage state, only the secret hash and the claim key', async () => {
        const id = await store.createPrivateConversation('nurse', hash('a'), 'claim-1');
        expect(await store.conversationAccess(id)).toMatchObject({ id, audience: 'nurse', secretHash: hash('a'), claimKey: 'claim-1', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) });
        expect(await store.getConversation(id)).toEqual({ id, audience: 'nurse', triage: null });
        await store.setConversationTriage(id, { level: 'emergency', findings: [{ concept: 'chest_pain', present: true }] });
        expect((await store.getConversation(id))!.triage).toEqual({ level: 'emergency', findings: [{ concept: 'chest_pain', present: true }] });
        expect(await store.conversationAccess('nope')).toBeUndefined();
        expect(await store.getConversation('nope')).toBeUndefined();
      });

      it('finds a first message by its claim key within the window only, and forgets it when cleared', async () => {
        const id = await store.createPrivateConversation('patient', hash('a'), 'claim-2');
        const past = new Date(Date.now() - 60_000).toISOString();
        expect(await store.findClaim('claim-2', past)).toEqual({ id, audience: 'patient' });
        expect(await store.findClaim('claim-2', new Date(Date.now() + 60_000).toISOString())).toBeUndefined();
        await store.setConversationSecret(id, hash('b'));
        expect((await store.conversationAccess(id))!.secretHash).toBe(hash('b'));
        await store.clearClaim(id);
        expect(await store.findClaim('claim-2', past)).toBeUndefined();
        expect((await store.conversationAccess(id))!.claimKey).toBeNull();
      });

      it('refuses a second conversation with the same claim key', async () => {
        await store.createPrivateConversation('patient', hash('a'), 'claim-3');
        await expect(store.createPrivateConversation('patient', hash('b'), 'claim-3')).rejects.toThrow();
        await store.createPrivateConversation('patient', hash('c'), null);
        await store.createPrivateConversation('patient', hash('d'), null);
      });

      it('deletes a conversation with every message, and says whether there was one', async () => {
        const id = await store.createPrivateConversation('patient', hash('a'), null);
        await answered(id, 'one');
        await answered(id, 'two');
        expect(await store.deleteConversation(id)).toBe(true);
        expect(await store.allMessages(id)).toEqual([]);
        expect(await store.conversationAccess(id)).toBeUndefined();
        expect(await store.deleteConversation(id)).toBe(false);
      });
    });

    describe('messages', () => {
      it('stores a user message once per clientMessageId, and answers a repeat with the first', async () => {
        const id = await store.createConversation('patient');
        const first = await store.insertUserMessage({ conversationId: id, content: 'hello', clientMessageId: 'c-1' });
        expect(first.duplicate).toBe(false);
        expect(await store.insertUserMessage({ conversationId: id, content: 'hello', clientMessageId: 'c-1' })).toEqual({ id: first.id, duplicate: true });
        // The same id in another conversation is another message; no id is never a repeat.
        const other = await store.createConversation('patient');
        expect((await store.insertUserMessage({ conversationId: other, content: 'hello', clientMessageId: 'c-1' })).duplicate).toBe(false);
        expect((await store.insertUserMessage({ conversationId: id, content: 'hello' })).duplicate).toBe(false);
        expect((await store.insertUserMessage({ conversationId: id, content: 'hello' })).duplicate).toBe(false);
        expect(await store.allMessages(id)).toHaveLength(3);
      });

      it('stores one message when the same clientMessageId arrives many times at once', async () => {
        const id = await store.createConversation('patient');
        const results = await Promise.all(Array.from({ length: 8 }, () => store.insertUserMessage({ conversationId: id, content: 'at once', clientMessageId: 'c-same' })));
        expect(new Set(results.map((r) => r.id)).size).toBe(1);
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        expect(await store.allMessages(id)).toHaveLength(1);
      });

      it('stores an answer with its triage, citations, model, usage and latency, and marks the question answered', async () => {
        const id = await store.createConversation('patient');
        const q = await store.insertUserMessage({ conversationId: id, content: 'sore throat', clientMessageId: 'c-2' });
        expect(await store.getReplyTo(q.id)).toBeUndefined();
        await store.setMessageStatus(q.id, 'stored', { level: 'self_care', label: 'Self-care' });
        expect((await store.getMessage(q.id))!.triage).toEqual({ level: 'self_care', label: 'Self-care' });
        const replyId = await store.insertAssistantMessage({ conversationId: id, replyTo: q.id, content: 'rest [1]', triage: { level: 'self_care' }, citations: [{ n: 1, articleId: 'sore-throat' }], model: 'offline', fallback: true, usage: { total_tokens: 9 }, latencyMs: 42 });
        expect(await store.getReplyTo(q.id)).toMatchObject({ id: replyId, role: 'assistant', content: 'rest [1]', citations: [{ n: 1, articleId: 'sore-throat' }], model: 'offline', fallback: true, usage: { total_tokens: 9 }, latencyMs: 42 });
        expect(await store.getMessage(q.id)).toMatchObject({ status: 'answered', role: 'user', content: 'sore throat', fallback: false, model: null, usage: null, latencyMs: null });
        await store.setMessageStatus(q.id, 'failed');
        expect((await store.getMessage(q.id))!.triage).toEqual({ level: 'self_care', label: 'Self-care' });
        expect(await store.getMessage('nope')).toBeUndefined();
      });

      it('keeps one answer per question, even when two are stored at once', async () => {
        const id = await store.createConversation('patient');
        const q = await store.insertUserMessage({ conversationId: id, content: 'cough', clientMessageId: 'c-3' });
        const answer = (content: string) => ({ conversationId: id, replyTo: q.id, content, triage: null, citations: [], model: 'offline', fallback: false });
        const ids = await Promise.all([store.insertAssistantMessage(answer('first')), store.insertAssistantMessage(answer('second'))]);
        expect(ids[0]).toBe(ids[1]);
        expect(await store.insertAssistantMessage(answer('third'))).toBe(ids[0]);
        expect((await store.allMessages(id)).filter((m) => m.role === 'assistant')).toHaveLength(1);
      });

      it('lists the last messages in the order they were written, and the whole transcript', async () => {
        const id = await store.createConversation('patient');
        for (const t of ['one', 'two', 'three']) await answered(id, t);
        const all = await store.allMessages(id);
        expect(all.map((m) => m.content)).toEqual(['one', 'answer to one', 'two', 'answer to two', 'three', 'answer to three']);
        expect((await store.listMessages(id, 3)).map((m) => m.content)).toEqual(['answer to two', 'three', 'answer to three']);
        expect((await store.listMessages(id)).length).toBe(6);
        expect(all[0]).toMatchObject({ conversationId: id, role: 'user', createdAt: expect.stringMatching(/Z$/) });
      });

      it("gives a turn's history as the same last messages, only who said what", async () => {
        const id = await store.createConversation('patient');
        for (const t of ['one', 'two', 'three']) await answered(id, t);
        await store.insertUserMessage({ conversationId: await store.createConversation('patient'), content: 'another conversation', clientMessageId: 'h-other' });
        for (const limit of [1, 3, 6, 50]) {
          expect(await store.listHistory(id, limit)).toEqual((await store.listMessages(id, limit)).map(({ id, role, content }) => ({ id, role, content })));
        }
        expect((await store.listHistory(id, 3)).map((m) => m.content)).toEqual(['answer to two', 'three', 'answer to three']);
      });
    });

    describe('audit and eval runs', () => {
      it('lists audit entries newest first, with their outcome and address', async () => {
        await store.audit('user:ann', 'search', { q: 'x' });
        await store.audit('anonymous', 'auth', { reason: 'unknown token' }, { outcome: 'denied', ip: '10.0.0.1' });
        const entries = await store.listAudit();
        expect(entries.map((e) => e.action)).toEqual(['auth', 'search']);
        expect(entries[0]).toMatchObject({ actor: 'anonymous', detail: { reason: 'unknown token' }, outcome: 'denied', ip: '10.0.0.1', id: expect.any(Number) });
        expect(entries[1]).toMatchObject({ outcome: 'ok', ip: null });
        expect(await store.listAudit(1)).toHaveLength(1);
      });

      it('keeps eval runs with their summary and cases, newest first', async () => {
        await store.insertEvalRun({ id: 'run-1', suite: 'triage', model: 'offline', summary: { accuracy3: 0.9 }, results: [{ id: 'em-001', pass: true }] });
        await store.insertEvalRun({ id: 'run-2', suite: 'retrieval', model: 'offline', summary: { mrr: 0.8 }, results: [] });
        expect((await store.listEvalRuns()).map((r) => r.id)).toEqual(['run-2', 'run-1']);
        expect((await store.listEvalRuns(1))[0]).toEqual({ id: 'run-2', suite: 'retrieval', model: 'offline', summary: { mrr: 0.8 }, createdAt: expect.any(String) });
        expect(await store.getEvalRun('run-1')).toMatchObject({ summary: { accuracy3: 0.9 }, results: [{ id: 'em-001', pass: true }] });
        expect(await store.getEvalRun('nope')).toBeUndefined();
      });
    });

    describe('feedback and requests for a person', () => {
      it('keeps one rating per answer (the last), only for an answer of that conversation', async () => {
        const id = await store.createConversation('patient');
        const q = await answered(id, 'sore throat');
        const answer = (await store.getReplyTo(q))!.id;
        await store.setFeedback({ messageId: answer, conversationId: id, rating: 1 });
        await store.setFeedback({ messageId: answer, conversationId: id, rating: -1, comment: 'too long' });
        expect(await store.listFeedback()).toEqual([{ messageId: answer, conversationId: id, rating: -1, comment: 'too long', createdAt: expect.any(String) }]);
        const other = await store.createConversation('patient');
        await expect(store.setFeedback({ messageId: answer, conversationId: other, rating: 1 })).rejects.toThrow(/no such answer/);
        await expect(store.setFeedback({ messageId: q, conversationId: id, rating: 1 })).rejects.toThrow(/no such answer/);
      });

      it('keeps one open request per conversation until a nurse marks it handled, and lists them oldest first', async () => {
        const a = await store.createConversation('patient');
        const b = await store.createConversation('patient');
        const first = await store.createPersonRequest({ conversationId: a, reason: 'wants to talk to a nurse', level: 'consultation' });
        expect(first.created).toBe(true);
        expect(await store.createPersonRequest({ conversationId: a })).toEqual({ id: first.id, created: false });
        const second = await store.createPersonRequest({ conversationId: b });
        expect((await store.listPersonRequests()).map((r) => r.id)).toEqual([first.id, second.id]);
        expect(await store.getPersonRequest(first.id)).toMatchObject({ conversationId: a, status: 'open', reason: 'wants to talk to a nurse', level: 'consultation', handledBy: null });
        expect(await store.markPersonRequestHandled(first.id, 'user:nina')).toBe(true);
        expect(await store.markPersonRequestHandled(first.id, 'user:nina')).toBe(false);
        expect((await store.listPersonRequests()).map((r) => r.id)).toEqual([second.id]);
        expect(await store.listPersonRequests({ status: 'handled' })).toEqual([expect.objectContaining({ id: first.id, handledBy: 'user:nina', handledAt: expect.any(String) })]);
        // Handled, a new request is a new one.
        expect((await store.createPersonRequest({ conversationId: a })).created).toBe(true);
        expect(await store.listPersonRequests({ status: 'all' })).toHaveLength(3);
      });

      it('goes with its conversation when the conversation is deleted', async () => {
        const id = await store.createConversation('patient');
        const answer = (await store.getReplyTo(await answered(id, 'rash')))!.id;
        await store.setFeedback({ messageId: answer, conversationId: id, rating: 1 });
        const r = await store.createPersonRequest({ conversationId: id });
        await store.deleteConversation(id);
        expect(await store.listFeedback()).toEqual([]);
        expect(await store.getPersonRequest(r.id)).toBeUndefined();
      });
    });

    describe('accounts and sessions', () => {
      it('finds an account by name whatever its case, and refuses the same name twice', async () => {
        const ann = await store.accounts.addUser('Ann', 'nurse', 'hash-1');
        expect(ann).toMatchObject({ username: 'Ann', role: 'nurse', disabled: false, failedAttempts: 0, lockedUntil: null, lastLoginAt: null });
        expect((await store.accounts.findUser('ann'))!.id).toBe(ann.id);
        await expect(store.accounts.addUser('ANN', 'qa', 'hash-2')).rejects.toThrow();
        await store.accounts.addUser('bob', 'admin', 'hash-3');
        expect((await store.accounts.listUsers()).map((u) => u.username)).toEqual(['Ann', 'bob']);
        expect(await store.accounts.findUser('nobody')).toBeUndefined();
      });

      it('locks an account at the failure limit, and a success or a new password clears it', async () => {
        const u = await store.accounts.addUser('dee', 'nurse', 'hash');
        const until = new Date(Date.now() + 60_000).toISOString();
        expect(await store.accounts.recordFailure(u.id, 3, until)).toBe(false);
        expect(await store.accounts.recordFailure(u.id, 3, until)).toBe(false);
        expect((await store.accounts.findUser('dee'))!.failedAttempts).toBe(2);
        expect(await store.accounts.recordFailure(u.id, 3, until)).toBe(true);
        expect(await store.accounts.findUser('dee')).toMatchObject({ failedAttempts: 0, lockedUntil: until });
        await store.accounts.recordSuccess(u.id);
        expect(await store.accounts.findUser('dee')).toMatchObject({ lockedUntil: null, lastLoginAt: expect.any(String) });
        await store.accounts.recordFailure(u.id, 3, until);
        await store.accounts.setPassword(u.id, 'hash-new');
        expect(await store.accounts.findUser('dee')).toMatchObject({ passwordHash: 'hash-new', failedAttempts: 0 });
      });

      it('finds a session with its user; disabling the account or a new password ends its sessions', async () => {
        const u = await store.accounts.addUser('eve', 'qa', 'hash');
        const expires = new Date(Date.now() + 3_600_000).toISOString();
        await store.accounts.createSession('s1', u.id, 'cookie', expires);
        expect(await store.accounts.findSession('s1')).toMatchObject({ tokenHash: 's1', userId: u.id, kind: 'cookie', expiresAt: expires, user: { username: 'eve', role: 'qa' } });
        await store.accounts.deleteSession('s1');
        expect(await store.accounts.findSession('s1')).toBeUndefined();
        await store.accounts.createSession('s2', u.id, 'bearer', expires);
        await store.accounts.setDisabled(u.id, true);
        expect(await store.accounts.findSession('s2')).toBeUndefined();
        expect((await store.accounts.findUser('eve'))!.disabled).toBe(true);
        await store.accounts.setDisabled(u.id, false);
        await store.accounts.createSession('s3', u.id, 'bearer', expires);
        await store.accounts.setPassword(u.id, 'other');
        expect(await store.accounts.findSession('s3')).toBeUndefined();
      });
    });

    describe('retention (purgeExpired)', () => {
      const touched = async (daysAgo: number) => {
        const id = await store.createPrivateConversation('patient', hash('h'), null);
        await answered(id, 'my email is a@b.com');
        await h.backdate('conversations', ['updated_at', 'created_at'], new Date(NOW - daysAgo * DAY).toISOString(), id);
        return id;
      };

      it('deletes conversations (and their messages) untouched for longer than the retention, and keeps the rest', async () => {
        const old = await touched(31);
        const recent = await touched(29);
        expect(await store.purgeExpired({ conversationDays: 30, auditDays: 365 }, { now: NOW, dryRun: true })).toMatchObject({ conversations: 1, messages: 2 });
        expect(await store.conversationAccess(old)).toBeDefined();
        expect(await store.purgeExpired({ conversationDays: 30, auditDays: 365 }, { now: NOW })).toMatchObject({ conversations: 1, messages: 2 });
        expect(await store.conversationAccess(old)).toBeUndefined();
        expect(await store.allMessages(old)).toEqual([]);
        expect(await store.allMessages(recent)).toHaveLength(2);
      });

      it('keeps everything with a retention of 0', async () => {
        await touched(3000);
        expect(await store.purgeExpired({ conversationDays: 0, auditDays: 0 }, { now: NOW })).toMatchObject({ conversations: 0, auditEntries: 0 });
      });

      it('deletes old audit entries and expired sessions', async () => {
        await store.audit('user:ann', 'search', { q: 'x' });
        await h.backdate('audit_log', ['created_at'], new Date(NOW - 400 * DAY).toISOString());
        await store.audit('user:ann', 'search', { q: 'y' });
        const user = await store.accounts.addUser('ann', 'nurse', 'hash');
        await store.accounts.createSession('s1', user.id, 'bearer', new Date(NOW - 1000).toISOString());
        await store.accounts.createSession('s2', user.id, 'bearer', new Date(NOW + DAY).toISOString());
        expect(await store.purgeExpired({ conversationDays: 30, auditDays: 365 }, { now: NOW })).toMatchObject({ auditEntries: 1, sessions: 1 });
        expect(await store.listAudit()).toHaveLength(1);
        expect(await store.accounts.findSession('s1')).toBeUndefined();
        expect(await store.accounts.findSession('s2')).toBeDefined();
      });

      it('forgets first-message resend keys after an hour', async () => {
        const id = await store.createPrivateConversation('patient', hash('h'), 'claim-1');
        await h.backdate('conversations', ['created_at'], new Date(NOW - 2 * 3_600_000).toISOString(), id);
        expect((await store.purgeExpired({ conversationDays: 30, auditDays: 365 }, { now: NOW })).claims).toBe(1);
        expect((await store.conversationAccess(id))?.claimKey).toBeNull();
      });
    });
  });
}
