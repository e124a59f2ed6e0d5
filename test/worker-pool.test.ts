import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../server/chat';
import type { DonePayload } from '../server/chat/types';
import { isEmergent, type TriageResult } from '../server/triage';
import { startTestServer, type TestServer } from './helpers/server';

/**
 * The stages of a turn (reading the message and its triage, retrieval, the offline composer) give the same answers
 * in worker threads as on the main thread, and a worker that dies or never answers costs nothing: the main thread
 * runs the stage, and the emergency instruction still goes out first.
 */

type Turn = Omit<ChatRequest, 'conversationId'> & { continues?: boolean };

/** Two conversations and single questions that take every path: social, report, answer, follow-ups, nurse, emergency. */
const SCRIPT: Turn[] = [
  { text: 'Hi there', audience: 'patient' },
  { text: 'I have had a sore throat and a fever for two days', audience: 'patient', continues: true },
  { text: 'no', audience: 'patient', continues: true },
  { text: 'is it contagious?', audience: 'patient', continues: true },
  { text: 'tell me more', audience: 'patient', continues: true },
  { text: 'should I come in?', audience: 'patient', continues: true },
  { text: 'how do I treat a mild sunburn at home?', audience: 'patient' },
  { text: 'my dad has crushing chest pain spreading to his left arm and he is sweating', audience: 'patient' },
  { text: 'it started ten minutes ago', audience: 'patient', continues: true },
  { text: 'I feel hopeless and I have thought about ending my life', audience: 'patient' },
  { text: 'my 2 year old has a temperature of 39.5 and a rash that does not fade under a glass', audience: 'patient' },
  { text: 'What is the first-line management of diabetic ketoacidosis?', audience: 'nurse' },
  { text: 'what is lupus?', audience: 'patient' },
];

/** What a turn produced, without the ids that differ from one database to the other. */
async function converse(server: TestServer) {
  const out: unknown[] = [];
  let conversationId: string | undefined;
  for (const turn of SCRIPT) {
    const triage: unknown[] = [];
    const tokens: string[] = [];
    const done: DonePayload = await server.app.chat.handle(
      { text: turn.text, audience: turn.audience, ...(turn.continues && conversationId ? { conversationId } : {}) },
      { triage: ({ triage: t, act }) => triage.push({ t, act }), token: ({ delta }) => tokens.push(delta) },
    );
    conversationId = done.conversationId;
    const { conversationId: _c, messageId: _m, replyId: _r, ...rest } = done;
    out.push(JSON.parse(JSON.stringify({ text: turn.text, done: rest, triage, streamed: tokens.join('') })));
  }
  return out;
}

