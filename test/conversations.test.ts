import { existsSync, readFileSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gatedModel, answerable } from './helpers/models';
import { startTestServer, type TestServer } from './helpers/server';
import { connectClient, exchange } from './helpers/sockets';

let srv: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
afterAll(() => srv.close());

const client = async (auth?: Record<string, string>, url = srv.url) => {
  const s = await connectClient(url, { auth });
  sockets.push(s);
  return s;
};
const post = (path: string, body: unknown, headers: Record<string, string> = {}, url = srv.url) =>
  fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const get = (path: string, secret?: string, headers: Record<string, string> = {}) =>
  fetch(srv.url + path, { headers: { ...(secret ? { 'x-conversation-secret': secret } : {}), ...headers } });
const uuid = () => crypto.randomUUID();
const onDisk = (path: string) => [path, `${path}-wal`].map((f) => (existsSync(f) ? readFileSync(f) : Buffer.alloc(0)));

describe('the conversation secret (hole 2: the id alone was a credential)', () => {
  it('is returned once, when the conversation is created, and only its hash is stored', async () => {
    const first = await (await post('/api/chat', { message: 'I have a sore throat' })).json();
    expect(first.conversationSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const second = await (await post('/api/chat', { message: 'and a cough', conversationId: first.conversationId, conversationSecret: first.conversationSecret })).json();
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.conversationSecret).toBeUndefined();
    const stored = (await srv.app.store.conversationAccess(first.conversationId))!;
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
    for (const bytes of onDisk(srv.dbPath)) expect(bytes.includes(Buffer.from(first.conversationSecret))).toBe(false);
  });

  it('is required to add to a conversation: 401 without, 403 wrong, 404 unknown, and nothing is stored', async () => {
    const owner = await (await post('/api/chat', { message: "I'm 34 and pregnant, I have a headache" })).json();
    const before = (await srv.app.store.allMessages(owner.conversationId)).length;
    const missing = await post('/api/chat', { message: 'what did I say?', conversationId: owner.conversationId });
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.code).toBe('unauthorized');
    const wrong = await post('/api/chat', { message: 'what did I say?', conversationId: owner.conversationId, conversationSecret: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe('forbidden');
    const unknown = await post('/api/chat', { message: 'hi', conversationId: uuid(), conversationSecret: 'x'.repeat(43) });
    expect(unknown.status).toBe(404);
    expect((await srv.app.store.allMessages(owner.conversationId)).length).toBe(before);
  });

  it('is required over Socket.IO too, and nobody else reads back the triage (age, pregnancy, findings)', async () => {
    const owner = await client();
    const first = await exchange(owner, { text: "I'm 34 and pregnant with bad headaches", clientMessageId: uuid() });
    const attacker = await client();
    for (const [extra, code] of [
      [{}, 'unauthorized'],
      [{ conversationSecret: 'y'.repeat(43) }, 'forbidden'],
    ] as const) {
      const r = await exchange(attacker, { text: 'tell me more', clientMessageId: uuid(), conversationId: first.ack.conversationId, ...extra });
      expect(r.ack.error.code).toBe(code);
      expect(r.events.some((e) => e.name === 'triage' || e.name === 'done')).toBe(false);
    }
    expect((await srv.app.store.allMessages(first.ack.conversationId))).toHaveLength(2);
  });

  it('reads the transcript with X-Conversation-Secret: roles, text, times, and what each answer showed (act, badge, citations, question)', async () => {
    const a = await (await post('/api/chat', { message: 'how do I treat a mild sunburn at home?' })).json();
    const b = await (await post('/api/chat', { message: 'I have a mild sunburn on my shoulders', conversationId: a.conversationId, conversationSecret: a.conversationSecret })).json();
    const res = await get(`/api/conversations/${a.conversationId}`, a.conversationSecret);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ conversationId: a.conversationId, audience: 'patient' });
    expect(body.messages).toEqual([
      { id: a.messageId, role: 'user', content: 'how do I treat a mild sunburn at home?', createdAt: expect.any(String) },
      // A health question: no badge, live or after a reload.
      { id: a.replyId, role: 'assistant', content: a.reply, createdAt: expect.any(String), act: 'question', triage: null, citations: a.citations, question: null },
      { id: b.messageId, role: 'user', content: 'I have a mild sunburn on my shoulders', createdAt: expect.any(String) },
      {
        id: b.replyId,
        role: 'assistant',
        content: b.reply,
        createdAt: expect.any(String),
        act: 'symptoms',
        triage: { level: b.triage.level, label: b.triage.label, emergency: false, advice: b.triage.advice },
        citations: b.citations,
        question: b.question,
      },
    ]);
    expect((await get(`/api/conversations/${a.conversationId}`)).status).toBe(401);
    expect((await get(`/api/conversations/${a.conversationId}`, 'z'.repeat(43))).status).toBe(403);
    expect((await get(`/api/conversations/${uuid()}`, a.conversationSecret)).status).toBe(404);
    expect((await get('/api/conversations/not-a-uuid', a.conversationSecret)).status).toBe(400);
  });
});

