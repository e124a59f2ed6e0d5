import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/auth/passwords';
import type { HandledResponse, LibraryResponse, PersonRequestDetail, PersonRequestList } from '../server/contracts/nurse';
import { startTestServer, type TestServer } from './helpers/server';

let srv: TestServer;
let nurse: string;
let qa: string;
beforeAll(async () => {
  srv = await startTestServer({ env: { QA_TOKENS: 'qa-secret' } });
  await srv.app.accounts.addUser('nina', 'nurse', await hashPassword('nina-password-123'));
  await srv.app.accounts.addUser('quinn', 'qa', await hashPassword('quinn-password-123'));
  const token = async (username: string) =>
    ((await (await fetch(`${srv.url}/api/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-password-123` }) })).json()) as { token: string }).token;
  nurse = await token('nina');
  qa = await token('quinn');
});
afterAll(() => srv.close());

const as = (t: string) => ({ authorization: `Bearer ${t}` });
const get = async <T>(path: string, t?: string) => {
  const res = await fetch(srv.url + path, { headers: t ? as(t) : {} });
  return { status: res.status, body: (await res.json()) as T & { error?: { code: string } } };
};
const post = async <T>(path: string, t?: string) => {
  const res = await fetch(srv.url + path, { method: 'POST', headers: t ? as(t) : {} });
  return { status: res.status, body: (await res.json()) as T & { error?: { code: string } } };
};
const audit = async (action: string) => (await srv.app.store.listAudit(1000)).filter((e) => e.action === action);

