import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerable, gatedModel } from './helpers/models';
import { startTestServer, type TestServer } from './helpers/server';
import { connectClient, exchange } from './helpers/sockets';

// Small limits, so each one is reached by counting messages; refill is one per minute, which no test here waits for.
const LIMITS = {
  RATE_LIMIT_MESSAGE_BURST: '3',
  RATE_LIMIT_MESSAGES_PER_MINUTE: '1',
  RATE_LIMIT_IP_MESSAGES_PER_MINUTE: '1000',
  MAX_STREAMS_PER_SOCKET: '50',
  MAX_SOCKETS_PER_IP: '50',
};

const sockets: Socket[] = [];
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
const client = async (url: string, headers?: Record<string, string>) => {
  const s = await connectClient(url, { headers });
  sockets.push(s);
  return s;
};
const uuid = () => crypto.randomUUID();
function totalUserMessages(srv: TestServer): number {
  return srv.db.prepare("SELECT count(*) FROM messages WHERE role = 'user'").pluck().get() as number;
}

/** Emits `n` messages at once and collects every ack. */
function flood(socket: Socket, n: number, payload: (i: number) => Record<string, unknown>) {
  return Promise.all(Array.from({ length: n }, (_, i) => new Promise<any>((resolve) => socket.emit('message', payload(i), resolve))));
}

describe('message rate limits (hole 1: 1,000 messages from one socket were all accepted)', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ env: LIMITS });
  });
  afterAll(() => srv.close());

  it('a socket flooding messages gets its burst answered and every other message refused with rate_limited, stored nowhere', async () => {
    const before = totalUserMessages(srv);
    const socket = await client(srv.url);
    const errors: string[] = [];
    socket.on('error', (e: { code: string }) => errors.push(e.code));
    const acks = await flood(socket, 200, (i) => ({ text: `I have a cough ${i}`, clientMessageId: uuid() }));
    const ok = acks.filter((a) => a.messageId);
    const limited = acks.filter((a) => a.error?.code === 'rate_limited');
    expect(ok).toHaveLength(3);
    expect(limited).toHaveLength(197);
    expect(limited[0].error.message).toMatch(/too quickly/);
    expect(totalUserMessages(srv) - before).toBe(3);
  });

  it('limits each conversation too, whichever socket or request the messages come from', async () => {
    const first = await (await fetch(`${srv.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'I have a cough' }) })).json();
    const cont = { conversationId: first.conversationId, conversationSecret: first.conversationSecret };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const socket = await client(srv.url); // a fresh socket each time: its own bucket is full
      const r = await exchange(socket, { text: `still coughing ${i}`, clientMessageId: uuid(), ...cont });
      statuses.push(r.ack.error ? 429 : 200);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await srv.app.store.allMessages(first.conversationId))).toHaveLength(2 + 3 * 2);
  });
});

describe('per-address limits', () => {
  it('Socket.IO: a token bucket per client address across its sockets', async () => {
    // 24 a minute: at most 4 in 10 seconds from one address, whatever the socket.
    const srv = await startTestServer({ env: { ...LIMITS, RATE_LIMIT_IP_MESSAGES_PER_MINUTE: '24' } });
    try {
      const acks = [];
      for (let i = 0; i < 3; i++) acks.push(...(await flood(await client(srv.url), 2, () => ({ text: 'I have a cough', clientMessageId: uuid() }))));
      expect(acks.filter((a) => a.messageId)).toHaveLength(4);
      expect(acks.filter((a) => a.error?.code === 'rate_limited')).toHaveLength(2);
    } finally {
      await srv.close();
    }
  });

  it('HTTP: chat messages per address (express-rate-limit), with RateLimit headers; /health is never limited', async () => {
    // 18 messages a minute: at most 3 in 10 seconds; and 6 requests of any kind a minute.
    const srv = await startTestServer({ env: { ...LIMITS, RATE_LIMIT_IP_MESSAGES_PER_MINUTE: '18', RATE_LIMIT_REQUESTS_PER_MINUTE: '6' } });
    try {
      const chat = () => fetch(`${srv.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'I have a cough' }) });
      const before = totalUserMessages(srv);
      const statuses = [(await chat()).status, (await chat()).status, (await chat()).status];
      const refused = await chat();
      expect([...statuses, refused.status]).toEqual([200, 200, 200, 429]);
      expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/too quickly/) } });
      expect(refused.headers.get('ratelimit-policy')).toMatch(/messages/);
      expect(totalUserMessages(srv) - before).toBe(3);
      // 4 requests so far; 2 more reach the per-address request limit of 6.
      const more = [];
      for (let i = 0; i < 3; i++) more.push((await fetch(`${srv.url}/api/widget-config`)).status);
      expect(more).toEqual([200, 200, 429]);
      for (let i = 0; i < 10; i++) expect((await fetch(`${srv.url}/health`)).status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});

