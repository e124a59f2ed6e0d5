/**
 * Several instances sharing PostgreSQL and Redis, in one process: two real Careline servers on their own ports,
 * each with its own pool, its own Redis connection and its own local knowledge index. Runs when TEST_DATABASE_URL
 * and TEST_REDIS_URL reach real servers (`npm run test:pg` starts both); skipped with the reason otherwise.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { createBalancer } from '../../scripts/cluster/balancer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisReplyLeases } from '../../server/cluster/reply-leases';
import { openPostgresStore } from '../../server/db/postgres-store';
import { answerable, gatedModel } from '../helpers/models';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectClient, exchange } from '../helpers/sockets';

const pgUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

async function reachable(): Promise<string | null> {
  if (!pgUrl || !redisUrl) return 'TEST_DATABASE_URL and TEST_REDIS_URL are not both set';
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    return `no PostgreSQL answers at ${pgUrl}`;
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    return `no Redis answers at ${redisUrl}`;
  } finally {
    redis.disconnect();
  }
  return null;
}
const skip = await reachable();
if (skip) console.warn(`Several-instance tests skipped: ${skip} (npm run test:pg starts local servers and runs them)`);

type Instance = TestServer & { stop(): Promise<void> };
const uuid = () => randomUUID();

describe.skipIf(skip !== null)(`several instances sharing PostgreSQL and Redis${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let schema: string;
  const sockets: Socket[] = [];
  const instances: Instance[] = [];

  beforeEach(async () => {
    schema = `t_${uuid().replace(/-/g, '').slice(0, 16)}`;
    const redis = new Redis(redisUrl!);
    await redis.flushdb();
    redis.disconnect();
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    for (const i of instances.splice(0)) await i.stop();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  async function instance(options: { env?: Record<string, string>; model?: ReturnType<typeof gatedModel>['model'] } = {}): Promise<Instance> {
    const store = await openPostgresStore(pgUrl!, { schema, poolSize: 4 });
    const redis = new Redis(redisUrl!);
    const srv = await startTestServer({ ...options, store, redis });
    const i: Instance = {
      ...srv,
      async stop() {
        await srv.close();
        await store.close();
        redis.disconnect();
      },
    };
    instances.push(i);
    return i;
  }
  const client = async (url: string) => {
    const s = await connectClient(url);
    sockets.push(s);
    return s;
  };

  it('keeps the state in PostgreSQL: a conversation started on one instance continues on the other', async () => {
    const [a, b] = [await instance(), await instance()];
    const first = await exchange(await client(a.url), { text: 'I have a sore throat', clientMessageId: uuid() });
    const next = await exchange(await client(b.url), {
      text: 'and now a cough',
      clientMessageId: uuid(),
      conversationId: first.ack.conversationId,
      conversationSecret: first.ack.conversationSecret,
    });
    expect(next.events.at(-1)!.name).toBe('done');
    expect((await a.app.store.allMessages(first.ack.conversationId)).map((m) => m.content)).toEqual([
      'I have a sore throat',
      expect.any(String),
      'and now a cough',
      expect.any(String),
    ]);
  });

  it('a resend that reaches the other instance while the first is still answering gets that answer: one model run, one stored answer', async () => {
    const gated = gatedModel();
    const [a, b] = [await instance({ model: gated.model }), await instance({ model: gated.model })];
    const ca = await client(a.url);
    const payload = { text: answerable(0), clientMessageId: uuid() };
    let ack!: { conversationId: string; conversationSecret: string; messageId: string };
    let first!: ReturnType<typeof exchange>;
    await new Promise<void>((resolve) => (first = exchange(ca, payload, (x) => ((ack = x), resolve()))));
    await gated.started(1);
    // The client lost instance A (say) and sends again, with the ack's conversation, to instance B.
    const resend = exchange(await client(b.url), { ...payload, conversationId: ack.conversationId, conversationSecret: ack.conversationSecret });
    gated.release();
    const [r, original] = await Promise.all([resend, first]);
    expect(r.ack.messageId).toBe(ack.messageId);
    expect(r.events.at(-1)!.name).toBe('done');
    expect(gated.calls.count).toBe(1);
    const stored = await b.app.store.allMessages(ack.conversationId);
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(r.events.at(-1)!.payload.replyId).toBe(stored[1].id);
    expect(original.events.at(-1)!.payload.replyId).toBe(stored[1].id);
  });

  it("counts a conversation's messages once, whichever instance gets them", async () => {
    const env = { RATE_LIMIT_MESSAGE_BURST: '2', RATE_LIMIT_MESSAGES_PER_MINUTE: '1' };
    const [a, b] = [await instance({ env }), await instance({ env })];
    const [ca, cb] = [await client(a.url), await client(b.url)];
    const first = await exchange(ca, { text: 'I have a sore throat', clientMessageId: uuid() });
    const cont = { conversationId: first.ack.conversationId, conversationSecret: first.ack.conversationSecret };
    // The conversation's burst of 2: one continuation on each instance, then refused (each socket is within its own).
    expect((await exchange(cb, { text: 'and a cough', clientMessageId: uuid(), ...cont })).events.at(-1)!.name).toBe('done');
    expect((await exchange(ca, { text: 'and a fever', clientMessageId: uuid(), ...cont })).events.at(-1)!.name).toBe('done');
    expect((await exchange(cb, { text: 'and a rash', clientMessageId: uuid(), ...cont })).ack.error.code).toBe('rate_limited');
    expect(await a.app.store.allMessages(first.ack.conversationId)).toHaveLength(6);
  });

  it("counts an address's Socket.IO messages once, whichever instance gets them", async () => {
    const env = { RATE_LIMIT_MESSAGE_BURST: '2', RATE_LIMIT_IP_MESSAGES_PER_MINUTE: '1' };
    const [a, b] = [await instance({ env }), await instance({ env })];
    const [ca, cb] = [await client(a.url), await client(b.url)];
    // The address's burst is max(2, ceil(1 / 6)) = 2 messages in all.
    expect((await exchange(ca, { text: 'I have a sore throat', clientMessageId: uuid() })).events.at(-1)!.name).toBe('done');
    expect((await exchange(cb, { text: 'I have a cough', clientMessageId: uuid() })).events.at(-1)!.name).toBe('done');
    expect((await exchange(ca, { text: 'I have a rash', clientMessageId: uuid() })).ack.error.code).toBe('rate_limited');
  });

  it('recovers a socket on the other instance when its instance shuts down (connection-state recovery through Redis)', async () => {
    const [a, b] = [await instance(), await instance()];
    const balancer = createBalancer([a, b].map((i) => ({ host: '127.0.0.1', port: Number(new URL(i.url).port) })));
    await new Promise<void>((r) => balancer.server.listen(0, '127.0.0.1', r));
    const socket = io(`http://127.0.0.1:${(balancer.server.address() as { port: number }).port}/chat`, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100 });
    sockets.push(socket);
    try {
      await new Promise<void>((r) => socket.once('connect', () => r()));
      const firstId = socket.id;
      const served = balancer.backends.findIndex((x) => x.upgrades > 0);
      // A packet received gives the client an offset in the stream to recover from.
      expect((await exchange(socket, { text: 'how do I treat a mild sunburn at home?', clientMessageId: uuid() })).events.at(-1)!.name).toBe('done');
      // A graceful stop (SIGTERM): the session is kept in Redis, the client comes back through the balancer.
      const reconnected = new Promise<void>((r) => socket.once('connect', () => r()));
      await [a, b][served].app.shutdown(1000);
      await reconnected;
      expect(balancer.backends[1 - served].upgrades).toBeGreaterThan(0);
      expect(socket.recovered).toBe(true);
      expect(socket.id).toBe(firstId);
      const r = await exchange(socket, { text: 'I have a sore throat', clientMessageId: uuid() });
      expect(r.events.at(-1)!.name).toBe('done');
    } finally {
      await balancer.close();
    }
  });

  it('reports PostgreSQL and Redis in /health and /ready, with the instance name', async () => {
    const a = await instance({ env: { INSTANCE_ID: 'careline-a' } });
    const health = await (await fetch(`${a.url}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', instance: 'careline-a', database: { engine: 'postgres', ok: true }, redis: { ok: true }, knowledge: { articles: expect.any(Number) } });
    const ready = await fetch(`${a.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', instance: 'careline-a', database: { ok: true }, redis: { ok: true } });
  });

  it('hands a reply over when the instance producing it stops renewing its lease (it died)', async () => {
    const [deadClient, aliveClient] = [new Redis(redisUrl!), new Redis(redisUrl!)];
    try {
      const first = await createRedisReplyLeases(deadClient, { ttlMs: 300 }).acquire('c:m');
      expect(first.waited).toBe(false);
      // A kill -9: its connection is gone, nothing renews or releases the lease.
      deadClient.disconnect();
      const taken = await createRedisReplyLeases(aliveClient, { ttlMs: 300, pollMs: 20 }).acquire('c:m');
      expect(taken.waited).toBe(true);
      await taken.lease.release();
      expect(await aliveClient.exists('careline:reply:c:m')).toBe(0);
      await first.lease.release();
    } finally {
      deadClient.disconnect();
      aliveClient.disconnect();
    }
  });
});
