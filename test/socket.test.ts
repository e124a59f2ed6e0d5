import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server';

let srv: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
afterAll(() => srv.close());

function client(auth?: Record<string, string>): Promise<Socket> {
  const socket = connect(`${srv.url}/chat`, { transports: ['websocket'], auth, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

type Event = { name: string; payload: any };

/** Sends one message and records every event until `done` or `error`. */
function exchange(socket: Socket, payload: Record<string, unknown>): Promise<{ ack: any; events: Event[] }> {
  return new Promise((resolve) => {
    const events: Event[] = [];
    let ack: any;
    const record = (name: string) => (p: any) => {
      events.push({ name, payload: p });
      if (name === 'done' || name === 'error') {
        socket.off('triage').off('token').off('done').off('error');
        resolve({ ack, events });
      }
    };
    socket.on('triage', record('triage')).on('token', record('token')).on('done', record('done')).on('error', record('error'));
    socket.emit('message', payload, (a: any) => {
      ack = a;
      events.push({ name: 'ack', payload: a });
    });
  });
}

describe('the /chat namespace', () => {
  it('acks, then sends triage, then tokens, then done', async () => {
    const socket = await client();
    const { ack, events } = await exchange(socket, { text: 'I have a mild sunburn on my shoulders', clientMessageId: 'c-1' });
    expect(ack).toEqual({ conversationId: expect.any(String), messageId: expect.any(String), conversationSecret: expect.any(String) });
    const names = events.map((e) => e.name);
    expect(names[0]).toBe('ack');
    expect(names[1]).toBe('triage');
    expect(names.at(-1)).toBe('done');
    expect(names.filter((n) => n === 'token').length).toBeGreaterThan(5);
    expect(names.slice(2, -1).every((n) => n === 'token')).toBe(true);

    const done = events.at(-1)!.payload;
    expect(done).toMatchObject({ messageId: ack.messageId, conversationId: ack.conversationId, model: 'offline', fallback: false });
    expect(done.citations[0]).toMatchObject({ articleId: 'sunburn' });
    const streamed = events.filter((e) => e.name === 'token').map((e) => e.payload.delta).join('');
    expect(done.reply).toContain(streamed.trim().slice(0, 60));
    expect(events.filter((e) => e.name === 'token').every((e) => e.payload.messageId === ack.messageId)).toBe(true);
  });

  it('sends the emergency instruction in the triage event, before any token', async () => {
    const socket = await client();
    const { events } = await exchange(socket, { text: "I have crushing chest pain and I can't breathe", clientMessageId: 'c-2' });
    const triage = events.find((e) => e.name === 'triage')!;
    expect(events.indexOf(triage)).toBeLessThan(events.findIndex((e) => e.name === 'token'));
    expect(triage.payload).toMatchObject({ level: 'emergency_ambulance', emergency: true });
    expect(triage.payload.advice).toMatch(/Call 911 now/);
    expect(triage.payload.redFlags.length).toBeGreaterThan(0);
  });

  it('does not process a repeated clientMessageId twice', async () => {
    const socket = await client();
    const first = await exchange(socket, { text: 'I have a runny nose', clientMessageId: 'same-id' });
    const conversationId = first.ack.conversationId;
    const second = await exchange(socket, { text: 'I have a runny nose', clientMessageId: 'same-id', conversationId, conversationSecret: first.ack.conversationSecret });
    expect(second.ack.messageId).toBe(first.ack.messageId);
    expect(second.events.at(-1)!.payload.reply).toBe(first.events.at(-1)!.payload.reply);
    expect((await srv.app.store.listMessages(conversationId)).length).toBe(2);
  });

  it('keeps the conversation across messages', async () => {
    const socket = await client();
    const first = await exchange(socket, { text: 'I have a headache', clientMessageId: 'h-1' });
    const second = await exchange(socket, {
      text: "it came on suddenly, it's the worst ever and my neck is stiff",
      clientMessageId: 'h-2',
      conversationId: first.ack.conversationId,
      conversationSecret: first.ack.conversationSecret,
    });
    expect(second.ack.conversationId).toBe(first.ack.conversationId);
    expect(second.events.find((e) => e.name === 'triage')!.payload.emergency).toBe(true);
  });

  it.each([
    [{ text: '', clientMessageId: 'e-1' }, 'message_empty'],
    [{ text: 'x'.repeat(2001), clientMessageId: 'e-2' }, 'message_too_long'],
    [{ text: 'hello' }, 'bad_request'],
    ['just a string', 'bad_request'],
    [{ text: 'hi', clientMessageId: 'e-3', conversationId: 'not-a-uuid' }, 'bad_request'],
  ])('rejects %j with an error ack and an error event (%s)', async (payload, code) => {
    const socket = await client();
    const { ack, events } = await exchange(socket, payload as Record<string, unknown>);
    expect(ack.error.code).toBe(code);
    expect(events.find((e) => e.name === 'error')!.payload.code).toBe(code);
  });

  it('needs a nurse credential for the nurse audience', async () => {
    const anonymous = await client();
    const denied = await exchange(anonymous, { text: 'NEWS2 escalation', clientMessageId: 'n-1', audience: 'nurse' });
    expect(denied.ack.error.code).toBe('unauthorized');
    const nurse = await client({ token: 'nurse-secret' });
    const allowed = await exchange(nurse, { text: 'NEWS2 escalation', clientMessageId: 'n-2', audience: 'nurse' });
    expect(allowed.events.at(-1)!.name).toBe('done');
    expect(allowed.events.at(-1)!.payload.citations[0].articleId).toMatch(/^nurse-/);
  });
});
