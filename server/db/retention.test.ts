import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './index';
import { createSqliteStore } from './sqlite-store';
import type { Store } from './store';

let dir: string;
let db: Db;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'careline-retention-'));
  db = openDatabase(join(dir, 'r.db'));
  store = createSqliteStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');

async function conversationTouched(daysAgo: number) {
  const id = await store.createPrivateConversation('patient', 'h'.repeat(64), null);
  const q = await store.insertUserMessage({ conversationId: id, content: 'my email is a@b.com' });
  await store.insertAssistantMessage({ conversationId: id, replyTo: q.id, content: 'answer', triage: null, citations: [], model: 'offline', fallback: false });
  db.prepare('UPDATE conversations SET updated_at = ?, created_at = ? WHERE id = ?').run(new Date(NOW - daysAgo * DAY).toISOString(), new Date(NOW - daysAgo * DAY).toISOString(), id);
  return id;
}

describe('purgeExpired', () => {
  it('deletes conversations (and their messages) untouched for longer than the retention, and keeps the rest', async () => {
    const old = await conversationTouched(31);
    const recent = await conversationTouched(29);
    const counted = await store.purgeExpired({ conversationDays: 30, auditDays: 365 }, { now: NOW, dryRun: true });
    expect(counted).toMatchObject({ conversations: 1, messages: 2 });
    expect(await store.conversationAccess(old)).toBeDefined();

    expect(await store.purgeExpired({ conversationDays: 30, auditDays: 365 }, { now: NOW })).toMatchObject({ conversations: 1, messages: 2 });
    expect(await store.conversationAccess(old)).toBeUndefined();
    expect(await store.allMessages(old)).toEqual([]);
    expect(await store.allMessages(recent)).toHaveLength(2);
  });

  it('keeps everything with a retention of 0', async () => {
    await conversationTouched(3000);
    expect(await store.purgeExpired({ conversationDays: 0, auditDays: 0 }, { now: NOW })).toMatchObject({ conversations: 0, auditEntries: 0 });
  });

  it('deletes old audit entries and expired sessions', async () => {
    await store.audit('user:ann', 'search', { q: 'x' });
    db.prepare('UPDATE audit_log SET created_at = ?').run(new Date(NOW - 400 * DAY).toISOString());
    await store.audit('user:ann', 'search', { q: 'y' });
    const { accounts } = store;
    const user = await accounts.addUser('ann', 'nurse', 'hash');
    await accounts.createSession('s1', user.id, 'bearer', new Date(NOW - 1000).toISOString());
    await accounts.createSession('s2', user.id, 'bearer', new Date(NOW + DAY).toISOString());
    expect(await store.purgeExpired({ conversationDays: 30, auditDays: 365 }, { now: NOW })).toMatchObject({ auditEntries: 1, sessions: 1 });
    expect(await store.listAudit()).toHaveLength(1);
    expect(await accounts.findSession('s1')).toBeUndefined();
    expect(await accounts.findSession('s2')).toBeDefined();
  });

  it('forgets first-message resend keys after an hour', async () => {
    const id = await store.createPrivateConversation('patient', 'h'.repeat(64), 'claim-1');
    db.prepare('UPDATE conversations SET created_at = ? WHERE id = ?').run(new Date(NOW - 2 * 3_600_000).toISOString(), id);
    expect((await store.purgeExpired({ conversationDays: 30, auditDays: 365 }, { now: NOW })).claims).toBe(1);
    expect((await store.conversationAccess(id))?.claimKey).toBeNull();
  });
});
