import { RunnableLambda } from '@langchain/core/runnables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerInput } from '../server/chat/types';
import { ErrorCodes } from '../server/errors';
import { startTestServer, type TestServer } from './helpers/server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('GET /health', () => {
  it('reports the model and the indexed knowledge', async () => {
    const res = await fetch(`${srv.url}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', model: 'offline' });
    expect(body.knowledge.articles).toBeGreaterThanOrEqual(190);
    expect(body.knowledge.chunks).toBeGreaterThan(body.knowledge.articles);
  });

  it('names the instance and what it depends on: the SQLite state store, no Redis (the embedded default)', async () => {
    const body = await (await fetch(`${srv.url}/health`)).json();
    expect(body).toMatchObject({ instance: expect.any(String), database: { engine: 'sqlite', ok: true }, redis: { configured: false } });
  });
});

describe('GET /ready', () => {
  it('is ready when the state store answers, and says what it checked', async () => {
    const res = await fetch(`${srv.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', database: { engine: 'sqlite', ok: true }, redis: { configured: false } });
  });

  it('is unavailable (503) when the state store does not answer', async () => {
    const broken = await startTestServer();
    try {
      broken.app.store.ping = async () => {
        throw new Error('connection refused');
      };
      const res = await fetch(`${broken.url}/ready`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: { ok: false, error: 'connection refused' } });
    } finally {
      await broken.close();
    }
  });
});