/** A patient conversation through the public API, then the patient's request for a person (as the widget makes it). */
async function patientAsks(messages: string[]) {
  let conversationId: string | undefined;
  let secret: string | undefined;
  // A message that only asks for a person has no assessment.
  let level: string | null = null;
  for (const message of messages) {
    const res = await fetch(`${srv.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message, ...(conversationId ? { conversationId, conversationSecret: secret } : {}) }),
    });
    const body = (await res.json()) as { conversationId: string; conversationSecret?: string; triage: { level: string } | null };
    conversationId = body.conversationId;
    secret ??= body.conversationSecret;
    level = body.triage?.level ?? level;
  }
  const { id } = await srv.app.store.createPersonRequest({ conversationId: conversationId!, reason: 'wants to talk to a nurse', level });
  return { id, conversationId: conversationId! };
}

describe('GET /api/nurse/library', () => {
  it('lists both libraries with their topics, for nurses only', async () => {
    expect((await get('/api/nurse/library')).status).toBe(401);
    expect((await get('/api/nurse/library', qa)).status).toBe(403);
    const { status, body } = await get<LibraryResponse>('/api/nurse/library', nurse);
    expect(status).toBe(200);
    expect(new Set(body.articles.map((a) => a.audience))).toEqual(new Set(['nurse', 'patient']));
    expect(body.articles.every((a) => a.topics.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(a.lastReviewed))).toBe(true);
    // Each topic's count is the number of articles in it.
    for (const t of body.topics) expect(body.articles.filter((a) => a.topics.includes(t.id)).length).toBe(t.count);
    expect(body.articles.find((a) => a.id === 'nurse-paediatric-sepsis')?.topics).toEqual(expect.arrayContaining(['children', 'infection']));
    expect((await audit('library.read')).some((e) => e.actor === 'user:nina' && e.outcome === 'ok')).toBe(true);
  });
});

describe('patients waiting for a person', () => {
  it('queues a request with the first message, the current level and the possible causes, oldest first', async () => {
    const first = await patientAsks(['I have had a sore throat and a fever for three days and it hurts to swallow']);
    const second = await patientAsks(['my chest feels tight', "now it is crushing chest pain and I can't breathe"]);
    const { status, body } = await get<PersonRequestList>('/api/nurse/requests', nurse);
    expect(status).toBe(200);
    const ids = body.requests.map((r) => r.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    const sore = body.requests.find((r) => r.id === first.id)!;
    expect(sore).toMatchObject({ status: 'open', conversationId: first.conversationId, firstMessage: expect.stringContaining('sore throat'), messages: 2 });
    expect(sore.causes.length).toBeGreaterThan(0);
    expect(sore.causes.length).toBeLessThanOrEqual(3);
    expect(sore.causes[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), likelihood: expect.stringMatching(/^(high|moderate|low)$/) });
    // The current level is the latest assessed turn's: the second conversation became an emergency.
    const chest = body.requests.find((r) => r.id === second.id)!;
    expect(chest.firstMessage).toBe('my chest feels tight');
    expect(chest.level).toMatch(/^emergency/);
    expect(chest.label).toBeTruthy();
    expect((await audit('person_requests.list')).some((e) => e.actor === 'user:nina')).toBe(true);
  });

  it('gives one request with the whole transcript and the assessment, and audits the read', async () => {
    const { id } = await patientAsks(['I have a rash on my arm', 'it is itchy and has lasted two days']);
    const { status, body } = await get<PersonRequestDetail>(`/api/nurse/requests/${id}`, nurse);
    expect(status).toBe(200);
    expect(body.transcript.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(body.transcript[2].content).toBe('it is itchy and has lasted two days');
    expect(body.transcript[1].level).toBeTruthy();
    expect(body.assessment).toMatchObject({ level: expect.any(String), label: expect.any(String), reason: expect.any(String) });
    expect(body.assessment!.findings.some((f) => f.present && /rash/i.test(f.name))).toBe(true);
    expect(body.request.id).toBe(id);
    const reads = await audit('person_request.read');
    expect(reads.some((e) => e.actor === 'user:nina' && (e.detail as { requestId: string }).requestId === id)).toBe(true);
  });

  it('marks a request handled once, by the nurse who did it, and audits it', async () => {
    const { id, conversationId } = await patientAsks(['can I talk to a nurse about my blood pressure tablets?']);
    const first = await post<HandledResponse>(`/api/nurse/requests/${id}/handled`, nurse);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ changed: true, request: { id, status: 'handled', handledBy: 'user:nina', handledAt: expect.any(String) } });
    // A second nurse (here the NURSE_TOKENS token) learns it was already handled, and by whom.
    const again = await post<HandledResponse>(`/api/nurse/requests/${id}/handled`, 'nurse-secret');
    expect(again.body).toMatchObject({ changed: false, request: { handledBy: 'user:nina' } });
    expect((await get<PersonRequestList>('/api/nurse/requests?status=open', nurse)).body.requests.map((r) => r.id)).not.toContain(id);
    expect((await get<PersonRequestList>('/api/nurse/requests?status=handled', nurse)).body.requests.map((r) => r.id)).toContain(id);
    const entries = (await audit('person_request.handled')).filter((e) => (e.detail as { requestId: string }).requestId === id);
    expect(entries.map((e) => [e.actor, (e.detail as { changed: boolean }).changed, (e.detail as { conversationId: string }).conversationId])).toEqual(
      expect.arrayContaining([
        ['user:nina', true, conversationId],
        [expect.stringMatching(/^token:nurse:/), false, conversationId],
      ]),
    );
  });

  it('refuses without a nurse credential (audited), and answers unknown and malformed ids with stable codes', async () => {
    const { id } = await patientAsks(['I feel dizzy when I stand up']);
    for (const [path, method] of [
      ['/api/nurse/requests', 'GET'],
      [`/api/nurse/requests/${id}`, 'GET'],
      [`/api/nurse/requests/${id}/handled`, 'POST'],
    ] as const) {
      const call = method === 'GET' ? get : post;
      expect((await call(path)).body.error?.code, path).toBe('unauthorized');
      expect((await call(path, qa)).body.error?.code, path).toBe('forbidden');
    }
    expect((await srv.app.store.getPersonRequest(id))?.status).toBe('open');
    expect((await audit('person_request.handled')).some((e) => e.outcome === 'denied' && e.actor === 'user:quinn')).toBe(true);
    expect((await get('/api/nurse/requests/00000000-0000-4000-8000-000000000000', nurse)).body.error?.code).toBe('not_found');
    expect((await post('/api/nurse/requests/00000000-0000-4000-8000-000000000000/handled', nurse)).body.error?.code).toBe('not_found');
    expect((await get('/api/nurse/requests/not-an-id', nurse)).body.error?.code).toBe('bad_request');
    expect((await get('/api/nurse/requests?status=everything', nurse)).body.error?.code).toBe('bad_request');
  });
});