describe('connection limits', () => {
  it('accepts at most MAX_SOCKETS_PER_IP sockets per address, and counts a closed one out again', async () => {
    const srv = await startTestServer({ env: { ...LIMITS, MAX_SOCKETS_PER_IP: '3' } });
    try {
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => client(srv.url)));
      const open = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Socket>).value);
      expect(open).toHaveLength(3);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(5);
      // A polling handshake beyond the limit is told why, with the stable code.
      const refused = await fetch(`${srv.url}/socket.io/?EIO=4&transport=polling`);
      expect(refused.status).toBe(403);
      expect((await refused.json()).message).toBe('rate_limited');
      open[0].disconnect();
      await new Promise<void>((r) => {
        const wait = () => (srv.app.limits.sockets.count('127.0.0.1') < 3 ? r() : setTimeout(wait, 10));
        wait();
      });
      await expect(client(srv.url)).resolves.toBeDefined();
    } finally {
      await srv.close();
    }
  });

  it('lets one socket have at most MAX_STREAMS_PER_SOCKET replies in progress', async () => {
    const gated = gatedModel();
    const srv = await startTestServer({ env: { ...LIMITS, MAX_STREAMS_PER_SOCKET: '1' }, model: gated.model });
    try {
      const socket = await client(srv.url);
      const first = exchange(socket, { text: answerable(0), clientMessageId: uuid() });
      await gated.started(1);
      const second = await exchange(socket, { text: answerable(1), clientMessageId: uuid() });
      expect(second.ack.error.code).toBe('rate_limited');
      gated.release();
      expect((await first).events.at(-1)!.name).toBe('done');
      expect(totalUserMessages(srv)).toBe(1);
    } finally {
      gated.release();
      await srv.close();
    }
  });

  it('keeps the connection-state recovery buffer bounded', async () => {
    const srv = await startTestServer({ env: { ...LIMITS, RECOVERY_MAX_PACKETS: '100' } });
    try {
      const socket = await client(srv.url);
      for (let i = 0; i < 3; i++) await exchange(socket, { text: answerable(i), clientMessageId: uuid() });
      const nsp = srv.app.io.of('/chat');
      for (let i = 0; i < 1000; i++) nsp.emit('token', { messageId: 'x', delta: 'y' });
      const buffer = (nsp.adapter as unknown as { recoveryBuffer: { packets: number } }).recoveryBuffer;
      expect(buffer.packets).toBeLessThanOrEqual(100 + 16);
      expect(buffer.packets).toBeGreaterThan(0);
    } finally {
      await srv.close();
    }
  });
});

describe('request timeouts (hole 10)', () => {
  it('cuts off a client that never finishes its headers (408, connection closed)', async () => {
    const srv = await startTestServer({ env: { HEADERS_TIMEOUT_MS: '200', REQUEST_TIMEOUT_MS: '400' } });
    try {
      const { port } = new URL(srv.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const sock = tcpConnect(Number(port), '127.0.0.1', () => sock.write('GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: '));
        let data = '';
        sock.on('data', (d) => (data += d));
        sock.on('close', () => resolve(data));
        sock.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await srv.close();
    }
  });
});

describe('origins (hole 6: WebSocket connections were accepted from any origin)', () => {
  it('accepts a browser page from ALLOWED_ORIGINS or this server, and refuses any other origin', async () => {
    const srv = await startTestServer({ env: { ALLOWED_ORIGINS: 'https://clinic.example' } });
    try {
      await expect(client(srv.url, { origin: 'https://clinic.example' })).resolves.toBeDefined();
      await expect(client(srv.url, { origin: srv.url })).resolves.toBeDefined();
      await expect(client(srv.url)).resolves.toBeDefined(); // not a browser: no Origin header
      await expect(client(srv.url, { origin: 'https://evil.example' })).rejects.toThrow();
      const polling = await fetch(`${srv.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
      expect(polling.status).toBe(403);
      expect((await polling.json()).message).toBe('forbidden');
    } finally {
      await srv.close();
    }
  });

  it("with no ALLOWED_ORIGINS, accepts only this server's own pages", async () => {
    const srv = await startTestServer();
    try {
      await expect(client(srv.url, { origin: srv.url })).resolves.toBeDefined();
      await expect(client(srv.url, { origin: 'https://evil.example' })).rejects.toThrow();
    } finally {
      await srv.close();
    }
  });
});