describe('POST /api/triage', () => {
  it('returns the contract shape with the emergency advice', async () => {
    const res = await post('/api/triage', { text: 'crushing chest pain and sweating' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.level).toBe('emergency_ambulance');
    expect(body.advice).toMatch(/Call 911 now/);
    expect(body.redFlags[0]).toEqual(expect.objectContaining({ id: expect.any(String), label: expect.any(String), evidence: expect.any(Array) }));
    expect(body.findings[0]).toEqual(expect.objectContaining({ concept: 'chest_pressure', present: true, text: expect.any(String) }));
    expect(Array.isArray(body.followUpQuestions)).toBe(true);
  });

  it('uses the age given in the body', async () => {
    const body = await (await post('/api/triage', { text: 'fever of 38.4', age: 0 })).json();
    expect(body.context.ageYears).toBe(0);
  });

  it.each([
    [{ text: '' }, 400, 'message_empty'],
    [{ text: '   ' }, 400, 'message_empty'],
    [{ text: 'x'.repeat(2001) }, 413, 'message_too_long'],
    [{ text: 42 }, 400, 'bad_request'],
    [{}, 400, 'bad_request'],
    [{ text: 'cough', age: -1 }, 400, 'bad_request'],
  ])('rejects %j with %i %s', async (body, status, code) => {
    const res = await post('/api/triage', body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it('rejects malformed JSON with a clear error', async () => {
    const res = await post('/api/triage', '{"text": "cough"');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } });
  });
});

describe('POST /api/chat', () => {
  it('answers from the library with citations that link to articles', async () => {
    const res = await post('/api/chat', { message: 'how do I treat a mild sunburn at home?' });
    expect(res.status).toBe(200);
    const body = await res.json();
    // A health question with no symptoms of the person's own carries no urgency badge.
    expect(body.act).toBe('question');
    expect(body.triage).toBeNull();
    expect(body.model).toBe('offline');
    expect(body.fallback).toBe(false);
    expect(body.citations).toEqual(expect.arrayContaining([expect.objectContaining({ n: 1, articleId: 'sunburn', url: '/articles/sunburn' })]));
    expect(body.reply).toMatch(/\[1\]/);
    expect(body.reply).toMatch(/not a diagnosis/);
    // every citation in the text points at a listed source
    const cited = new Set([...body.reply.matchAll(/\[(\d+)\]/g)].map((m: RegExpMatchArray) => Number(m[1])));
    for (const n of cited) expect(body.citations.map((c: { n: number }) => c.n)).toContain(n);
  });

  it('stores the user message and the answer with triage and citations', async () => {
    const body = await (await post('/api/chat', { message: 'I have a sore throat' })).json();
    const messages = (await srv.app.store.listMessages(body.conversationId));
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[0].id).toBe(body.messageId);
    expect(messages[0].status).toBe('answered');
    expect(messages[1].id).toBe(body.replyId);
    expect(messages[1].triage).toMatchObject({ level: body.triage.level });
    expect(messages[1].citations).toEqual(body.citations);
  });

  it('continues a conversation and keeps an emergency level', async () => {
    const first = await (await post('/api/chat', { message: 'crushing chest pain and I feel sick' })).json();
    expect(first.reply.startsWith('This could be an emergency. Call 911 now.')).toBe(true);
    const second = await (
      await post('/api/chat', { message: 'actually it is probably nothing', conversationId: first.conversationId, conversationSecret: first.conversationSecret })
    ).json();
    expect(second.conversationId).toBe(first.conversationId);
    // Whatever kind of turn the second message is, the reply leads with the instruction and the level stays.
    expect(second.reply.startsWith('This could be an emergency. Call 911 now.')).toBe(true);
    if (second.triage) expect(second.triage.level).toBe('emergency_ambulance');
    expect((await srv.app.store.getConversation(first.conversationId))?.triage).toMatchObject({ level: 'emergency_ambulance' });
  });

  it('404s for an unknown conversation', async () => {
    const res = await post('/api/chat', { message: 'hello', conversationId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(404);
  });

  it('gives the clinic crisis line as well as the emergency number for thoughts of suicide', async () => {
    const body = await (await post('/api/chat', { message: "I've been thinking about killing myself" })).json();
    expect(body.triage).not.toBeNull();
    expect(body.reply).toContain('988');
    expect(body.reply).toContain('911');
  });

  it('redirects an off-topic request kindly, with no badge and nothing from the library', async () => {
    const body = await (await post('/api/chat', { message: 'write me a poem about cats' })).json();
    expect(body.act).toBe('small_talk');
    expect(body.triage).toBeNull();
    expect(body.citations).toEqual([]);
    expect(body.reply).toMatch(/health assistant/);
  });

  it('says when the library has no reliable answer to a health question instead of improvising', async () => {
    const body = await (await post('/api/chat', { message: 'what is the treatment for fibrodysplasia ossificans progressiva?' })).json();
    expect(body.act).toBe('question');
    expect(body.citations).toEqual([]);
    expect(body.reply).toMatch(/couldn't find a reliable answer/);
  });

  it('treats HTML and script in a message as text', async () => {
    const text = '<script>alert(1)</script><img src=x onerror=alert(2)> I have a cough';
    const body = await (await post('/api/chat', { message: text })).json();
    expect((await srv.app.store.listMessages(body.conversationId))[0].content).toBe(text);
    expect(body.reply).not.toMatch(/<script|<img/);
  });

  it.each(['chest pain" OR 1=1 --', 'NEAR(fever rash) AND title:*', 'cough ( ( "', '^fever * : -rash'])('never breaks on FTS syntax: %s', async (text) => {
    const res = await post('/api/chat', { message: text });
    expect(res.status).toBe(200);
  });
});

describe('the nurse audience', () => {
  it('needs a credential: 401 without, 403 with a wrong one', async () => {
    expect((await post('/api/chat', { message: 'NEWS2 escalation', audience: 'nurse' })).status).toBe(401);
    const res = await post('/api/chat', { message: 'NEWS2 escalation', audience: 'nurse' }, { authorization: 'Bearer wrong' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });

  it('answers from nurse guidance with a valid token', async () => {
    const res = await post('/api/chat', { message: 'first line treatment for anaphylaxis', audience: 'nurse' }, { authorization: 'Bearer nurse-secret' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.citations[0].articleId).toMatch(/^nurse-/);
    expect(body.reply).toMatch(/adrenaline/i);
  });

  it('keeps nurse search behind the credential', async () => {
    expect((await fetch(`${srv.url}/api/knowledge/search?q=news2&audience=nurse`)).status).toBe(401);
    const ok = await fetch(`${srv.url}/api/knowledge/search?q=news2&audience=nurse`, { headers: { authorization: 'Bearer nurse-secret' } });
    expect((await ok.json()).results[0].articleId).toMatch(/news2/);
  });
});

describe('knowledge endpoints', () => {
  it('searches with lay words', async () => {
    const body = await (await fetch(`${srv.url}/api/knowledge/search?q=${encodeURIComponent('burning when I pee')}`)).json();
    expect(body.results[0]).toEqual(expect.objectContaining({ articleId: 'urinary-tract-infection', title: expect.any(String), snippet: expect.any(String), score: expect.any(Number) }));
  });

  it('rejects an empty query', async () => {
    expect((await fetch(`${srv.url}/api/knowledge/search?q=`)).status).toBe(400);
  });

  it('returns an article with its sources and review date', async () => {
    const body = await (await fetch(`${srv.url}/api/knowledge/articles/sunburn`)).json();
    expect(body).toMatchObject({ id: 'sunburn', title: 'Sunburn', lastReviewed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(body.sources[0].name).toMatch(/NHS/);
  });

  it.each([['no-such-article', 404], ['..%2F..%2Fetc', 400], ['UPPER', 400]])('GET /api/knowledge/articles/%s -> %i', async (id, status) => {
    expect((await fetch(`${srv.url}/api/knowledge/articles/${id}`)).status).toBe(status);
  });

  it('renders the article page a citation links to', async () => {
    const res = await fetch(`${srv.url}/articles/sunburn`);
    expect(res.headers.get('content-type')).toMatch(/html/);
    const html = await res.text();
    expect(html).toMatch(/<h1>Sunburn<\/h1>/);
    expect(html).toMatch(/Last reviewed/);
  });

  it('serves the demo page and the widget', async () => {
    expect((await fetch(`${srv.url}/`)).status).toBe(200);
    expect((await fetch(`${srv.url}/widget.js`)).status).toBe(200);
    expect((await fetch(`${srv.url}/socket.io/socket.io.js`)).status).toBe(200);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await fetch(`${srv.url}/api/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});

describe('when parts fail', () => {
  it('has stored the user message before the model runs, and still sends the triage advice', async () => {
    let seenStored = false;
    const failing = await startTestServer({
      model: {
        name: 'broken',
        kind: 'offline',
        runnable: RunnableLambda.from(async (input: AnswerInput): Promise<string> => {
          const convs = failing.app.store; // the message must already be in the database
          seenStored = (await convs.listMessages(lastConversation!)).some((m) => m.role === 'user' && m.content === input.question);
          throw new Error('model exploded');
        }),
      },
    });
    let lastConversation: string | undefined;
    const origCreate = failing.app.store.createPrivateConversation;
    failing.app.store.createPrivateConversation = async (...args) => (lastConversation = await origCreate(...args));
    try {
      const res = await fetch(`${failing.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'crushing chest pain and sweating' }),
      });
      const body = await res.json();
      expect(res.status).toBe(200);
      expect(seenStored).toBe(true);
      expect(body.fallback).toBe(true);
      expect(body.reply).toMatch(/Call 911 now/);
    } finally {
      await failing.close();
    }
  });

  it('sends the emergency instruction even when retrieval fails', async () => {
    const broken = await startTestServer();
    try {
      broken.app.knowledgeIndex.searchChunks = () => {
        throw new Error('index is gone');
      };
      const body = await (await fetch(`${broken.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'my face is drooping and I cannot lift my arm' }) })).json();
      expect(body.triage.level).toBe('emergency_ambulance');
      expect(body.reply.startsWith('This could be an emergency. Call 911 now.')).toBe(true);
    } finally {
      await broken.close();
    }
  });
});

describe('the QA dashboard API', () => {
  it('lists stored eval runs, newest first, and returns one with its cases', async () => {
    await srv.app.store.insertEvalRun({ id: 'run-1', suite: 'triage', model: 'offline', summary: { accuracy3: 1 }, results: [{ id: 'em-001' }] });
    const list = await (await fetch(`${srv.url}/api/evals/runs`)).json();
    expect(list.runs[0]).toMatchObject({ id: 'run-1', suite: 'triage', summary: { accuracy3: 1 } });
    const one = await (await fetch(`${srv.url}/api/evals/runs/run-1`)).json();
    expect(one.results).toEqual([{ id: 'em-001' }]);
    expect((await fetch(`${srv.url}/api/evals/runs/nope`)).status).toBe(404);
    expect((await fetch(`${srv.url}/qa.html`)).status).toBe(200);
  });

  it('needs a QA token when QA_TOKENS is set', async () => {
    const guarded = await startTestServer({ env: { QA_TOKENS: 'qa-secret' } });
    try {
      expect((await fetch(`${guarded.url}/api/evals/runs`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/api/evals/runs`, { headers: { authorization: 'Bearer qa-secret' } })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('hostile input (property-based)', () => {
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  const requests = fc.oneof(
    fc.record({ method: fc.constant('POST'), path: fc.constantFrom('/api/chat', '/api/triage', '/api/auth/login', '/api/auth/token'), body: fc.oneof(anyJson.map((v) => JSON.stringify(v)), fc.string({ maxLength: 40 })) }),
    fc.record({ method: fc.constantFrom('GET', 'DELETE'), path: fc.oneof(fc.constantFrom('/api/conversations/', '/api/knowledge/articles/', '/articles/', '/api/knowledge/search?q='), fc.constant('/api/evals/runs/')).chain((p) => fc.string({ maxLength: 30 }).map((x) => p + encodeURIComponent(x))), body: fc.constant(undefined) }),
  );
  it('never answers with a 5xx or a stack trace, and every error has a stable code', async () => {
    await fc.assert(
      fc.asyncProperty(requests, fc.option(fc.string({ maxLength: 60 }), { nil: undefined }), async (r, secret) => {
        const res = await fetch(srv.url + r.path, {
          method: r.method,
          headers: { 'content-type': 'application/json', ...(secret ? { 'x-conversation-secret': secret.replace(/[^\x20-\x7e]/g, ''), authorization: `Bearer ${secret.replace(/[^\x20-\x7e]/g, '')}` } : {}) },
          body: r.body,
        });
        expect(res.status).toBeLessThan(500);
        const text = await res.text();
        expect(text).not.toMatch(/\n\s+at /);
        if (res.status >= 400) expect(Object.keys(ErrorCodes)).toContain(JSON.parse(text).error.code);
      }),
      { numRuns: 80 },
    );
  });
});