describe('the audience of a conversation is fixed at creation (hole 2: a nurse conversation continued as a patient)', () => {
  const nurse = { authorization: 'Bearer nurse-secret' };

  it('refuses to continue a nurse conversation as a patient, or without the nurse credential', async () => {
    const n = await (await post('/api/chat', { message: 'NEWS2 escalation thresholds', audience: 'nurse' }, nurse)).json();
    const asPatient = await post('/api/chat', { message: 'and for children?', audience: 'patient', conversationId: n.conversationId, conversationSecret: n.conversationSecret });
    expect(asPatient.status).toBe(403);
    const noCredential = await post('/api/chat', { message: 'and for children?', conversationId: n.conversationId, conversationSecret: n.conversationSecret });
    expect(noCredential.status).toBe(401);
    const ok = await post('/api/chat', { message: 'and for children?', conversationId: n.conversationId, conversationSecret: n.conversationSecret }, nurse);
    expect(ok.status).toBe(200);
    expect((await get(`/api/conversations/${n.conversationId}`, n.conversationSecret)).status).toBe(401);
    expect((await get(`/api/conversations/${n.conversationId}`, n.conversationSecret, nurse)).status).toBe(200);
  });

  it('refuses to turn a patient conversation into a nurse one', async () => {
    const p = await (await post('/api/chat', { message: 'I have a cough' })).json();
    const res = await post('/api/chat', { message: 'NEWS2 escalation', audience: 'nurse', conversationId: p.conversationId, conversationSecret: p.conversationSecret }, nurse);
    expect(res.status).toBe(403);
  });
});

describe('export and delete (hole 8)', () => {
  it('exports the conversation as a JSON download, with the secret', async () => {
    const a = await (await post('/api/chat', { message: 'I have a sore throat, email me at pat@example.com' })).json();
    const res = await get(`/api/conversations/${a.conversationId}/export`, a.conversationSecret);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?careline-conversation-[0-9a-f-]{36}\.json"?$/);
    const body = await res.json();
    expect(body.conversation.id).toBe(a.conversationId);
    expect(body.messages[0].content).toContain('pat@example.com');
    expect(body.messages[1]).toMatchObject({ role: 'assistant', triage: { level: a.triage.level }, citations: a.citations });
    expect((await get(`/api/conversations/${a.conversationId}/export`)).status).toBe(401);
  });

  it('deletes the conversation and every message, with the secret', async () => {
    const a = await (await post('/api/chat', { message: 'I have a sore throat' })).json();
    const del = (secret?: string) => fetch(`${srv.url}/api/conversations/${a.conversationId}`, { method: 'DELETE', headers: secret ? { 'x-conversation-secret': secret } : {} });
    expect((await del()).status).toBe(401);
    expect((await del('w'.repeat(43))).status).toBe(403);
    expect((await del(a.conversationSecret)).status).toBe(204);
    expect((await srv.app.store.allMessages(a.conversationId))).toEqual([]);
    expect((await srv.app.store.conversationAccess(a.conversationId))).toBeUndefined();
    expect((await get(`/api/conversations/${a.conversationId}`, a.conversationSecret)).status).toBe(404);
  });
});

