import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from './accounts';
import { openDatabase, type Db } from './index';
import { purgeExpired } from './retention';
import { createStore, type Store } from './store';

let dir: string;
let db: Db;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'careline-retention-'));
  db = openDatabase(join(dir, 'r.db'));
  store = createStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');

function conversationTouched(daysAgo: number) {
  const id = store.createPrivateConversation('patient', 'h'.repeat(64), null);
  const q = store.insertUserMessage({ conversationId: id, content: 'my email is a@b.com' });
  store.insertAssistantMessage({ conversationId: id, replyTo: q.id, content: 'answer', triage: null, citations: [], model: 'offline', fallback: false });
  db.prepare('UPDATE conversations SET updated_at = ?, created_at = ? WHERE id = ?').run(new Date(NOW - daysAgo * DAY).toISOString(), new Date(NOW - daysAgo * DAY).toISOString(), id);
  return id;
}

describe('purgeExpired', () => {
  it('deletes conversations (and their messages) untouched for longer than the retention, and keeps the rest', () => {
    const old = conversationTouched(31);
    const recent = conversationTouched(29);
    const counted = purgeExpired(db, { conversationDays: 30, auditDays: 365 }, { now: NOW, dryRun: true });
    expect(counted).toMatchObject({ conversations: 1, messages: 2 });
    expect(store.conversationAccess(old)).toBeDefined();

    expect(purgeExpired(db, { conversationDays: 30, auditDays: 365 }, { now: NOW })).toMatchObject({ conversations: 1, messages: 2 });
    expect(store.conversationAccess(old)).toBeUndefined();
    expect(store.allMessages(old)).toEqual([]);
    expect(store.allMessages(recent)).toHaveLength(2);
  });

  it('keeps everything with a retention of 0', () => {
    conversationTouched(3000);
    expect(purgeExpired(db, { conversationDays: 0, auditDays: 0 }, { now: NOW })).toMatchObject({ conversations: 0, auditEntries: 0 });
  });

  it('deletes old audit entries and expired sessions', () => {
    store.audit('user:ann', 'search', { q: 'x' });
    db.prepare('UPDATE audit_log SET created_at = ?').run(new Date(NOW - 400 * DAY).toISOString());
    store.audit('user:ann', 'search', { q: 'y' });
    const accounts = createAccounts(db);
    const user = accounts.addUser('ann', 'nurse', 'hash');
    accounts.createSession('s1', user.id, 'bearer', new Date(NOW - 1000).toISOString());
    accounts.createSession('s2', user.id, 'bearer', new Date(NOW + DAY).toISOString());
    expect(purgeExpired(db, { conversationDays: 30, auditDays: 365 }, { now: NOW })).toMatchObject({ auditEntries: 1, sessions: 1 });
    expect(store.listAudit()).toHaveLength(1);
    expect(accounts.findSession('s1')).toBeUndefined();
    expect(accounts.findSession('s2')).toBeDefined();
  });

  it('forgets first-message resend keys after an hour', () => {
    const id = store.createPrivateConversation('patient', 'h'.repeat(64), 'claim-1');
    db.prepare('UPDATE conversations SET created_at = ? WHERE id = ?').run(new Date(NOW - 2 * 3_600_000).toISOString(), id);
    expect(purgeExpired(db, { conversationDays: 30, auditDays: 365 }, { now: NOW }).claims).toBe(1);
    expect(store.conversationAccess(id)?.claimKey).toBeNull();
  });
});