describe('the stages of a turn in worker threads', () => {
  let inProcess: TestServer;
  let pooled: TestServer;
  beforeAll(async () => {
    [inProcess, pooled] = await Promise.all([startTestServer(), startTestServer({ env: { WORKER_THREADS: '2' } })]);
    await pooled.app.pool!.ready;
  });
  afterAll(async () => {
    await inProcess?.close();
    await pooled?.close();
  });

  it('gives every turn the same triage, reply, citations and streamed text as the main thread', async () => {
    expect(inProcess.app.pool).toBeNull();
    expect(pooled.app.pool!.stats().ready).toBe(2);
    const expected = await converse(inProcess);
    const got = await converse(pooled);
    expect(got).toEqual(expected);
    // The workers did the work (every turn is read there; a health turn also retrieves and composes there).
    expect(pooled.app.pool!.stats().completed).toBeGreaterThanOrEqual(SCRIPT.length * 2);
    // And the script is not trivial: it holds an emergency with its instruction and cited answers.
    const emergency = got.find((x) => (x as { text: string }).text.startsWith('my dad')) as { done: DonePayload; triage: { t: { level: string; advice: string } }[] };
    expect(isEmergent(emergency.triage[0].t.level as TriageResult['level'])).toBe(true);
    expect(emergency.done.reply).toContain('911');
    expect(got.filter((x) => (x as { done: DonePayload }).done.citations.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('hands back a task it cannot send to a thread, and keeps its workers', async () => {
    const pool = pooled.app.pool!;
    await expect(pool.run('read', { notData: () => 1 })).rejects.toMatchObject({ code: 'pool_task_failed' });
    await expect(pool.run('no-such-task', {})).rejects.toMatchObject({ code: 'pool_task_failed' });
    expect(pool.stats()).toMatchObject({ ready: 2, busy: 0, queued: 0, restarts: 0 });
  });
});

describe.each([
  ['dies while reading the message', { crash: ['read', 'sources', 'compose'] }, {}],
  ['never answers', { hang: ['read', 'sources', 'compose'] }, { WORKER_TIMEOUT_MS: '300' }],
])('a worker that %s', (_name, faults, env) => {
  let reference: TestServer;
  let faulty: TestServer;
  beforeAll(async () => {
    [reference, faulty] = await Promise.all([startTestServer(), startTestServer({ env: { WORKER_THREADS: '1', ...env }, workerFaults: faults })]);
    await faulty.app.pool!.ready;
  });
  afterAll(async () => {
    await reference?.close();
    await faulty?.close();
  });

  it('does not lose the emergency instruction: the main thread reads the message and sends it first', async () => {
    expect(faulty.app.pool!.stats().ready).toBe(1);
    const text = 'my dad has crushing chest pain spreading to his left arm and he is sweating';
    const events: string[] = [];
    let triageLevel = '';
    const done = await faulty.app.chat.handle(
      { text, audience: 'patient' },
      {
        triage: ({ triage }) => {
          events.push('triage');
          triageLevel = triage.level;
        },
        token: () => events.push('token'),
      },
    );
    const expected = await reference.app.chat.handle({ text, audience: 'patient' });
    expect(events[0]).toBe('triage');
    expect(isEmergent(triageLevel as TriageResult['level'])).toBe(true);
    expect(done.reply).toBe(expected.reply);
    expect(done.reply).toContain('911');
    expect(done.citations).toEqual(expected.citations);
    // The pool saw the fault: the worker died (and is being restarted), or the task was given up.
    const stats = faulty.app.pool!.stats();
    expect(stats.completed).toBe(0);
    if ('crash' in faults) expect(stats.restarts).toBeGreaterThanOrEqual(1);
  });

  it('answers the next turns too, while the worker is restarted', async () => {
    const text = 'how do I treat a mild sunburn at home?';
    const done = await faulty.app.chat.handle({ text, audience: 'patient' });
    const expected = await reference.app.chat.handle({ text, audience: 'patient' });
    expect(done.reply).toBe(expected.reply);
    expect(done.citations.length).toBeGreaterThan(0);
  });
});

describe('a burst of new messages while the workers are busy reading', () => {
  let reference: TestServer;
  let busy: TestServer;
  beforeAll(async () => {
    // The worker never finishes a reading (until the timeout): every later message would queue behind it.
    [reference, busy] = await Promise.all([startTestServer(), startTestServer({ env: { WORKER_THREADS: '1', WORKER_TIMEOUT_MS: '3000' }, workerFaults: { hang: ['read'] } })]);
    await busy.app.pool!.ready;
  });
  afterAll(async () => {
    await reference?.close();
    await busy?.close();
  });

  it('reads a message on the main thread when every worker already has one waiting: its triage does not queue', async () => {
    const settled: string[] = [];
    const send = (name: string, text: string) =>
      busy.app.chat.handle({ text, audience: 'patient' }).then((done) => {
        settled.push(name);
        return done;
      });
    const first = send('first', 'I have had a sore throat for two days');
    const second = send('second', 'how do I treat a mild sunburn at home?');
    // Wait until the first is running in the worker and the second is waiting in its queue.
    while (busy.app.pool!.stats().queuedUrgent < 1) await new Promise((r) => setImmediate(r));
    const text = 'my dad has crushing chest pain spreading to his left arm and he is sweating';
    let triaged = '';
    let atTriage: { settled: string[]; stats: ReturnType<NonNullable<TestServer['app']['pool']>['stats']> } | undefined;
    const third = await busy.app.chat.handle(
      { text, audience: 'patient' },
      {
        triage: ({ triage }) => {
          triaged = triage.level;
          atTriage = { settled: [...settled], stats: busy.app.pool!.stats() };
        },
      },
    );
    // Its triage went out while the worker still held the first and the second still waited for it (nothing given up
    // on yet); its retrieval and answer then waited for the worker like the others' (or its replacement).
    expect(atTriage).toMatchObject({ settled: [], stats: { busy: 1, queuedUrgent: 1, restarts: 0 } });
    expect(isEmergent(triaged as TriageResult['level'])).toBe(true);
    expect(third.reply).toBe((await reference.app.chat.handle({ text, audience: 'patient' })).reply);
    // The two before it still get their answers (after the worker is given up on).
    const [a, b] = await Promise.all([first, second]);
    expect(a.reply.length).toBeGreaterThan(0);
    expect(b.citations.length).toBeGreaterThan(0);
  });
});