describe('idempotency by clientMessageId (hole 3)', () => {
  it('a resend of a first message without its conversationId reaches the same conversation (its ack was lost)', async () => {
    const id = uuid();
    const s1 = await client();
    const first = await exchange(s1, { text: 'I have a runny nose', clientMessageId: id });
    const s2 = await client();
    const again = await exchange(s2, { text: 'I have a runny nose', clientMessageId: id });
    expect(again.ack.conversationId).toBe(first.ack.conversationId);
    expect(again.ack.messageId).toBe(first.ack.messageId);
    expect(again.events.at(-1)!.payload.replyId).toBe(first.events.at(-1)!.payload.replyId);
    expect((await srv.app.store.allMessages(first.ack.conversationId))).toHaveLength(2);
    // Only a hash was kept, so the resend's ack carries a fresh secret, which is the one that now works.
    expect(again.ack.conversationSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const next = await exchange(s2, { text: 'and a cough', clientMessageId: uuid(), conversationId: again.ack.conversationId, conversationSecret: again.ack.conversationSecret });
    expect(next.ack.messageId).toEqual(expect.any(String));
  });

  it('does the same over HTTP with clientMessageId', async () => {
    const body = { message: 'I have a runny nose', clientMessageId: uuid() };
    const a = await (await post('/api/chat', body)).json();
    const b = await (await post('/api/chat', body)).json();
    expect(b).toMatchObject({ conversationId: a.conversationId, messageId: a.messageId, replyId: a.replyId });
    expect((await srv.app.store.allMessages(a.conversationId))).toHaveLength(2);
  });

  it('does not merge two clients that happen to reuse a short id', async () => {
    const a = await (await post('/api/chat', { message: 'hello', clientMessageId: '1' })).json();
    const b = await (await post('/api/chat', { message: 'hello', clientMessageId: '1' })).json();
    expect(b.conversationId).not.toBe(a.conversationId);
  });

  it('a resend while the first reply is still streaming waits for the same reply: one model call, one stored answer', async () => {
    const gated = gatedModel();
    const slow = await startTestServer({ model: gated.model });
    try {
      const c1 = await client(undefined, slow.url);
      const c2 = await client(undefined, slow.url);
      const id = uuid();
      // A symptom report (it carries a triage event, which the joining resend must get too).
      const payload = { text: 'I have a mild sunburn on my shoulders', clientMessageId: id };
      const first = exchange(c1, payload);
      await gated.started(1);
      // A first message, no conversationId: found by its id while its reply is being written. An ack before the
      // release means the resend joined the reply in progress.
      let acks = 0;
      let resend!: ReturnType<typeof exchange>;
      let resendAgain!: ReturnType<typeof exchange>;
      const acked = new Promise<void>((resolve) => {
        const onAck = () => ++acks === 2 && resolve();
        resend = exchange(c2, payload, onAck);
        resendAgain = exchange(c1, payload, onAck);
      });
      await acked;
      expect(gated.calls.count).toBe(1);
      gated.release();
      const [a, b, c] = await Promise.all([first, resend, resendAgain]);
      expect(gated.calls.count).toBe(1);
      expect(b.ack.conversationId).toBe(a.ack.conversationId);
      expect(b.ack.messageId).toBe(a.ack.messageId);
      expect(b.ack.conversationSecret).toBe(a.ack.conversationSecret);
      expect(c.ack.messageId).toBe(a.ack.messageId);
      const done = [a, b, c].map((x) => x.events.at(-1)!);
      expect(done.map((d) => d.name)).toEqual(['done', 'done', 'done']);
      expect(new Set(done.map((d) => d.payload.replyId)).size).toBe(1);
      expect(b.events.map((e) => e.name)).toContain('triage');
      expect((await slow.app.store.allMessages(a.ack.conversationId)).map((m) => m.role)).toEqual(['user', 'assistant']);
    } finally {
      gated.release();
      await slow.close();
    }
  });
});

describe('patient endpoints: a request for a person and feedback on an answer', () => {
  // A server of their own: the file's other tests have used up this client's message rate.
  let own: TestServer;
  beforeAll(async () => {
    own = await startTestServer();
  });
  afterAll(() => own.close());
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(own.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const get = (path: string) => fetch(own.url + path);
  it('records one open request per conversation, with its level, and answers with the clinic to call', async () => {
    const a = await (await post('/api/chat', { message: 'I have had a cough for three weeks' })).json();
    const path = `/api/conversations/${a.conversationId}/person-request`;
    expect((await post(path, {})).status).toBe(401);
    expect((await post(path, {}, { 'x-conversation-secret': 'q'.repeat(43) })).status).toBe(403);
    const first = await post(path, { reason: 'I would like to talk to a nurse' }, { 'x-conversation-secret': a.conversationSecret });
    expect(first.status).toBe(201);
    const r = await first.json();
    expect(r).toMatchObject({ created: true, level: a.triage.level, contact: { name: expect.any(String), phone: expect.any(String), hours: expect.any(Array) } });
    const again = await post(path, {}, { 'x-conversation-secret': a.conversationSecret });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ requestId: r.requestId, created: false });
    expect(await own.app.store.getPersonRequest(r.requestId)).toMatchObject({ conversationId: a.conversationId, level: a.triage.level });
  });

  it('a request for a person in the chat is recorded and answered with the phone and hours, with no badge', async () => {
    const a = await (await post('/api/chat', { message: 'can I speak to a real person please?' })).json();
    expect(a.act).toBe('person');
    expect(a.triage).toBeNull();
    expect(a.person.contact.phone).toBeTruthy();
    expect(a.reply).toContain(a.person.contact.phone);
    expect(await own.app.store.getPersonRequest(a.person.requestId)).toMatchObject({ conversationId: a.conversationId });
  });

  it('stores thumbs up or down on an answer of the conversation, and refuses other messages and other people', async () => {
    const a = await (await post('/api/chat', { message: 'what helps a sore throat?' })).json();
    const other = await (await post('/api/chat', { message: 'what helps a blocked nose?' })).json();
    const path = (id: string) => `/api/conversations/${a.conversationId}/messages/${id}/feedback`;
    const secret = { 'x-conversation-secret': a.conversationSecret };
    expect((await post(path(a.replyId), { rating: 'up' })).status).toBe(401);
    expect((await post(path(a.replyId), { rating: 'sideways' }, secret)).status).toBe(400);
    expect((await post(path(a.messageId), { rating: 'up' }, secret)).status).toBe(404);
    expect((await post(path(other.replyId), { rating: 'up' }, secret)).status).toBe(404);
    expect((await post(path(a.replyId), { rating: 'down', comment: 'too long' }, secret)).status).toBe(204);
    const stored = (await own.app.store.listFeedback(100)).filter((f) => f.messageId === a.replyId);
    expect(stored).toEqual([expect.objectContaining({ conversationId: a.conversationId, rating: -1, comment: 'too long' })]);
  });

  it('gives the clinic profile to the widget and the demo page', async () => {
    const clinic = await (await get('/api/clinic')).json();
    expect(clinic).toMatchObject({ name: expect.any(String), phone: expect.any(String), emergencyNumber: '911', crisisLine: { phone: expect.any(String) } });
    const config = await (await get('/api/widget-config')).json();
    expect(config.clinic).toEqual(clinic);
  });
});
